"""A listing page's papers at once: POST /api/v1/papers/batch, then GET /api/v1/papers?paper_id=…
for its polls. Through a real worker; the queue order on a Redis of its own, with no worker."""
import threading

import pytest
from rq import Queue

from server.app import create_app
from server.jobs.queues import LISTING_QUEUE_NAMES, QUEUE_NAMES
from server.papers import metadata, store
from server.papers.document import accept_paper
from server.papers.parts import job_id
from server.papers.parts import engine_version
from tests.api.test_papers import ATTENTION, BERT, BERT_AGAIN
from tests.support.registries import ARXIV_PATH, arxiv_feed, arxiv_listing_feed
from tests.support.servers import RedisServer, wait_until


def _settled(client, ids: list[str]) -> list[dict]:
    query = "&".join(f"paper_id={paper_id}" for paper_id in ids)

    def all_settled():
        documents = client.get(f"/api/v1/papers?{query}").get_json()["documents"]
        return documents if all(d.get("error") or {d["summary"]["status"], d["related"]["status"]} <= {"done", "failed"}
                                for d in documents) else None
    return wait_until(all_settled, timeout=60, interval=0.1, message=f"{ids} to settle")


def test_a_batch_answers_in_order_with_an_error_in_place_of_a_bad_entry(client, worker):
    bad = {"url": "not an address", "title": "x"}
    response = client.post("/api/v1/papers/batch", json={"papers": [ATTENTION, bad, BERT]})
    assert response.status_code == 202
    documents = response.get_json()["documents"]
    assert [d.get("paper_id") for d in documents] == ["arxiv:1706.03762", None, "arxiv:1810.04805"]
    error = documents[1]["error"]
    assert error["code"] == "invalid_request" and error["message"].startswith("Paper 1 is invalid: url: ")
    assert "url" in error["details"]

    odd = client.post("/api/v1/papers/batch", json={"papers": ["https://arxiv.org/abs/1706.03762", BERT]})
    assert odd.get_json()["documents"][0]["error"]["message"] == "Paper 0 is invalid: Invalid input type."
    assert odd.get_json()["documents"][1]["paper_id"] == "arxiv:1810.04805"

    done = _settled(client, ["arxiv:1706.03762", "arxiv:1810.04805"])
    assert "Transformer" in done[0]["summary"]["tldr"] and "BERT" in done[1]["summary"]["tldr"]
    # Sent again, every paper is cached: 200, and no error this time.
    again = client.post("/api/v1/papers/batch", json={"papers": [ATTENTION, BERT]})
    assert again.status_code == 200
    assert [d["summary"]["status"] for d in again.get_json()["documents"]] == ["done", "done"]


def test_polling_many_papers_gives_them_in_order_with_one_etag(client, worker):
    client.post("/api/v1/papers/batch", json={"papers": [BERT, ATTENTION]})
    ids = ["arxiv:1810.04805", "arxiv:2401.99999", "arxiv:1706.03762", "nonsense"]
    _settled(client, [ids[0], ids[2]])
    answer = client.get("/api/v1/papers?" + "&".join(f"paper_id={i}" for i in ids))
    assert answer.status_code == 200
    documents = answer.get_json()["documents"]
    assert [d["paper_id"] for d in documents] == ["arxiv:1810.04805", "arxiv:2401.99999", "arxiv:1706.03762", "nonsense"]
    assert documents[1]["error"]["code"] == "not_found"
    assert documents[3]["error"]["code"] == "invalid_request"
    assert documents[0]["paper"]["title"] == BERT["title"]
    unchanged = client.get("/api/v1/papers?" + "&".join(f"paper_id={i}" for i in ids),
                           headers={"If-None-Match": answer.headers["ETag"]})
    assert unchanged.status_code == 304
    # Another set of papers is another answer.
    other = client.get("/api/v1/papers?paper_id=arxiv:1706.03762", headers={"If-None-Match": answer.headers["ETag"]})
    assert other.status_code == 200


def test_a_listing_entry_without_an_abstract_is_filled_in_by_the_worker(client, worker):
    """As for a PDF tab: the worker asks arXiv (the replayed API knows 1706.03762)."""
    client.post("/api/v1/papers/batch", json={"papers": [{"url": "https://arxiv.org/abs/1706.03762"}]})
    [document] = _settled(client, ["arxiv:1706.03762"])
    assert document["paper"]["title"] == "Attention Is All You Need"
    assert document["summary"]["status"] == "done" and document["summary"]["tldr"]


