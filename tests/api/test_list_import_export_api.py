"""Export and import through the API: every entry is saved or reported, never dropped, and the
export of a full list imports back. Imports (and large exports) are jobs, run by a real worker."""
import contextlib
import json

import bibtexparser
import pytest
from pybtex.database import parse_string as pybtex_parse

from server.papers import store
from server.app import create_app
from server.lists.transfers import upload_slot
from server.offline.import_load import latex_heavy_bibtex
from tests.support.accounts import new_account
from tests.support.corpus import arxiv_papers, submission
from tests.support.polling import exported, finished_import, imported
from tests.support.servers import wait_until

pytestmark = pytest.mark.usefixtures("worker")

BIBTEX = r"""
@article{vaswani2017attention,
  title = {Attention Is {All} You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  journal = {arXiv preprint arXiv:1706.03762},
  eprint = {1706.03762}, archivePrefix = {arXiv},
  keywords = {nlp; transformers},
  year = {2017}
}
@article{biorxiv, title = {Cells}, doi = {10.1101/2024.01.02.573921}, author = {M{\"u}ller, J.}}
@book{nothing, title = {A book without any identifier}}
@misc{badid, title = {Bad}, eprint = {not-an-arxiv-id}}
@article{broken, title = {Missing brace, author = {X}
@misc{web, title = {A web page}, url = {https://example.org/paper.html}}
@misc{web, title = {Same key again}, url = {https://example.org/other.html}}
"""


def test_bibtex_import_saves_what_it_can_and_reports_the_rest(client):
    auth = new_account(client)
    response = client.post("/api/v1/lists/Imported/import", json={"format": "bibtex", "content": BIBTEX},
                           headers=auth)
    assert response.status_code == 202
    queued = response.get_json()
    assert queued["status"] == "queued" and queued["list"] == "Imported" and queued["bytes"] == len(BIBTEX.encode())
    assert response.headers["Location"] == f"/api/v1/lists/Imported/imports/{queued['id']}"
    result = finished_import(client, auth, response.headers["Location"])
    assert result["status"] == "done" and result["error"] is None
    assert result["imported"] == 3 and result["entries"] == result["processed"] == 7
    reported = {error["entry"]: error["message"] for error in result["errors"]}
    assert "no eprint, doi or url" in reported["nothing"]
    assert "arXiv id" in reported["badid"]
    assert "web" in reported and "earlier entry" in reported["web"]
    assert any("could not be parsed" in message for message in reported.values())
    assert result["imported"] + len(result["errors"]) >= 6

    items = {i["paper_id"]: i for i in client.get("/api/v1/lists/Imported/items", headers=auth).get_json()["items"]}
    assert set(items) >= {"arxiv:1706.03762", "doi:10.1101/2024.01.02.573921"}
    attention = items["arxiv:1706.03762"]
    assert attention["tags"] == ["nlp", "transformers"]
    assert attention["paper"]["title"] == "Attention Is All You Need"
    assert items["doi:10.1101/2024.01.02.573921"]["paper"]["authors"] == ["Müller, J."]

    again = imported(client, auth, "Imported", "bibtex", BIBTEX)
    assert again["imported"] == 0 and again["updated"] == 3


def _items(client, auth, list_name, tag=None):
    query = {"per_page": 100, **({"tag": tag} if tag else {})}
    items = client.get(f"/api/v1/lists/{list_name}/items", query_string=query, headers=auth).get_json()["items"]
    return [{key: value for key, value in item.items() if key != "updated_at"} for item in items]


def _import_json(client, auth, list_name, content):
    record = imported(client, auth, list_name, "json", content if isinstance(content, str) else json.dumps(content))
    assert record["status"] == "done", record
    return _outcome(record)


def _outcome(record):
    return {key: record[key] for key in ("list", "imported", "updated", "errors")}


