"""Personal lists through the API: save, update, page, filter, look up, delete; and two
accounts that never see each other's data."""
import pytest

from server.app import create_app
from tests.support.accounts import new_account
from tests.support.polling import imported
from tests.support.servers import RedisServer

ITEM = "/api/v1/lists/{}/items/{}"
PAPER = {"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need",
         "authors": ["Ashish Vaswani", "Noam Shazeer"], "abstract": "The Transformer."}


@pytest.fixture
def alice(client):
    return new_account(client)


@pytest.fixture
def bob(client):
    return new_account(client)


def test_put_saves_then_updates_and_is_idempotent(client, alice):
    created = client.put(ITEM.format("default", "arxiv:1706.03762v7"),
                         json={"tags": ["nlp", " nlp", "transformers"], "paper": PAPER}, headers=alice)
    assert created.status_code == 201
    item = created.get_json()
    assert item["paper_id"] == "arxiv:1706.03762"  # canonical: the version is not part of the id
    assert item["tags"] == ["nlp", "transformers"] and item["read"] is False and item["note"] == ""
    assert item["paper"]["title"] == "Attention Is All You Need"

    updated = client.put(ITEM.format("default", "arxiv:1706.03762"), json={"read": True, "note": "re-read §3"},
                         headers=alice)
    assert updated.status_code == 200
    again = updated.get_json()
    assert again["read"] is True and again["note"] == "re-read §3" and again["tags"] == ["nlp", "transformers"]
    assert again["saved_at"] == item["saved_at"]
    assert client.put(ITEM.format("default", "arxiv:1706.03762"), json={"read": True, "note": "re-read §3"},
                      headers=alice).status_code == 200


def test_a_paper_the_store_does_not_know_is_saved_by_id_alone(client, alice):
    response = client.put(ITEM.format("default", "doi:10.1101/2024.01.02.573921"), json={}, headers=alice)
    assert response.status_code == 201
    # Its address and that it is not verified yet (a job asks the registry), never null.
    assert response.get_json()["paper"] == {"paper_id": "doi:10.1101/2024.01.02.573921", "verified": False,
                                            "url": "https://doi.org/10.1101/2024.01.02.573921", "verification": "pending"}
    items = client.get("/api/v1/lists/default/items", headers=alice).get_json()["items"]
    assert [i["paper_id"] for i in items] == ["doi:10.1101/2024.01.02.573921"]


def test_items_page_newest_first_with_a_tag_filter(client, alice):
    for n in range(5):
        tags = ["even"] if n % 2 == 0 else []
        client.put(ITEM.format("Reading", f"arxiv:2401.0000{n}"), json={"tags": tags}, headers=alice)
    first = client.get("/api/v1/lists/Reading/items?per_page=2", headers=alice).get_json()
    assert first["total"] == 5 and first["pages"] == 3
    assert [i["paper_id"] for i in first["items"]] == ["arxiv:2401.00004", "arxiv:2401.00003"]
    last = client.get("/api/v1/lists/Reading/items?per_page=2&page=3", headers=alice).get_json()
    assert [i["paper_id"] for i in last["items"]] == ["arxiv:2401.00000"]
    even = client.get("/api/v1/lists/Reading/items?tag=even", headers=alice).get_json()
    assert even["total"] == 3 and {i["paper_id"] for i in even["items"]} == {
        "arxiv:2401.00000", "arxiv:2401.00002", "arxiv:2401.00004"}

    client.put(ITEM.format("Reading", "arxiv:2401.00002"), json={"tags": []}, headers=alice)
    assert client.get("/api/v1/lists/Reading/items?tag=even", headers=alice).get_json()["total"] == 2


def test_saved_lookup_lists_and_counts_follow_saves_and_deletes(client, alice):
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=alice).get_json() == {
        "paper_id": "arxiv:1706.03762", "saved": False, "lists": []}
    client.put(ITEM.format("default", "arxiv:1706.03762"), json={}, headers=alice)
    client.put(ITEM.format("Group reading", "arxiv:1706.03762"), json={}, headers=alice)
    saved = client.get("/api/v1/saved/arXiv:1706.03762v2", headers=alice).get_json()
    assert saved == {"paper_id": "arxiv:1706.03762", "saved": True, "lists": ["Group reading", "default"]}
    lists = client.get("/api/v1/lists", headers=alice).get_json()["lists"]
    assert [(entry["name"], entry["count"]) for entry in lists] == [("default", 1), ("Group reading", 1)]

    assert client.delete(ITEM.format("default", "arxiv:1706.03762"), headers=alice).status_code == 204
    assert client.delete(ITEM.format("default", "arxiv:1706.03762"), headers=alice).status_code == 404
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=alice).get_json()["lists"] == ["Group reading"]

    assert client.delete("/api/v1/lists/Group reading", headers=alice).status_code == 204
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=alice).get_json()["saved"] is False
    assert [entry["name"] for entry in client.get("/api/v1/lists", headers=alice).get_json()["lists"]] == ["default"]


