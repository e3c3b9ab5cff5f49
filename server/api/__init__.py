"""The HTTP layer: blueprints per resource, one error shape, the OpenAPI document."""
from server.api import accounts, corpus, digests, docs, health, lists, papers
from server.api.auth import SECURITY_SCHEME
from server.api.schemas import ImportInputSchema
from server.api.errors import PaperGistApi
from server.api.json_body import BoundedJsonProvider

API_CONFIG = {
    "API_TITLE": "PaperGist",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": docs.ASSETS_URL,
}


def register_api(app) -> PaperGistApi:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    app.json = BoundedJsonProvider(app)
    app.register_blueprint(docs.blp)
    api = PaperGistApi(app)
    api.spec.components.security_scheme("bearer", SECURITY_SCHEME)
    # The import route reads its body itself (lists.py IMPORT_BODY) and refers to this schema.
    api.spec.components.schema("ImportInput", schema=ImportInputSchema)
    for module in (papers, corpus, accounts, lists, digests, health):
        api.register_blueprint(module.blp)
    return api
