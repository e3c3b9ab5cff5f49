"""The popup on listing pages: a Hugging Face Daily Papers day and an arXiv /list/ page, each
with fourteen real papers of one listing day (tests/support/listing_pages.py made them from
arXiv's records). Every TL;DR arrives, saved papers show as saved, Save all saves the rest with
tags, and a title opens the paper's own gist."""
import re

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

HF_PAGE = "http://huggingface.co/papers/date/2026-07-01"
LIST_PAGE = "http://arxiv.org/list/cs.CL/new"


def _server_tldr(service, paper_id: str) -> str:
    return requests.get(f"{service.base_url}/api/v1/papers/{paper_id}", timeout=10).json()["summary"]["tldr"]


@pytest.mark.parametrize("page, name", [(HF_PAGE, "huggingface"), (LIST_PAGE, "arxiv-list")])
def test_listing_shows_every_tldr_and_saves_papers(extension, service, artifacts, page, name):
    extension.set_server(service.base_url)
    extension.open_tab(page)
    popup = extension.open_popup(page)

    expect(popup.locator("#listing-heading")).to_have_text("14 papers on this page")
    rows = popup.locator("#listing-papers li")
    expect(rows).to_have_count(14)
    expect(popup.locator("#listing-papers .listing-tldr:not(.pending)")).to_have_count(14, timeout=30000)
    assert popup.locator("#listing-papers .listing-tldr.failed").count() == 0
    first_id = rows.nth(0).get_attribute("data-paper-id")
    assert re.fullmatch(r"arxiv:\d{4}\.\d{5}", first_id), first_id
    expect(rows.nth(0).locator(".listing-tldr")).to_have_text(_server_tldr(service, first_id))

    for index in (0, 3):
        rows.nth(index).locator(".save-listed").click()
        expect(rows.nth(index).locator(".save-listed")).to_have_text("Saved ✓")
    popup.screenshot(path=artifacts / f"popup-listing-{name}.png", full_page=True)

    # A new popup: the TL;DRs come from what the device kept, and the two papers show as saved.
    again = extension.open_popup(page)
    rows = again.locator("#listing-papers li")
    expect(again.locator("#listing-papers .listing-tldr:not(.pending)")).to_have_count(14, timeout=5000)
    expect(rows.nth(0).locator(".save-listed")).to_have_text("Saved ✓", timeout=10000)
    expect(rows.nth(3).locator(".save-listed")).to_have_text("Saved ✓")
    expect(rows.nth(1).locator(".save-listed")).to_have_text("Save")

    # A title opens the paper's own gist, and Back returns to the listing.
    title = rows.nth(5).locator(".listing-title").inner_text()
    rows.nth(5).locator(".listing-title").click()
    expect(again.locator("#paper-title")).to_have_text(title)
    expect(again.locator("#summary-body .key-points li").first).to_be_visible(timeout=30000)
    expect(again.locator("#related-body")).not_to_contain_text("Finding related papers", timeout=30000)
    again.click("#back-to-listing")
    expect(again.locator("#listing-papers li")).to_have_count(14)
    expect(again.locator("#summary")).to_be_hidden()


def test_save_all_saves_the_rest_with_tags(extension, service):
    extension.set_server(service.base_url)
    extension.open_tab(LIST_PAGE)
    popup = extension.open_popup(LIST_PAGE)
    rows = popup.locator("#listing-papers li")
    expect(rows).to_have_count(14)
    rows.nth(2).locator(".save-listed").click()
    expect(rows.nth(2).locator(".save-listed")).to_have_text("Saved ✓")

    popup.fill("#save-all-tags", "cs.CL digest, to-read")
    popup.click("#save-all")
    expect(popup.locator("#save-all-status")).to_have_text("Saved 13 papers.", timeout=30000)
    expect(popup.locator("#listing-papers .save-listed", has_text="Saved ✓")).to_have_count(14)

    listing = extension.context.new_page()
    listing.goto(extension.url("list/list.html"))
    expect(listing.locator("#items li")).to_have_count(14, timeout=10000)
    listing.select_option("#tag-filter", "cs.CL digest")
    expect(listing.locator("#items li")).to_have_count(13)
