"""Bad input gets a clear 4xx naming what is wrong: never a 500, never a silent drop."""
import pytest

from server.api.errors import CODES
from server.errors import InvalidPaperIdError
from tests.support.accounts import new_account
from tests.support.polling import imported


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_missing_url(client):
    response = client.post("/api/v1/papers", json={"title": "No address"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_request"
    assert error["details"] == {"url": ["Missing data for required field."]}
    assert "url" in error["message"]


@pytest.mark.parametrize("body, field", [
    ({"url": 42}, "url"),
    ({"url": "not an address"}, "url"),
    ({"url": "ftp://arxiv.org/abs/2401.01234"}, "url"),
    ({"url": "https://arxiv.org/abs/1", "title": ["a list"]}, "title"),
    ({"url": "https://arxiv.org/abs/1", "authors": "Ada Lovelace"}, "authors"),
    ({"url": "https://arxiv.org/abs/1", "authors": [1, 2]}, "authors"),
    ({"url": "https://arxiv.org/abs/1", "ids": ["2401.01234"]}, "ids"),
    ({"url": "https://arxiv.org/abs/1", "version": "2"}, "version"),
    ({"url": "https://arxiv.org/abs/1", "version": 0}, "version"),
])
def test_wrong_types_name_the_field(client, body, field):
    response = client.post("/api/v1/papers", json=body)
    assert response.status_code == 422
    assert field in error_of(response)["details"]


def test_unknown_fields_are_refused_not_dropped(client):
    response = client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2401.01234", "html": "<p>"})
    assert response.status_code == 422
    assert error_of(response)["details"] == {"html": ["Unknown field."]}
    nested = client.post("/api/v1/papers", json={"url": "https://x.org/a", "ids": {"isbn": "1"}})
    assert error_of(nested)["details"] == {"ids": {"isbn": ["Unknown field."]}}


def test_a_huge_abstract_is_refused(client):
    response = client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2401.01234", "abstract": "a" * 20001})
    assert response.status_code == 422
    assert "abstract" in error_of(response)["details"]


def test_an_oversized_body_is_413(client):
    response = client.post("/api/v1/papers", data="{" + " " * 300_000 + "}", content_type="application/json")
    assert response.status_code == 413
    assert "KiB" in error_of(response)["message"]


def test_invalid_json_is_400(client):
    response = client.post("/api/v1/papers", data='{"url": ', content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["message"] == "Invalid JSON body."


def test_a_bad_explicit_id_is_422_naming_it(client):
    response = client.post("/api/v1/papers", json={"url": "https://x.org/a", "ids": {"arxiv": "banana"}})
    assert response.status_code == 422
    assert error_of(response)["details"] == {"ids": {"arxiv": ["'banana' is not an arXiv id (like 2401.01234 or math/0502036)"]}}


@pytest.mark.parametrize("path", ["/api/v1/papers/banana", "/api/v1/papers/isbn:123", "/api/v1/papers/arxiv:nope"])
def test_malformed_paper_ids_in_the_path(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


def test_wrong_method_and_unknown_route_keep_the_error_shape(client):
    assert error_of(client.delete("/api/v1/papers"))["code"] == "method_not_allowed"
    assert error_of(client.get("/api/v1/nothing"))["code"] == "not_found"


def test_a_bad_query_parameter_is_named_as_one(client):
    response = client.get("/api/v1/papers/arxiv:1706.03762/citation", query_string={"format": "docx"})
    assert response.status_code == 422
    message = error_of(response)["message"]
    assert message.startswith("The query string is invalid. format: "), message
    assert "bibtex" in message


# What an attacker sent to `python -m server run` (issue #14): each once gave a 500.
DEEP = "[" * 100_000 + "]" * 100_000
ITEM = "/api/v1/lists/default/items/arxiv:1706.03762"
FEEDBACK = "/api/v1/lists/default/feedback"


@pytest.fixture
def auth(client):
    return new_account(client)


def _send(client, method, path, body: str, auth):
    return client.open(path, method=method, data=body, content_type="application/json", headers=auth)


@pytest.mark.parametrize("method, path", [("POST", "/api/v1/papers"), ("PUT", ITEM), ("POST", FEEDBACK)])
@pytest.mark.parametrize("body", [DEEP, '{"url": ' + "{" * 50_000 + "}" * 50_000 + "}"], ids=["array", "object"])
def test_deeply_nested_json_is_400_before_it_is_parsed(client, auth, method, path, body):
    response = _send(client, method, path, body, auth)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request"
    assert list(error["details"]) == ["body"] and "nests deeper than 32 levels" in error["message"]


def test_json_a_little_deeper_than_anything_read_is_still_named_by_field(client, auth):
    # 30 levels pass the depth limit; the schema then names the field the structure sits in.
    response = _send(client, "POST", "/api/v1/papers", '{"url": "https://x.org/a", "title": '
                     + "[" * 30 + "]" * 30 + "}", auth)
    assert response.status_code == 422 and "title" in error_of(response)["details"]


@pytest.mark.parametrize("literal", ["9" * 5000, "-" + "9" * 5000, "1" * 70 + ".5", "1e999"],
                         ids=["5000 digits", "-5000 digits", "long float", "overflowing float"])
def test_a_number_too_long_to_read_is_422_naming_its_field(client, auth, literal):
    response = _send(client, "POST", "/api/v1/papers", '{"url": "https://x.org/a", "version": ' + literal + "}", auth)
    assert response.status_code == 422
    [message] = error_of(response)["details"]["version"]
    assert "characters; at most 64 are read" in message or "1e999 is too large a number" in message
    nested = _send(client, "PUT", ITEM, '{"paper": {"url": "https://x.org/a", "version": ' + literal + "}}", auth)
    assert nested.status_code == 422 and "version" in error_of(nested)["details"]["paper"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_and_named_by_field(client, auth, constant):
    response = _send(client, "POST", "/api/v1/papers", '{"url": "https://x.org/a", "version": ' + constant + "}", auth)
    assert response.status_code == 422
    assert error_of(response)["details"] == {"version": [f"{constant} is not a JSON number"]}


@pytest.mark.parametrize("method, path, body, field", [
    ("POST", FEEDBACK, '{"paper_id": "\\ud800", "relevant": false}', "paper_id"),
    ("POST", FEEDBACK, '{"paper_id": "doi:10.1234/a\\udc00", "relevant": false}', "paper_id"),
    ("PUT", ITEM, '{"tags": ["\\udc00"]}', "tags"),
    ("PUT", ITEM, '{"note": "half of \\ud83d an emoji"}', "note"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a", "title": "\\ud800"}', "title"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a", "authors": ["Ada \\udfff"]}', "authors"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a", "ids": {"doi": "10.1234/\\ud800"}}', "ids"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/\\ud800"}', "url"),
])
def test_a_lone_surrogate_is_422_naming_the_field(client, auth, method, path, body, field):
    response = _send(client, method, path, body, auth)
    assert response.status_code == 422, response.get_json()
    error = error_of(response)
    assert field in error["details"], error
    assert "surrogate" in error["message"] or "not a DOI" in error["message"] or "paper id" in error["message"]


@pytest.mark.parametrize("method, path, body, field", [
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a\\u0000"}', "url"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a b"}', "url"),
    ("POST", "/api/v1/papers", '{"url": "https://x.org/a", "title": "Bell\\u0007"}', "title"),
    ("PUT", ITEM, '{"paper": {"url": "https://x.org/a\\u0000"}}', "paper"),
    ("PUT", ITEM, '{"tags": ["two\\nlines"]}', "tags"),
    ("PUT", ITEM, '{"note": "nul \\u0000 byte"}', "note"),
    ("POST", FEEDBACK, '{"paper_id": "arxiv:1706.03762\\u0000", "relevant": false}', "paper_id"),
])
def test_a_control_character_is_422_naming_the_field(client, auth, method, path, body, field):
    response = _send(client, method, path, body, auth)
    assert response.status_code == 422, response.get_json()
    assert field in error_of(response)["details"]


def test_line_breaks_and_tabs_in_text_are_kept(client, auth):
    response = _send(client, "PUT", ITEM, '{"note": "first line\\n\\tsecond line", "paper": {"url": '
                     '"https://arxiv.org/abs/1706.03762", "title": "Attention\\nIs All You Need"}}', auth)
    assert response.status_code == 201
    assert response.get_json()["note"] == "first line\n\tsecond line"


ARABIC_INDIC = "arxiv:\u0661\u0667\u0660\u0666.\u0660\u0663\u0667\u0666\u0662"  # arxiv:1706.03762 in Arabic-Indic digits
LONG_DOI = "doi:10.1234/" + "a" * 3000


@pytest.mark.parametrize("paper_id", [ARABIC_INDIC, LONG_DOI, "pmid:\u0661\u0662\u0663", "doi:10.1234/a\u200bb"],
                         ids=["arabic-indic arxiv", "3000-character doi", "arabic-indic pmid", "zero-width space in a doi"])
def test_one_id_grammar_in_paths_query_strings_and_bodies(client, auth, paper_id):
    answers = [
        client.get(f"/api/v1/papers/{paper_id}"),
        client.get(f"/api/v1/papers/{paper_id}/citation"),
        client.put(f"/api/v1/lists/default/items/{paper_id}", json={}, headers=auth),
        client.get(f"/api/v1/saved/{paper_id}", headers=auth),
        client.get("/api/v1/saved", query_string={"paper_id": paper_id}, headers=auth),
        client.post(FEEDBACK, json={"paper_id": paper_id, "relevant": False}, headers=auth),
    ]
    for response in answers:
        assert response.status_code == 422, (response.request.path, response.get_json())
        assert "paper_id" in error_of(response)["details"], response.get_json()
    scheme, _, value = paper_id.partition(":")
    explicit = client.post("/api/v1/papers", json={"url": "https://x.org/a", "ids": {scheme: value}})
    assert explicit.status_code == 422 and scheme in error_of(explicit)["details"]["ids"]


def test_the_same_length_limit_everywhere():
    from server.identifiers import MAX_DOI_CHARS, parse_id
    longest = "doi:10.1234/" + "a" * (MAX_DOI_CHARS - len("10.1234/"))
    assert parse_id(longest).paper_id == longest
    with pytest.raises(InvalidPaperIdError, match="at most 256 characters"):
        parse_id(longest + "a")


@pytest.mark.parametrize("content", [DEEP, '{"items": ' + DEEP + "}", '[{"paper_id": ' + DEEP + "}]"],
                         ids=["array", "object", "inside an item"])
def test_a_json_import_nested_too_deep_is_reported_not_a_500(client, auth, worker, content):
    result = imported(client, auth, "default", "json", content)
    assert result["imported"] == 0
    assert result["errors"][0]["entry"] == "file" and "nests deeper than 32 levels" in result["errors"][0]["message"]


def test_a_json_import_names_bad_numbers_surrogates_and_ids_per_item(client, auth, worker):
    content = ('[{"paper_id": "arxiv:1706.03762", "saved_at": ' + "9" * 5000 + '},'
               ' {"paper_id": "arxiv:1706.03763", "tags": ["\\ud800"]},'
               ' {"paper_id": "' + ARABIC_INDIC + '"},'
               ' {"paper": {"url": "https://x.org/\\udc00"}},'
               ' {"paper_id": "arxiv:1706.03764", "note": "fine"}]')
    result = imported(client, auth, "default", "json", content)
    assert result["imported"] == 1
    errors = {error["entry"]: error["message"] for error in result["errors"]}
    assert set(errors) == {"item 0", "item 1", "item 2", "item 3"}
    assert "saved_at" in errors["item 0"] and "tags" in errors["item 1"] and "surrogate" in errors["item 1"]
    assert "not an arXiv id" in errors["item 2"] and "surrogate" in errors["item 3"]


def test_a_lone_surrogate_in_an_import_file_is_422(client, auth):
    response = client.post("/api/v1/lists/default/import", data='{"format": "bibtex", "content": "@misc{a\\ud800,}"}',
                           content_type="application/json", headers=auth)
    assert response.status_code == 422 and "content" in error_of(response)["details"]


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/", 404), ("GET", "/nothing", 404), ("POST", "/healthz", 405), ("DELETE", "/api/openapi.json", 405),
    ("GET", "/api/v1/papers/", 404), ("PATCH", ITEM, 405),
])
def test_everything_the_app_answers_itself_has_the_error_shape(client, auth, method, path, status):
    response = client.open(path, method=method, headers=auth)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert error_of(response)["code"] == CODES[status]


@pytest.mark.parametrize("method, suffix", [("GET", "/citation"), ("POST", "/refresh"), ("GET", "")])
def test_a_path_with_a_double_slash_is_a_json_404_not_an_html_redirect(client, auth, method, suffix):
    response = client.open(f"/api/v1/papers//x.org/a{suffix}", method=method, headers=auth)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_an_oversized_body_anywhere_is_413_with_the_error_shape(client, auth):
    for method, path in (("POST", "/api/v1/papers"), ("POST", FEEDBACK), ("PUT", ITEM),
                         ("POST", "/api/v1/papers/arxiv:1706.03762/refresh")):
        response = _send(client, method, path, " " * 300_000, auth)
        assert response.status_code == 413 and error_of(response)["code"] == "payload_too_large"
