"""Wait for a paper's parts to settle, the way the popup polls: through a Flask test client,
or over HTTP against a running service."""
import time

import requests
from rq import Worker

from tests.support.servers import wait_until

SETTLED = {"done", "failed"}


def settled_document(client, paper_id: str, timeout: float = 30) -> dict:
    return wait_until(lambda: _if_settled(client.get(f"/api/v1/papers/{paper_id}").get_json()),
                      timeout=timeout, interval=0.05, message=f"{paper_id} to settle")


def settled_over_http(base: str, paper_id: str, session=requests, timeout: float = 90) -> dict:
    url = f"{base}/api/v1/papers/{paper_id}"
    return wait_until(lambda: _if_settled(session.get(url, timeout=30).json()),
                      timeout=timeout, interval=0.1, message=f"{paper_id} to settle")


def service_ready(base: str, workers: int | None = None) -> bool:
    """/readyz answers 200 (with exactly `workers` workers, when given)."""
    try:
        response = requests.get(f"{base}/readyz", timeout=5)
    except requests.RequestException:
        return False
    return response.status_code == 200 and (workers is None or response.json()["workers"] == workers)


def _if_settled(document: dict) -> dict | None:
    return document if {document["summary"]["status"], document["related"]["status"]} <= SETTLED else None


def finished_jobs(redis, timeout: float = 30) -> dict:
    """{"successful": n, "failed": n} jobs the workers have finished, read once no worker is busy
    and the counts have stopped moving: a worker records a job just after the job wrote its result."""
    def counts():
        workers = Worker.all(connection=redis)
        if any(worker.get_current_job_id() for worker in workers):
            return None
        return {"successful": sum(w.successful_job_count for w in workers),
                "failed": sum(w.failed_job_count for w in workers)}

    def settled():
        first = counts()
        time.sleep(0.5)
        return first if first is not None and counts() == first else None

    return wait_until(settled, timeout=timeout, interval=0.05, message="the workers to go idle")


def imported(client, auth: dict, list_name: str, format_: str, content: str, timeout: float = 120) -> dict:
    """POST an import (202: stored and queued), then poll it the way "My papers" does until the
    worker has finished it; the import's final record."""
    response = client.post(f"/api/v1/lists/{list_name}/import", json={"format": format_, "content": content},
                           headers=auth)
    assert response.status_code == 202, response.get_json()
    return finished_import(client, auth, response.headers["Location"], timeout)


def finished_import(client, auth: dict, location: str, timeout: float = 120) -> dict:
    def finished():
        record = client.get(location, headers=auth).get_json()
        return record if record["status"] in SETTLED else None
    return wait_until(finished, timeout=timeout, interval=0.05, message=f"the import at {location}")


def exported(client, auth: dict, list_name: str, format_: str = "bibtex", timeout: float = 120):
    """GET a list's export; a large list's (202: a job) is polled until done, then its file
    fetched. The response holding the file."""
    response = client.get(f"/api/v1/lists/{list_name}/export?format={format_}", headers=auth)
    if response.status_code != 202:
        return response
    location = response.headers["Location"]

    def finished():
        record = client.get(location, headers=auth).get_json()
        return record if record["status"] in SETTLED else None
    record = wait_until(finished, timeout=timeout, interval=0.05, message=f"the export at {location}")
    assert record["status"] == "done", record
    return client.get(f"{location}/file", headers=auth)
