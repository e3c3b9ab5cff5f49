"""Recommendations through the API and a real worker: 202 while computing, then done; feedback
makes them stale and excludes the rejected paper."""
from tests.support.accounts import new_account
from tests.support.topics import NLP, load_corpus
from tests.support.servers import wait_until

RECS = "/api/v1/lists/Reading/recommendations"


def _settled(client, auth):
    def done():
        response = client.get(RECS, headers=auth)
        return response.get_json() if response.status_code == 200 else None
    return wait_until(done, timeout=30, interval=0.1, message="recommendations")


def test_recommendations_are_computed_then_follow_feedback(client, redis, worker):
    load_corpus(redis)
    auth = new_account(client)
    for pid, title, abstract in NLP[:2]:
        client.put(f"/api/v1/lists/Reading/items/{pid}", headers=auth,
                   json={"paper": {"url": f"https://arxiv.org/abs/{pid[6:]}", "title": title, "abstract": abstract}})

    first = client.get(RECS, headers=auth)
    assert first.status_code == 202 and first.get_json()["status"] in ("queued", "running")
    result = _settled(client, auth)
    assert result["status"] == "done" and result["list"] == "Reading"
    ids = [item["paper_id"] for item in result["items"]]
    assert ids and not {NLP[0][0], NLP[1][0]} & set(ids)
    assert ids[0] in {pid for pid, _, _ in NLP}
    assert client.get(RECS, headers=auth).status_code == 200  # cached: no new job

    rejected = ids[0]
    feedback = client.post("/api/v1/lists/Reading/feedback", json={"paper_id": rejected, "relevant": False},
                           headers=auth)
    assert feedback.status_code == 200
    stale = client.get(RECS, headers=auth)
    assert stale.status_code == 202 and stale.get_json()["items"]  # the old set, while recomputing
    again = _settled(client, auth)
    assert rejected not in [item["paper_id"] for item in again["items"]]


def test_an_empty_list_has_no_recommendations(client, worker):
    auth = new_account(client)
    client.put("/api/v1/lists/Reading", headers=auth)
    result = _settled(client, auth)
    assert result["status"] == "done" and result["items"] == []
