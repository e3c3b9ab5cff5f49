from server.app import create_app
from tests.support.servers import RedisServer


def test_healthz_touches_nothing(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_says_when_no_worker_listens(settings, tmp_path):
    lonely_redis = RedisServer(tmp_path).start()
    try:
        client = create_app(settings.replace(redis_url=lonely_redis.url)).test_client()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "no worker is running", "redis": "ok", "workers": 0}
    finally:
        lonely_redis.stop()


def test_readyz_with_a_worker(client, worker):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["workers"] >= 1


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/papers", "/api/v1/papers/{paper_id}", "/healthz", "/readyz"} <= set(spec["paths"])
    assert client.get("/api/docs").status_code == 200
