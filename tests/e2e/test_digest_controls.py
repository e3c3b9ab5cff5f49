"""My papers' daily digest controls in the real extension against the real service: subscribe a
list, read its feed (valid Atom), give it a new secret address, unsubscribe."""
import feedparser
import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_subscribe_renew_the_address_and_unsubscribe_from_my_papers(extension, service, artifacts):
    extension.set_server(service.base_url)
    token = requests.post(f"{service.base_url}/api/v1/accounts", timeout=10).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    for name in ("default", "Reading group"):
        assert requests.put(f"{service.base_url}/api/v1/lists/{name}", headers=auth, timeout=10).status_code in (200, 201)
    options = extension.context.new_page()
    options.goto(extension.url("options/options.html"))
    options.fill("#account-token", token)
    options.click("#account-form button[type=submit]")
    expect(options.locator("#account-status")).to_contain_text("Key saved")
    options.close()

    listing = extension.context.new_page()
    listing.goto(extension.url("list/list.html"))
    block = listing.locator('#digests-body .digest[data-list="Reading group"]')
    expect(block.locator("form.digest-subscribe")).to_be_visible()
    expect(listing.locator("#digests-body .digest")).to_have_count(2)
    block.locator("input[name=email]").fill("reader@example.org")
    block.locator("input[name=trending]").check()
    block.get_by_role("button", name="Subscribe").click()

    block = listing.locator('#digests-body .digest[data-list="Reading group"]')
    # The service has no SMTP settings: the page says so rather than promise email.
    expect(block).to_contain_text("Feed only for now: this server sends no email (to reader@example.org once it does), "
                                  "with trending papers.")
    expect(block).to_contain_text("No digest yet")
    feed_url = block.locator(".feed-url").input_value()
    feed = feedparser.parse(requests.get(feed_url, timeout=10).content)
    assert not feed.bozo and feed.feed.title == "PaperGist: new papers for “Reading group”"
    listing.screenshot(path=artifacts / "list-digests.png", full_page=True)

    block.get_by_role("button", name="New address").click()
    expect(block.locator(".feed-url")).not_to_have_value(feed_url)
    assert requests.get(feed_url, timeout=10).status_code == 404
    assert requests.get(block.locator(".feed-url").input_value(), timeout=10).status_code == 200

    block.get_by_role("button", name="Unsubscribe").click()
    expect(block.locator("form.digest-subscribe")).to_be_visible()
    state = requests.get(f"{service.base_url}/api/v1/lists/Reading%20group/digest", headers=auth, timeout=10).json()
    assert state["subscribed"] is False
