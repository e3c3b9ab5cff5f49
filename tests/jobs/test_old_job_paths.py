"""RQ stores a job's function by dotted path: a job queued by the previous release, under the
path its function had then, still runs after an upgrade that moved the function."""
import pytest
from rq import Queue

from server.jobs.queues import QUEUE_NAMES
from tests.support.accounts import new_account
from tests.support.servers import wait_until
from tests.support.topics import NLP, load_corpus

# Functions moved by the layout of release 0.2; each old path is kept for one release.
OLD_PATHS = ["server.jobs.recommendations.recommend_for_list"]


@pytest.mark.parametrize("old_path", OLD_PATHS)
def test_a_job_queued_under_an_old_path_still_runs(client, redis, worker, old_path):
    load_corpus(redis)
    auth = new_account(client)
    seed_id, title, abstract = NLP[0]
    client.put(f"/api/v1/lists/Reading/items/{seed_id}", headers=auth,
               json={"paper": {"url": "https://arxiv.org/abs/1706.03762", "title": title, "abstract": abstract}})
    account_id = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    job = Queue(QUEUE_NAMES["related"], connection=redis).enqueue(old_path, account_id, "Reading", 1)
    wait_until(lambda: job.get_status(refresh=True) in ("finished", "failed"), timeout=60, message="the old job")
    assert job.get_status(refresh=True) == "finished", job.latest_result().exc_string
