"""Markdown citations are pasted into renderers: rendered by markdown-it (CommonMark, and its
GFM-like preset with tables, strikethrough and linkify), a line holds the paper's link and text,
and nothing its metadata spells (links, images, HTML, autolinks, emphasis, block markers)."""
import pytest
from markdown_it import MarkdownIt

from server.citations import markdown

ATTACKS = [
    "[click me](https://evil.example/phish)", "![img](https://evil.example/x.png)",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "Ada\nLovelace\n\n# Owned", "https://evil.example/bare",
    "www.evil.com", "visit evil.com now", "пример.рф", "mail@evil.com", "mailto:a@b.com", "<https://evil.example>",
    "&lt;b&gt; &amp; &#60;", "`code`", "*em* __strong__", "~~strike~~", "$x^2$", "[ref]: https://evil.example",
    "a\\", "\\[x](y)", "[x]\n(https://evil.example)", "| a | b |", "---", "===", "> quote", "- item", "+ item",
    "1. first", "2024) year", "# heading", "```", "    indented", "[^1]", "Node.js, e.g. v2.0, Fig. 3, 3.14",
]
RENDERERS = {"commonmark": MarkdownIt("commonmark"), "gfm-like": MarkdownIt("gfm-like")}
PAPER_URL = "https://example.org/paper?id=(1)"


def _item(title, authors, url):
    paper = {"title": title, "authors": authors, **({"url": url} if url else {})}
    return {"paper_id": "openreview:abcdef", "paper": paper}


def _rendered(renderer, text):
    """(hrefs of links, the text a reader sees, token types) of one rendered line."""
    tokens = renderer.parse(text)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], text
    children = tokens[1].children
    hrefs = [t.attrs["href"] for t in children if t.type == "link_open"]
    seen = "".join(t.content for t in children if t.type in ("text", "text_special"))
    return hrefs, seen, {t.type for t in children}


@pytest.mark.parametrize("name", RENDERERS)
@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("url", [PAPER_URL, None], ids=["linked", "no address"])
def test_metadata_renders_as_its_own_text_and_never_as_markup(name, attack, url):
    text = markdown.write([_item(attack, [attack, "Grace Hopper"], url)], "default")
    assert text.count("\n") == 1 and text.endswith("\n")  # one line per paper
    hrefs, seen, types = _rendered(RENDERERS[name], text)
    assert types <= {"text", "text_special", "link_open", "link_close"}, (text, types)
    assert hrefs == (["https://example.org/paper?id=%281%29"] if url else []), text
    one_line = " ".join(attack.split())
    assert seen == f"{one_line} - {one_line}, Grace Hopper", text


def test_the_usual_citation_is_unchanged():
    item = {"paper_id": "arxiv:1706.03762", "paper": {"title": "Attention Is All You Need",
                                                      "authors": ["Ashish Vaswani", "Noam Shazeer"]}}
    assert markdown.write([item], "default") == (
        "[Attention Is All You Need](https://arxiv.org/abs/1706.03762) - Ashish Vaswani, Noam Shazeer (2017)\n")


def test_only_http_addresses_are_linked():
    text = markdown.write([_item("Title", [], "javascript:alert(1)")], "default")
    assert _rendered(RENDERERS["gfm-like"], text)[0] == []
