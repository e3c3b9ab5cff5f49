"""Rate limits per address and per token, counted in Redis, answered with 429 and Retry-After."""
from server.app import create_app
from tests.support.accounts import new_account
from tests.support.polling import settled_document
from tests.support.servers import RedisServer


def _client(settings, **limits):
    return create_app(settings.replace(**limits)).test_client()


def test_an_address_over_its_limit_gets_429_with_retry_after(settings, redis):
    client = _client(settings, rate_limit="3/minute")
    for _ in range(3):
        assert client.get("/api/v1/papers/arxiv:2401.99999").status_code == 404
    limited = client.get("/api/v1/papers/arxiv:2401.99999")
    assert limited.status_code == 429
    error = limited.get_json()["error"]
    assert error["code"] == "rate_limited" and "3 per 1 minute" in error["message"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-Content-Type-Options"] == "nosniff"

    elsewhere = client.get("/api/v1/papers/arxiv:2401.99999", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert elsewhere.status_code == 404  # another address has its own budget
    assert client.get("/healthz").status_code == 200  # load balancers are never limited
    assert list(redis.scan_iter("papergist:v1:limits*"))  # counted in the shared Redis


def test_polls_answered_from_process_memory_are_not_counted(settings, redis, client, worker):
    client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need",
                                        "abstract": "We propose the Transformer, based solely on attention mechanisms."})
    settled_document(client, "arxiv:1706.03762")
    limited = _client(settings, rate_limit="2/minute", document_memory_seconds=60)
    # The first read comes from Redis and counts; then the process holds the complete document.
    assert [limited.get("/api/v1/papers/arxiv:1706.03762").status_code for _ in range(10)] == [200] * 10
    assert limited.get("/api/v1/papers/arxiv:2401.99999").status_code == 404  # reads Redis: counted
    assert limited.get("/api/v1/papers/arxiv:2401.99999").status_code == 429


def test_a_token_over_its_limit_gets_429_while_other_tokens_go_on(settings, redis):
    client = _client(settings, token_rate_limit="2/minute")
    alice = new_account(client)
    bob = new_account(client)
    assert [client.get("/api/v1/lists", headers=alice).status_code for _ in range(3)] == [200, 200, 429]
    # The same token from another address is still the same budget.
    moved = client.get("/api/v1/lists", headers=alice, environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert moved.status_code == 429
    assert client.get("/api/v1/lists", headers=bob).status_code == 200


def test_account_creation_has_its_own_tighter_limit(settings, redis):
    client = _client(settings, account_rate_limit="2/hour")
    assert [client.post("/api/v1/accounts").status_code for _ in range(3)] == [201, 201, 429]
    assert client.get("/api/v1/papers/arxiv:2401.99999").status_code == 404


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(settings, redis):
    client = _client(settings, rate_limit="1/minute", trusted_proxies=1)
    first = {"X-Forwarded-For": "203.0.113.1"}
    assert client.get("/api/v1/papers/arxiv:2401.99999", headers=first).status_code == 404
    assert client.get("/api/v1/papers/arxiv:2401.99999", headers=first).status_code == 429
    assert client.get("/api/v1/papers/arxiv:2401.99999",
                      headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 404


def test_with_redis_gone_the_limiter_steps_aside_and_the_api_says_503(settings, tmp_path):
    redis_server = RedisServer(tmp_path, appendonly=True).start()
    client = create_app(settings.replace(redis_url=redis_server.url, rate_limit="100/minute")).test_client()
    auth = new_account(client)
    redis_server.stop()
    try:
        for response in (client.get("/api/v1/lists", headers=auth), client.post("/api/v1/accounts"),
                         client.get("/api/v1/saved/arxiv:1706.03762", headers=auth)):
            assert response.status_code == 503
            assert response.get_json()["error"]["code"] == "redis_unavailable"
        assert client.get("/healthz").status_code == 200
        redis_server.start()
        assert client.get("/api/v1/lists", headers=auth).status_code == 200
    finally:
        redis_server.stop()
