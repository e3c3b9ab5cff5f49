"""An upstream registry (arXiv; OpenReview) that is slow, erroring, rate-limiting or answering about
something else: bounded latency, retries, a fallback to arXiv's OAI-PMH interface, and a status the
reader can understand."""
import json
import re
import time
import xml.etree.ElementTree as ET

import pytest

from server.papers import metadata
from server.clients import arxiv as api_client
from server.clients import arxiv_oai as oai_client
from server.clients import openreview as openreview_client
from server.errors import PaperNotFoundError, UpstreamUnavailableError
from tests.conftest import FIXTURES, OAI_PATH
from tests.support.arxiv_oai import OAI, get_record, id_does_not_exist
from tests.support.polling import settled_document
from tests.support.registries import arxiv_listing_feed

ATOM = "{http://www.w3.org/2005/Atom}"
# The OAI-PMH record of the paper the API fixture describes: the same abstract, the authors
# as (keyname, forenames), which is how the arXiv metadata format splits them.
_ENTRY = ET.parse(FIXTURES / "arxiv" / "1706.03762.xml").getroot().find(f"{ATOM}entry")
ABSTRACT = _ENTRY.findtext(f"{ATOM}summary")
AUTHORS = (("Vaswani", "Ashish"), ("Shazeer", "Noam"), ("Parmar", "Niki"), ("Uszkoreit", "Jakob"),
           ("Jones", "Llion"), ("Gomez", "Aidan N."), ("Kaiser", "Lukasz"), ("Polosukhin", "Illia"))


def attention_record(arxiv_id: str) -> tuple:
    return 200, get_record(arxiv_id, "Attention Is All You Need", ABSTRACT, AUTHORS), OAI


def traceback_count(worker) -> int:
    return worker.log_path.read_text(errors="replace").count("Traceback")


def oai_asked(arxiv_oai, arxiv_id: str) -> int:
    return sum(1 for path, query in arxiv_oai.requests if query.get("identifier") == f"oai:arXiv.org:{arxiv_id}")


