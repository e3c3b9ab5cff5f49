"""Bad input gets a clear 4xx naming what is wrong: never a 500, never a silent drop."""
import pytest


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
