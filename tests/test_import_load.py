"""Issue #14's attack: four maximal list imports at once from one address, against the real
service (`python -m server run`: gunicorn's four web processes, a reader's worker and the list
worker). The web processes only store the uploads, so `/healthz` and a cached paper keep
answering, and a reader's paper is still computed, while the list worker reads the files.

The figures are printed (pytest -s); the asserts leave generous slack over the 100 ms goal,
since this machine is shared: docs/benchmarks.md has the measured figure and its command.
"""
import json

import requests

from server.config import Settings
from server.offline.import_load import describe, latex_heavy_bibtex, run_imports
from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import service_ready, settled_over_http
from tests.support.servers import free_port, server_env, start_server_process, stop_process, wait_until

IMPORTS = 4


def test_four_maximal_imports_leave_health_checks_and_cached_papers_answering(tmp_path):
    settings = Settings()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(PORT=port, DATA_DIR=tmp_path / "data")
    log = tmp_path / "run.log"
    service = start_server_process(["run"], env, log)
    try:
        wait_until(lambda: service_ready(base, workers=2), timeout=240, message=f"the service (log: {log})")
        cached, fresh = arxiv_papers(2, skip=700)
        assert requests.post(f"{base}/api/v1/papers", json=submission(cached), timeout=10).status_code == 202
        paper_id = settled_over_http(base, f"arxiv:{cached['id']}")["paper_id"]
        tokens = [requests.post(f"{base}/api/v1/accounts", timeout=10).json()["token"] for _ in range(IMPORTS)]

        # The largest body the route accepts: 10,000 LaTeX-heavy entries, each with its share of it.
        content = latex_heavy_bibtex(settings.list_max_items, settings.max_import_bytes)
        body = json.dumps({"format": "bibtex", "content": content}).encode()
        assert 0.97 * settings.max_import_bytes < len(body) <= settings.max_import_bytes
        # A reader's paper submitted as the uploads start is computed meanwhile (its worker takes no list job).
        assert requests.post(f"{base}/api/v1/papers", json=submission(fresh), timeout=10).status_code == 202
        result = run_imports(base, tokens, body, f"/api/v1/papers/{paper_id}", settle_seconds=10)

        busy = sum(retries for _, _, _, retries in result["posts"])
        print(f"\n{IMPORTS} imports of {len(body) / 2**20:.1f} MiB ({settings.list_max_items} LaTeX-heavy "
              f"BibTeX entries) at once; {busy} POSTs answered 503 (busy) first; POSTs took "
              + ", ".join(f"{s:.2f} s" for s in result["post_seconds"]))
        print(describe("GET /healthz", result["healthz"]))
        print(describe("GET a cached paper", result["paper"]))
        assert [status for status, _, _, _ in result["posts"]] == [202] * IMPORTS, result["posts"]
        assert not result["probe_failures"], result["probe_failures"][:5]
        # Generous slack over the 100 ms goal on a shared 2-core machine; before, these waited 60 s and more.
        for name in ("healthz", "paper"):
            assert result[name]["p50"] < 0.1, result[name]
            assert result[name]["max"] < 2.0, result[name]

        statuses = []
        for token, (_, record, _, _) in zip(tokens, result["posts"]):
            record = requests.get(f"{base}/api/v1/lists/Imported/imports/{record['id']}", timeout=10,
                                  headers={"Authorization": f"Bearer {token}"}).json()
            statuses.append(record["status"])
        assert statuses.count("running") == 1 and statuses.count("queued") == IMPORTS - 1, statuses
        document = settled_over_http(base, f"arxiv:{fresh['id']}", timeout=120)
        assert document["summary"]["status"] == document["related"]["status"] == "done"
    finally:
        stop_process(service, timeout=30)
