"""Saving: from the popup (with tags and a note, or a related paper in one click), the toolbar
badge, the "My papers" page and export."""
import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ABS_PAGE = "http://arxiv.org/abs/2401.00001"


def test_save_then_badge_list_and_export(extension, service, seeded_corpus, artifacts):
    extension.set_server(service.base_url)
    extension.open_tab(ABS_PAGE)
    popup = extension.open_popup(ABS_PAGE)
    popup.get_by_text("Add tags or a note").click()
    popup.fill("#save-tags", "MoE, to-read")
    popup.fill("#save-note", "Compare with <b>dense</b> baselines")
    popup.click("#save-button")
    expect(popup.locator("#saved-state")).to_contain_text("Saved in My papers")
    assert extension.badge_text(ABS_PAGE) == "✓"

    # A fresh popup for the same paper knows it is already saved.
    again = extension.open_popup(ABS_PAGE)
    expect(again.locator("#saved-state")).to_be_visible()

    related = again.locator("#related-body .related-list li", has_text="Routing Tokens to Experts")
    expect(related).to_be_visible(timeout=30000)
    related.get_by_role("button").click()
    expect(related.get_by_role("button")).to_have_text("Saved ✓")
    again.screenshot(path=artifacts / "popup-saved.png", full_page=True)

    # The next popup shows the related paper saved above as saved, and only that one.
    third = extension.open_popup(ABS_PAGE)
    saved_related = third.locator("#related-body .related-list li", has_text="Routing Tokens to Experts")
    expect(saved_related.get_by_role("button")).to_have_text("Saved ✓", timeout=30000)
    expect(saved_related.get_by_role("button")).to_be_disabled()
    other = third.locator("#related-body .related-list li", has_text="Efficient Long-Document Summarization")
    expect(other.get_by_role("button")).to_have_text("Save")
    expect(other.get_by_role("button")).to_be_enabled()

    listing = extension.context.new_page()
    listing.goto(extension.url("list/list.html"))
    item = listing.locator("#items li", has_text="Sparse Mixtures of Experts for Long-Document Summarization")
    expect(item).to_be_visible()
    expect(item.locator(".chip")).to_have_text(["MoE", "to-read"])  # as typed: the server keeps case
    expect(item.locator(".item-note")).to_have_text("Compare with <b>dense</b> baselines")
    expect(listing.locator("#items li")).to_have_count(2)

    # Recommendations come from the list's papers, computed in the background; each can be dismissed.
    recommendation = listing.locator("#recs-body .recs li").first
    expect(recommendation).to_be_visible(timeout=30000)
    dismissed = recommendation.get_attribute("data-paper-id")
    recommendation.get_by_role("button", name="Not relevant").click()
    expect(listing.locator(f'#recs-body li[data-paper-id="{dismissed}"]')).to_have_count(0)

    listing.fill("#search", "routing")
    expect(listing.locator("#items li")).to_have_count(1)
    listing.fill("#search", "")
    listing.select_option("#tag-filter", "MoE")
    expect(listing.locator("#items li")).to_have_count(1)
    listing.screenshot(path=artifacts / "list-page.png", full_page=True)

    with listing.expect_download() as download:
        listing.click("button[data-format=bibtex]")
    bibtex = download.value.path().read_text()
    assert "Sparse Mixtures of Experts" in bibtex
    with listing.expect_download() as download:
        listing.click("button[data-format=csljson]")
    assert any("Sparse Mixtures" in json.dumps(entry) for entry in json.loads(download.value.path().read_text()))

    item.get_by_role("button", name="Remove").click()
    expect(listing.locator("#items li")).to_have_count(0)


def test_import_a_file_shows_its_progress_then_the_counts_and_each_entry_it_could_not_import(
        extension, service, tmp_path, artifacts):
    """The file goes to the server as it is; the page follows the import job until it is done,
    then lists what could not be imported and shows the list with the new papers."""
    extension.set_server(service.base_url)
    listing = extension.context.new_page()
    listing.goto(extension.url("list/list.html"))
    library = tmp_path / "library.bib"
    library.write_text("\n".join(
        [f"@article{{e{n}, title = {{On M{{\\\"u}}ller's method, part {n}}}, author = {{M{{\\\"u}}ller, J.}},\n"
         f"  eprint = {{2402.{n:05d}}}, archivePrefix = {{arXiv}}}}" for n in range(1, 1201)]
        + ["@book{nothing, title = {A book without any identifier}}"]))

    listing.set_input_files("#import-file", str(library))
    status = listing.locator("#import-status")
    expect(status).to_contain_text("Importing “library.bib”")
    expect(status).to_contain_text(re.compile(r"Imported “library.bib” \(\d+ KiB\): 1,200 new papers, 0 papers already "
                                              r"in the list updated; 1 entry could not be imported:"), timeout=90000)
    expect(status.locator(".import-errors li")).to_have_count(1)
    expect(status.locator(".import-errors li")).to_contain_text("nothing: entry 'nothing' names no paper")
    expect(listing.locator("#count")).to_have_text("20 of 1200 shown")  # the first page, reloaded
    expect(listing.locator("#items li").first).to_contain_text("On Müller's method")
    listing.screenshot(path=artifacts / "list-import.png", full_page=False)
