"""The deployment for users who outgrow one machine: several web processes behind a load balancer
and workers elsewhere, all sharing one Redis. Any web process answers for any paper, and a
client's ETag from one is honoured by another."""
import requests

from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import service_ready, settled_over_http
from tests.support.servers import RedisServer, free_port, server_env, start_server_process, stop_process, wait_until


def test_two_web_processes_and_two_workers_share_one_redis(tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    ports = [free_port(), free_port()]
    web_a, web_b = (f"http://127.0.0.1:{port}" for port in ports)
    processes = [start_server_process(["worker"], server_env(REDIS_URL=redis_server.url), tmp_path / f"worker{i}.log")
                 for i in range(2)]
    processes += [start_server_process(["web"], server_env(REDIS_URL=redis_server.url, PORT=port), tmp_path / f"web{port}.log")
                  for port in ports]
    try:
        for base in (web_a, web_b):
            wait_until(lambda: service_ready(base, workers=2), timeout=180, message=f"{base}")
        papers = arxiv_papers(6, skip=900)
        for index, paper in enumerate(papers):  # round-robin, as a load balancer would
            base = (web_a, web_b)[index % 2]
            assert requests.post(f"{base}/api/v1/papers", json=submission(paper), timeout=10).status_code == 202
        for index, paper in enumerate(papers):
            other = (web_b, web_a)[index % 2]
            document = settled_over_http(other, f"arxiv:{paper['id']}")
            assert document["summary"]["status"] == document["related"]["status"] == "done"

        url = f"/api/v1/papers/arxiv:{papers[0]['id']}"
        etag = requests.get(web_a + url, timeout=10).headers["ETag"]
        assert requests.get(web_b + url, headers={"If-None-Match": etag}, timeout=10).status_code == 304
    finally:
        for process in processes:
            stop_process(process)
        redis_server.stop()
