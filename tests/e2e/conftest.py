"""End-to-end fixtures: the real service (`python -m server run`: embedded Redis, web, a worker),
a local site server that plays arxiv.org (and arXiv's API) and huggingface.co from fixture files, and Debian's
Chromium with the unpacked extension, its resolver mapping those hosts to that site server.
Debian's Firefox ESR with the extension as a temporary add-on (tests/support/firefox.py) shares both.

Screenshots go to tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.support.firefox import FIREFOX, firefox_with_extension
from tests.support.registries import arxiv_feed
from tests.support.servers import NO_UPSTREAM, UNLIMITED, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
EXTENSION_DIR = ROOT / "extension"
PAGES = Path(__file__).with_name("pages")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("PAPERGIST_CHROMIUM", "/usr/bin/chromium")
MAPPED_HOSTS = ("arxiv.org", "huggingface.co")

# On a developer machine without Playwright and Chromium (or marionette-driver and Firefox ESR) the
# e2e tests for that browser are skipped; in CI (CI=true) a missing install step must fail loudly
# instead of passing green.
try:
    import playwright.sync_api as playwright_api
    MISSING = "" if Path(CHROMIUM).exists() else f"{CHROMIUM} is missing (apt-get install -y chromium)"
except ImportError:
    playwright_api = None
    MISSING = "Playwright is not installed (pip install -r requirements-dev.txt)"
if importlib.util.find_spec("marionette_driver"):  # imported only when Firefox starts: slow and noisy
    FIREFOX_MISSING = "" if Path(FIREFOX).exists() else f"{FIREFOX} is missing (apt-get install -y firefox-esr)"
else:
    FIREFOX_MISSING = "marionette-driver is not installed (pip install -r requirements-dev.txt)"
if (MISSING or FIREFOX_MISSING) and os.environ.get("CI"):
    raise RuntimeError(f"end-to-end tests cannot run: {'; '.join(filter(None, (MISSING, FIREFOX_MISSING)))}")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            missing = FIREFOX_MISSING if item.get_closest_marker("firefox") else MISSING
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


# ---------------------------------------------------------------- the site server (arxiv.org)

class SiteHandler(BaseHTTPRequestHandler):
    """Serves pages/<host>/<path>.html (or .pdf) by the Host header, and arXiv's API at /api/query."""

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/api/query":
            return self._arxiv_api(parse_qs(parts.query).get("id_list", [""])[0])
        host = self.headers.get("Host", "").split(":")[0]
        folder = "local" if host in ("127.0.0.1", "localhost") else host
        for suffix, content_type in ((".html", "text/html; charset=utf-8"), (".pdf", "application/pdf")):
            page = PAGES / folder / (parts.path.strip("/") + suffix)
            if PAGES in page.resolve().parents and page.is_file():
                return self._send(200, content_type, page.read_bytes())
        self._send(404, "text/html", b"<h1>Not found</h1>")

    def _arxiv_api(self, arxiv_id):
        if arxiv_id in self.server.arxiv_feeds:
            return self._send(200, "application/atom+xml; charset=utf-8", self.server.arxiv_feeds[arxiv_id])
        known = arxiv_id in self.server.known_arxiv_ids
        feed = PAGES / "arxiv-api" / (f"{arxiv_id}.xml" if known else "unknown.xml")
        self._send(200, "application/atom+xml; charset=utf-8", feed.read_bytes())

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_server():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), SiteHandler)
    # Tests add ids to make "arXiv" know a paper; the abstract page every test opens, it knows
    # from the start (an id arXiv does not know stays unverified, and is cited without a year).
    server.known_arxiv_ids = {"2401.00001"}
    server.arxiv_feeds = {}  # or the feed itself: arXiv id -> Atom bytes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


# ---------------------------------------------------------------- the PaperGist service

class Service:
    def __init__(self, base_url: str):
        self.base_url = base_url

    def submit(self, paper: dict) -> dict:
        response = requests.post(f"{self.base_url}/api/v1/papers", json=paper, timeout=10)
        assert response.status_code in (200, 202), response.text
        return response.json()

    def wait_done(self, paper_id: str) -> dict:
        def done():
            doc = requests.get(f"{self.base_url}/api/v1/papers/{requests.utils.quote(paper_id, safe='')}", timeout=10).json()
            return doc if all(doc[p]["status"] in ("done", "failed") for p in ("summary", "related")) else None
        return wait_until(done, timeout=60, interval=0.2, message=f"{paper_id} to be processed")


