"""The popup when things go wrong: the server is unreachable (the kept result is still shown), the
page has no paper (paste an id instead), and a part fails (retry it)."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ABS_PAGE = "http://arxiv.org/abs/2401.00001"


def test_unreachable_server_is_explained_and_the_kept_result_shown(extension, service, seeded_corpus, dead_server_url, artifacts):
    extension.set_server(service.base_url)
    extension.open_tab(ABS_PAGE)
    online = extension.open_popup(ABS_PAGE)
    expect(online.locator("#summary-body .tldr")).to_be_visible(timeout=30000)
    expect(online.locator("#related-body .related-list li").first).to_be_visible(timeout=30000)
    online.close()

    dead = dead_server_url
    extension.set_server(dead)
    offline = extension.open_popup(ABS_PAGE)
    banner = offline.locator("#banner")
    expect(banner).to_contain_text("Server unreachable.")
    expect(banner).to_contain_text(f"Can't reach the PaperGist server at {dead}")
    expect(banner).to_contain_text("Showing the result kept from")
    expect(offline.locator("#summary-body .tldr")).to_contain_text("We propose a sparse mixture of experts")
    expect(offline.locator("#related-body .related-list li").first).to_be_visible()
    offline.screenshot(path=artifacts / "popup-offline.png", full_page=True)


def test_unreachable_server_without_a_kept_result(extension, dead_server_url):
    extension.set_server(dead_server_url)
    extension.open_tab("http://arxiv.org/abs/2401.00666")
    popup = extension.open_popup("http://arxiv.org/abs/2401.00666")
    expect(popup.locator("#banner")).to_contain_text("No earlier result for this paper is kept on this device.")
    expect(popup.locator("#try-again")).to_be_visible()
    expect(popup.locator("#summary")).to_be_hidden()


def test_no_paper_page_takes_a_pasted_id_and_a_failed_part_can_be_retried(extension, service, site_server, artifacts):
    extension.set_server(service.base_url)
    blog = f"http://127.0.0.1:{site_server.server_port}/blog"
    extension.open_tab(blog)
    popup = extension.open_popup(blog)
    expect(popup.locator("#no-paper")).to_contain_text("No paper found on this page.")

    popup.fill("#manual-id", "not an id")
    popup.press("#manual-id", "Enter")
    expect(popup.locator("#manual-error")).to_contain_text("is neither an arXiv id")

    # arXiv does not know the paper yet: both parts fail with arXiv's reason and offer a retry.
    popup.fill("#manual-id", "arXiv:2401.00777v2")
    popup.press("#manual-id", "Enter")
    failed = popup.locator("#summary-body .failed")
    expect(failed).to_contain_text("arXiv has no paper 2401.00777", timeout=30000)
    popup.screenshot(path=artifacts / "popup-failed.png", full_page=True)

    site_server.known_arxiv_ids.add("2401.00777")
    failed.get_by_role("button", name="Retry").click()
    expect(popup.locator("#summary-body .tldr")).to_contain_text("We propose expert routing", timeout=30000)
    expect(popup.locator("#paper-title")).to_have_text("Expert Routing for Efficient Long-Context Reading")
    expect(popup.locator("#paper-authors")).to_have_text("Lin Wei, Sofia Rossi")
