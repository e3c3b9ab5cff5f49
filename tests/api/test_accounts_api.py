"""Accounts: a token is issued once, stored only as a hash, rotated, exported and deleted with its data."""
import hashlib
import json

from tests.support.accounts import new_account
from tests.support.polling import imported


def test_a_new_token_is_long_random_and_stored_only_as_its_hash(client, redis):
    first, second = (client.post("/api/v1/accounts") for _ in range(2))
    assert first.status_code == 201 and first.headers["Cache-Control"] == "no-store"
    tokens = [r.get_json()["token"] for r in (first, second)]
    assert tokens[0] != tokens[1] and all(len(t) >= 43 for t in tokens)  # 32 bytes, base64url
    stored = b"".join(k + (redis.get(k) if redis.type(k) == b"string" else b"") for k in redis.scan_iter())
    assert tokens[0].encode() not in stored
    assert redis.exists(f"papergist:v1:token:{hashlib.sha256(tokens[0].encode()).hexdigest()}")


def test_requests_without_a_valid_token_get_401_in_the_error_shape(client):
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic dXNlcjpwdw=="},
                    {"Authorization": "Bearer "}):
        response = client.get("/api/v1/lists", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        error = response.get_json()["error"]
        assert error["code"] == "unauthorized" and "token" in error["message"]


def test_me_names_the_account(client):
    auth = new_account(client)
    me = client.get("/api/v1/accounts/me", headers=auth).get_json()
    assert len(me["account_id"]) == 32 and me["created_at"] > 0


def test_rotating_the_token_retires_the_old_one_and_keeps_the_data(client):
    old = new_account(client)
    client.put("/api/v1/lists/default/items/arxiv:1706.03762", json={}, headers=old)
    response = client.post("/api/v1/accounts/me/token", headers=old)
    assert response.status_code == 201
    new = {"Authorization": f"Bearer {response.get_json()['token']}"}
    assert client.get("/api/v1/lists", headers=old).status_code == 401
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=new).get_json()["saved"] is True


def test_deleting_an_account_deletes_every_key_it_owned(client, redis):
    auth, other = new_account(client), new_account(client)
    for headers in (auth, other):
        client.put("/api/v1/lists/Reading group/items/arxiv:1706.03762",
                   json={"tags": ["nlp"], "note": "n"}, headers=headers)
    account_id = client.get("/api/v1/accounts/me", headers=auth).get_json()["account_id"]
    assert any(account_id.encode() in key for key in redis.scan_iter())

    assert client.delete("/api/v1/accounts/me", headers=auth).status_code == 204
    assert client.get("/api/v1/lists", headers=auth).status_code == 401
    assert not [key for key in redis.scan_iter() if account_id.encode() in key]
    token_keys = list(redis.scan_iter("papergist:v1:token:*"))
    assert len(token_keys) == 1  # the other account's
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=other).get_json()["lists"] == ["Reading group"]


def test_an_account_exports_every_list_in_one_document_that_imports_back(client, worker):
    auth, other = new_account(client), new_account(client)
    client.put("/api/v1/lists/default/items/arxiv:1706.03762", json={"tags": ["nlp"]}, headers=auth)
    client.put("/api/v1/lists/Thesis/items/doi:10.1101/2024.01.02.573921", json={"note": "ch. 2"}, headers=auth)
    export = client.get("/api/v1/accounts/me/export", headers=auth)
    assert export.status_code == 200 and export.headers["Cache-Control"] == "no-store"
    document = export.get_json()
    assert [(entry["list"], [i["paper_id"] for i in entry["items"]]) for entry in document["lists"]] == [
        ("default", ["arxiv:1706.03762"]), ("Thesis", ["doi:10.1101/2024.01.02.573921"])]
    for entry in document["lists"]:
        result = imported(client, other, entry["list"], "json", json.dumps(entry))
        assert result["imported"] == 1 and result["errors"] == []
    assert client.get("/api/v1/lists/Thesis/items", headers=other).get_json()["items"][0]["note"] == "ch. 2"
