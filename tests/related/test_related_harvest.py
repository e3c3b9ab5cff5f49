"""Harvesting arXiv's OAI-PMH, against a local server replaying its real XML: pages followed
by resumption token, a 503 waited out, deleted and unwanted records skipped."""
from __future__ import annotations

import pytest

from server import related
from server.config import Settings
from server.corpus import store as corpus
from server.corpus.harvest import HarvestError, harvest
from tests.support.arxiv_oai import HEAD, OAI, record
from tests.support.servers import ReplayServer

PAGE_1 = HEAD + record("2607.00001", "Vision transformers for detection", "cs.CV cs.LG") \
    + record("2607.00002", "Lattice QCD on GPUs", "hep-lat cs.DC") \
    + record("2607.00003", "", "cs.CL", deleted=True) \
    + '<resumptionToken cursor="0" completeListSize="4">7284519|1001</resumptionToken>\n</ListRecords>\n</OAI-PMH>'
PAGE_2 = HEAD + record("2607.00004", "Instruction tuning of language models", "cs.CL cs.AI") \
    + '<resumptionToken cursor="1000" completeListSize="4"></resumptionToken>\n</ListRecords>\n</OAI-PMH>'
NO_RECORDS = HEAD.replace("<ListRecords>\n", "") + '<error code="noRecordsMatch">No records match</error>\n</OAI-PMH>'
BAD_ARGUMENT = HEAD.replace("<ListRecords>\n", "") + '<error code="badArgument">Illegal argument</error>\n</OAI-PMH>'


@pytest.fixture
def oai_server():
    server = ReplayServer()
    server.route("/oai", (200, PAGE_1, OAI), when={"from": "2026-07-01"})
    # The second page is busy once (503 with Retry-After, as arXiv answers), then served.
    server.route("/oai", (503, "", {"Retry-After": "7"}), (200, PAGE_2, OAI), when={"resumptionToken": "7284519|1001"})
    server.route("/oai", (200, NO_RECORDS, OAI), when={"from": "2030-01-01"})
    server.route("/oai", (200, BAD_ARGUMENT, OAI), when={"from": "1999-01-01"})
    yield server
    server.close()


@pytest.fixture
def oai_settings(oai_server):
    return Settings(arxiv_oai_url=f"{oai_server.url}/oai", harvest_delay_seconds=3)


def test_harvest_follows_pages_politely_and_keeps_wanted_categories(oai_server, oai_settings, rredis):
    pauses = []
    papers = list(harvest(oai_settings, "2026-07-01", categories={"cs.CV", "cs.CL"}, sleep=pauses.append))
    assert [p["paper_id"] for p in papers] == ["arxiv:2607.00001", "arxiv:2607.00004"]
    assert papers[0]["title"] == "Vision transformers for detection"
    assert papers[0]["abstract"] == "We study vision transformers for detection across several benchmarks."
    assert papers[0]["url"] == "https://arxiv.org/abs/2607.00001"
    assert papers[0]["authors"] == ["Jane Doe"]
    assert oai_server.requests[0] == ("/oai", {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs",
                                               "from": "2026-07-01"})
    assert oai_server.requests[-1] == ("/oai", {"verb": "ListRecords", "resumptionToken": "7284519|1001"})
    assert pauses == [3, 7.0]  # the polite delay, then the 503's Retry-After
    assert related.add_to_corpus(rredis, papers, embed=False) == 2
    assert corpus.size(rredis) == 2


def test_no_records_is_empty_and_protocol_errors_are_raised(oai_settings):
    assert list(harvest(oai_settings, "2030-01-01", sleep=lambda s: None)) == []
    with pytest.raises(HarvestError, match="badArgument"):
        list(harvest(oai_settings, "1999-01-01", sleep=lambda s: None))
