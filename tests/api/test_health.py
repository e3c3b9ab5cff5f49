import signal
import subprocess
import time

import pytest
from rq import Worker

from server.app import create_app
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until


def test_healthz_touches_nothing(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_says_when_no_worker_listens(settings, tmp_path):
    lonely_redis = RedisServer(tmp_path).start()
    try:
        client = create_app(settings.replace(redis_url=lonely_redis.url)).test_client()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "no worker alive: none has reported in the last 30 s",
                                       "redis": "ok", "workers": 0,
                                       "corpus": {"state": "idle", "papers": 0, "expected": None, "vectors": 0}}
    finally:
        lonely_redis.stop()


def test_readyz_with_a_worker(client, worker):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["workers"] >= 1


def test_readyz_counts_an_idle_worker_and_stops_counting_it_once_killed(settings, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    # A beat a second: the worker is taken for dead after 3 s of silence.
    client = create_app(settings.replace(redis_url=redis_server.url, worker_heartbeat_seconds=1)).test_client()
    worker = start_server_process(["worker"], server_env(REDIS_URL=redis_server.url,
                                                         PAPERGIST_WORKER_HEARTBEAT_SECONDS=1), tmp_path / "worker.log")
    try:
        wait_until(lambda: client.get("/readyz").status_code == 200, timeout=180, message="the worker")
        # Idle, it keeps reporting: RQ's own rhythm would leave it silent for 405 s.
        for _ in range(8):
            response = client.get("/readyz")
            assert (response.status_code, response.get_json()["workers"]) == (200, 1)
            time.sleep(1)

        worker.send_signal(signal.SIGKILL)
        worker.wait()
        response = wait_until(lambda: (r := client.get("/readyz")).status_code == 503 and r, timeout=30,
                              message="/readyz to stop counting the killed worker")
        assert response.get_json() == {"status": "no worker alive: none has reported in the last 3 s",
                                       "redis": "ok", "workers": 0,
                                       # the worker wrote that much as it started: tests' do not harvest
                                       "corpus": {"state": "off", "papers": 0, "expected": None, "vectors": 0}}
        assert Worker.count(connection=redis) == 1  # RQ itself still has it registered
    finally:
        stop_process(worker)
        redis_server.stop()


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/papers", "/api/v1/papers/{paper_id}", "/api/v1/papers/{paper_id}/refresh", "/api/v1/corpus",
            "/healthz", "/readyz"} <= set(spec["paths"])
    assert client.get("/api/docs").status_code == 200


def test_readyz_fails_while_redis_refuses_writes_and_recovers_by_itself(settings, tmp_path):
    # A real full disk: Redis keeps its snapshots on a 1 MiB tmpfs and snapshots every second
    # that has a write. Filled up, the snapshot fails, and with stop-writes-on-bgsave-error (the
    # default) every write, PING too, gets MISCONF. Emptied, Redis's own retry (5 s later)
    # succeeds and writes resume.
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root")
    redis_server = RedisServer(disk, extra_args=("--save", "1 1", "--stop-writes-on-bgsave-error", "yes")).start()
    redis = redis_server.client()
    client = create_app(settings.replace(redis_url=redis_server.url)).test_client()
    worker = start_server_process(["worker"], server_env(REDIS_URL=redis_server.url), tmp_path / "worker.log")
    try:
        wait_until(lambda: client.get("/readyz").status_code == 200, timeout=180, message="the worker")
        _fill(disk / "filler")
        redis.set("a-write", "1")  # the next snapshot is due, and fails
        response = wait_until(lambda: (r := client.get("/readyz")).status_code == 503 and r, timeout=30,
                              message="/readyz to notice that Redis refuses writes")
        body = response.get_json()
        assert body["redis"] == "refusing writes" and body["status"].startswith("Redis refuses writes: MISCONF")
        assert redis.info("persistence")["rdb_last_bgsave_status"] == "err"

        (disk / "filler").unlink()
        response = wait_until(lambda: (r := client.get("/readyz")).status_code == 200 and r, timeout=60,
                              message="/readyz to recover once Redis takes writes again")
        assert response.get_json()["redis"] == "ok" and response.get_json()["workers"] == 1
        assert redis.get("a-write") == b"1"
    finally:
        stop_process(worker)
        redis.config_set("save", "")  # else a failing final snapshot keeps Redis from shutting down
        redis_server.stop()
        subprocess.run(["umount", str(disk)], check=False)


def _fill(path):
    """Write to `path` until the disk is full (ENOSPC, on write or on close)."""
    try:
        with path.open("wb") as filler:
            while True:
                filler.write(b"x" * 4096)
                filler.flush()
    except OSError:
        pass
