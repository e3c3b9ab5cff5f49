"""The popup on an arXiv page: the paper is detected, queued, and its summary and related papers
appear, and its citation copies to the clipboard; a title carrying markup is shown as text."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ABS_PAGE = "http://arxiv.org/abs/2401.00001"
MARKUP_PAGE = "http://arxiv.org/abs/2401.00666"


def test_popup_shows_summary_and_related_papers(extension, service, seeded_corpus, artifacts):
    extension.set_server(service.base_url)
    extension.open_tab(ABS_PAGE)
    popup = extension.open_popup(ABS_PAGE)

    expect(popup.locator("#paper-title")).to_have_text("Sparse Mixtures of Experts for Long-Document Summarization")
    expect(popup.locator("#paper-authors")).to_have_text("Jane Q. Researcher, Ravi Kumar, Amara Okafor")
    expect(popup.locator("#paper-ids")).to_have_text("arXiv 2401.00001v1")  # the version arXiv gives
    expect(popup.locator("#paper-trust")).to_be_hidden()  # arXiv's own record
    tldr = popup.locator("#summary-body .tldr")
    expect(tldr).to_contain_text("We propose a sparse mixture of experts", timeout=30000)
    expect(popup.locator("#summary-engine")).to_contain_text("by ")
    expect(popup.locator("#summary-body .key-points li").first).to_be_visible()

    related = popup.locator("#related-body .related-list li")
    expect(related.first).to_be_visible(timeout=30000)
    expect(related.first.locator(".related-why")).to_contain_text("Why: ")
    expect(related.first.locator(".related-meta")).to_have_text("from the PaperGist corpus")
    # A reader sees a plain relevance word and who wrote it when, never a z-score.
    expect(related.first.locator(".relevance")).to_have_text(re.compile(r"^(Very close|Close|Related)$"))
    expect(related.first.locator(".related-byline")).to_contain_text(re.compile(r"Chen|Nair"))
    assert related.first.locator(".related-meta").get_attribute("title") is None
    titles = related.locator("a.related-title").all_inner_texts()
    assert set(titles[:2]) == {
        "Routing Tokens to Experts: Load Balancing for Sparse Transformers",
        "Efficient Long-Document Summarization with Local Attention",
    }, titles
    link = popup.get_by_role("link", name="Routing Tokens to Experts: Load Balancing for Sparse Transformers")
    expect(link).to_have_attribute("href", "https://arxiv.org/abs/2312.10001")

    # Cite: the BibTeX entry lands on the real clipboard, read back through the page.
    extension.context.grant_permissions(["clipboard-read", "clipboard-write"])
    popup.click("#cite-bibtex")
    expect(popup.locator("#cite-status")).to_have_text("Copied ✓")
    bibtex = popup.evaluate("navigator.clipboard.readText()")
    assert bibtex.startswith("@misc{researcher2024sparse,"), bibtex
    assert "title = {Sparse Mixtures of Experts for Long-Document Summarization}" in bibtex, bibtex
    assert "eprint = {2401.00001}" in bibtex, bibtex
    popup.screenshot(path=artifacts / "popup-summary.png", full_page=True)
    popup.click("#cite-markdown")
    expect(popup.locator("#cite-status")).to_have_text("Copied ✓")
    assert popup.evaluate("navigator.clipboard.readText()") == (
        "[Sparse Mixtures of Experts for Long-Document Summarization](https://arxiv.org/abs/2401.00001)"
        " - Jane Q. Researcher, Ravi Kumar, Amara Okafor (2024)")

    dark = extension.open_popup(ABS_PAGE, dark=True)
    expect(dark.locator("#summary-body .tldr")).to_be_visible(timeout=30000)
    expect(dark.locator("#related-body .related-list li").first).to_be_visible(timeout=30000)
    background = dark.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 24, 29)", background
    dark.click("#cite-bibtex")
    expect(dark.locator("#cite-status")).to_have_text("Copied ✓")
    assert dark.locator("#cite-status").evaluate("e => getComputedStyle(e).color") == "rgb(74, 222, 128)"  # --ok, dark
    dark.screenshot(path=artifacts / "popup-summary-dark.png", full_page=True)


def test_title_with_markup_is_shown_as_text(extension, service, artifacts):
    extension.set_server(service.base_url)
    tab = extension.open_tab(MARKUP_PAGE)
    popup = extension.open_popup(MARKUP_PAGE)

    title = popup.locator("#paper-title")
    expect(title).to_have_text("<img src=x onerror=\"document.title='pwned'\">Robust <b>Summaries</b> under Attack")
    expect(popup.locator("#summary-body .tldr")).to_be_visible(timeout=30000)
    assert title.locator("img, b").count() == 0
    assert popup.locator("#paper-authors script").count() == 0
    expect(popup.locator("#paper-authors")).to_contain_text("<script>alert(1)</script>")
    assert popup.title() == "PaperGist"
    assert tab.title() != "pwned"
    popup.screenshot(path=artifacts / "popup-markup-title.png", full_page=True)


def test_keyboard_reaches_every_control(extension, service, seeded_corpus):
    extension.set_server(service.base_url)
    extension.open_tab(ABS_PAGE)
    popup = extension.open_popup(ABS_PAGE)
    expect(popup.locator("#related-body .related-list li").first).to_be_visible(timeout=30000)

    reached = set()
    for _ in range(40):
        popup.keyboard.press("Tab")
        reached.add(popup.evaluate("document.activeElement.id || document.activeElement.className || document.activeElement.tagName"))
    assert {"open-list", "open-options", "related-title"} <= reached, reached


def test_pdf_tab_works_from_the_address_alone(extension, service, site_server, artifacts):
    """Chromium's PDF viewer has no page metadata: the id comes from the address and the service
    asks arXiv (played by the site server) for the title and abstract."""
    site_server.known_arxiv_ids.add("2401.00888")
    extension.set_server(service.base_url)
    pdf = "http://arxiv.org/pdf/2401.00888v1"
    extension.open_tab(pdf)
    popup = extension.open_popup(pdf)
    expect(popup.locator("#summary-body .tldr")).to_contain_text("We propose reading the identifier from the address", timeout=30000)
    expect(popup.locator("#paper-title")).to_have_text("Reading PDFs without Their Pages: Identifiers Are Enough")
    expect(popup.locator("#paper-ids")).to_have_text("arXiv 2401.00888v1")