def test_json_export_imports_back_into_another_account(client, redis):
    """Everything the user saved comes back: when each paper was saved (so the order too), tags,
    note, read state and the paper's metadata; only updated_at is the import's own."""
    alice, bob = new_account(client), new_account(client)
    client.put("/api/v1/lists/default/items/arxiv:1706.03762", headers=alice, json={
        "tags": ["nlp", "classic"], "note": "classic", "read": True,
        "paper": {"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need",
                  "authors": ["Ashish Vaswani"], "ids": {"doi": "10.48550/arXiv.1706.03762"}, "version": 7}})
    client.put("/api/v1/lists/default/items/doi:10.1101/2024.01.02.573921", json={}, headers=alice)
    imported(client, alice, "default", "bibtex", BIBTEX)
    client.put("/api/v1/lists/default/items/arxiv:2401.00001", json={"tags": ["nlp"]}, headers=alice)
    # Saving queued arXiv's look-up of the papers no one had checked: once it has answered, what
    # the list shows stays put (a registry's record, else the account's own copy).
    wait_until(lambda: (store.get_paper(redis, "arxiv:1706.03762") or {}).get("verified"), timeout=30,
               message="arXiv's record of 1706.03762")
    export = client.get("/api/v1/lists/default/export?format=json", headers=alice)
    assert export.status_code == 200 and export.mimetype == "application/json"
    assert 'filename="papergist-default.json"' in export.headers["Content-Disposition"]

    result = _import_json(client, bob, "Copy", export.get_data(as_text=True))
    assert result == {"list": "Copy", "imported": 4, "updated": 0, "errors": []}
    assert _items(client, bob, "Copy") == _items(client, alice, "default")
    assert _items(client, bob, "Copy", tag="nlp") == _items(client, alice, "default", tag="nlp")
    # The paper store forgets a paper after a year, and another server never knew it: the file is all there is.
    redis.delete(store.paper_key("arxiv:1706.03762"))
    copied = {item["paper_id"]: item for item in _items(client, bob, "Copy")}
    assert copied["arxiv:1706.03762"]["paper"]["version"] == 7, copied["arxiv:1706.03762"]
    assert copied["arxiv:1706.03762"]["paper"]["title"] == "Attention Is All You Need"
    assert copied["arxiv:1706.03762"]["note"] == "classic" and copied["arxiv:1706.03762"]["read"] is True


def test_json_import_of_a_paper_already_in_the_list_keeps_the_earlier_saved_at(client):
    """saved_at is the first save: an older backup moves it back, a newer copy leaves it."""
    auth = new_account(client)
    for paper_id in ("arxiv:2401.00001", "arxiv:2401.00002", "arxiv:2401.00003"):
        client.put(f"/api/v1/lists/default/items/{paper_id}", json={"tags": ["t"]}, headers=auth)
    saved = {item["paper_id"]: item["saved_at"] for item in _items(client, auth, "default")}

    result = _import_json(client, auth, "default", [
        {"paper_id": "arxiv:2401.00003", "saved_at": "2020-03-01T12:00:00Z", "note": "from the backup"},
        {"paper_id": "arxiv:2401.00001", "saved_at": saved["arxiv:2401.00001"] + 3600}])
    assert result == {"list": "default", "imported": 0, "updated": 2, "errors": []}
    items = _items(client, auth, "default")
    assert [item["paper_id"] for item in items] == ["arxiv:2401.00002", "arxiv:2401.00001", "arxiv:2401.00003"]
    assert [item["paper_id"] for item in _items(client, auth, "default", tag="t")] == \
        [item["paper_id"] for item in items]
    by_id = {item["paper_id"]: item for item in items}
    assert by_id["arxiv:2401.00003"]["saved_at"] == 1583064000.0
    assert by_id["arxiv:2401.00003"]["note"] == "from the backup" and by_id["arxiv:2401.00003"]["tags"] == ["t"]
    assert by_id["arxiv:2401.00001"]["saved_at"] == saved["arxiv:2401.00001"]
    # A later save of the same paper (a PUT) does not move it either.
    client.put("/api/v1/lists/default/items/arxiv:2401.00003", json={"read": True}, headers=auth)
    assert _items(client, auth, "default")[2]["saved_at"] == 1583064000.0


