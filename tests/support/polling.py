"""Wait for a paper's parts to settle, the way the popup polls."""
from tests.support.servers import wait_until

SETTLED = {"done", "failed"}


def settled_document(client, paper_id: str, timeout: float = 30) -> dict:
    def settled():
        document = client.get(f"/api/v1/papers/{paper_id}").get_json()
        return document if {document["summary"]["status"], document["related"]["status"]} <= SETTLED else None

    return wait_until(settled, timeout=timeout, interval=0.05, message=f"{paper_id} to settle")
