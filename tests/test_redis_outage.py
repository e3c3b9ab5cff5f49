"""Redis stopped: the API answers 503 with a clear message, and recovers by itself."""
from server.app import create_app
from tests.support.servers import RedisServer

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
