"""The optional Semantic Scholar source, against a local server replaying its real responses:
merged with local results when it answers, local results alone (in bounded time) when not."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from server import related
from server.related import learned
from server.config import Settings

# The shape S2 returns for /recommendations/v1/papers/forpaper/{id}?fields=title,url,abstract,externalIds
RECOMMENDATIONS = {"recommendedPapers": [
    {"paperId": "204e3073870fae3d05bcbc2f6a8e263d9b72e776", "externalIds": {"ArXiv": "1706.03762", "DBLP": "conf/nips/VaswaniSPUJGKP17", "CorpusId": 13756489},
     "url": "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
     "title": "Attention is All you Need",
     "abstract": "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose the Transformer for speech and text."},
    {"paperId": "0b0cd5b6ab4a9dae2b8ef4d1b2a45d6b3a0b1c2d", "externalIds": {"DOI": "10.1109/ICASSP.2020.9053889", "CorpusId": 211126678},
     "url": "https://www.semanticscholar.org/paper/0b0cd5b6ab4a9dae2b8ef4d1b2a45d6b3a0b1c2d",
     "title": "Conformer-based speech recognition", "abstract": None},
    {"paperId": "aaaa000000000000000000000000000000000004", "externalIds": {"ArXiv": "2401.00004"},
     "url": "https://www.semanticscholar.org/paper/aaaa000000000000000000000000000000000004",
     "title": "Speech recognition with transformer encoders", "abstract": "The paper itself."},
]}
TOO_MANY = {"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits. https://www.semanticscholar.org/product/api#api-key-form", "code": "429"}


class ReplayS2(BaseHTTPRequestHandler):
    mode = "ok"
    seen: ClassVar[list] = []

    def do_GET(self):
        url = urlsplit(self.path)
        ReplayS2.seen.append((url.path, parse_qs(url.query), self.headers.get("x-api-key")))
        if ReplayS2.mode == "slow":
            time.sleep(3)
        status, body = (429, TOO_MANY) if ReplayS2.mode == "429" else (200, RECOMMENDATIONS)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the slow case: the client gave up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def s2_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ReplayS2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def corpus_ready(rredis, papers, model, monkeypatch):
    # These tests are about merging two sources, not where a list ends: with the citation-trained
    # bands only one paper of this ten-paper corpus is close enough to the speech query, so the
    # local list uses the untrained bands (above the corpus average) and keeps three.
    monkeypatch.setattr(learned, "load_relevance", lambda path=None: None)
    monkeypatch.setattr(related, "_engine", None)
    related.add_to_corpus(rredis, papers, embed=True)
    ReplayS2.seen = []
    return rredis


def _settings(url: str, **extra) -> Settings:
    return Settings(semantic_scholar_url=url, semantic_scholar_timeout_seconds=1.0, **extra)


def test_results_are_merged_with_sources_and_never_the_paper_itself(corpus_ready, papers, s2_url):
    ReplayS2.mode = "ok"
    items = related.find_related(corpus_ready, papers[3], limit=4, settings=_settings(s2_url, semantic_scholar_api_key="k-123"))
    assert [i["source"] for i in items] == ["local", "semantic_scholar", "local", "semantic_scholar"]
    assert items[1]["paper_id"] == "arxiv:1706.03762" and items[1]["title"] == "Attention is All you Need"
    assert items[3]["paper_id"] == "doi:10.1109/icassp.2020.9053889"
    assert all(i["paper_id"] != "arxiv:2401.00004" for i in items)
    assert "speech" in items[1]["why"]
    path, query, key = ReplayS2.seen[0]
    assert path == "/recommendations/v1/papers/forpaper/arXiv:2401.00004"
    assert query["fields"] == ["title,url,abstract,externalIds"] and key == "k-123"


@pytest.mark.parametrize("mode", ["429", "slow", "down"])
def test_outage_rate_limit_and_slowness_fall_back_to_local(corpus_ready, papers, s2_url, mode):
    ReplayS2.mode = mode
    url = "http://127.0.0.1:9" if mode == "down" else s2_url  # port 9: nothing listens
    started = time.monotonic()
    items = related.find_related(corpus_ready, papers[3], limit=3, settings=_settings(url))
    elapsed = time.monotonic() - started
    assert [i["source"] for i in items] == ["local"] * 3
    assert items[0]["paper_id"] == "arxiv:2401.00005"
    assert elapsed < 2.5  # bounded by the 1 s timeout, not by the 3 s the slow server takes