def _page(ids: list[str]) -> list[dict]:
    """A listing page as the extension reads it: a short title and abstract of each paper."""
    return [{"url": f"https://arxiv.org/abs/{arxiv_id}", "title": f"Paper {arxiv_id}", "abstract": "As listed."}
            for arxiv_id in ids]


def _record(arxiv_id: str) -> tuple:
    return (arxiv_id, f"The registry's title of {arxiv_id}", "We study how listings are verified. It works.",
            ["Ada Lovelace"])


def _asked(arxiv_api, ids: list[str]) -> list[str]:
    """The id_list of every request the replayed arXiv API was sent about any of `ids`."""
    return [query["id_list"] for path, query in arxiv_api.requests
            if path == ARXIV_PATH and set(query.get("id_list", "").split(",")) & set(ids)]


def test_a_listing_s_papers_are_asked_of_arxiv_in_one_request(client, worker, arxiv_api):
    """arXiv asks for one request every 3 s: a page of papers the harvest has not read is one
    request, not one a paper. A paper missing from its answer is asked about on its own."""
    ids = ["2412.00101", "2412.00102", "2412.00103"]
    arxiv_api.route(ARXIV_PATH, (200, arxiv_listing_feed(ids, [_record(ids[0]), _record(ids[2])])),
                    when={"id_list": ",".join(ids)})
    arxiv_api.route(ARXIV_PATH, (200, arxiv_feed(*_record(ids[1]))), when={"id_list": ids[1]})
    assert client.post("/api/v1/papers/batch", json={"papers": _page(ids)}).status_code == 202
    documents = _settled(client, [f"arxiv:{arxiv_id}" for arxiv_id in ids])
    for arxiv_id, document in zip(ids, documents):
        assert document["paper"]["title"] == f"The registry's title of {arxiv_id}"
        assert (document["paper"]["verified"], document["paper"]["metadata_source"]) == (True, "arxiv")
        assert document["summary"]["status"] == "done"
    assert _asked(arxiv_api, ids) == [",".join(ids), ids[1]]


def test_when_arxiv_fails_a_listing_s_request_each_paper_is_asked_on_its_own(client, worker, arxiv_api):
    ids = ["2412.00201", "2412.00202"]
    arxiv_api.route(ARXIV_PATH, (503, "Service Unavailable"), when={"id_list": ",".join(ids)})
    for arxiv_id in ids:
        arxiv_api.route(ARXIV_PATH, (200, arxiv_feed(*_record(arxiv_id))), when={"id_list": arxiv_id})
    client.post("/api/v1/papers/batch", json={"papers": _page(ids)})
    documents = _settled(client, [f"arxiv:{arxiv_id}" for arxiv_id in ids])
    assert [d["paper"]["title"] for d in documents] == [f"The registry's title of {i}" for i in ids]
    assert _asked(arxiv_api, ids) == [",".join(ids), *ids]


def test_a_paper_s_job_started_during_the_listing_s_request_waits_for_it(redis, settings, arxiv_api):
    """With several workers, another one may start a listing paper's job while the listing's
    request is under way: the job waits for it (the papers' look-up locks) instead of asking too."""
    ids = ["2412.00301", "2412.00302"]
    paper_ids = [f"arxiv:{arxiv_id}" for arxiv_id in ids]
    for paper in _page(ids):
        accept_paper(redis, settings, paper, "a reader")
    arxiv_api.route(ARXIV_PATH, (200, arxiv_listing_feed(ids, [_record(i) for i in ids]), 1.0),
                    when={"id_list": ",".join(ids)})
    listing = threading.Thread(target=metadata.fetch_listing_records, args=(redis, settings, paper_ids))
    listing.start()
    wait_until(lambda: redis.exists(store.verify_lock_key(paper_ids[0])), timeout=5, message="the listing's locks")
    paper = metadata.verify_paper(redis, settings, paper_ids[0])
    listing.join()
    assert (paper["title"], paper["verified"]) == (f"The registry's title of {ids[0]}", True)
    assert _asked(arxiv_api, ids) == [",".join(ids)]


