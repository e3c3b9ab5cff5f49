"""Debian's Firefox ESR with the extension installed as a temporary add-on, driven over Marionette
(Playwright drives only its own patched Firefox, and geckodriver is a download away).

Firefox grants an MV3 extension's host_permissions at install (extensions.originControls.
grantByDefault, on since Firefox 127), so the shipped http://127.0.0.1/* (any port) reaches the
service and *://arxiv.org/* lets the popup read the tab, with no prompt. Mapped hosts go to the
site server through a PAC script, Firefox's counterpart of Chromium's --host-resolver-rules.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from tests.support.servers import wait_until

FIREFOX = os.environ.get("PAPERGIST_FIREFOX", "/usr/bin/firefox-esr")
ADDON_ID = "papergist@papergist.dev"


class FirefoxExtension:
    """Firefox with the extension, driven the way a researcher would; each page opens in a new tab."""

    def __init__(self, marionette, extension_uuid: str):
        self.m = marionette
        self.uuid = extension_uuid

    def url(self, path: str) -> str:
        return f"moz-extension://{self.uuid}/{path}"

    def open_tab(self, url: str) -> None:
        self.m.switch_to_window(self.m.open(type="tab", focus=True)["handle"])
        self.m.navigate(url)

    def text(self, selector: str) -> str:
        return self.m.execute_script("return document.querySelector(arguments[0])?.textContent ?? ''", [selector])

    def wait_for_text(self, selector: str, expected: str, timeout: float = 30) -> None:
        try:
            wait_until(lambda: expected in self.text(selector), timeout=timeout, interval=0.1,
                       message=f"{selector} to contain {expected!r}")
        except TimeoutError as error:
            raise AssertionError(f"{error}; it reads {self.text(selector)!r}") from error

    def set_server(self, api_base: str) -> None:
        """The options page, as a user would fill it."""
        self.open_tab(self.url("options/options.html"))
        field = self.m.find_element("css selector", "#api-base")
        wait_until(lambda: field.get_property("value"), message="the options page to load its settings")
        field.clear()
        field.send_keys(api_base)
        self.m.find_element("css selector", "#server-form button[type=submit]").click()
        self.wait_for_text("#server-status", "Saved", timeout=10)

    def call(self, expression: str, *args):
        """Awaits an extension API call in the current tab, which must be an extension page;
        `expression` sees `chrome` and the arguments as a, b, …"""
        names = "abcdef"[:len(args)]
        return self.m.execute_async_script(
            f"const [{''.join(n + ', ' for n in names)}done] = arguments;"
            f"const chrome = window.wrappedJSObject.chrome;"
            f"Promise.resolve({expression}).then(done, (e) => done({{error: String(e)}}));", list(args))

    def tab_id(self, url: str) -> int:
        tabs = self.call("chrome.tabs.query({url: a}).then((tabs) => tabs.map((t) => t.id))", url)
        assert isinstance(tabs, list) and tabs, f"no tab at {url}: {tabs}"
        return tabs[0]

    def open_popup(self, tab_url: str) -> None:
        """The toolbar popup, opened as a page about the given tab (popup.html?tab=<id>)."""
        tab_id = self.tab_id(tab_url)
        self.open_tab(self.url(f"popup/popup.html?tab={tab_id}"))

    def badge_text(self, tab_url: str) -> str:
        return self.call("chrome.action.getBadgeText({tabId: a})", self.tab_id(tab_url))


def profile_prefs(mapped_hosts, site_port: int, extension_uuid: str) -> dict:
    pac = "function FindProxyForURL(url, host) {\n  return %s.includes(host) ? 'PROXY 127.0.0.1:%d' : 'DIRECT';\n}" % (
        json.dumps(list(mapped_hosts)), site_port)
    return {
        "marionette.port": 0,  # any free port; Firefox writes it to <profile>/MarionetteActivePort
        "extensions.webextensions.uuids": json.dumps({ADDON_ID: extension_uuid}),  # the moz-extension:// host
        "network.proxy.type": 2,
        "network.proxy.autoconfig_url": "data:application/x-ns-proxy-autoconfig," + quote(pac),
        "dom.security.https_first": False,  # the site server speaks http only
        "browser.shell.checkDefaultBrowser": False,
        "browser.aboutwelcome.enabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "app.update.disabledForTesting": True,
        "extensions.update.enabled": False,
    }


@contextmanager
def firefox_with_extension(extension_dir: Path, workdir: Path, mapped_hosts=(), site_port: int = 0):
    """Headless Firefox on a fresh profile in workdir, the extension installed; stopped on exit,
    whatever happened. Firefox's own output goes to workdir/firefox.log."""
    from marionette_driver.addons import Addons  # slow to import, and only these tests need it
    from marionette_driver.marionette import Marionette

    profile = workdir / "profile"
    profile.mkdir()
    extension_uuid = str(uuid.uuid4())
    prefs = profile_prefs(mapped_hosts, site_port, extension_uuid)
    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()))
    log_path = workdir / "firefox.log"
    with log_path.open("w") as log:
        # -remote-allow-system-access: Marionette navigates to moz-extension:// pages only with it.
        process = subprocess.Popen([FIREFOX, "-marionette", "-remote-allow-system-access", "-headless", "-no-remote",
                                    "-profile", str(profile)],
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    marionette = None
    try:
        port_file = profile / "MarionetteActivePort"

        def port():
            assert process.poll() is None, f"Firefox exited with {process.returncode}:\n{log_path.read_text()}"
            return port_file.exists() and port_file.read_text().strip()

        marionette = Marionette(host="127.0.0.1", port=int(wait_until(port, timeout=60, interval=0.1,
                                                                     message="Firefox's Marionette port")))
        marionette.start_session()
        marionette.set_window_rect(width=440, height=700)
        assert Addons(marionette).install(str(extension_dir), temp=True) == ADDON_ID
        yield FirefoxExtension(marionette, extension_uuid)
    finally:
        if marionette is not None and marionette.session is not None:
            try:
                marionette.delete_session()
            except Exception:  # Firefox is gone already; the process group is ended below all the same
                pass
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
