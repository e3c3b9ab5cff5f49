"""/api/v1/lists/{list}/digest, /feeds/{token}.atom, /api/v1/digest-links/{signed} and
/api/v1/trending through the app, on the session's Redis. The digest itself, built by a worker
and emailed, is tests/jobs/test_daily_digest.py's."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import feedparser
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from server import related
from server.digests import links
from tests.support.accounts import new_account

DIGEST = "/api/v1/lists/Reading/digest"
PAPER = {"url": "https://arxiv.org/abs/2607.00301", "title": "Sparse attention for long documents",
         "abstract": "Sparse attention lets transformers read long documents."}


@pytest.fixture
def auth(client):
    headers = new_account(client)
    assert client.put("/api/v1/lists/Reading", headers=headers).status_code == 201
    return headers


def _feed(client, state: dict):
    return client.get(urlsplit(state["feed_url"]).path)


def test_subscribe_rotate_and_unsubscribe(client, auth):
    assert client.get(DIGEST).status_code == 401
    assert client.get(DIGEST, headers=auth).get_json() == {"list": "Reading", "subscribed": False, "feed_url": None,
                                                           "email": None, "email_confirmed": False, "trending": False,
                                                           "email_sent": False, "latest": None}
    assert client.put("/api/v1/lists/Unknown/digest", headers=auth, json={}).status_code == 404
    bad = client.put(DIGEST, headers=auth, json={"email": "not an address", "trending": "yes"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["details"]) == {"email", "trending"}

    created = client.put(DIGEST, headers=auth, json={"email": "reader@example.org"})
    assert created.status_code == 201
    state = created.get_json()
    assert (state["subscribed"], state["email"], state["trending"], state["latest"]) == (
        True, "reader@example.org", False, None)
    assert state["feed_url"].startswith("http://localhost/feeds/") and state["feed_url"].endswith(".atom")
    changed = client.put(DIGEST, headers=auth, json={"trending": True})
    assert changed.status_code == 200
    assert (changed.get_json()["email"], changed.get_json()["trending"]) == ("reader@example.org", True)
    assert changed.get_json()["feed_url"] == state["feed_url"]  # the address stays

    served = _feed(client, state)
    assert served.status_code == 200 and served.mimetype == "application/atom+xml"
    assert served.headers["Cache-Control"] == "no-store"
    feed = feedparser.parse(served.data)
    assert not feed.bozo and feed.version == "atom10" and feed.entries == []
    assert feed.feed.title == "PaperGist: new papers for “Reading”" and feed.feed.id.startswith("tag:localhost,")

    rotated = client.post(DIGEST + "/token", headers=auth).get_json()
    assert rotated["feed_url"] != state["feed_url"]
    assert _feed(client, state).status_code == 404  # the old address stops at once
    assert feedparser.parse(_feed(client, rotated).data).feed.id == feed.feed.id  # same feed, new address

    assert client.delete(DIGEST, headers=auth).status_code == 204
    assert _feed(client, rotated).status_code == 404
    assert client.delete(DIGEST, headers=auth).status_code == 404
    assert client.post(DIGEST + "/token", headers=auth).status_code == 404


def test_deleting_a_list_or_an_account_ends_its_feed(client, auth):
    state = client.put(DIGEST, headers=auth, json={}).get_json()
    assert client.delete("/api/v1/lists/Reading", headers=auth).status_code == 204
    assert _feed(client, state).status_code == 404
    other = new_account(client)
    state = client.put("/api/v1/lists/default/digest", headers=other, json={}).get_json()
    assert client.delete("/api/v1/accounts/me", headers=other).status_code == 204
    missing = _feed(client, state)
    assert missing.status_code == 404 and "rotated or unsubscribed" in missing.get_json()["error"]["message"]


def test_signed_links_act_only_on_post_and_only_as_signed(app, client, redis, settings, auth):
    related.add_to_corpus(redis, [{"paper_id": "arxiv:2607.00301", **PAPER}], embed=False)
    account = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    save = links.link_url(redis, settings, "save", account, "Reading", "arxiv:2607.00301")
    path = urlsplit(save).path

    page = client.get(path)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Save “Sparse attention for long documents” to your list “Reading”?" in page.get_data(as_text=True)
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    assert client.get("/api/v1/lists/Reading/items", headers=auth).get_json()["total"] == 0  # a GET changes nothing

    assert client.post(path).status_code == 200
    [item] = client.get("/api/v1/lists/Reading/items", headers=auth).get_json()["items"]
    assert item["paper_id"] == "arxiv:2607.00301" and item["paper"]["title"] == PAPER["title"]

    forged = links.link_url(redis, settings.replace(secret_key="another server's secret"), "save", account, "Reading",
                            "arxiv:2607.00301")
    refused = client.post(urlsplit(forged).path)
    assert refused.status_code == 404 and refused.get_json()["error"]["message"].startswith("This is not a PaperGist")

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - links.LINK_MAX_AGE_SECONDS["not_relevant"] - 60

    old = URLSafeTimedSerializer(links.server_secret(redis, settings), salt=links.SALT, signer=SignedLongAgo).dumps(
        {"do": "not_relevant", "a": account, "l": "Reading", "p": "arxiv:2607.00301"})
    expired = client.post(f"/api/v1/digest-links/{old}")
    assert expired.status_code == 404 and "expired" in expired.get_json()["error"]["message"]

    assert client.delete("/api/v1/lists/Reading", headers=auth).status_code == 204
    gone = client.get(path)
    assert gone.status_code == 404 and "no longer exists" in gone.get_json()["error"]["message"]


def test_trending_counts_clients_not_requests_and_keeps_no_one(client, redis, auth):
    def open_paper(address: str, paper: dict = PAPER):
        assert client.post("/api/v1/papers", json=paper, environ_base={"REMOTE_ADDR": address}).status_code in (200, 202)

    other = {**PAPER, "url": "https://arxiv.org/abs/2607.00302", "title": "A paper one reader keeps opening"}
    for _ in range(5):
        open_paper("10.0.0.1", other)  # one client, five times: one open
    open_paper("10.0.0.1")
    open_paper("10.0.0.2")
    assert client.put("/api/v1/lists/Reading/items/arxiv:2607.00301", headers=auth).status_code == 201

    trending = client.get("/api/v1/trending")
    assert trending.status_code == 200
    assert trending.get_json() == {"hours": 24, "min_clients": 2, "items": [
        {"paper_id": "arxiv:2607.00301", "title": PAPER["title"], "url": PAPER["url"], "opens": 2, "saves": 1}]}
    # Counts only: no address, account or token anywhere in the keys or values it wrote.
    account = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    for key in redis.scan_iter(match="papergist:v1:trending:*"):
        dump = key + (redis.dump(key) or b"")
        assert b"10.0.0." not in dump and account.encode() not in dump


def test_an_address_is_emailed_only_once_confirmed_and_a_new_one_asks_again(client, redis, settings, auth):
    account = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    assert client.put(DIGEST, headers=auth, json={"email": "old@example.org"}).get_json()["email_confirmed"] is False

    def confirm(email: str):
        return client.post(urlsplit(links.link_url(redis, settings, "confirm_email", account, "Reading", email=email)).path)

    assert confirm("old@example.org").status_code == 200
    assert client.get(DIGEST, headers=auth).get_json()["email_confirmed"] is True
    assert client.put(DIGEST, headers=auth, json={"trending": True}).get_json()["email_confirmed"] is True
    assert client.put(DIGEST, headers=auth, json={"email": "new@example.org"}).get_json()["email_confirmed"] is False
    stale = confirm("old@example.org")  # the old address's link confirms nothing now
    assert stale.status_code == 404 and "no longer to be emailed to old@example.org" in stale.get_json()["error"]["message"]
    assert client.get(DIGEST, headers=auth).get_json()["email_confirmed"] is False