def test_doi_ids_with_slashes_work_in_paths(client, alice):
    path = ITEM.format("default", "doi:10.1101/2024.01.02.573921")
    assert client.put(path, json={"tags": ["bio"]}, headers=alice).status_code == 201
    assert client.get("/api/v1/saved/doi:10.1101/2024.01.02.573921", headers=alice).get_json()["saved"]
    assert client.delete(path, headers=alice).status_code == 204


def test_saved_lookup_of_several_papers_answers_each_in_order(client, alice, bob):
    """The popup asks once about all its related papers."""
    client.put(ITEM.format("default", "arxiv:1706.03762"), json={}, headers=alice)
    client.put(ITEM.format("Reading group", "doi:10.1101/2024.01.02.573921"), json={}, headers=alice)
    asked = ["doi:10.1101/2024.01.02.573921", "arxiv:2401.00001", "arXiv:1706.03762v2"]
    reply = client.get("/api/v1/saved", query_string=[("paper_id", paper_id) for paper_id in asked], headers=alice)
    assert reply.status_code == 200
    assert reply.get_json() == {"items": [
        {"paper_id": "doi:10.1101/2024.01.02.573921", "saved": True, "lists": ["Reading group"]},
        {"paper_id": "arxiv:2401.00001", "saved": False, "lists": []},
        {"paper_id": "arxiv:1706.03762", "saved": True, "lists": ["default"]}]}
    theirs = client.get("/api/v1/saved?paper_id=arxiv:1706.03762", headers=bob).get_json()
    assert theirs["items"] == [{"paper_id": "arxiv:1706.03762", "saved": False, "lists": []}]

    assert client.get("/api/v1/saved?paper_id=arxiv:1706.03762").status_code == 401
    assert client.get("/api/v1/saved", headers=alice).status_code == 422
    too_many = [("paper_id", f"arxiv:2401.{n:05}") for n in range(101)]
    assert client.get("/api/v1/saved", query_string=too_many, headers=alice).status_code == 422
    bad_id = client.get("/api/v1/saved?paper_id=arxiv:1706.03762&paper_id=arxiv:not-an-id", headers=alice)
    assert bad_id.status_code == 422 and "arXiv id" in bad_id.get_json()["error"]["message"]


def test_bad_names_ids_and_bodies_get_422_naming_the_problem(client, alice):
    bad_name = client.put(ITEM.format("no:colons", "arxiv:1706.03762"), json={}, headers=alice)
    assert bad_name.status_code == 422 and "list name" in bad_name.get_json()["error"]["message"]
    bad_id = client.put(ITEM.format("default", "arxiv:not-an-id"), json={}, headers=alice)
    assert bad_id.status_code == 422 and "arXiv id" in bad_id.get_json()["error"]["message"]
    for body, field in (({"read": "yes"}, "read"), ({"read": 1}, "read"), ({"tags": "nlp"}, "tags"), ({"colour": "red"}, "colour"),
                        ({"tags": ["x" * 65]}, "tags"), ({"paper": {"url": "javascript:alert(1)"}}, "paper")):
        response = client.put(ITEM.format("default", "arxiv:1706.03762"), json=body, headers=alice)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["details"]
    assert client.get("/api/v1/lists/Nothing/items", headers=alice).status_code == 404
    assert client.get("/api/v1/lists/default/items?per_page=1000", headers=alice).status_code == 422


def test_a_full_list_refuses_new_papers_with_409(app, client, alice):
    app.config["SETTINGS"] = app.config["SETTINGS"].replace(list_max_items=2)
    for n in range(2):
        assert client.put(ITEM.format("default", f"arxiv:2401.0000{n}"), json={}, headers=alice).status_code == 201
    full = client.put(ITEM.format("default", "arxiv:2401.00009"), json={}, headers=alice)
    assert full.status_code == 409 and "2 papers" in full.get_json()["error"]["message"]
    assert client.put(ITEM.format("default", "arxiv:2401.00000"), json={"read": True}, headers=alice).status_code == 200


