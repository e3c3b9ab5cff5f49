"""A list worker killed with SIGKILL in the middle of an import: the next look at the import
queues it again, another worker goes on from the last batch it recorded, and every entry ends
up saved once."""
import json
import os
import signal

from rq import Worker

from server.app import create_app
from tests.support.accounts import new_account
from tests.support.corpus import arxiv_papers
from tests.support.polling import finished_import
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until


def test_an_import_whose_worker_was_killed_goes_on_and_loses_nothing(settings, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    env = server_env(REDIS_URL=redis_server.url, PAPERGIST_WORKER_HEARTBEAT_SECONDS=1)
    client = create_app(settings.replace(redis_url=redis_server.url, worker_heartbeat_seconds=1)).test_client()
    doomed = start_server_process(["worker", "--queues", "lists", "--name", "doomed"], env, tmp_path / "doomed.log")
    rescuer = None
    try:
        wait_until(lambda: Worker.count(connection=redis) == 1, timeout=120, message="the list worker")
        auth = new_account(client)
        papers = arxiv_papers(settings.list_max_items)
        content = json.dumps([{"paper_id": f"arxiv:{paper['id']}", "note": "n" * 40, "tags": ["t"],
                               "paper": {"title": paper["title"], "abstract": paper["abstract"]}}
                              for paper in papers])
        response = client.post("/api/v1/lists/Moved/import?format=json", data=content, headers=auth,
                               content_type="application/json")
        assert response.status_code == 202
        location = response.headers["Location"]

        def saving():
            record = client.get(location, headers=auth).get_json()
            return record if record["phase"] == "saving" and record["processed"] >= 1000 else None
        caught = wait_until(saving, timeout=120, interval=0.01, message="the import to be saving")
        os.killpg(doomed.pid, signal.SIGKILL)  # the worker and its work horse, mid-import
        doomed.wait()
        assert caught["processed"] < len(papers), "the import finished before the worker could be killed"

        rescuer = start_server_process(["worker", "--queues", "lists", "--name", "rescuer"], env,
                                       tmp_path / "rescuer.log")
        record = finished_import(client, auth, location, timeout=120)
        assert record["status"] == "done" and record["errors"] == [] and record["processed"] == len(papers)
        # Every entry saved once; a batch the killed worker saved without recording it counts as updated.
        assert record["imported"] + record["updated"] == len(papers) and record["updated"] <= 500
        assert record["imported"] >= caught["imported"]
        counts = {entry["name"]: entry["count"] for entry in client.get("/api/v1/lists", headers=auth).get_json()["lists"]}
        assert counts["Moved"] == len(papers)
    finally:
        for process in (doomed, rescuer):
            if process:
                stop_process(process)
        redis_server.stop()
