"""Security headers on every response, no-store for anything private, CORS for the extension
only, and no stack trace in any error."""
import re

import pytest

from server.app import create_app
from tests.support.accounts import new_account

EXTENSION = "chrome-extension://" + "abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://0b7a2d4e-5c1f-4f6e-9a3b-1d2c3e4f5a6b"


@pytest.mark.parametrize("method, path", [
    ("get", "/healthz"), ("get", "/api/openapi.json"), ("get", "/api/v1/papers/arxiv:2401.99999"),
    ("post", "/api/v1/papers"), ("get", "/api/v1/lists"), ("get", "/no/such/route"),
])
def test_every_response_carries_the_security_headers(client, method, path):
    response = getattr(client, method)(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_the_docs_page_gets_a_policy_that_lets_swagger_ui_load(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "connect-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "http" not in policy  # nothing from another host: the page works offline


def test_the_docs_page_loads_swagger_ui_from_this_server(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for asset in assets:
        assert asset.startswith("/api/docs/assets/"), asset
        answer = client.get(asset)
        assert answer.status_code == 200 and len(answer.data) > 10_000, asset
        assert answer.mimetype in ("text/javascript", "application/javascript", "text/css"), asset


def test_private_answers_are_never_cached(client):
    created = client.post("/api/v1/accounts")
    assert created.headers["Cache-Control"] == "no-store"
    auth = {"Authorization": f"Bearer {created.get_json()['token']}"}
    for response in (client.get("/api/v1/lists", headers=auth), client.get("/api/v1/lists"),
                     client.get("/api/v1/saved/arxiv:1706.03762", headers=auth)):
        assert response.headers["Cache-Control"] == "no-store"
        assert "Authorization" in response.headers["Vary"]
    assert "no-store" not in client.get("/healthz").headers.get("Cache-Control", "")


def test_cors_admits_the_extensions_and_configured_origins_only(settings, redis):
    client = create_app(settings.replace(cors_origins=("https://papers.example.org",))).test_client()
    for origin in (EXTENSION, FIREFOX, "https://papers.example.org"):
        response = client.get("/api/openapi.json", headers={"Origin": origin})
        assert response.headers["Access-Control-Allow-Origin"] == origin
    for origin in ("https://evil.example", "chrome-extension://not-an-extension-id", "null",
                   "https://papers.example.org.evil.example",
                   # the extensions' patterns are anchored at the end too
                   EXTENSION + ".evil.example", EXTENSION + "x", FIREFOX + ".evil.example"):
        assert "Access-Control-Allow-Origin" not in client.get("/api/openapi.json", headers={"Origin": origin}).headers


def test_the_extension_may_send_its_token_cross_origin(client):
    preflight = client.options("/api/v1/lists/default/items/arxiv:1706.03762", headers={
        "Origin": EXTENSION, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_an_unexpected_error_is_logged_not_shown(settings, redis, caplog):
    app = create_app(settings)

    @app.route("/api/v1/boom")
    def boom():
        raise ZeroDivisionError("secret internals")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body and "ZeroDivision" not in body
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "secret internals" in caplog.text  # the operator still sees it


def test_oversized_and_malformed_bodies_get_clear_errors(client):
    auth = new_account(client)
    too_big = client.put("/api/v1/lists/default/items/arxiv:1706.03762", headers=auth,
                         data="x" * (300 * 1024), content_type="application/json")
    assert too_big.status_code == 413 and too_big.get_json()["error"]["code"] == "payload_too_large"
    broken = client.put("/api/v1/lists/default/items/arxiv:1706.03762", headers=auth,
                        data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["error"]["message"]