def test_json_import_reports_each_bad_saved_at_and_saves_the_rest(client):
    auth = new_account(client)
    good = [{"paper_id": "arxiv:2401.00001", "saved_at": 1700000000.5},
            {"paper_id": "arxiv:2401.00002", "saved_at": "2024-01-02T15:04:05+02:00"}]
    bad = ["yesterday", "2024-01-02T15:04:05", "2024-01-02", True, None, [2024], -1, 1e12, "9999-01-01T00:00:00Z"]
    content = good + [{"paper_id": f"arxiv:2402.{n:05d}", "saved_at": value} for n, value in enumerate(bad)]
    result = _import_json(client, auth, "default", content)
    assert result["imported"] == 2
    assert [error["entry"] for error in result["errors"]] == [f"item {n}" for n in range(2, 2 + len(bad))]
    assert all(error["message"].startswith("saved_at: ") for error in result["errors"])
    messages = [error["message"] for error in result["errors"]]
    assert "ISO-8601" in messages[0] and "UTC offset" in messages[1] and "UTC offset" in messages[2]
    assert "between 1970 and now" in messages[6] and "between 1970 and now" in messages[7]
    saved_at = {item["paper_id"]: item["saved_at"] for item in _items(client, auth, "default")}
    assert saved_at == {"arxiv:2401.00001": 1700000000.5, "arxiv:2401.00002": 1704200645.0}

    not_finite = _import_json(client, auth, "default", '[{"paper_id": "arxiv:2403.00001", "saved_at": NaN},'
                              ' {"paper_id": "arxiv:2403.00002", "saved_at": Infinity},'
                              ' {"paper_id": "arxiv:2403.00003", "saved_at": 1' + "0" * 400 + '}]')
    assert not_finite["imported"] == 0 and [error["entry"] for error in not_finite["errors"]] == \
        ["item 0", "item 1", "item 2"]
    assert all("saved_at: " in error["message"] for error in not_finite["errors"])


def test_json_import_reports_each_bad_item(client):
    auth = new_account(client)
    content = ('[{"paper_id": "arxiv:1706.03762"}, {"paper_id": "nope"}, 7, {"note": "no id"},'
               ' {"paper_id": "arxiv:2401.00001", "read": "maybe"}, {"paper_id": "arxiv:2401.00002", "x": 1}]')
    result = imported(client, auth, "default", "json", content)
    assert result["imported"] == 1
    assert [error["entry"] for error in result["errors"]] == ["item 1", "item 2", "item 3", "item 4", "item 5"]
    assert "read" in result["errors"][3]["message"] and "x" in result["errors"][4]["message"]
    not_json = imported(client, auth, "default", "json", "{oops")
    assert not_json["imported"] == 0 and "not JSON" in not_json["errors"][0]["message"]


def test_every_export_format_downloads_and_bibtex_parses(client):
    auth = new_account(client)
    imported(client, auth, "default", "bibtex", BIBTEX)
    media = {"bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems",
             "csljson": "application/vnd.citationstyles.csl+json", "json": "application/json"}
    for fmt, media_type in media.items():
        response = client.get(f"/api/v1/lists/default/export?format={fmt}", headers=auth)
        assert response.status_code == 200 and response.mimetype == media_type
        assert response.headers["Cache-Control"] == "no-store"
    text = client.get("/api/v1/lists/default/export", headers=auth).get_data(as_text=True)
    assert len(bibtexparser.parse_string(text).entries) == 3
    assert len(pybtex_parse(text, "bibtex").entries) == 3
    bad = client.get("/api/v1/lists/default/export?format=docx", headers=auth)
    assert bad.status_code == 422 and "format" in bad.get_json()["error"]["details"]


