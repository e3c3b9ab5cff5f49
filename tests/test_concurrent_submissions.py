"""1,000 submissions of 200 distinct papers from 20 concurrent clients, through the real web
process (gunicorn) and two real workers: each paper computed once, every client gets its result,
no job lost or stuck."""
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import finished_jobs, service_ready, settled_over_http
from tests.support.registries import ARXIV_PATH, route_arxiv
from tests.support.servers import (RedisServer, ReplayServer, free_port, server_env, start_server_process,
                                   stop_process, wait_until)

PAPERS, REPEATS, CLIENTS = 200, 5, 20


# 400 jobs on two workers: minutes on a loaded 2-core machine, so more than the default timeout.
@pytest.mark.timeout(900)
def test_many_clients_many_duplicates_each_paper_computed_once(tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    papers = arxiv_papers(PAPERS)
    arxiv = ReplayServer()  # arXiv's API, which verifies each paper once, inside its first job
    for paper in papers:
        route_arxiv(arxiv, submission(paper))
    env = server_env(REDIS_URL=redis_server.url, PORT=port, PAPERGIST_ARXIV_API_URL=arxiv.url + ARXIV_PATH)
    processes = [start_server_process(["worker"], env, tmp_path / f"worker{i}.log") for i in range(2)]
    processes.append(start_server_process(["web"], env, tmp_path / "web.log"))
    try:
        wait_until(lambda: service_ready(base, workers=2), timeout=180, message="web and workers")
        asks = [paper for paper in papers for _ in range(REPEATS)]
        random.Random(7).shuffle(asks)
        with ThreadPoolExecutor(CLIENTS) as pool:
            documents = list(pool.map(lambda paper: _submit_and_wait(base, paper), asks))

        assert len(documents) == PAPERS * REPEATS
        assert all(d["summary"]["status"] == d["related"]["status"] == "done" for d in documents)
        tldrs = {}
        for document in documents:
            tldrs.setdefault(document["paper_id"], set()).add(document["summary"]["tldr"])
        assert len(tldrs) == PAPERS and all(len(answers) == 1 for answers in tldrs.values())
        assert finished_jobs(redis) == {"successful": PAPERS * 2, "failed": 0}
    finally:
        for process in processes:
            stop_process(process)
        redis_server.stop()
        arxiv.close()


def _submit_and_wait(base: str, paper: dict) -> dict:
    with requests.Session() as session:
        document = session.post(f"{base}/api/v1/papers", json=submission(paper), timeout=30).json()
        return settled_over_http(base, document["paper_id"], session, timeout=120)
