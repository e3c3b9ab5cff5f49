"""`python -m server harvest` keeps what the daily harvest keeps unless told otherwise: its set
and categories default to PAPERGIST_HARVEST_SET and PAPERGIST_HARVEST_CATEGORIES (all of `cs`),
against a local server replaying an arXiv OAI-PMH ListRecords page."""
import subprocess
import sys

import pytest

from server.corpus import store as corpus
from tests.support.arxiv_oai import OAI, list_records, record
from tests.support.servers import ROOT, ReplayServer, server_env

PAGE = list_records([record("2607.00101", "Parsing with grammars", "cs.CL"),
                     record("2607.00102", "Bandits with delays", "cs.LG stat.ML")])


@pytest.fixture
def oai():
    replay = ReplayServer()
    replay.route("/oai", (200, PAGE, OAI), when={"verb": "ListRecords", "set": "cs", "from": "2026-07-01"})
    yield replay
    replay.close()


def _harvest(redis_server, oai, *args, **env) -> str:
    done = subprocess.run([sys.executable, "-m", "server", "harvest", "--from", "2026-07-01", *args], cwd=ROOT,
                          env=server_env(REDIS_URL=redis_server.url, PAPERGIST_ARXIV_OAI_URL=f"{oai.url}/oai", **env),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_harvest_keeps_the_daily_harvest_s_categories_unless_told(redis_server, redis, oai):
    assert "1 papers harvested, 1 new" in _harvest(redis_server, oai, PAPERGIST_HARVEST_CATEGORIES="cs.CL")
    assert [p and p["title"] for p in corpus.get_papers(redis, ["arxiv:2607.00101", "arxiv:2607.00102"])] == [
        "Parsing with grammars", None]
    assert "2 papers harvested, 1 new" in _harvest(redis_server, oai)  # every category, as the daily harvest
    assert "1 papers harvested, 0 new" in _harvest(redis_server, oai, "--categories", "cs.LG")