def test_a_json_export_of_a_full_list_imports_back_whole(client, redis, settings):
    """Nothing a user saved is lost: the export of a list at its cap, real papers with abstracts,
    authors, tags and notes, is far past the general body limit and imports back entire."""
    alice, bob = new_account(client), new_account(client)
    papers = arxiv_papers(settings.list_max_items)
    _import_json(client, alice, "Everything", [
        {"paper_id": f"arxiv:{paper['id']}", "saved_at": 1.7e9 + n, "read": n % 2 == 0,
         "tags": ["to-read"] if n % 3 else [], "note": "Worth a look. " * (n % 4),
         "paper": {**submission(paper), "ids": {"arxiv": paper["id"]}}} for n, paper in enumerate(papers)])
    exported_file = exported(client, alice, "Everything", "json").get_data(as_text=True)
    redis.delete(*(store.paper_key(f"arxiv:{paper['id']}") for paper in papers))  # the file is all there is

    body = json.dumps({"format": "json", "content": exported_file})
    assert len(body) > 40 * settings.max_request_bytes
    response = client.post("/api/v1/lists/Copy/import", data=body, content_type="application/json", headers=bob)
    assert response.status_code == 202, response.get_json()
    record = finished_import(client, bob, response.headers["Location"])
    assert _outcome(record) == {"list": "Copy", "imported": len(papers), "updated": 0, "errors": []}

    def items(auth, name):
        document = exported(client, auth, name, "json").get_json()
        return [{key: value for key, value in item.items() if key != "updated_at"} for item in document["items"]]
    assert items(bob, "Copy") == items(alice, "Everything")
    counts = {entry["name"]: entry["count"] for entry in client.get("/api/v1/lists", headers=bob).get_json()["lists"]}
    assert counts["Copy"] == settings.list_max_items


def test_an_import_past_its_own_limit_is_413_naming_it(redis, settings):
    small = create_app(settings.replace(list_max_items=100, import_bytes_per_entry=4096))
    client, limit = small.test_client(), 100 * 4096
    auth = new_account(client)
    fits = json.dumps({"format": "json", "content": json.dumps([{"paper_id": "arxiv:1706.03762"}])})
    fits += " " * (limit - len(fits))
    response = client.post("/api/v1/lists/default/import", data=fits, content_type="application/json", headers=auth)
    assert response.status_code == 202
    assert finished_import(client, auth, response.headers["Location"])["imported"] == 1

    response = client.post("/api/v1/lists/default/import", data=fits + " ", content_type="application/json",
                           headers=auth)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "payload_too_large"
    assert error["message"] == f"The request body is larger than the 400 KiB ({limit} bytes) this route accepts."
    anonymous = client.post("/api/v1/lists/default/import", data=fits + " ", content_type="application/json")
    assert anonymous.status_code == 401


def test_every_other_route_keeps_the_small_body_limit(client, settings):
    """The import's larger limit is its own: the next request, to any other route, still gets
    MAX_CONTENT_LENGTH."""
    auth = new_account(client)
    large = json.dumps({"format": "json", "content": "[]" + " " * (2 * settings.max_request_bytes)})
    assert client.post("/api/v1/lists/default/import", data=large, content_type="application/json",
                       headers=auth).status_code == 202
    for method, path in [("put", "/api/v1/lists/default/items/arxiv:1706.03762"), ("post", "/api/v1/papers"),
                         ("post", "/api/v1/lists/default/feedback")]:
        body = json.dumps({"note": " " * settings.max_request_bytes})
        response = client.open(path, method=method, data=body, content_type="application/json", headers=auth)
        assert response.status_code == 413, path
        assert response.get_json()["error"]["message"] == (
            f"The request body is larger than the 256 KiB ({settings.max_request_bytes} bytes) this route accepts.")


def _bibtex(count: int, offset: int = 0) -> str:
    """count entries with LaTeX in every field, as a reference manager writes them."""
    return "\n".join(
        f"@article{{e{n},\n  title = {{On {{\\\"U}}ber-{{\\'e}}l{{\\`e}}ves and $\\alpha$-{{\\v{{s}}}}parsity {n}}},\n"
        f"  author = {{M{{\\\"u}}ller, J{{\\o}}rn and {{\\AA}}str{{\\\"o}}m, K.}},\n"
        f"  eprint = {{2401.{n:05d}}}, archivePrefix = {{arXiv}}, keywords = {{nlp; theory}}\n}}"
        for n in range(offset, offset + count))


def test_an_import_stopped_at_the_job_timeout_says_how_far_it_got(settings):
    """A file the list worker cannot read within its time (here 1 s: 3,000 LaTeX-heavy entries
    of the largest size take several) fails with the limit and where the import stood."""
    hurried = create_app(settings.replace(list_job_timeout_seconds=1)).test_client()
    auth = new_account(hurried)
    content = latex_heavy_bibtex(3000, 3000 * settings.import_bytes_per_entry)
    record = imported(hurried, auth, "Slow", "bibtex", content)
    assert record["status"] == "failed" and record["imported"] == 0, record
    assert "stopped after 1 s" in record["error"] and "still reading the file; nothing was saved" in record["error"]
    assert hurried.get("/api/v1/lists/Slow/items", headers=auth).status_code == 404  # not even made


