"""A related list is computed again when the corpus it came from is stale (it has doubled, or a
bootstrap finished since), or when a reader asks (POST .../refresh); the old list shows meanwhile.
Through the app, a real Redis and the session's real worker (which does not harvest)."""
from rq import Queue

from server import related
from server.papers import store
from server.app import create_app
from server.corpus import bootstrap as corpus_jobs
from server.corpus import store as corpus
from tests.support.polling import finished_jobs, settled_document
from tests.support.registries import route_arxiv
from tests.support.servers import wait_until
from tests.support.topics import BIO, NLP, papers

PAPER_ID = "arxiv:2401.05555"
QUERY = {"url": "https://arxiv.org/abs/2401.05555", "title": "Transformer language models for machine translation",
         "abstract": "We pre-train a transformer language model with attention and fine-tune it for machine "
                     "translation between languages, improving over recurrent translation models."}
LATE = {"paper_id": "arxiv:2401.06666", "title": "Attention transformers for low-resource machine translation",
        "abstract": "Transformer attention models and language model pre-training for machine translation "
                    "of low-resource languages.", "url": "https://arxiv.org/abs/2401.06666"}


def _client(settings):
    # Without the in-process window of a complete document, what a poll shows is what Redis says.
    return create_app(settings.replace(document_memory_seconds=0)).test_client()


def _ids(related_part):
    return [item["paper_id"] for item in related_part["items"]]


def _filler(count: int) -> list[dict]:
    """Papers on subjects of their own, to grow the corpus by a page's worth."""
    subjects = ["glacier melt", "coral reefs", "tax policy", "medieval poetry", "soil bacteria", "bridge design"]
    return [{"paper_id": f"doi:10.5555/filler.{n}", "title": f"{subjects[n % 6].capitalize()}, study {n}",
             "abstract": f"Field measurements of {subjects[n % 6]} at site {n}.", "url": f"https://example.org/{n}"}
            for n in range(count)]


def test_a_list_is_computed_again_once_the_corpus_has_doubled_and_grown_by_a_page(settings, redis, worker, arxiv_api):
    client = _client(settings)
    route_arxiv(arxiv_api, QUERY)  # verified by arXiv, the paper joins the corpus itself
    related.add_to_corpus(redis, papers(NLP[:1]), embed=False)
    client.post("/api/v1/papers", json=QUERY)
    first = settled_document(client, PAPER_ID)["related"]
    assert first["corpus"]["papers"] == 2 and first["corpus"]["state"] == "ready"
    assert _ids(first) == ["arxiv:1706.03762"]
    client.get(f"/api/v1/papers/{PAPER_ID}")
    assert store.get_rendered_document(redis, PAPER_ID)[0]  # kept rendered, as any complete document

    # Twice the 2 papers it was made from is not enough: a few more submissions change little.
    related.add_to_corpus(redis, papers(NLP[1:3]), embed=False)
    jobs = finished_jobs(redis)
    assert client.get(f"/api/v1/papers/{PAPER_ID}").get_json()["related"] == first
    assert finished_jobs(redis) == jobs

    related.add_to_corpus(redis, _filler(corpus.GROWTH_FLOOR), embed=False)  # 1,004 papers
    polled = client.get(f"/api/v1/papers/{PAPER_ID}").get_json()["related"]
    assert polled["status"] in ("queued", "running")  # not the rendered copy of the old list
    assert _ids(polled) == _ids(first)  # shown until the new list is in
    again = settled_document(client, PAPER_ID)["related"]
    assert again["corpus"]["papers"] == 4 + corpus.GROWTH_FLOOR
    assert {"arxiv:1810.04805", "arxiv:2005.14165"} <= set(_ids(again)[:3])  # on-topic papers that joined since
    assert client.get(f"/api/v1/papers/{PAPER_ID}").get_json()["related"] == again


def test_a_reader_asks_for_a_fresh_list_and_sees_the_old_one_until_it_is_in(settings, redis, worker, arxiv_api):
    client = _client(settings)
    route_arxiv(arxiv_api, QUERY)
    related.add_to_corpus(redis, papers(NLP + BIO), embed=False)
    client.post("/api/v1/papers", json=QUERY)
    before = settled_document(client, PAPER_ID)["related"]
    assert LATE["paper_id"] not in _ids(before)
    related.add_to_corpus(redis, [LATE], embed=False)
    assert client.get(f"/api/v1/papers/{PAPER_ID}").get_json()["related"] == before  # 11 of 10: not stale

    response = client.post(f"/api/v1/papers/{PAPER_ID}/refresh", json={"parts": ["related"]})
    assert response.status_code == 202
    document = response.get_json()
    assert document["related"]["status"] in ("queued", "running") and _ids(document["related"]) == _ids(before)
    assert document["summary"]["status"] == "done"  # not asked for
    after = settled_document(client, PAPER_ID)["related"]
    assert LATE["paper_id"] in _ids(after)
    assert after["corpus"]["papers"] == 11

    # The default part is related; nothing else is accepted.
    assert client.post(f"/api/v1/papers/{PAPER_ID}/refresh").status_code == 202
    bad = client.post(f"/api/v1/papers/{PAPER_ID}/refresh", json={"parts": ["abstract"]})
    assert bad.status_code == 422 and "parts" in bad.get_json()["error"]["details"]
    assert client.post(f"/api/v1/papers/{PAPER_ID}/refresh", json={"parts": []}).status_code == 422
    assert client.post(f"/api/v1/papers/{PAPER_ID}/refresh", json={"parts": "related"}).status_code == 422
    assert client.post(f"/api/v1/papers/{PAPER_ID}/refresh", json={"now": True}).status_code == 422
    assert client.post("/api/v1/papers/arxiv:2401.09999/refresh", json={}).status_code == 404
    settled_document(client, PAPER_ID)


def test_refresh_is_rate_limited_like_the_other_paper_routes(settings, redis):
    client = create_app(settings.replace(rate_limit="2/minute")).test_client()
    answers = [client.post("/api/v1/papers/arxiv:2401.09999/refresh", json={}).status_code for _ in range(3)]
    assert answers == [404, 404, 429]


def test_a_finished_bootstrap_makes_earlier_lists_stale(settings, redis, worker):
    client = _client(settings)
    related.add_to_corpus(redis, papers(NLP), embed=False)
    client.post("/api/v1/papers", json=QUERY)
    before = settled_document(client, PAPER_ID)["related"]
    client.get(f"/api/v1/papers/{PAPER_ID}")
    redis.hincrby(corpus.STATUS_KEY, "generation", 1)  # what the last job of a bootstrap does
    assert client.get(f"/api/v1/papers/{PAPER_ID}").get_json()["related"]["status"] in ("queued", "running")
    assert settled_document(client, PAPER_ID)["related"]["items"] == before["items"]


def test_with_harvesting_off_the_corpus_check_leaves_the_corpus_alone(client, redis, worker, arxiv_oai):
    job = Queue(corpus_jobs.HARVEST_QUEUE, connection=redis).enqueue(corpus_jobs.tick)
    wait_until(lambda: job.get_status(refresh=True) == "finished", message="the corpus check")
    assert job.latest_result().return_value == "harvesting is off (PAPERGIST_HARVEST=off)"
    assert corpus.size(redis) == 0
    assert not [query for _, query in arxiv_oai.requests if query.get("verb") == "ListRecords"]
    state = client.get("/api/v1/corpus").get_json()
    assert (state["state"], state["related"], state["papers"]) == ("off", "off", 0)
