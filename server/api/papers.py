"""/api/v1/papers: submit a paper, then read its summary and related papers as they arrive."""
from flask import Response, current_app
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from flask_smorest import Blueprint

from server.api.auth import documented
from server.api.schemas import CitationQuerySchema, PaperDocumentSchema, PaperInputSchema, RefreshInputSchema
from server.api.context import get_recent_documents, get_redis, get_settings
from server.citations import CITATION_FORMATS
from server.api.document_cache import get_rendered
from server.papers import trust
from server.papers.document import get_document, get_paper, is_complete, submit_paper

_DOCUMENT = PaperDocumentSchema()


def _render(document: dict) -> bytes:
    return current_app.json.dumps(_DOCUMENT.dump(document)).encode()

blp = Blueprint("papers", __name__, url_prefix="/api/v1/papers",
                description="Papers, their summaries and related papers")
PAPER_ID = {"in": "path", "name": "paper_id", "description": "a paper id, slashes and all",
            "schema": {"type": "string"}, "example": "doi:10.1101/2024.01.02.573921"}


@blp.route("")
class Papers(MethodView):
    @blp.arguments(PaperInputSchema)
    @blp.response(200, PaperDocumentSchema, description="Both parts were already done (from cache)")
    @blp.alt_response(202, schema=PaperDocumentSchema, description="Work was queued; poll GET /papers/{paper_id}")
    def post(self, submission):
        """Submit the paper on the reader's page"""
        document = submit_paper(get_redis(), get_settings(), submission, trust.submitter_id(get_remote_address()))
        return document, 200 if is_complete(document) else 202


@blp.route("/<path:paper_id>")
class PaperById(MethodView):
    @blp.etag
    @blp.response(200, PaperDocumentSchema)
    def get(self, paper_id):
        """A submitted paper with the state of its summary and related papers

        Send If-None-Match with the last ETag to get a cheap 304 while nothing changed."""
        body, digest = get_rendered(get_redis(), get_settings(), paper_id, _render,
                                             get_recent_documents())
        blp.set_etag(digest)  # answers 304 when it matches If-None-Match
        return current_app.response_class(body, mimetype="application/json")


@blp.route("/<path:paper_id>/retry")
class PaperRetry(MethodView):
    @blp.response(202, PaperDocumentSchema)
    def post(self, paper_id):
        """Queue the failed parts of a paper again"""
        return get_document(get_redis(), get_settings(), paper_id, retry_failed=True)


@blp.route("/<path:paper_id>/refresh", parameters=[PAPER_ID])
class PaperRefresh(MethodView):
    @blp.arguments(RefreshInputSchema)
    @blp.response(202, PaperDocumentSchema, description="The parts are queued; poll GET /papers/{paper_id}")
    @documented(blp, 404, 422, authenticated=False)
    def post(self, body, paper_id):
        """Compute parts of a paper again, done ones too (say, related papers after the corpus grew)

        Related lists are computed again by themselves once the corpus has doubled or its first
        harvest has finished; this is for a reader who wants a fresh list sooner. Until the new
        list is done, the document shows the old one with the status `queued` or `running`."""
        return get_document(get_redis(), get_settings(), paper_id, refresh=set(body["parts"]))


# Werkzeug tries `<path:paper_id>/citation` before `<path:paper_id>` (the rule with static text
# after the path weighs first), so a GET here reaches this view and not PaperById with the id
# `{id}/citation`; a GET on /retry or /refresh does reach PaperById, since those answer POST alone.
@blp.route("/<path:paper_id>/citation", parameters=[PAPER_ID])
class PaperCitation(MethodView):
    @blp.arguments(CitationQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "The citation as text", "content": {
        exporter.media_type: {"schema": {"type": "array", "items": {"type": "object"}}
                              if name == "csljson" else {"type": "string"}}
        for name, exporter in CITATION_FORMATS.items()}}})
    @documented(blp, 404, 422, authenticated=False)
    def get(self, query, paper_id):
        """Cite one paper: BibTeX, RIS, CSL-JSON (as the list export writes them) or a Markdown link"""
        item = get_paper(get_redis(), paper_id)
        exporter = CITATION_FORMATS[query["format"]]
        return Response(exporter.write([item], item["paper_id"]), mimetype=exporter.media_type)
