"""Three workers sharing one Redis work through a backlog together, and what they produce is
exactly what a single worker produces."""
from rq import Worker

from server import related
from server.app import create_app
from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import settled_document
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until

BACKLOG = 30


def test_three_workers_give_the_same_results_as_one(settings, tmp_path):
    papers = arxiv_papers(BACKLOG, skip=500)
    one = _process_backlog(settings, tmp_path / "one", papers, workers=1)
    three = _process_backlog(settings, tmp_path / "three", papers, workers=3)
    assert one.keys() == three.keys() and len(one) == BACKLOG
    for paper_id in one:
        assert three[paper_id] == one[paper_id], paper_id


def _process_backlog(settings, tmp_path, papers, workers: int) -> dict:
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    client = create_app(settings.replace(redis_url=redis_server.url)).test_client()
    processes = []
    try:
        # The corpus, vectors included, is complete before any job runs, so no result can
        # depend on which worker ran which job first.
        related.add_to_corpus(redis, [_corpus_entry(paper) for paper in papers], embed=True)
        for paper in papers:
            assert client.post("/api/v1/papers", json=submission(paper)).status_code == 202
        env = server_env(REDIS_URL=redis_server.url)
        processes = [start_server_process(["worker"], env, tmp_path / f"worker{i}.log") for i in range(workers)]
        wait_until(lambda: Worker.count(connection=redis) == workers, timeout=180, message="workers")
        results = {}
        for paper in papers:
            document = settled_document(client, f"arxiv:{paper['id']}", timeout=120)
            results[document["paper_id"]] = {"summary": document["summary"], "related": document["related"]}
        busy = [w.name for w in Worker.all(connection=redis) if w.successful_job_count]
        assert len(busy) == workers  # every worker took part
        return results
    finally:
        for process in processes:
            stop_process(process)
        redis_server.stop()


def _corpus_entry(paper: dict) -> dict:
    return {"paper_id": f"arxiv:{paper['id']}", "title": paper["title"], "abstract": paper["abstract"],
            "url": f"https://arxiv.org/abs/{paper['id']}"}
