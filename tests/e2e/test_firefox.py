"""The extension in Firefox ESR (tests/support/firefox.py): on an arXiv page the popup shows the
real service's summary and related papers, and saving sets the badge. Saving the server address
in the options is part of the flow: with a port in the host permission pattern it asked Firefox,
which ignores ports in match patterns, for a permission it could never find granted."""
import pytest

from tests.support.servers import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.firefox]

ABS_PAGE = "http://arxiv.org/abs/2401.00001"


def test_popup_shows_summary_and_related_papers_in_firefox(firefox, service, seeded_corpus, artifacts):
    firefox.open_tab(ABS_PAGE)
    assert firefox.m.title.startswith("[2401.00001]"), firefox.m.title
    firefox.set_server(service.base_url)
    firefox.open_popup(ABS_PAGE)

    firefox.wait_for_text("#paper-title", "Sparse Mixtures of Experts for Long-Document Summarization")
    assert firefox.text("#paper-ids") == "arXiv 2401.00001"
    firefox.wait_for_text("#summary-body .tldr", "We propose a sparse mixture of experts")
    firefox.wait_for_text("#related-body .related-list li .related-why", "Why: ")
    titles = firefox.m.execute_script(
        "return [...document.querySelectorAll('#related-body a.related-title')].map((a) => a.textContent)")
    assert set(titles[:2]) == {
        "Routing Tokens to Experts: Load Balancing for Sparse Transformers",
        "Efficient Long-Document Summarization with Local Attention",
    }, titles
    (artifacts / "firefox-popup-summary.png").write_bytes(firefox.m.screenshot(format="binary", full=True))

    # Copying a citation writes the clipboard after the server answers, past the click itself.
    firefox.m.find_element("css selector", "#cite-bibtex").click()
    firefox.wait_for_text("#cite-status", "Copied ✓")

    # Saving goes through the background page too: it creates the account and sets the badge.
    firefox.m.find_element("css selector", "#save-button").click()
    firefox.wait_for_text("#saved-state", "Saved in My papers")
    assert firefox.badge_text(ABS_PAGE) == "✓"


HF_PAGE = "http://huggingface.co/papers/date/2026-07-01"


def test_listing_page_shows_every_tldr_and_saves_two_in_firefox(firefox, service, artifacts):
    """A Hugging Face Daily Papers day of fourteen real papers (tests/support/listing_pages.py)."""
    firefox.open_tab(HF_PAGE)
    firefox.set_server(service.base_url)
    firefox.open_popup(HF_PAGE)

    firefox.wait_for_text("#listing-heading", "14 papers on this page")
    count_done = ("return document.querySelectorAll("
                  "'#listing-papers .listing-tldr:not(.pending):not(.failed)').length")
    wait_until(lambda: firefox.m.execute_script(count_done) == 14, timeout=30, interval=0.2,
               message="fourteen TL;DRs")
    for index in (0, 3):
        firefox.m.find_elements("css selector", "#listing-papers .save-listed")[index].click()
    saved = "return [...document.querySelectorAll('#listing-papers .save-listed')].map((b) => b.textContent)"
    wait_until(lambda: firefox.m.execute_script(saved)[:4] == ["Saved ✓", "Save", "Save", "Saved ✓"],
               timeout=20, interval=0.2, message="two papers saved")
    (artifacts / "firefox-popup-listing.png").write_bytes(firefox.m.screenshot(format="binary", full=True))
