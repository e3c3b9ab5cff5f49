"""Submit -> poll -> done through a real worker, the cache, deduplication and failures."""
import threading
import time
from pathlib import Path


from server import summaries
from server.papers import store
from server.app import create_app
from tests.support.polling import finished_jobs, settled_document
from tests.support.registries import route_arxiv
from tests.support.servers import wait_until

ATTENTION = {
    "url": "https://arxiv.org/abs/1706.03762v7",
    "title": "Attention Is All You Need",
    "abstract": (
        "The dominant sequence transduction models are based on complex recurrent or convolutional "
        "neural networks. We propose a new simple network architecture, the Transformer, based solely "
        "on attention mechanisms. Experiments on two machine translation tasks show these models to be "
        "superior in quality while being more parallelizable."
    ),
    "authors": ["Ashish Vaswani", "Noam Shazeer"],
}
BERT = {
    "url": "https://arxiv.org/abs/1810.04805",
    "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    "abstract": (
        "We introduce a new language representation model called BERT. Unlike recent language "
        "representation models, BERT is designed to pre-train deep bidirectional representations "
        "with attention from unlabeled text. It obtains new state-of-the-art results on eleven "
        "natural language processing tasks."
    ),
}

# Written for this test (not RoBERTa's abstract): a paper that plainly builds on BERT.
BERT_AGAIN = {
    "url": "https://arxiv.org/abs/1907.11692",
    "title": "Revisiting BERT pre-training of deep bidirectional representations",
    "abstract": (
        "We revisit how BERT is pre-trained. Training the BERT language representation model longer, "
        "on more unlabeled text and with larger batches, its deep bidirectional representations reach "
        "better results on the natural language processing tasks BERT was evaluated on."
    ),
}


def test_submit_then_poll_until_both_parts_are_done(client, worker):
    response = client.post("/api/v1/papers", json=ATTENTION)
    assert response.status_code == 202
    document = response.get_json()
    assert document["paper_id"] == "arxiv:1706.03762"
    assert document["paper"]["version"] == 7
    assert {document["summary"]["status"], document["related"]["status"]} <= {"queued", "running", "done"}

    document = settled_document(client, "arxiv:1706.03762")
    summary = document["summary"]
    assert summary["status"] == "done"
    assert "Transformer" in summary["tldr"]
    assert summary["engine"] == summaries.engine_version()
    assert document["related"]["status"] == "done"


def test_related_papers_come_from_papers_others_submitted(client, worker, arxiv_api):
    # A list holds only papers at least "related" by the citation-trained bands: BERT is that
    # close to a study that revisits it (to the Transformer paper alone it is not: P 0.04).
    # Only papers the registry vouches for join the corpus (papers/trust.py).
    route_arxiv(arxiv_api, BERT)
    route_arxiv(arxiv_api, BERT_AGAIN)
    client.post("/api/v1/papers", json=BERT)
    settled_document(client, "arxiv:1810.04805")
    client.post("/api/v1/papers", json=BERT_AGAIN)
    items = settled_document(client, "arxiv:1907.11692")["related"]["items"]
    assert "arxiv:1810.04805" in [item["paper_id"] for item in items]
    item = next(item for item in items if item["paper_id"] == "arxiv:1810.04805")
    assert item["title"] == BERT["title"] and item["source"] == "local"
    assert item["relevance"] in {"very close", "close", "related"}
    assert "deep bidirectional representations" in item["why"], item["why"]


def test_a_cached_paper_is_answered_200_without_new_jobs(client, worker, redis):
    client.post("/api/v1/papers", json=ATTENTION)
    first = settled_document(client, "arxiv:1706.03762")
    jobs_before = _jobs_done(redis)
    response = client.post("/api/v1/papers", json={"url": "https://arxiv.org/pdf/1706.03762v5"})
    assert response.status_code == 200
    assert response.get_json()["summary"] == first["summary"]
    assert _jobs_done(redis) == jobs_before


