"""Fuzz every operation of the API from its own OpenAPI document (schemathesis, in process):
no 5xx, and every answer - status, content type, headers, body - is one the document declares.
Requests carry a real account's token, so authenticated routes are exercised past the 401.
All operations run as subtests of one test, sharing its fixtures."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings
from schemathesis import checks


@pytest.fixture
def api_schema(app):
    # The test settings lift the rate limits (the fuzzer sends thousands of requests from one
    # address); 429 has its own tests and is documented on every operation.
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@schemathesis.auth(refresh_interval=None, retry_on=[])
class FreshAccount:
    """A new account, with one saved paper in two lists, for every generated request: cases that delete
    the account or rotate its token must not leave the next ones with a dead token.
    Schemathesis still sends missing and invalid tokens on its own to check the 401s."""

    def get(self, case, context):
        client = context.app.test_client()
        token = client.post("/api/v1/accounts").get_json()["token"]
        for name in ("default", "Reading group"):  # "Reading group" is the documented example
            client.put(f"/api/v1/lists/{name}/items/arxiv:1706.03762", json={"tags": ["nlp"]},
                       headers={"Authorization": f"Bearer {token}"})
        return token

    def set(self, case, token, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(max_examples=20, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.filter_too_much])
def test_the_api_answers_as_its_openapi_document_says(case):
    case.call_and_validate(excluded_checks=_excluded(case))


# Operations whose documents do not yet state every rule their schemas apply, so that data the
# document allows may be refused: a batch entry is any JSON value in the document but not null
# in the schema, and JSON Schema's email format takes addresses marshmallow's Email does not.
LOOSER_DOCUMENTS = {("POST", "/api/v1/papers/batch"), ("PUT", "/api/v1/lists/{list_name}/digest")}


def _excluded(case) -> list:
    # positive_data_acceptance is on: paper ids (paths, query strings, bodies), explicit ids,
    # text and addresses carry their grammar as patterns (identifiers.VALUE_PATTERNS,
    # api/input_fields.py), so what the fuzzer draws from the document is accepted.
    excluded = []
    if (case.operation.method.upper(), case.operation.path) in LOOSER_DOCUMENTS:
        excluded.append(checks.positive_data_acceptance)
    if case.operation.path == "/api/v1/lists/{list_name}/import":
        # The body's shape depends on the query, which OpenAPI 3 cannot state: with ?format= it is
        # the file itself (any text: the job reports what it cannot read), without it JSON
        # {format, content}. The import's own tests cover both forms.
        excluded += [checks.positive_data_acceptance, checks.negative_data_rejection]
    if case.operation.path == "/readyz":
        excluded.append(checks.not_a_server_error)  # 503 "no worker" is its documented answer
    if case.operation.path.startswith("/api/v1/papers/"):
        # GET /papers/{id}/retry matches GET /papers/{paper_id} with paper_id="{id}/retry", so
        # GET there is answered (422) instead of 405, and OPTIONS advertises GET; reported.
        excluded += [checks.allow_header_conformance, checks.unsupported_method]
    return excluded


# What an attacker sent to `python -m server run` (issue #14), now sent to every operation that
# reads a JSON body, and into each of its fields: always a 4xx in the error shape, naming the field.
HOSTILE_BODIES = {"nested arrays": "[" * 100_000 + "]" * 100_000,
                  "nested objects": '{"a":' * 40_000 + "1" + "}" * 40_000}
HOSTILE_VALUES = {"5,000 digits": "9" * 5000, "NaN": "NaN", "lone surrogate": '"\\ud800"',
                  "low surrogate": '"\\udc00"', "NUL": '"a\\u0000"', "deep list": "[" * 31 + "]" * 31}


def _json_operations(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                name = schema["$ref"].rsplit("/", 1)[-1]
                # Paths filled with valid examples, so that only the body can be wrong.
                url = path.replace("{list_name}", "default").replace("{paper_id}", "arxiv:1706.03762")
                yield method.upper(), url, list(spec["components"]["schemas"][name]["properties"])


def test_hostile_bodies_and_values_are_4xx_naming_the_field(app):
    client = app.test_client()
    auth = {"Authorization": f"Bearer {client.post('/api/v1/accounts').get_json()['token']}"}
    operations = list(_json_operations(app))
    assert len(operations) >= 5, operations
    for method, url, fields in operations:
        for label, body in HOSTILE_BODIES.items():
            response = client.open(url, method=method, data=body, content_type="application/json", headers=auth)
            assert response.status_code == 400, (method, url, label, response.get_json())
            assert "nests deeper" in response.get_json()["error"]["details"]["body"][0]
        for field in fields:
            for label, value in HOSTILE_VALUES.items():
                response = client.open(url, method=method, data=f'{{"{field}": {value}}}',
                                       content_type="application/json", headers=auth)
                if _refused_entry_by_entry(response):
                    continue
                assert response.status_code == 422, (method, url, field, label, response.get_json())
                assert field in response.get_json()["error"]["details"], (method, url, field, label)


def _refused_entry_by_entry(response) -> bool:
    """A batch answers each entry in its place: every one an error is a refusal too."""
    documents = (response.get_json() or {}).get("documents")
    return response.status_code == 200 and bool(documents) and all("error" in d for d in documents)
