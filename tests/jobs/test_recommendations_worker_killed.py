"""A recommendation job whose worker was killed mid-job is queued again, as a paper's parts
are (jobs/state.py): before, it showed "running" for ever."""
import os
import signal

from rq import Worker

from server.app import create_app
from tests.support.accounts import new_account
from tests.support.servers import (RedisServer, ReplayServer, server_env, start_server_process, stop_process,
                                   wait_until)
from tests.support.topics import NLP, load_corpus

RECS = "/api/v1/lists/Reading/recommendations"


def test_a_recommendation_job_whose_worker_was_killed_is_run_again(settings, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    # Semantic Scholar hangs for the first asker, so the job is caught mid-flight; then it answers at once.
    scholar = ReplayServer()
    seed_id, title, abstract = NLP[0]
    scholar.route(f"/recommendations/v1/papers/forpaper/arXiv:{seed_id.removeprefix('arxiv:')}",
                  (200, '{"recommendedPapers": []}', 25), (200, '{"recommendedPapers": []}'))
    env = server_env(REDIS_URL=redis_server.url, PAPERGIST_WORKER_HEARTBEAT_SECONDS=1,
                     PAPERGIST_SEMANTIC_SCHOLAR_URL=scholar.url, PAPERGIST_SEMANTIC_SCHOLAR_TIMEOUT_SECONDS=30)
    client = create_app(settings.replace(redis_url=redis_server.url, worker_heartbeat_seconds=1)).test_client()
    load_corpus(redis)
    doomed = start_server_process(["worker", "--name", "doomed"], env, tmp_path / "doomed.log")
    rescuer = None
    try:
        wait_until(lambda: Worker.count(connection=redis) == 1, timeout=180, message="first worker")
        auth = new_account(client)
        client.put(f"/api/v1/lists/Reading/items/{seed_id}", headers=auth,
                   json={"paper": {"url": "https://arxiv.org/abs/1706.03762", "title": title, "abstract": abstract}})
        client.get(RECS, headers=auth)
        wait_until(lambda: client.get(RECS, headers=auth).get_json()["status"] == "running",
                   timeout=30, message="the recommendation job to start")
        os.killpg(doomed.pid, signal.SIGKILL)  # the worker and its work horse, mid-job
        doomed.wait()

        rescuer = start_server_process(["worker", "--name", "rescuer"], env, tmp_path / "rescuer.log")
        result = wait_until(lambda: (lambda answer: answer if answer["status"] == "done" else None)(
            client.get(RECS, headers=auth).get_json()), timeout=120, interval=0.2, message="recommendations")
        assert [item["paper_id"] for item in result["items"]]  # the corpus's other NLP papers
    finally:
        for process in (doomed, rescuer):
            if process:
                stop_process(process)
        scholar.close()
        redis_server.stop()