def test_twenty_concurrent_submissions_start_one_job_per_part(app, worker, redis):
    jobs_before = _jobs_done(redis)
    statuses = []

    def submit():
        statuses.append(app.test_client().post("/api/v1/papers", json=BERT).status_code)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {200, 202} and len(statuses) == 20
    settled_document(app.test_client(), "arxiv:1810.04805")
    assert _jobs_done(redis) - jobs_before == 2


def test_etag_makes_an_unchanged_poll_cheap(client, worker):
    client.post("/api/v1/papers", json=ATTENTION)
    settled_document(client, "arxiv:1706.03762")
    first = client.get("/api/v1/papers/arxiv:1706.03762")
    assert first.headers["ETag"]
    again = client.get("/api/v1/papers/arxiv:1706.03762", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_pdf_tab_sends_only_the_address_and_the_worker_asks_arxiv(client, worker, arxiv_api):
    response = client.post("/api/v1/papers", json={"url": "https://arxiv.org/pdf/1706.03762"})
    assert response.status_code == 202
    document = settled_document(client, "arxiv:1706.03762")
    assert document["paper"]["title"] == "Attention Is All You Need"
    assert document["paper"]["authors"][0] == "Ashish Vaswani"
    assert document["paper"]["abstract"].startswith("The dominant sequence transduction models")
    assert document["summary"]["status"] == "done" and document["summary"]["tldr"]
    assert ("/api/query", {"id_list": "1706.03762", "max_results": "1"}) in arxiv_api.requests


def test_an_unknown_arxiv_paper_fails_readably_and_is_retried_on_the_next_ask(client, worker, arxiv_api):
    arxiv_api.route("/api/query", (200, _fixture("empty.xml")), when={"id_list": "2401.99999"})
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2401.99999"})
    document = settled_document(client, "arxiv:2401.99999")
    assert document["summary"]["status"] == "failed"
    assert document["summary"]["error"] == "arXiv has no paper 2401.99999"
    assert client.get("/api/v1/papers/arxiv:2401.99999").get_json()["summary"]["status"] == "failed"

    arxiv_api.route("/api/query", (200, _fixture("1706.03762.xml")), when={"id_list": "2401.99999"})
    response = client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2401.99999"})
    assert response.status_code == 202 and response.get_json()["summary"]["status"] == "queued"
    assert settled_document(client, "arxiv:2401.99999")["summary"]["status"] == "done"


def test_a_flaky_upstream_is_retried_with_backoff(client, worker, arxiv_api):
    arxiv_api.route("/api/query", (503, "Service Unavailable"), (200, _fixture("1706.03762.xml")),
                    when={"id_list": "2402.00001"})
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2402.00001"})
    document = settled_document(client, "arxiv:2402.00001")
    # One of the two jobs met the 503 first; RQ retried it a second later and it succeeded.
    assert document["summary"]["status"] == document["related"]["status"] == "done"
    assert document["paper"]["title"] == "Attention Is All You Need"


def test_the_retry_route_requeues_failed_parts(client, worker, arxiv_api):
    arxiv_api.route("/api/query", (200, _fixture("empty.xml")), when={"id_list": "2403.00002"})
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2403.00002"})
    assert settled_document(client, "arxiv:2403.00002")["summary"]["status"] == "failed"
    arxiv_api.route("/api/query", (200, _fixture("1706.03762.xml")), when={"id_list": "2403.00002"})
    response = client.post("/api/v1/papers/arxiv:2403.00002/retry")
    assert response.status_code == 202
    assert settled_document(client, "arxiv:2403.00002")["summary"]["status"] == "done"


def test_bumping_an_engine_version_invalidates_its_cached_results(client, worker, monkeypatch):
    client.post("/api/v1/papers", json=ATTENTION)
    settled_document(client, "arxiv:1706.03762")
    monkeypatch.setattr(summaries, "engine_version", lambda settings=None: "next-engine@99")
    document = client.post("/api/v1/papers", json=ATTENTION).get_json()
    assert document["summary"]["status"] in {"queued", "running"}
    assert document["summary"]["engine"] == "next-engine@99"
    assert document["related"]["status"] == "done"


def test_an_unknown_paper_is_404(client):
    response = client.get("/api/v1/papers/arxiv:2401.00000")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_papers_with_slashes_in_their_ids_are_reachable(client):
    client.post("/api/v1/papers", json={"url": "https://doi.org/10.1145/3292500.3330701", "title": "T"})
    assert client.get("/api/v1/papers/doi:10.1145/3292500.3330701").status_code == 200
    assert client.get("/api/v1/papers/doi%3A10.1145%2F3292500.3330701").status_code == 200
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/math/0502036"})
    assert client.get("/api/v1/papers/arxiv:math/0502036").get_json()["paper_id"] == "arxiv:math/0502036"


def test_a_later_submission_fills_gaps_of_a_provisional_record_but_never_overwrites(client, redis):
    # arXiv not answering (no route): the record stays provisional, filled in first-come.
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2409.00011"})
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2409.00011", "title": "Real title"})
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2409.00011", "title": "Spoofed title"})
    paper = client.get("/api/v1/papers/arxiv:2409.00011").get_json()["paper"]
    assert paper["title"] == "Real title"
    assert (paper["verified"], paper["metadata_source"]) == (False, "submitter")
    # "pending" until a worker asks arXiv: the session's worker, if an earlier test started it, may have.
    assert paper["verification"] in ("pending", "not_found")


def _jobs_done(redis) -> int:
    return sum(finished_jobs(redis).values())


def _fixture(name: str) -> bytes:
    return (Path(__file__).parents[1] / "fixtures" / "arxiv" / name).read_bytes()


def test_a_rendered_document_is_dropped_when_its_paper_or_results_change(worker, redis, settings):
    # Without the in-process window (next test), a change shows at the very next poll.
    client = create_app(settings.replace(document_memory_seconds=0)).test_client()
    client.post("/api/v1/papers", json=ATTENTION)
    settled_document(client, "arxiv:1706.03762")
    first = client.get("/api/v1/papers/arxiv:1706.03762")
    assert redis.exists(store.document_key("arxiv:1706.03762"))  # kept rendered for the next poll

    engine = summaries.engine_version(settings)
    changed = {**first.get_json()["summary"], "tldr": "A newer summary."}
    store.save_result(redis, "summary", engine, "arxiv:1706.03762", changed, 60)
    second = client.get("/api/v1/papers/arxiv:1706.03762", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.get_json()["summary"]["tldr"] == "A newer summary."
    assert second.headers["ETag"] != first.headers["ETag"]


def test_a_web_process_serves_a_complete_document_from_memory_for_a_moment(worker, redis, settings):
    client = create_app(settings.replace(document_memory_seconds=1.5)).test_client()
    client.post("/api/v1/papers", json=ATTENTION)
    settled_document(client, "arxiv:1706.03762")
    first = client.get("/api/v1/papers/arxiv:1706.03762")
    changed_at = time.monotonic()
    engine = summaries.engine_version(settings)
    changed = {**first.get_json()["summary"], "tldr": "A newer summary."}
    store.save_result(redis, "summary", engine, "arxiv:1706.03762", changed, 60)

    # Redis has dropped its rendered copy, yet this process answers from memory: no read at all.
    assert not redis.exists(store.document_key("arxiv:1706.03762"))
    during = client.get("/api/v1/papers/arxiv:1706.03762")
    assert time.monotonic() - changed_at < 1.5
    assert during.get_data() == first.get_data() and during.headers["ETag"] == first.headers["ETag"]

    # However often it is polled, the window runs out and the change shows.
    def changed_shows():
        return client.get("/api/v1/papers/arxiv:1706.03762").get_json()["summary"]["tldr"] == "A newer summary."
    wait_until(changed_shows, timeout=10, interval=0.1, message="the change to show through the memory window")
    assert client.get("/api/v1/papers/arxiv:1706.03762").headers["ETag"] != first.headers["ETag"]