def test_an_import_shows_its_progress_and_a_second_one_waits_its_turn(client):
    """One import per account at a time: while the first is queued or running, a second gets 409
    naming it; the first is polled through reading and saving to its counts, and then the next
    one may start. Another account is not held up."""
    auth, other = new_account(client), new_account(client)
    first = client.post("/api/v1/lists/Big/import", json={"format": "bibtex", "content": _bibtex(3000)}, headers=auth)
    assert first.status_code == 202
    first_id = first.get_json()["id"]
    second = client.post("/api/v1/lists/default/import", json={"format": "json", "content": "[]"}, headers=auth)
    assert second.status_code == 409
    error = second.get_json()["error"]
    assert error["code"] == "conflict" and first_id in error["message"] and "'Big'" in error["message"]
    assert error["details"]["import"]["id"] == first_id
    assert client.post("/api/v1/lists/default/import", json={"format": "json", "content": "[]"},
                       headers=other).status_code == 202

    seen = []

    def finished():
        record = client.get(first.headers["Location"], headers=auth).get_json()
        seen.append((record["status"], record["phase"], record["processed"]))
        return record if record["status"] in ("done", "failed") else None
    record = wait_until(finished, timeout=120, interval=0.02, message="the big import")
    assert record["status"] == "done" and (record["imported"], record["updated"], record["errors"]) == (3000, 0, [])
    assert record["entries"] == record["processed"] == 3000 and record["finished_at"] >= record["started_at"]
    assert {phase for _, phase, _ in seen} & {"reading", "saving"}, seen  # it was seen at work
    assert [n for _, _, n in seen] == sorted(n for _, _, n in seen)  # progress only moves forward

    after = client.post("/api/v1/lists/default/import", json={"format": "json", "content": "[]"}, headers=auth)
    assert after.status_code == 202
    assert client.get(f"/api/v1/lists/Big/imports/{after.get_json()['id']}", headers=auth).status_code == 404
    assert client.get(f"/api/v1/lists/Big/imports/{first_id}", headers=other).status_code == 404


def test_a_large_list_is_exported_by_a_job_and_fetched_when_ready(redis, settings):
    """Past export_direct_max_items the export answers 202 with a job; its file is the same file a
    direct export writes."""
    small = create_app(settings.replace(export_direct_max_items=2)).test_client()
    auth = new_account(small)
    imported(small, auth, "default", "bibtex", BIBTEX)
    response = small.get("/api/v1/lists/default/export?format=ris", headers=auth)
    assert response.status_code == 202
    job = response.get_json()
    assert job["status"] == "queued" and job["filename"] == "papergist-default.ris"
    file = exported(small, auth, "default", "ris")
    assert file.status_code == 200 and file.mimetype == "application/x-research-info-systems"
    assert 'filename="papergist-default.ris"' in file.headers["Content-Disposition"]
    direct = create_app(settings).test_client().get("/api/v1/lists/default/export?format=ris", headers=auth)
    assert direct.status_code == 200
    assert file.get_data(as_text=True) == direct.get_data(as_text=True)
    done = small.get(response.headers["Location"], headers=auth).get_json()
    assert done["status"] == "done" and done["entries"] == 3 and done["bytes"] == len(file.get_data())


