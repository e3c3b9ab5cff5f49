"""Shared fixtures: a real Redis on a free port, a real RQ worker process, the app factory with
test settings, and a local arXiv API and OAI-PMH endpoint replaying real-format responses."""
from __future__ import annotations

from pathlib import Path

import pytest
from redis import Redis
from rq import Worker

from server.app import create_app
from server.config import Settings
from tests.support.servers import (UNLIMITED, ReplayServer, RedisServer, server_env, start_server_process,
                                   stop_process, wait_until)

FIXTURES = Path(__file__).parent / "fixtures"
ARXIV_PATH = "/api/query"
OAI_PATH = "/oai"
CROSSREF_PATH = "/works"
DATACITE_PATH = "/dois"
PUBMED_PATH = "/entrez/eutils/efetch.fcgi"
OPENREVIEW_PATH, OPENREVIEW_V1_PATH = "/notes", "/v1/notes"
# RQ's worker registrations survive the per-test reset, so one worker serves the whole session.
KEEP_PREFIXES = (b"rq:worker", b"rq:workers", b"rq:scheduler", b"rq:pubsub")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def arxiv_api():
    replay = ReplayServer()
    replay.route(ARXIV_PATH, (200, (FIXTURES / "arxiv" / "1706.03762.xml").read_bytes()),
                 when={"id_list": "1706.03762"})
    yield replay
    replay.close()


@pytest.fixture(scope="session")
def arxiv_oai():
    """arXiv's OAI-PMH, asked when the API fails: tests route the records they need (an
    unrouted id gets 404), so no test reaches the real one."""
    replay = ReplayServer()
    yield replay
    replay.close()


@pytest.fixture(scope="session")
def registries():
    """Crossref, DataCite, PubMed's E-utilities and OpenReview's APIs 2 and 1 on one local server
    (CROSSREF_PATH, DATACITE_PATH, PUBMED_PATH, OPENREVIEW_PATH, OPENREVIEW_V1_PATH): tests route
    the records they need; anything else gets 404, which each of them means as "no such paper"."""
    replay = ReplayServer()
    yield replay
    replay.close()


@pytest.fixture(scope="session")
def settings(redis_server, arxiv_api, arxiv_oai, registries) -> Settings:
    return Settings(redis_url=redis_server.url, arxiv_api_url=arxiv_api.url + ARXIV_PATH,
                    arxiv_oai_url=arxiv_oai.url + OAI_PATH, crossref_api_url=registries.url + CROSSREF_PATH,
                    datacite_api_url=registries.url + DATACITE_PATH, pubmed_efetch_url=registries.url + PUBMED_PATH,
                    openreview_api_url=registries.url + OPENREVIEW_PATH,
                    openreview_v1_api_url=registries.url + OPENREVIEW_V1_PATH,
                    upstream_timeout_seconds=2, job_retry_seconds=(1, 1), **UNLIMITED)


@pytest.fixture
def redis(redis_server):
    client = redis_server.client()
    for key in client.scan_iter():
        if not key.startswith(KEEP_PREFIXES):
            client.delete(key)
    return client


@pytest.fixture
def app(settings, redis):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def worker(settings, tmp_path_factory):
    """One real `python -m server worker` process for the session, configured like the app."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_server_process(["worker"], server_env(
        REDIS_URL=settings.redis_url,
        PAPERGIST_ARXIV_API_URL=settings.arxiv_api_url,
        PAPERGIST_ARXIV_OAI_URL=settings.arxiv_oai_url,
        PAPERGIST_CROSSREF_API_URL=settings.crossref_api_url,
        PAPERGIST_DATACITE_API_URL=settings.datacite_api_url,
        PAPERGIST_PUBMED_EFETCH_URL=settings.pubmed_efetch_url,
        PAPERGIST_OPENREVIEW_API_URL=settings.openreview_api_url,
        PAPERGIST_OPENREVIEW_V1_API_URL=settings.openreview_v1_api_url,
        PAPERGIST_UPSTREAM_TIMEOUT_SECONDS=settings.upstream_timeout_seconds,
    ), log)
    process.log_path = log
    redis = Redis.from_url(settings.redis_url)
    wait_until(lambda: Worker.count(connection=redis) > 0, timeout=180, message=f"the worker (log: {log})")
    yield process
    stop_process(process)
