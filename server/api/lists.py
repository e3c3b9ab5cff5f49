"""/api/v1/lists and /api/v1/saved: an account's personal lists of papers.

Every route reads the account from the bearer token and reaches only that account's keys;
there are no global list ids to guess. Paper ids in paths are canonical ids, slashes and all
(`doi:10.1101/2024.01.02.573921`), parsed like /api/v1/papers does.
"""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from server.lists import service as lists
from server.lists.recommendations import recommendations_state
from server.api.auth import current_account, documented, require_token
from server.api.context import body_limit, get_redis, get_settings
from server.api.schemas import (ExportQuerySchema, FeedbackInputSchema, FeedbackSchema, ImportedItemSchema,
                                ImportInputSchema, ImportResultSchema, ItemInputSchema, ItemSchema,
                                ItemsPageSchema, ItemsQuerySchema, ListSummarySchema, ListsSchema,
                                RecommendationsSchema, SavedManySchema, SavedQuerySchema, SavedSchema)
from server.citations import EXPORTERS, import_entries
from server.digests import trending

# What the JSON exports hold, for the OpenAPI document (the text formats are plain strings).
EXPORT_SCHEMAS = {"json": {"type": "object"}, "csljson": {"type": "array", "items": {"type": "object"}}}

blp = Blueprint("lists", __name__, url_prefix="/api/v1",
                description="Personal lists: save, tag, export and get recommendations")
require_token(blp)

LIST_NAME = {"in": "path", "name": "list_name", "description": f"a list name: {lists.LIST_NAME_RULE}",
             "schema": {"type": "string", "pattern": lists.LIST_NAME_PATTERN, "maxLength": 64},
             "example": "Reading group"}
PAPER_ID = {"in": "path", "name": "paper_id", "description": "a canonical paper id, slashes and all",
            "schema": {"type": "string"}, "example": "arxiv:1706.03762"}


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


@blp.route("/lists/<list_name>/items/<path:paper_id>", parameters=[LIST_NAME, PAPER_ID])
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


@blp.route("/saved/<path:paper_id>", parameters=[PAPER_ID])
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


@blp.route("/lists/<list_name>/export", parameters=[LIST_NAME])
class Export(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "The list as a file", "content": {
        exporter.media_type: {"schema": EXPORT_SCHEMAS.get(name, {"type": "string"})}
        for name, exporter in EXPORTERS.items()}}})
    @documented(blp, 404, 422)
    def get(self, query, list_name):
        """Download a list as BibTeX, RIS, CSL-JSON or PaperGist JSON (all its papers)"""
        redis, account = get_redis(), current_account()
        lists.existing_list(redis, account, list_name)
        exporter = EXPORTERS[query["format"]]
        items = lists.items_with_papers(redis, account, list_name)
        filename = f"papergist-{list_name.replace(' ', '_')}.{exporter.extension}"
        return Response(exporter.write(items, list_name), mimetype=exporter.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


IMPORTED_ITEM = ImportedItemSchema()


# An import may carry the export of a full list, far past the general body limit.
import_body_limit = body_limit(lambda settings: settings.max_import_bytes)


@blp.route("/lists/<list_name>/import", parameters=[LIST_NAME])
class Import(MethodView):
    @import_body_limit
    @blp.arguments(ImportInputSchema)
    @blp.response(200, ImportResultSchema)
    @documented(blp, 413, 422)
    def post(self, body, list_name):
        """Add papers from a BibTeX or PaperGist JSON file; every entry that cannot be read is
        reported in `errors`, the others are saved

        The body may be as large as the export of a full list (`PAPERGIST_LIST_MAX_ITEMS` times
        `PAPERGIST_IMPORT_BYTES_PER_ENTRY`); past that, 413."""
        lists.check_list_name(list_name)
        entries, errors = import_entries(body["format"], body["content"], get_settings().list_max_items)
        checked = []
        for label, paper_id, item in entries:
            try:
                # An imported entry passes the same checks as a PUT of one item (and those of its saved_at).
                checked.append((label, paper_id, IMPORTED_ITEM.load(item)))
            except ValidationError as error:
                errors.append({"entry": label, "message": _import_error(error)})
        counts, refused = lists.save_many(get_redis(), get_settings(), current_account(), list_name, checked)
        return {"list": list_name, **counts, "errors": errors + refused}


def _import_error(error: ValidationError) -> str:
    return "; ".join(f"{field}: {messages}" for field, messages in error.normalized_messages().items())


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
