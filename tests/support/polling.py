"""Wait for a paper's parts to settle, the way the popup polls: through a Flask test client,
or over HTTP against a running service."""
import requests

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
