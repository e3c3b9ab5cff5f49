"""Export and import through the API: every entry is saved or reported, never dropped."""
import bibtexparser
from pybtex.database import parse_string as pybtex_parse

from tests.support.accounts import new_account

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
    assert response.status_code == 200
    result = response.get_json()
    assert result["imported"] == 3
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

    again = client.post("/api/v1/lists/Imported/import", json={"format": "bibtex", "content": BIBTEX},
                        headers=auth).get_json()
    assert again["imported"] == 0 and again["updated"] == 3


def test_json_export_imports_back_into_another_account(client):
    alice, bob = new_account(client), new_account(client)
    client.put("/api/v1/lists/default/items/arxiv:1706.03762", headers=alice, json={
        "tags": ["nlp"], "note": "classic", "read": True,
        "paper": {"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need"}})
    client.put("/api/v1/lists/default/items/doi:10.1101/2024.01.02.573921", json={}, headers=alice)
    exported = client.get("/api/v1/lists/default/export?format=json", headers=alice)
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert 'filename="papergist-default.json"' in exported.headers["Content-Disposition"]

    result = client.post("/api/v1/lists/Copy/import", headers=bob,
                         json={"format": "json", "content": exported.get_data(as_text=True)}).get_json()
    assert result == {"list": "Copy", "imported": 2, "updated": 0, "errors": []}
    items = client.get("/api/v1/lists/Copy/items", headers=bob).get_json()["items"]
    copied = {i["paper_id"]: (i["tags"], i["note"], i["read"]) for i in items}
    assert copied == {"arxiv:1706.03762": (["nlp"], "classic", True),
                      "doi:10.1101/2024.01.02.573921": ([], "", False)}


def test_json_import_reports_each_bad_item(client):
    auth = new_account(client)
    content = ('[{"paper_id": "arxiv:1706.03762"}, {"paper_id": "nope"}, 7, {"note": "no id"},'
               ' {"paper_id": "arxiv:2401.00001", "read": "maybe"}, {"paper_id": "arxiv:2401.00002", "x": 1}]')
    result = client.post("/api/v1/lists/default/import", headers=auth,
                         json={"format": "json", "content": content}).get_json()
    assert result["imported"] == 1
    assert [error["entry"] for error in result["errors"]] == ["item 1", "item 2", "item 3", "item 4", "item 5"]
    assert "read" in result["errors"][3]["message"] and "x" in result["errors"][4]["message"]
    not_json = client.post("/api/v1/lists/default/import", headers=auth,
                           json={"format": "json", "content": "{oops"}).get_json()
    assert not_json["imported"] == 0 and "not JSON" in not_json["errors"][0]["message"]


def test_every_export_format_downloads_and_bibtex_parses(client):
    auth = new_account(client)
    client.post("/api/v1/lists/default/import", json={"format": "bibtex", "content": BIBTEX}, headers=auth)
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
