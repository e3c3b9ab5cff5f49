"""/api/v1/lists and /api/v1/saved: an account's personal lists of papers.

Every route reads the account from the bearer token and reaches only that account's keys;
there are no global list ids to guess. Paper ids in paths are canonical ids, slashes and all
(`doi:10.1101/2024.01.02.573921`), parsed like /api/v1/papers does.
"""
import math

from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from server import bounded_json
from server.api.json_body import Blueprint
from server.lists import exports, imports, service as lists
from server.lists.transfers import CHUNK_BYTES, upload_slot
from server.lists.recommendations import recommendations_state
from server.api.auth import current_account, documented, require_token
from server.api.context import body_limit, get_redis, get_settings
from server.api.input_fields import PAPER_ID_PATH
from server.api.schemas import (ExportJobSchema, ExportQuerySchema, FeedbackInputSchema, FeedbackSchema,
                                ImportInputSchema, ImportJobSchema, ImportQuerySchema, ItemInputSchema, ItemSchema,
                                ItemsPageSchema, ItemsQuerySchema, ListSummarySchema, ListsSchema,
                                RecommendationsSchema, SavedManySchema, SavedQuerySchema, SavedSchema)
from server.citations import EXPORTERS
from server.digests import trending

# What the JSON exports hold, for the OpenAPI document (the text formats are plain strings).
EXPORT_SCHEMAS = {"json": {"type": "object"}, "csljson": {"type": "array", "items": {"type": "object"}}}
EXPORT_FILE = {exporter.media_type: {"schema": EXPORT_SCHEMAS.get(name, {"type": "string"})}
               for name, exporter in EXPORTERS.items()}

blp = Blueprint("lists", __name__, url_prefix="/api/v1",
                description="Personal lists: save, tag, export and get recommendations")
require_token(blp)

LIST_NAME = {"in": "path", "name": "list_name", "description": f"a list name: {lists.LIST_NAME_RULE}",
             "schema": {"type": "string", "pattern": lists.LIST_NAME_PATTERN, "maxLength": 64},
             "example": "Reading group"}
IMPORT_ID = {"in": "path", "name": "import_id", "description": "the id POST …/import answered with",
             "schema": {"type": "string"}, "example": "9f1c2d3e4a5b6c7d"}
EXPORT_ID = {"in": "path", "name": "export_id", "description": "the id a large list's export answered with",
             "schema": {"type": "string"}, "example": "0a1b2c3d4e5f6a7b"}


@blp.route("/lists")
class Lists(MethodView):
    @blp.response(200, ListsSchema)
    @documented(blp)
    def get(self):
        """The account's lists with how many papers each holds (`default` always exists)"""
        return {"lists": lists.all_lists(get_redis(), current_account())}


@blp.route("/lists/<list_name>", parameters=[LIST_NAME])
class ListByName(MethodView):
    @blp.response(200, ListSummarySchema)
    @blp.alt_response(201, schema=ListSummarySchema, description="The list was created", success=True)
    @documented(blp, 422)
    def put(self, list_name):
        """Create an empty list (saving a paper to a new list creates it too)"""
        summary, created = lists.create_list(get_redis(), current_account(), list_name)
        return summary, 201 if created else 200

    @blp.response(204)
    @documented(blp, 404, 422)
    def delete(self, list_name):
        """Delete a list with its papers, feedback and recommendations (`default` is only emptied)"""
        lists.delete_list(get_redis(), current_account(), list_name)


@blp.route("/lists/<list_name>/items", parameters=[LIST_NAME])
class ListItems(MethodView):
    @blp.arguments(ItemsQuerySchema, location="query")
    @blp.response(200, ItemsPageSchema)
    @documented(blp, 404, 422)
    def get(self, query, list_name):
        """A page of the list's papers, newest first, optionally only those with a tag

        Pages are numbered from 1 (`page`, `per_page` up to 100); `total` and `pages` tell how
        many there are. A save or delete between two requests shifts later pages by one."""
        return lists.page(get_redis(), current_account(), list_name, query.get("tag"),
                          query["page"], query["per_page"])


@blp.route("/lists/<list_name>/items/<path:paper_id>", parameters=[LIST_NAME, PAPER_ID_PATH])
class ListItem(MethodView):
    @blp.arguments(ItemInputSchema, required=False)
    @blp.response(200, ItemSchema, description="The item was updated")
    @blp.alt_response(201, schema=ItemSchema, description="The paper was saved", success=True)
    @documented(blp, 409, 422)
    def put(self, body, list_name, paper_id):
        """Save a paper to a list, or update its tags, note and read state

        Fields left out keep their value (new items: no tags, empty note, unread). `paper` may
        carry metadata for a paper the service has not seen; the id alone is enough."""
        item, created = lists.save(get_redis(), get_settings(), current_account(), list_name, paper_id, body)
        if created:
            trending.count(get_redis(), get_settings(), "saves", item["paper_id"], f"account:{current_account()}")
        return item, 201 if created else 200

    @blp.response(204)
    @documented(blp, 404, 422)
    def delete(self, list_name, paper_id):
        """Remove a paper from a list"""
        lists.remove(get_redis(), current_account(), list_name, paper_id)


