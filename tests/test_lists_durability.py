"""Nothing a user saved is lost when the embedded Redis is killed outright: every saved item
is back after `python -m server run` restarts on the same DATA_DIR."""
import signal

import psutil
import requests

from tests.support.servers import (free_port, is_redis_process, server_env, start_server_process, stop_process,
                                   wait_until)

SAVES = 30


def test_saved_items_survive_a_sigkilled_redis_and_a_restart(tmp_path):
    data_dir, port = tmp_path / "var", free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(PORT=port, DATA_DIR=data_dir)
    first = start_server_process(["run"], env, tmp_path / "first.log")
    try:
        _wait_ready(base, tmp_path / "first.log")
        token = requests.post(f"{base}/api/v1/accounts", timeout=5).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        for n in range(SAVES):
            response = requests.put(f"{base}/api/v1/lists/Thesis/items/arxiv:2401.{n:05d}", headers=auth,
                                    json={"tags": ["chapter-2"], "note": f"note {n}"}, timeout=5)
            assert response.status_code == 201
        # Killed right after the last answer, with no time for a background fsync or a rewrite.
        redis_process = next(c for c in psutil.Process(first.pid).children(recursive=True)
                             if is_redis_process(c.cmdline()))
        redis_process.send_signal(signal.SIGKILL)
        redis_process.wait(10)
    finally:
        stop_process(first)

    second = start_server_process(["run"], env, tmp_path / "second.log")
    try:
        _wait_ready(base, tmp_path / "second.log")
        page = requests.get(f"{base}/api/v1/lists/Thesis/items?per_page=100", headers=auth, timeout=5).json()
        assert page["total"] == SAVES
        assert {item["paper_id"] for item in page["items"]} == {f"arxiv:2401.{n:05d}" for n in range(SAVES)}
        assert all(item["tags"] == ["chapter-2"] for item in page["items"])
        last = requests.get(f"{base}/api/v1/saved/arxiv:2401.{SAVES - 1:05d}", headers=auth, timeout=5).json()
        assert last["lists"] == ["Thesis"]
    finally:
        stop_process(second)


def _wait_ready(base, log):
    def ready():
        try:
            return requests.get(f"{base}/readyz", timeout=5).status_code == 200
        except requests.RequestException:
            return False
    wait_until(ready, timeout=90, message=f"the service (log: {log})")
