"""The options page: the server address is checked before it is kept, and the account key can be
pasted from another device, shown and copied."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

KEY = "pg_k3y-from-my-laptop_0123456789"


def test_server_address_is_validated_and_kept(extension, service):
    page = extension.context.new_page()
    page.goto(extension.url("options/options.html"))
    expect(page.locator("#api-base")).to_have_value("http://127.0.0.1:8000")

    page.fill("#api-base", "ftp://127.0.0.1:8000")
    page.click("#server-form button[type=submit]")
    expect(page.locator("#server-status")).to_have_text("Server address must start with http:// or https:// (got ftp:)")

    page.fill("#api-base", f"{service.base_url}/")
    page.click("#test-server")
    expect(page.locator("#server-status")).to_have_text(f"{service.base_url} answers.")
    page.click("#server-form button[type=submit]")
    expect(page.locator("#server-status")).to_have_text(f"Saved. PaperGist will use {service.base_url}.")
    page.reload()
    expect(page.locator("#api-base")).to_have_value(service.base_url)


def test_account_key_can_be_pasted_shown_and_copied(extension, service):
    extension.context.grant_permissions(["clipboard-read", "clipboard-write"])
    extension.set_server(service.base_url)
    page = extension.context.new_page()
    page.goto(extension.url("options/options.html"))

    page.fill("#account-token", "short")
    page.click("#account-form button[type=submit]")
    expect(page.locator("#account-status")).to_contain_text("does not look like a PaperGist key")

    page.fill("#account-token", KEY)
    page.click("#account-form button[type=submit]")
    expect(page.locator("#account-status")).to_have_text("Key saved; My papers now shows its list.")
    page.reload()
    token = page.locator("#account-token")
    expect(token).to_have_attribute("type", "password")
    expect(token).to_have_value(KEY)
    page.click("#show-token")
    expect(token).to_have_attribute("type", "text")
    expect(page.locator("#show-token")).to_have_attribute("aria-pressed", "true")
    page.click("#copy-token")
    expect(page.locator("#account-status")).to_have_text("Key copied.")
    assert page.evaluate("navigator.clipboard.readText()") == KEY