@blp.route("/saved/<path:paper_id>", parameters=[PAPER_ID_PATH])
class Saved(MethodView):
    @blp.response(200, SavedSchema)
    @documented(blp, 422)
    def get(self, paper_id):
        """Whether the paper is saved, and in which lists (the toolbar badge)"""
        return lists.saved_where(get_redis(), current_account(), paper_id)


@blp.route("/saved")
class SavedMany(MethodView):
    @blp.arguments(SavedQuerySchema, location="query")
    @blp.response(200, SavedManySchema)
    @documented(blp, 422)
    def get(self, query):
        """Whether each of several papers is saved, and in which lists (a popup's related papers)

        One request instead of one per paper, and one Redis round trip for all of them."""
        return {"items": lists.saved_where_each(get_redis(), current_account(), query["paper_id"])}


def file_response(file: exports.ExportFile) -> Response:
    return Response(file.content, mimetype=file.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{file.filename}"'})


@blp.route("/lists/<list_name>/export", parameters=[LIST_NAME])
class Export(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "The list as a file", "content": EXPORT_FILE}})
    @blp.alt_response(202, schema=ExportJobSchema, success=True, description=(
        "The list is larger than `PAPERGIST_EXPORT_DIRECT_MAX_ITEMS`: its file is being written by a job; "
        "poll `Location`, then fetch …/exports/{export_id}/file"))
    @documented(blp, 404, 409, 422)
    def get(self, query, list_name):
        """Download a list as BibTeX, RIS, CSL-JSON or PaperGist JSON (all its papers)

        A small list comes at once; a large one is written by a job (202), one per account at a
        time: asking again for the same list and format meanwhile gets the same job, another one 409."""
        redis, settings, account = get_redis(), get_settings(), current_account()
        lists.existing_list(redis, account, list_name)
        if exports.is_direct(redis, settings, account, list_name):
            return file_response(exports.write(redis, account, list_name, query["format"]))
        record = exports.start(redis, settings, account, list_name, query["format"])
        location = url_for("lists.ExportJob", list_name=list_name, export_id=record["id"])
        return ExportJobSchema().dump(exports.public(record)), 202, {"Location": location}


@blp.route("/lists/<list_name>/exports/<export_id>", parameters=[LIST_NAME, EXPORT_ID])
class ExportJob(MethodView):
    @blp.response(200, ExportJobSchema)
    @documented(blp, 404, 422)
    def get(self, list_name, export_id):
        """Where the export of a large list stands (`status` done: fetch …/file)"""
        lists.check_list_name(list_name)
        return exports.public(exports.get(get_redis(), get_settings(), current_account(), list_name, export_id))


@blp.route("/lists/<list_name>/exports/<export_id>/file", parameters=[LIST_NAME, EXPORT_ID])
class ExportJobFile(MethodView):
    @blp.doc(responses={"200": {"description": "The exported file, kept for `PAPERGIST_TRANSFER_TTL_SECONDS`",
                                "content": EXPORT_FILE}})
    @documented(blp, 404, 409, 422)
    def get(self, list_name, export_id):
        """The file a finished export wrote (409 while it is being written)"""
        lists.check_list_name(list_name)
        return file_response(exports.finished_file(get_redis(), get_settings(), current_account(), list_name,
                                                   export_id))


# An import may carry the export of a full list, far past the general body limit.
import_body_limit = body_limit(lambda settings: settings.max_import_bytes)


# The two shapes of an import's body, for the OpenAPI document (the view reads the body itself):
# JSON {format, content}, or with ?format= the file itself, which may be any text (the job
# reports every entry it cannot read).
IMPORT_BODY = {"required": True, "content": {
    # With ?format=json the JSON body is the exported file itself; the document names the form a
    # client composes, so that a fuzzer's "valid" body is one the route takes.
    "application/json": {"schema": {"$ref": "#/components/schemas/ImportInput"}},
    "application/x-bibtex": {"schema": {"type": "string", "minLength": 1}},
    "text/plain": {"schema": {"type": "string", "minLength": 1}}}}