def test_two_accounts_never_see_or_change_each_others_items(client, alice, bob, worker):
    for name in ("default", "Secret project"):
        client.put(ITEM.format(name, "arxiv:1706.03762"), json={"tags": ["mine"], "note": "private"}, headers=alice)
    client.post("/api/v1/lists/Secret project/feedback", json={"paper_id": "arxiv:2401.00001", "relevant": False},
                headers=alice)

    # Bob sees an empty account whatever he asks for.
    assert client.get("/api/v1/lists", headers=bob).get_json()["lists"] == [
        {"name": "default", "count": 0, "created_at": None}]
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=bob).get_json()["saved"] is False
    assert client.get("/api/v1/lists/default/items", headers=bob).get_json()["total"] == 0
    for path in ("/api/v1/lists/Secret project/items", "/api/v1/lists/Secret project/export",
                 "/api/v1/lists/Secret project/recommendations"):
        assert client.get(path, headers=bob).status_code == 404, path
    assert client.post("/api/v1/lists/Secret project/feedback", json={"paper_id": "arxiv:2401.00001",
                       "relevant": True}, headers=bob).status_code == 404
    assert client.delete(ITEM.format("Secret project", "arxiv:1706.03762"), headers=bob).status_code == 404
    assert client.delete(ITEM.format("default", "arxiv:1706.03762"), headers=bob).status_code == 404
    assert client.delete("/api/v1/lists/Secret project", headers=bob).status_code == 404
    exported = client.get("/api/v1/lists/default/export?format=json", headers=bob).get_json()
    assert exported["items"] == []

    # Bob's writes to the same names land in his own lists only.
    assert client.put(ITEM.format("Secret project", "arxiv:1706.03762"), json={"note": "bob's"},
                      headers=bob).status_code == 201
    assert client.delete("/api/v1/lists/Secret project", headers=bob).status_code == 204
    result = imported(client, bob, "default", "json", '[{"paper_id": "arxiv:1706.03762", "note": "bob"}]')
    assert result["imported"] == 1

    mine = client.get("/api/v1/lists/Secret project/items", headers=alice).get_json()["items"]
    assert [(i["paper_id"], i["note"], i["tags"]) for i in mine] == [("arxiv:1706.03762", "private", ["mine"])]
    assert client.get("/api/v1/saved/arxiv:1706.03762", headers=alice).get_json()["lists"] == [
        "Secret project", "default"]
    assert client.get("/api/v1/lists/default/items", headers=alice).get_json()["items"][0]["note"] == "private"


def test_ids_and_names_percent_encoded_like_the_extension_sends_them(client, alice):
    # encodeURIComponent("doi:10.1101/2024.01.02.573921") and encodeURIComponent("Reading group")
    path = "/api/v1/lists/Reading%20group/items/doi%3A10.1101%2F2024.01.02.573921"
    assert client.put(path, json={"tags": ["bio"]}, headers=alice).status_code == 201
    saved = client.get("/api/v1/saved/doi%3A10.1101%2F2024.01.02.573921", headers=alice).get_json()
    assert saved == {"paper_id": "doi:10.1101/2024.01.02.573921", "saved": True, "lists": ["Reading group"]}
    assert client.delete(path, headers=alice).status_code == 204


def test_the_saved_lookup_is_two_redis_reads(settings, tmp_path):
    """The toolbar badge asks on every page: one GET for the token, one SMEMBERS for the lists
    (besides the rate limiter's own counters)."""
    redis_server = RedisServer(tmp_path).start()
    try:
        client = create_app(settings.replace(redis_url=redis_server.url)).test_client()
        auth = new_account(client)
        client.put(ITEM.format("default", "arxiv:1706.03762"), json={}, headers=auth)
        redis = redis_server.client()
        redis.config_resetstat()
        for _ in range(10):
            assert client.get("/api/v1/saved/arxiv:1706.03762", headers=auth).get_json()["saved"]
        calls = {name.removeprefix("cmdstat_"): stats["calls"] for name, stats in redis.info("commandstats").items()}
        limiter = {"evalsha", "eval", "incrby", "expire", "config|resetstat"}
        assert {name: n for name, n in calls.items() if name not in limiter} == {"get": 10, "smembers": 10}

        # Several papers at once (the popup's related papers): still one GET, one SMEMBERS each.
        redis.config_resetstat()
        asked = [("paper_id", f"arxiv:1706.0376{n}") for n in range(3)]
        assert client.get("/api/v1/saved", query_string=asked, headers=auth).get_json()["items"][2]["saved"]
        calls = {name.removeprefix("cmdstat_"): stats["calls"] for name, stats in redis.info("commandstats").items()}
        assert {name: n for name, n in calls.items() if name not in limiter} == {"get": 1, "smembers": 3}
    finally:
        redis_server.stop()
