"""A worker whose corpus is past the exact-search limit builds its HNSW graph (faiss, OpenMP)
before RQ forks, and its jobs must still embed (torch, OpenMP) in the forked work horse.

An OpenMP thread pool started in the parent does not survive fork(): the horse's first parallel
torch operation would wait forever on threads that are gone. At 74,728 papers this hung every
related job until its timeout (bench service, 2026-11-28)."""
from rq import Worker

from server import related
from server.related import dense
from server.corpus import store as corpus
from server.offline.related_benchmark import unit_rows
from server.app import create_app
from server.corpus.records import to_paper
from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import settled_document
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until

CORPUS = 3000
EXACT_LIMIT = 1000  # the worker's warm-up passes it, so HNSW is built in the parent


def test_a_worker_that_built_hnsw_before_forking_still_embeds_in_its_jobs(settings, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    papers = arxiv_papers(CORPUS + 1)
    corpus_papers = [to_paper(p, "corpus", n) for n, p in enumerate(papers[:CORPUS])]
    related.add_to_corpus(redis, corpus_papers, embed=False)
    # Random unit vectors stand in for an embedding of the corpus: only the graph's build matters here.
    vectors = unit_rows(CORPUS, dense.DIM, seed=3)
    corpus.add_vectors(redis, dense.MODEL_NAME, [p["paper_id"] for p in corpus_papers], vectors)
    env = server_env(REDIS_URL=redis_server.url, PAPERGIST_RELATED_EXACT_LIMIT=EXACT_LIMIT)
    worker = start_server_process(["worker"], env, tmp_path / "worker.log")
    try:
        wait_until(lambda: Worker.count(connection=redis) == 1, timeout=180, message="the worker")
        client = create_app(settings.replace(redis_url=redis_server.url, related_exact_limit=EXACT_LIMIT)).test_client()
        new_paper = papers[CORPUS]
        client.post("/api/v1/papers", json=submission(new_paper))
        document = settled_document(client, f"arxiv:{new_paper['id']}", timeout=60)
        assert document["related"]["status"] == "done", document["related"]
        # Random corpus vectors make every paper unrelated by the citation-trained bands, so the
        # list may end at once; what matters is that the job embedded and searched in the horse.
        assert len(document["related"]["items"]) <= settings.related_limit
        assert "search: HNSW" in (tmp_path / "worker.log").read_text()  # built before the fork
    finally:
        stop_process(worker)
        redis_server.stop()