def test_a_file_sent_as_itself_is_imported_and_a_large_body_that_is_no_import_fails_saying_why(client, settings):
    auth = new_account(client)
    response = client.post("/api/v1/lists/Raw/import?format=bibtex", data=BIBTEX.encode(),
                           content_type="application/x-bibtex", headers=auth)
    assert response.status_code == 202 and response.get_json()["format"] == "bibtex"
    assert finished_import(client, auth, response.headers["Location"])["imported"] == 3

    # A body past the general limit is stored undecoded; the job finds what is wrong with it.
    large = settings.max_request_bytes + 1
    for body, expected in [("{" + " " * large, "not JSON"),
                           (json.dumps({"format": "docx", "content": " " * large}), "format: "),
                           (json.dumps({"format": "json", "content": "[]", "x": " " * large}), "x: ")]:
        response = client.post("/api/v1/lists/Raw/import", data=body, content_type="application/json", headers=auth)
        assert response.status_code == 202 and response.get_json()["format"] is None
        record = finished_import(client, auth, response.headers["Location"])
        assert record["status"] == "failed" and expected in record["error"], record
        assert record["error"].startswith("The request body is not ")

    # Within the general limit, the route checks the body itself, as any route does.
    bad = client.post("/api/v1/lists/Raw/import", json={"format": "docx", "content": ""}, headers=auth)
    assert bad.status_code == 422 and "format" in bad.get_json()["error"]["details"]
    assert client.post("/api/v1/lists/Raw/import", data="{oops", content_type="application/json",
                       headers=auth).status_code == 400
    assert client.post("/api/v1/lists/Raw/import?format=docx", data="x", headers=auth).status_code == 422


def test_large_uploads_beyond_half_the_web_processes_get_503_with_retry_after(client, redis, settings):
    """A sync web process receiving 78 MiB is busy a while: half of them may do it at once, so
    that the other half keep answering health checks and papers."""
    auth = new_account(client)
    large = json.dumps({"format": "json", "content": "[]" + " " * settings.max_request_bytes})
    slots = settings.web_workers // 2
    with contextlib.ExitStack() as held:
        for _ in range(slots):
            held.enter_context(upload_slot(redis, slots, settings.web_timeout_seconds))
        busy = client.post("/api/v1/lists/default/import", data=large, content_type="application/json", headers=auth)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert "in a few seconds" in busy.get_json()["error"]["message"]
        small = client.post("/api/v1/lists/default/import", json={"format": "json", "content": "[]"}, headers=auth)
        assert small.status_code == 202  # a small body takes no slot
        finished_import(client, auth, small.headers["Location"])
    response = client.post("/api/v1/lists/default/import", data=large, content_type="application/json", headers=auth)
    assert response.status_code == 202
    assert finished_import(client, auth, response.headers["Location"])["status"] == "done"


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson"])
def test_every_citation_export_imports_back_with_braces_notes_and_read_flags(client, fmt):
    alice, bob = new_account(client), new_account(client)
    # A paper the replayed arXiv does not know: the title shown is the account's own copy, braces
    # and all (a registry's record would replace it: tests/api/test_metadata_trust.py).
    note = "see {Eq. 3}\n\nthen \"check\" -- 50% ^ ~"
    client.put("/api/v1/lists/default/items/arxiv:1706.03799", headers=alice, json={
        "tags": ["nlp", "set{a}"], "note": note, "read": True,
        "paper": {"url": "https://arxiv.org/abs/1706.03799", "title": "Attention Is {All} You Need",
                  "authors": ["Ashish Vaswani", "Noam Shazeer"]}})
    client.put("/api/v1/lists/default/items/doi:10.1101/2024.01.02.573921", json={"tags": ["bio"]}, headers=alice)
    exported = client.get(f"/api/v1/lists/default/export?format={fmt}", headers=alice).get_data(as_text=True)
    assert "10.48550/arXiv.1706.03799" in exported

    response = client.post("/api/v1/lists/Copy/import", json={"format": fmt, "content": exported}, headers=bob)
    assert response.status_code == 202
    record = finished_import(client, bob, response.headers["Location"])
    assert (record["status"], record["imported"], record["updated"], record["errors"]) == ("done", 2, 0, [])
    mine = {item["paper_id"]: item for item in _items(client, alice, "default")}
    copied = {item["paper_id"]: item for item in _items(client, bob, "Copy")}
    assert set(copied) == set(mine)
    for paper_id in mine:
        assert {key: copied[paper_id][key] for key in ("tags", "read")} == \
            {key: mine[paper_id][key] for key in ("tags", "read")}, paper_id
    # RIS holds one line a value.
    assert copied["arxiv:1706.03799"]["note"] == (" ".join(note.split()) if fmt == "ris" else note)
    assert copied["arxiv:1706.03799"]["paper"]["title"] == "Attention Is {All} You Need"
