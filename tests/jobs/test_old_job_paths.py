"""RQ stores a job's function by dotted path: a job queued by the previous release, under the
path its function had then, still runs after an upgrade that moved the function (the old
modules re-export it for one release: server/jobs/tasks.py, server/jobs/recommendations.py)."""
from rq import Queue

from server.jobs.queues import QUEUE_NAMES
from tests.support.accounts import new_account
from tests.support.servers import wait_until
from tests.support.topics import NLP, load_corpus

PAPER = {"url": "https://arxiv.org/abs/2401.04321", "title": "Sparse attention for long documents",
         "abstract": "We propose sparse attention for long documents. It halves the memory of a transformer."}


def run_to_the_end(job):
    wait_until(lambda: job.get_status(refresh=True) in ("finished", "failed"), timeout=60, message=job.func_name)
    assert job.get_status(refresh=True) == "finished", job.latest_result().exc_string


def test_paper_parts_queued_under_their_old_paths_still_run(client, redis, worker):
    client.post("/api/v1/papers", json=PAPER)
    for part, old_path in (("summary", "server.jobs.tasks.summarize_paper"), ("related", "server.jobs.tasks.relate_paper")):
        run_to_the_end(Queue(QUEUE_NAMES[part], connection=redis).enqueue(old_path, "arxiv:2401.04321"))


def test_a_recommendation_job_queued_under_its_old_path_still_runs(client, redis, worker):
    load_corpus(redis)
    auth = new_account(client)
    seed_id, title, abstract = NLP[0]
    client.put(f"/api/v1/lists/Reading/items/{seed_id}", headers=auth,
               json={"paper": {"url": "https://arxiv.org/abs/1706.03762", "title": title, "abstract": abstract}})
    account_id = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    run_to_the_end(Queue(QUEUE_NAMES["related"], connection=redis).enqueue(
        "server.jobs.recommendations.recommend_for_list", account_id, "Reading", 1))