@blp.route("/lists/<list_name>/import", parameters=[LIST_NAME])
class Import(MethodView):
    @import_body_limit
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.doc(requestBody=IMPORT_BODY)
    @blp.response(202, ImportJobSchema, description="The file is stored and its import queued; poll `Location`")
    @documented(blp, 400, 409, 413, 422)
    def post(self, query, list_name):
        """Add papers from a BibTeX or PaperGist JSON file, in the background

        The body is the file itself with `?format=bibtex|json`, or JSON `{format, content}`.
        The request only stores it; a job reads it and saves its entries, and
        `GET …/imports/{import_id}` shows its progress, then how many were saved and every entry
        that could not be read or saved. One import per account runs at a time: 409 names the
        running one. The body may be as large as the export of a full list
        (`PAPERGIST_LIST_MAX_ITEMS` times `PAPERGIST_IMPORT_BYTES_PER_ENTRY`); past that, 413.
        A `{format, content}` body larger than `PAPERGIST_MAX_REQUEST_BYTES` is checked by the job
        (decoding it would hold the web process up): if it is not one, the import fails saying why."""
        settings, redis, account = get_settings(), get_redis(), current_account()
        lists.check_list_name(list_name)
        format_ = query.get("format")
        if _body_length() <= settings.max_request_bytes:
            if format_ is None:
                format_, content = _small_import_body()
                pieces = [content.encode()]
            else:
                pieces = [request.get_data()]
                if not pieces[0]:
                    abort(422, message="The request body is empty: send the file to import as the body.",
                          errors={"json": {"body": ["the file to import is missing"]}})
            record = imports.start(redis, settings, account, list_name, format_, pieces)
        else:
            # Stored as it arrives, a piece at a time (werkzeug's get_data() reads 64 KiB at a
            # time through gunicorn's reader, 5 times slower for a 78 MiB body), and never
            # decoded here: a large {format, content} body is the job's to unpack.
            with upload_slot(redis, max(1, settings.web_workers // 2), settings.web_timeout_seconds):
                record = imports.start(redis, settings, account, list_name, format_,
                                       iter(lambda: request.stream.read(CHUNK_BYTES), b""))
        location = url_for("lists.ImportJob", list_name=list_name, import_id=record["id"])
        return imports.public(record), 202, {"Location": location}


def _body_length() -> float:
    """The body's announced length; infinite for a chunked one, whose length comes at its end."""
    if request.content_length is not None:
        return request.content_length
    return math.inf if "chunked" in request.headers.get("Transfer-Encoding", "").lower() else 0


def _small_import_body() -> tuple[str, str]:
    """(format, content) of a JSON body within the general body limit, checked as
    @blp.arguments would: malformed JSON is 400, another media type no body (422)."""
    try:
        body = ImportInputSchema().load(bounded_json.loads(request.get_data()) if request.is_json else {})
    except bounded_json.JsonLimitError as error:
        abort(400, message=f"The request body is refused: {error.message}.", errors={"json": {"body": [error.message]}})
    except (ValueError, UnicodeDecodeError):  # json.JSONDecodeError is a ValueError
        abort(400, message="The request body is not JSON.")
    except ValidationError as error:
        abort(422, errors={"json": error.messages})
    return body["format"], body["content"]


@blp.route("/lists/<list_name>/imports/<import_id>", parameters=[LIST_NAME, IMPORT_ID])
class ImportJob(MethodView):
    @blp.response(200, ImportJobSchema)
    @documented(blp, 404, 422)
    def get(self, list_name, import_id):
        """Where an import stands: its phase and progress, then the counts and every entry's error"""
        lists.check_list_name(list_name)
        return imports.public(imports.get(get_redis(), get_settings(), current_account(), list_name, import_id))


@blp.route("/lists/<list_name>/recommendations", parameters=[LIST_NAME])
class Recommendations(MethodView):
    @blp.response(200, RecommendationsSchema, description="Done (or failed: see `error`)")
    @blp.alt_response(202, schema=RecommendationsSchema, description="Being computed; poll again",
                      success=True)
    @documented(blp, 404, 422)
    def get(self, list_name):
        """Papers like the list's, without those marked not relevant (computed in the background)"""
        redis, account = get_redis(), current_account()
        lists.existing_list(redis, account, list_name)
        state = recommendations_state(redis, get_settings(), account, list_name)
        return state, 202 if state["status"] in ("queued", "running") else 200


@blp.route("/lists/<list_name>/feedback", parameters=[LIST_NAME])
class Feedback(MethodView):
    @blp.arguments(FeedbackInputSchema)
    @blp.response(200, FeedbackSchema)
    @documented(blp, 404, 422)
    def post(self, body, list_name):
        """Mark a recommended paper as not relevant (or relevant again) for this list"""
        paper_id = lists.set_feedback(get_redis(), current_account(), list_name, body["paper_id"], body["relevant"])
        return {"paper_id": paper_id, "relevant": body["relevant"]}
