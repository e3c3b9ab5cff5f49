"""A Markdown link to cite a paper in notes or chat, one line per paper:
`[Title](url) - Ashish Vaswani, Noam Shazeer (2017)`, the authors and year when known
(more than three authors: the first, "et al.").

The title and authors are what someone typed on a web page, and the line is pasted into
renderers that turn much of Markdown into links, images and HTML: each is made one line, and
every character that could start one of them (CommonMark's inline syntax, GitHub's and
markdown-it's autolinks of `https://`, `www.`, `name.tld` and `a@b.c`, a block marker at the
start of a line) is backslash-escaped, which CommonMark defines for any ASCII punctuation and
renders as the character itself. The address is the only link: http(s) only, with its
parentheses, spaces and angle brackets percent-encoded. tests/citations renders the lines with
markdown-it (CommonMark and its GFM-like preset with linkify) to check it.
"""
from __future__ import annotations

import re

from server.citations import records

# Inline syntax: escapes, code, emphasis, links and images, autolinks and HTML, entities,
# strikethrough and math (GitHub renders $…$).
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>&~$])")
# What autolinkers look for: a scheme's "://", an e-mail's "@", and the dot of a domain name.
_AUTOLINK_PARTS = re.compile(r":(?=//)|@|(?<=[\w-])\.(?=[^\W\d_]{2})")
# A block marker where a line starts (a title with no address to link it to): heading, quote,
# list item, setext underline, ordered list "1." or "1)".
_LINE_START = re.compile(r"^([#>+\-=]|[0-9]+(?=[.)]))")
_URL_SPECIALS = {"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"}
MAX_AUTHORS = 3


def write(items: list[dict], list_name: str) -> str:
    return "".join(_line(item) + "\n" for item in items)


def escape(text: str) -> str:
    """Plain text as Markdown that renders as that text, on one line."""
    one_line = " ".join(text.split())
    escaped = _INLINE_SPECIALS.sub(r"\\\1", one_line)
    return _AUTOLINK_PARTS.sub(lambda match: "\\" + match.group(), escaped)


def _line(item: dict) -> str:
    title = escape(records.title_of(item))
    url = records.url(item)
    if url and url.startswith(("https://", "http://")):
        line = f"[{title}]({''.join(_URL_SPECIALS.get(c, c) for c in url)})"
    else:
        # "\\#" for a marker; "2024\\." for a number, since a backslash escapes punctuation only.
        line = _LINE_START.sub(lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), title)
    names = [escape(name) for name in records.authors(item)]
    byline = ", ".join(names) if len(names) <= MAX_AUTHORS else f"{names[0]} et al."
    year = f"({records.year(item)})" if records.year(item) else ""
    tail = " ".join(part for part in (byline, year) if part)
    return f"{line} - {tail}" if tail else line