@pytest.mark.parametrize("body, field", [
    ({"papers": []}, "papers"),
    ({"papers": [ATTENTION] * 101}, "papers"),
    ({"papers": "all of them"}, "papers"),
    ({}, "papers"),
    ({"papers": [ATTENTION], "more": 1}, "more"),
])
def test_a_batch_that_is_not_one_is_refused_whole(client, body, field):
    response = client.post("/api/v1/papers/batch", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]


def test_polling_asks_for_1_to_100_papers(client):
    assert client.get("/api/v1/papers").status_code == 422
    many = "&".join(f"paper_id=arxiv:2401.{i:05d}" for i in range(101))
    assert "paper_id" in client.get(f"/api/v1/papers?{many}").get_json()["error"]["details"]


def test_a_batch_is_one_request_but_each_paper_counts(settings, redis):
    """A page of five is one request against the address's limit and five papers against the
    per-paper one."""
    client = create_app(settings.replace(rate_limit="3/minute", batch_paper_rate_limit="8/minute")).test_client()
    page = {"papers": [{"url": f"https://arxiv.org/abs/2401.0000{i}", "title": f"Paper {i}"} for i in range(5)]}
    assert client.post("/api/v1/papers/batch", json=page).status_code == 202
    limited = client.post("/api/v1/papers/batch", json=page)
    assert limited.status_code == 429 and "8 per 1 minute" in limited.get_json()["error"]["message"]
    # Each batch was one request of the address's three.
    assert client.get("/api/v1/papers/arxiv:2401.99999").status_code == 404
    assert client.get("/api/v1/papers/arxiv:2401.99999").status_code == 429


@pytest.fixture
def quiet_redis(tmp_path):
    """A Redis no worker serves, so that the queues can be read as they were left."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def test_a_listing_queues_behind_single_papers_in_page_order_and_an_opened_paper_jumps_ahead(settings, quiet_redis):
    client = create_app(settings.replace(redis_url=quiet_redis.url)).test_client()
    redis = quiet_redis.client()
    client.post("/api/v1/papers", json=BERT_AGAIN)
    page = [{"url": f"https://arxiv.org/abs/2401.0000{i}", "title": f"Paper {i}", "abstract": "We test."} for i in range(4)]
    assert client.post("/api/v1/papers/batch", json={"papers": page}).status_code == 202

    def queued(part, names):
        return Queue(names[part], connection=redis).job_ids

    def jobs(part, numbers):
        return [job_id(part, engine_version(part, settings), f"arxiv:2401.0000{i}") for i in numbers]

    # The single paper's jobs are on the readers' queues; the page's on the listing queues, top
    # first, after the one job that asks arXiv about the whole page.
    assert len(queued("summary", QUEUE_NAMES)) == 1
    [records, *summaries] = queued("summary", LISTING_QUEUE_NAMES)
    assert records.startswith("listing-records-") and summaries == jobs("summary", [0, 1, 2, 3])
    assert queued("related", LISTING_QUEUE_NAMES) == jobs("related", [0, 1, 2, 3])
    # The reader opens the third paper: its waiting work moves to the front, nothing runs twice.
    assert client.post("/api/v1/papers", json=page[2]).status_code == 202
    assert queued("summary", LISTING_QUEUE_NAMES) == [*jobs("summary", [2]), records, *jobs("summary", [0, 1, 3])]
    assert queued("related", LISTING_QUEUE_NAMES) == jobs("related", [2, 0, 1, 3])


def test_a_full_page_may_be_larger_than_one_paper_s_body_limit_but_not_without_bound(settings, redis):
    client = create_app(settings.replace(max_request_bytes=64 * 1024, batch_bytes_per_paper=8 * 1024)).test_client()
    abstract = "We study listing pages. " * 200  # 4,800 characters, as a long real abstract
    page = {"papers": [{"url": f"https://arxiv.org/abs/2402.{i:05d}", "title": f"Paper {i}", "abstract": abstract}
                       for i in range(100)]}
    assert client.post("/api/v1/papers/batch", json=page).status_code == 202  # 490 KB > 64 KiB
    page["papers"][0]["abstract"] = "x" * (900 * 1024)
    too_large = client.post("/api/v1/papers/batch", json=page)
    assert too_large.status_code == 413 and "800 KiB" in too_large.get_json()["error"]["message"]