@pytest.mark.parametrize("arxiv_id, answer, oai_answer, error", [
    ("2405.00429", (429, "Rate exceeded.", {"Retry-After": "3600"}), (503, "", {"Retry-After": "600"}),
     "arXiv answered HTTP 429; arXiv OAI-PMH answered HTTP 503"),
    ("2405.00500", (500, "Internal Server Error"), (200, "<html><body>Down</body></html>"),
     "arXiv answered HTTP 500; arXiv OAI-PMH sent a page that is not an OAI-PMH response"),
    ("2405.00003", (200, "<html><body>Down for maintenance"), (404, "Not Found"),
     "arXiv sent a response that is not valid XML; arXiv OAI-PMH answered HTTP 404"),
    ("2405.00005", (200, "<html><body>Down for maintenance</body></html>"), (502, "Bad Gateway"),
     "arXiv sent a page that is not an Atom feed; arXiv OAI-PMH answered HTTP 502"),
    ("2405.00004", (200, "<feed/>", 3), (200, "<OAI-PMH/>", 3),
     "arXiv did not answer: ReadTimeout; arXiv OAI-PMH did not answer: ReadTimeout"),
])
def test_when_both_sources_fail_the_part_fails_readably_naming_both(client, worker, arxiv_api, arxiv_oai, settings,
                                                                     arxiv_id, answer, oai_answer, error):
    arxiv_api.route("/api/query", answer, when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, oai_answer, when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    tracebacks_before = traceback_count(worker)
    start = time.monotonic()
    client.post("/api/v1/papers", json={"url": f"https://arxiv.org/pdf/{arxiv_id}"})
    document = settled_document(client, f"arxiv:{arxiv_id}", timeout=60)
    elapsed = time.monotonic() - start

    assert document["summary"]["status"] == "failed"
    message = document["summary"]["error"]
    assert f"both failed: {error})" in message  # which upstream said what
    assert f"Open the paper's abstract page, https://arxiv.org/abs/{arxiv_id}," in message  # what to do
    assert traceback_count(worker) == tracebacks_before  # an upstream being down is one log line
    tries = 1 + len(settings.job_retry_seconds)
    asked = sum(1 for path, query in arxiv_api.requests if query.get("id_list") == arxiv_id)
    assert tries <= asked <= 2 * tries  # both parts need the abstract; each retried, none forever
    assert oai_asked(arxiv_oai, arxiv_id) == asked  # one fallback request per failed API request
    # Bounded: every try is capped by two upstream timeouts (API, then OAI-PMH), every pause
    # by the retry schedule; no Retry-After is waited out.
    bound = 2 * tries * 2 * settings.upstream_timeout_seconds + sum(settings.job_retry_seconds) + 10
    assert elapsed < bound


@pytest.mark.parametrize("arxiv_id, answer", [
    ("2405.01503", (503, "Service Unavailable", {"Retry-After": "30"})),
    ("2405.01429", (429, "Rate exceeded.", {"Retry-After": "3600"})),  # moved past at once, not waited out
])
def test_a_failing_api_falls_back_to_oai_pmh_and_the_summary_comes_from_its_abstract(
        client, worker, arxiv_api, arxiv_oai, settings, arxiv_id, answer):
    arxiv_api.route("/api/query", answer, when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, attention_record(arxiv_id), when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    start = time.monotonic()
    client.post("/api/v1/papers", json={"url": f"https://arxiv.org/pdf/{arxiv_id}"})
    document = settled_document(client, f"arxiv:{arxiv_id}", timeout=30)
    elapsed = time.monotonic() - start

    assert document["summary"]["status"] == document["related"]["status"] == "done"
    paper = document["paper"]
    assert paper["title"] == "Attention Is All You Need"
    assert paper["abstract"].startswith("The dominant sequence transduction models")
    assert paper["authors"][:2] == ["Ashish Vaswani", "Noam Shazeer"] and paper["authors"][5] == "Aidan N. Gomez"
    assert "Transformer" in document["summary"]["tldr"]
    assert ("/oai", {"verb": "GetRecord", "identifier": f"oai:arXiv.org:{arxiv_id}",
                     "metadataPrefix": "arXiv"}) in arxiv_oai.requests
    assert elapsed < 2 * settings.upstream_timeout_seconds + 8  # no job retry, no Retry-After wait


def test_an_api_timeout_falls_back_to_oai_pmh_within_one_more_timeout(client, worker, arxiv_api, arxiv_oai, settings):
    arxiv_id = "2405.01408"
    arxiv_api.route("/api/query", (200, "<feed/>", settings.upstream_timeout_seconds + 1), when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, attention_record(arxiv_id), when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    start = time.monotonic()
    client.post("/api/v1/papers", json={"url": f"https://arxiv.org/abs/{arxiv_id}"})
    document = settled_document(client, f"arxiv:{arxiv_id}", timeout=30)

    assert document["summary"]["status"] == "done" and "Transformer" in document["summary"]["tldr"]
    # One API timeout, then OAI-PMH at once; the second part finds the stored abstract.
    assert time.monotonic() - start < 2 * settings.upstream_timeout_seconds + 8
    assert oai_asked(arxiv_oai, arxiv_id) == 1


def test_an_id_the_api_cleanly_does_not_know_is_not_asked_of_oai_pmh(client, worker, arxiv_api, arxiv_oai):
    arxiv_id = "2401.98765"
    arxiv_api.route("/api/query", (200, (FIXTURES / "arxiv" / "empty.xml").read_bytes()), when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, attention_record(arxiv_id), when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    client.post("/api/v1/papers", json={"url": f"https://arxiv.org/abs/{arxiv_id}"})
    document = settled_document(client, f"arxiv:{arxiv_id}")

    assert document["summary"]["status"] == "failed"
    assert document["summary"]["error"] == f"arXiv has no paper {arxiv_id}"
    assert oai_asked(arxiv_oai, arxiv_id) == 0


def test_both_sources_timing_out_take_about_two_timeouts(arxiv_api, arxiv_oai, settings):
    arxiv_id = "2405.02408"
    slow = settings.upstream_timeout_seconds + 3
    arxiv_api.route("/api/query", (200, "<feed/>", slow), when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, (200, "<OAI-PMH/>", slow), when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    start = time.monotonic()
    with pytest.raises(UpstreamUnavailableError, match="both failed"):
        metadata.fetch_arxiv_paper(arxiv_id, settings)
    assert time.monotonic() - start < 2 * settings.upstream_timeout_seconds + 1


def test_oai_pmh_saying_no_such_id_is_a_clean_not_found(arxiv_api, arxiv_oai, settings):
    arxiv_id = "2405.03503"
    arxiv_api.route("/api/query", (503, "Service Unavailable"), when={"id_list": arxiv_id})
    arxiv_oai.route(OAI_PATH, (200, id_does_not_exist(arxiv_id), OAI), when={"identifier": f"oai:arXiv.org:{arxiv_id}"})
    with pytest.raises(PaperNotFoundError, match=re.escape(f"arXiv has no paper {arxiv_id}")):
        metadata.fetch_arxiv_paper(arxiv_id, settings)


def test_both_sources_give_a_paper_the_same_shape(arxiv_oai, settings):
    arxiv_oai.route(OAI_PATH, attention_record("1706.03762"), when={"identifier": "oai:arXiv.org:1706.03762"})
    timeout = settings.upstream_timeout_seconds
    from_api = api_client.fetch_paper("1706.03762", settings.arxiv_api_url, timeout)
    from_oai = oai_client.fetch_paper("1706.03762", settings.arxiv_oai_url, timeout)
    assert from_oai == {**from_api, "version": None, "year": None}  # the arXiv OAI format has neither
    assert from_api["version"] == 7


def test_a_listing_request_reads_each_entry_by_its_own_id(arxiv_api, settings):
    """One request for several ids: arXiv answers in its own order, old-style ids included, and
    an id it cannot read as an entry titled "Error" (left to that paper's own request)."""
    asked = ["2405.04001", "math/0502036", "2405.0400"]
    error = """
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2405.0400</id>
    <title>Error</title>
    <summary>incorrect id format for 2405.0400</summary>
    <updated>2024-05-01T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_2405.0400" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>"""
    feed = arxiv_listing_feed(asked, [("math/0502036", "Old style", "An abstract.", ["E. Noether"], 2),
                                      ("2405.04001", "New style", "Another abstract.", ["A. Turing"])])
    feed = feed.replace(b"\n</feed>", error.encode() + b"\n</feed>")
    arxiv_api.route("/api/query", (200, feed), when={"id_list": ",".join(asked)})
    records = api_client.fetch_papers(asked, settings.arxiv_api_url, settings.upstream_timeout_seconds)
    assert sorted(records) == ["2405.04001", "math/0502036"]
    assert (records["math/0502036"]["title"], records["math/0502036"]["version"]) == ("Old style", 2)
    assert records["2405.04001"]["authors"] == ["A. Turing"]


def test_an_openreview_review_s_id_is_not_a_paper(registries, settings):
    """A review, a comment or a decision is a note of the paper's forum, not a forum of its own."""
    review = {"id": "rEvIeW1234", "forum": "2dnO3LLiJ1", "replyto": "2dnO3LLiJ1",
              "content": {"title": {"value": "Official review"}, "review": {"value": "A clear paper."}}}
    registries.route("/notes", (200, json.dumps({"notes": [review], "count": 1}).encode()), when={"id": "rEvIeW1234"})
    with pytest.raises(PaperNotFoundError, match="OpenReview has no"):
        openreview_client.fetch_paper("rEvIeW1234", settings.openreview_api_url, settings.openreview_v1_api_url,
                                      settings.upstream_timeout_seconds)
