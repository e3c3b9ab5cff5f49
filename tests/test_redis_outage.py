"""Redis stopped: the API answers 503 with a clear message, and recovers by itself."""
import requests
from rq import Worker

from server.app import create_app
from tests.support.polling import service_ready, settled_over_http
from tests.support.servers import RedisServer, free_port, server_env, start_server_process, stop_process, wait_until

PAPER = {"url": "https://arxiv.org/abs/2401.01234", "title": "A paper", "abstract": "One. Two."}


def test_redis_outage_gives_503_then_recovers_without_a_restart(settings, tmp_path):
    redis_server = RedisServer(tmp_path, appendonly=True).start()
    client = create_app(settings.replace(redis_url=redis_server.url)).test_client()
    try:
        assert client.post("/api/v1/papers", json=PAPER).status_code == 202

        redis_server.stop()
        for request in (lambda: client.get("/api/v1/papers/arxiv:2401.01234"),
                        lambda: client.post("/api/v1/papers", json=PAPER),
                        lambda: client.get("/readyz")):
            response = request()
            assert response.status_code == 503
            error = response.get_json()["error"]
            assert error["code"] == "redis_unavailable"
            assert "Redis" in error["message"] and "try again" in error["message"]
            assert response.headers["Retry-After"] == "5"
        assert client.get("/healthz").status_code == 200

        redis_server.start()
        response = client.get("/api/v1/papers/arxiv:2401.01234")
        assert response.status_code == 200
        assert response.get_json()["paper"]["title"] == "A paper"
    finally:
        redis_server.stop()


def test_web_and_workers_ride_out_a_redis_restart_and_nothing_saved_is_lost(tmp_path):
    redis_server = RedisServer(tmp_path / "redis", appendonly=True).start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(REDIS_URL=redis_server.url, PORT=port)
    processes = [start_server_process(["worker"], env, tmp_path / "worker.log"),
                 start_server_process(["web"], env, tmp_path / "web.log")]
    try:
        wait_until(lambda: service_ready(base), timeout=180, message="the service")
        first = _submit_and_wait(base, {**PAPER, "url": "https://arxiv.org/abs/2401.00001"})
        assert first["summary"]["status"] == first["related"]["status"] == "done"
        # RQ's worker quits if Redis goes while it is still writing down the job it just did
        # (under `run` the supervisor restarts it; tests/test_supervisor.py): stop it when idle.
        wait_until(lambda: _workers_idle(redis_server), message="the worker to be idle")

        redis_server.stop()
        # Whatever needs Redis says so. (A complete document that a web process served a moment
        # ago may still come from its memory for document_memory_seconds: api/document_cache.py.)
        for response in (_request("GET", f"{base}/api/v1/papers/arxiv:2401.99999"),
                         _request("POST", f"{base}/api/v1/papers", json={**PAPER, "url": "https://arxiv.org/abs/2401.00003"})):
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "redis_unavailable"

        redis_server.start()  # same port, same append-only file
        assert _request("GET", f"{base}/api/v1/papers/arxiv:2401.00001").json() == first
        second = _submit_and_wait(base, {**PAPER, "url": "https://arxiv.org/abs/2401.00002"})
        assert second["summary"]["status"] == "done"
        assert all(process.poll() is None for process in processes)
    finally:
        for process in processes:
            stop_process(process)
        redis_server.stop()


def _workers_idle(redis_server) -> bool:
    workers = Worker.all(connection=redis_server.client())
    return bool(workers) and all(worker.get_state() == "idle" for worker in workers)


def _request(method, url, **options):
    try:
        return requests.request(method, url, timeout=30, **options)
    except requests.RequestException as error:
        raise AssertionError(f"{url} did not answer: {error}") from error


def _submit_and_wait(base, paper):
    paper_id = requests.post(f"{base}/api/v1/papers", json=paper, timeout=10).json()["paper_id"]
    return settled_over_http(base, paper_id)
