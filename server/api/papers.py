"""/api/v1/papers: submit a paper, then read its summary and related papers as they arrive;
or a listing page's papers at once (POST /batch, then GET ?paper_id=…&paper_id=…)."""
import hashlib

from flask import Response, current_app
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from marshmallow import ValidationError

from server.api.json_body import Blueprint
from server.api.auth import documented
from server.api.errors import domain_error
from server.api.input_fields import PAPER_ID_PATH
from server.api.schemas import (BATCH_MAX_PAPERS, CitationQuerySchema, PaperBatchInputSchema, PaperBatchSchema,
                                PaperDocumentSchema, PaperIdsQuerySchema, PaperInputSchema, RefreshInputSchema)
from server.api.context import body_limit, get_recent_documents, get_redis, get_settings
from server.citations import CITATION_FORMATS
from server.digests import trending
from server.api.document_cache import get_rendered
from server.errors import PaperGistError
from server.papers import trust
from server.papers.document import accept_paper, get_document, get_paper, is_complete, submit_paper
from server.papers.parts import queue_listing_look_up

_DOCUMENT = PaperDocumentSchema()
_PAPER_INPUT = PaperInputSchema()


def _render(document: dict) -> bytes:
    return current_app.json.dumps(_DOCUMENT.dump(document)).encode()

blp = Blueprint("papers", __name__, url_prefix="/api/v1/papers",
                description="Papers, their summaries and related papers")


@blp.route("")
class Papers(MethodView):
    @blp.arguments(PaperInputSchema)
    @blp.response(200, PaperDocumentSchema, description="Both parts were already done (from cache)")
    @blp.alt_response(202, schema=PaperDocumentSchema, description="Work was queued; poll GET /papers/{paper_id}")
    def post(self, submission):
        """Submit the paper on the reader's page"""
        document = submit_paper(get_redis(), get_settings(), submission, trust.submitter_id(get_remote_address()))
        # A submission is a reader opening the paper (the popup's polls that follow are not).
        trending.count(get_redis(), get_settings(), "opens", document["paper_id"], get_remote_address())
        return document, 200 if is_complete(document) else 202

    @blp.etag
    @blp.arguments(PaperIdsQuerySchema, location="query")
    @blp.response(200, PaperBatchSchema)
    @documented(blp, 422, authenticated=False)
    def get(self, query):
        """Several papers' documents at once, in the order asked (a listing page's polls)

        An id that names no submitted paper, or no paper at all, gets `{error}` in its place.
        Send If-None-Match with the last ETag (over the whole answer) to get a 304 while
        nothing changed. Complete documents are served rendered, as GET /papers/{paper_id} does."""
        redis, settings, recent = get_redis(), get_settings(), get_recent_documents()
        bodies, digests = [], []
        for paper_id in query["paper_id"]:
            try:
                body, digest = get_rendered(redis, settings, paper_id, _render, recent)
            except PaperGistError as error:
                body = current_app.json.dumps({"paper_id": paper_id, "error": domain_error(error)[1]}).encode()
                digest = hashlib.sha1(body).hexdigest()
            bodies.append(body)
            digests.append(digest)
        blp.set_etag(hashlib.sha1(" ".join(digests).encode()).hexdigest())
        # The rendered documents are spliced in as they are, not parsed and dumped again.
        return current_app.response_class(b'{"documents":[' + b",".join(bodies) + b"]}", mimetype="application/json")


@blp.route("/batch")
class PaperBatch(MethodView):
    @body_limit(lambda settings: settings.batch_bytes_per_paper * BATCH_MAX_PAPERS)
    @blp.arguments(PaperBatchInputSchema)
    @blp.response(200, PaperBatchSchema, description="Every paper's both parts were already done (from cache)")
    @blp.alt_response(202, schema=PaperBatchSchema, description="Work was queued; poll GET /papers?paper_id=…")
    @documented(blp, 413, 422, authenticated=False)
    def post(self, body):
        """Submit every paper of a listing page at once (1 to 100), in page order

        Each entry is what POST /papers takes and gets what it answers, in the order sent; an
        invalid entry gets `{error}` in its place and the others still go through. Their work
        is queued behind papers submitted one by one, the first entry first, after one request
        to arXiv for all its unverified arXiv papers; submitting one of them on its own later (the
        reader opened it) moves its work to the front. The batch is one request against the rate
        limit, and each paper counts against a per-paper limit."""
        redis, settings, submitter = get_redis(), get_settings(), trust.submitter_id(get_remote_address())
        documents, accepted = [None] * len(body["papers"]), {}
        for position, entry in enumerate(body["papers"]):
            try:
                accepted[position] = accept_paper(redis, settings, _PAPER_INPUT.load(entry), submitter)
            except ValidationError as error:
                documents[position] = {"error": {"code": "invalid_request", "details": error.normalized_messages(),
                                                 "message": f"Paper {position} is invalid: {_first_message(error)}"}}
            except PaperGistError as error:
                documents[position] = {"error": domain_error(error)[1]}
        # Every paper stored before any job is queued: the one that asks arXiv about them all goes first.
        queue_listing_look_up(redis, settings, list(accepted.values()))
        for position, paper_id in accepted.items():
            try:
                documents[position] = get_document(redis, settings, paper_id, retry_failed=True, listing=True)
            except PaperGistError as error:
                documents[position] = {"error": domain_error(error)[1]}
        queued = any("error" not in document and not is_complete(document) for document in documents)
        return {"documents": documents}, 202 if queued else 200


def _first_message(error: ValidationError) -> str:
    """"ids: arxiv: Longer than maximum length 64.": the first field's first complaint."""
    path, messages = [], error.normalized_messages()
    while isinstance(messages, dict) and messages:
        field, messages = next(iter(messages.items()))
        path.append(str(field))
    first = messages[0] if isinstance(messages, list) and messages else messages
    path = [field for field in path if field != "_schema"]  # marshmallow's name for the whole entry
    return f"{': '.join(path)}: {first}" if path else str(first)


@blp.route("/<path:paper_id>", parameters=[PAPER_ID_PATH])
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


@blp.route("/<path:paper_id>/retry", parameters=[PAPER_ID_PATH])
class PaperRetry(MethodView):
    @blp.response(202, PaperDocumentSchema)
    def post(self, paper_id):
        """Queue the failed parts of a paper again"""
        return get_document(get_redis(), get_settings(), paper_id, retry_failed=True)


@blp.route("/<path:paper_id>/refresh", parameters=[PAPER_ID_PATH])
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
@blp.route("/<path:paper_id>/citation", parameters=[PAPER_ID_PATH])
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