@pytest.fixture(scope="session")
def service(site_server, tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATA_DIR": str(tmp_path_factory.mktemp("papergist-data")),
        "PAPERGIST_ARXIV_API_URL": f"http://127.0.0.1:{site_server.server_port}/api/query",
        "PAPERGIST_ARXIV_OAI_URL": NO_UPSTREAM["arxiv_oai_url"],
        "PAPERGIST_CROSSREF_API_URL": NO_UPSTREAM["crossref_api_url"],
        "PAPERGIST_DATACITE_API_URL": NO_UPSTREAM["datacite_api_url"],
        "PAPERGIST_PUBMED_EFETCH_URL": NO_UPSTREAM["pubmed_efetch_url"],
        "PAPERGIST_OPENREVIEW_API_URL": NO_UPSTREAM["openreview_api_url"],
        "PAPERGIST_OPENREVIEW_V1_API_URL": NO_UPSTREAM["openreview_v1_api_url"],
        "PAPERGIST_HARVEST": NO_UPSTREAM["harvest"],  # the pages' corpus (corpus.json) is the whole corpus
        "PAPERGIST_FAILURE_TTL_SECONDS": "1",
        # Every test's browser is another reader, and all of them come from 127.0.0.1 within a
        # few minutes: the per-address limit would count the whole suite as one reader. Each
        # account keeps its own (token) limit; tests/api/test_rate_limits.py tests both.
        "PAPERGIST_RATE_LIMIT": UNLIMITED["rate_limit"],
    }
    env.pop("REDIS_URL", None)
    log = open(tmp_path_factory.mktemp("logs") / "service.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "server", "run"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"

    def ready():
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"python -m server run exited with {process.returncode}:\n{log.read()}")
        try:
            return requests.get(f"{base_url}/readyz", timeout=2).status_code == 200
        except requests.RequestException:  # not listening yet, or still booting
            return False

    wait_until(ready, timeout=180, interval=0.2, message="the service to be ready")
    yield Service(base_url)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def seeded_corpus(service, site_server):
    """Papers the related-papers engine can find for the arXiv fixture page: arXiv knows them,
    so they join the corpus (only a registry's record does)."""
    papers = json.loads((PAGES / "corpus.json").read_text())
    for paper in papers:
        site_server.arxiv_feeds[paper["ids"]["arxiv"]] = arxiv_feed(
            paper["ids"]["arxiv"], paper["title"], paper["abstract"], paper["authors"])
        service.submit(paper)
    for paper in papers:
        service.wait_done(f"arxiv:{paper['ids']['arxiv']}")
    return papers


# ---------------------------------------------------------------- Chromium with the extension

class Extension:
    """The unpacked extension in a Chromium profile, driven the way a researcher would."""

    def __init__(self, context, worker):
        self.context = context
        self.worker = worker
        self.id = urlsplit(worker.url).hostname

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def set_server(self, api_base: str) -> None:
        page = self.context.new_page()
        page.goto(self.url("options/options.html"))
        page.fill("#api-base", api_base)
        page.click("#server-form button[type=submit]")
        playwright_api.expect(page.locator("#server-status")).to_contain_text("Saved")
        page.close()

    def open_tab(self, url: str):
        page = self.context.new_page()
        page.goto(url)
        return page

    def tab_id(self, url: str) -> int:
        tabs = self.worker.evaluate("url => chrome.tabs.query({url})", url)
        assert tabs, f"no tab at {url}"
        return tabs[0]["id"]

    def open_popup(self, tab_url: str, dark: bool = False):
        """The toolbar popup, opened as a page about the given tab (popup.html?tab=<id>)."""
        tab_id = self.tab_id(tab_url)
        page = self.context.new_page()
        page.set_viewport_size({"width": 440, "height": 600})
        if dark:
            page.emulate_media(color_scheme="dark")
        page.goto(self.url(f"popup/popup.html?tab={tab_id}"))
        return page

    def badge_text(self, tab_url: str) -> str:
        return self.worker.evaluate("tabId => chrome.action.getBadgeText({tabId})", self.tab_id(tab_url))


@pytest.fixture()
def extension(site_server, tmp_path):
    profile = str(tmp_path / "chromium-profile")  # pytest's own folder: no profile is left in /tmp
    resolver = ", ".join(f"MAP {host} 127.0.0.1:{site_server.server_port}" for host in MAPPED_HOSTS)
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            accept_downloads=True,
            args=[
                f"--disable-extensions-except={EXTENSION_DIR}",
                f"--load-extension={EXTENSION_DIR}",
                f"--host-resolver-rules={resolver}",
                "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        yield Extension(context, worker)
        context.close()


# ---------------------------------------------------------------- Firefox ESR with the extension

@pytest.fixture()
def firefox(site_server, tmp_path):
    with firefox_with_extension(EXTENSION_DIR, tmp_path, MAPPED_HOSTS, site_server.server_port) as browser:
        yield browser


@pytest.fixture()
def dead_server_url():
    """An address where nothing listens: the server is down."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture()
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
