"""A worker killed with SIGKILL in the middle of a job: the job is noticed and run again."""
import os
import signal
from pathlib import Path

from rq import Worker

from server.app import create_app
from tests.support.polling import settled_document
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until

SLOW_ARXIV = "2404.00001"


def test_a_job_whose_worker_was_killed_is_run_again(settings, arxiv_api, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    env = server_env(REDIS_URL=redis_server.url, PAPERGIST_ARXIV_API_URL=settings.arxiv_api_url,
                     PAPERGIST_UPSTREAM_TIMEOUT_SECONDS=30, PAPERGIST_WORKER_HEARTBEAT_SECONDS=1)
    client = create_app(settings.replace(redis_url=redis_server.url, worker_heartbeat_seconds=1)).test_client()
    # arXiv hangs for the first asker: the job is caught mid-flight.
    fixture = (Path(__file__).parent / "fixtures" / "arxiv" / "1706.03762.xml").read_bytes()
    arxiv_api.route("/api/query", (200, fixture, 25), (200, fixture), when={"id_list": SLOW_ARXIV})
    doomed = start_server_process(["worker", "--name", "doomed"], env, tmp_path / "doomed.log")
    rescuer = None
    try:
        wait_until(lambda: Worker.count(connection=redis) == 1, timeout=180, message="first worker")
        client.post("/api/v1/papers", json={"url": f"https://arxiv.org/abs/{SLOW_ARXIV}"})
        wait_until(lambda: client.get(f"/api/v1/papers/arxiv:{SLOW_ARXIV}").get_json()["summary"]["status"] == "running",
                   timeout=30, message="the job to start")
        os.killpg(doomed.pid, signal.SIGKILL)  # the worker and its work horse, mid-job
        doomed.wait()

        rescuer = start_server_process(["worker", "--name", "rescuer"], env, tmp_path / "rescuer.log")
        document = settled_document(client, f"arxiv:{SLOW_ARXIV}", timeout=60)
        assert document["summary"]["status"] == "done"
        assert document["related"]["status"] == "done"
        assert document["paper"]["title"] == "Attention Is All You Need"
    finally:
        for process in (doomed, rescuer):
            if process:
                stop_process(process)
        redis_server.stop()
