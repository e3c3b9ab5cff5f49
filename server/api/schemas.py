"""The API's request and response shapes: validation and the OpenAPI document come from here."""
import time
from datetime import datetime

from marshmallow import Schema, fields, validate

from server.citations import CITATION_FORMATS

STATUS = validate.OneOf(["queued", "running", "done", "failed"])


class PaperIdsSchema(Schema):
    arxiv = fields.String(validate=validate.Length(max=64), metadata={"example": "2401.01234v2"})
    doi = fields.String(validate=validate.Length(max=256), metadata={"example": "10.1145/3292500.3330701"})
    openreview = fields.String(validate=validate.Length(max=64))
    acl = fields.String(validate=validate.Length(max=64))
    pmid = fields.String(validate=validate.Length(max=16))
    s2 = fields.String(validate=validate.Length(max=64))


class PaperInputSchema(Schema):
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False,
                     validate=validate.Length(max=2048),
                     metadata={"example": "https://arxiv.org/abs/1706.03762v7"})
    title = fields.String(validate=validate.Length(max=1000))
    abstract = fields.String(validate=validate.Length(max=20000))
    authors = fields.List(fields.String(validate=validate.Length(max=300)), validate=validate.Length(max=1000))
    ids = fields.Nested(PaperIdsSchema)
    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000))


class PaperSchema(PaperInputSchema):
    paper_id = fields.String(required=True, metadata={"example": "arxiv:1706.03762"})
    url = fields.String()


class PartSchema(Schema):
    status = fields.String(required=True, validate=STATUS)
    engine = fields.String(metadata={"description": "name@version of the engine that wrote it"})
    error = fields.String(allow_none=True, metadata={"description": "why the part failed"})


class KeyPointSchema(Schema):
    role = fields.String(metadata={"example": "method"})
    text = fields.String()
    sentence = fields.Integer(metadata={"description": "index (from 0) of the abstract sentence this point "
                                                       "shortens; absent when an LLM wrote the point"})
    label = fields.String(metadata={"description": "that sentence's role as the role model labelled it: "
                                                   "background, objective, method, result or other",
                                    "example": "method"})


class TldrSourceSchema(Schema):
    title = fields.Boolean(metadata={"description": "the TL;DR leads with the title (\"Title: ...\")"})
    sentences = fields.List(fields.Integer(), metadata={"description": "indices (from 0) of the abstract "
                                                                       "sentences its words come from"})
    form = fields.String(metadata={"description": "how the sentence was used: sentence, stripped (lead-in "
                                                  "off), shortened (a phrase out), clause (cut at a clause) "
                                                  "or cut", "example": "stripped"})


class SummarySchema(PartSchema):
    tldr = fields.String(allow_none=True)
    key_points = fields.List(fields.Nested(KeyPointSchema))
    keywords = fields.List(fields.String())
    notice = fields.String(allow_none=True, metadata={"description": "e.g. the abstract is too short"})
    fallback = fields.String(allow_none=True, metadata={"description": "why the configured LLM was not used"})
    tldr_source = fields.Nested(TldrSourceSchema, allow_none=True,
                                metadata={"description": "where the TL;DR's words came from; null when an "
                                                         "LLM wrote it or there is none"})
    role_model = fields.String(allow_none=True, metadata={"description": "name@version of the sentence-role "
                                                                         "model that labelled the key points",
                                                          "example": "roles@1"})


class RelatedItemSchema(Schema):
    paper_id = fields.String()
    title = fields.String()
    url = fields.String()
    score = fields.Float()
    why = fields.List(fields.String(), metadata={"description": "key terms shared with the paper"})
    source = fields.String(metadata={"example": "local"})


class RelatedSchema(PartSchema):
    items = fields.List(fields.Nested(RelatedItemSchema))


class PaperDocumentSchema(Schema):
    paper_id = fields.String(required=True)
    paper = fields.Nested(PaperSchema, required=True)
    summary = fields.Nested(SummarySchema, required=True)
    related = fields.Nested(RelatedSchema, required=True)


class HealthSchema(Schema):
    status = fields.String()
    redis = fields.String()
    workers = fields.Integer()


class ErrorDetailSchema(Schema):
    code = fields.String(metadata={"example": "invalid_request"})
    message = fields.String()
    details = fields.Dict(metadata={"description": "per-field messages, when the body was invalid"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema)


# Accounts and personal lists ------------------------------------------------------------------

def _tag() -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=64), metadata={"example": "to-read"})


class StrictBoolean(fields.Boolean):
    """JSON true/false only: "yes" or 1 is more likely a client's bug than a choice.
    (Boolean(truthy={True}) is not enough: 1 == True, so 1 is in {True}.)"""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class TokenSchema(Schema):
    token = fields.String(required=True, metadata={"description": "shown once; send it as `Authorization: Bearer <token>`"})


class AccountSchema(Schema):
    account_id = fields.String()
    created_at = fields.Float(metadata={"description": "Unix time"})


class SavedPaperInputSchema(PaperInputSchema):
    """Metadata a client may send with a save, for a paper the service has not seen yet."""
    url = fields.Url(schemes={"http", "https"}, require_tld=False, validate=validate.Length(max=2048))


class ItemInputSchema(Schema):
    tags = fields.List(_tag(), validate=validate.Length(max=50))
    note = fields.String(validate=validate.Length(max=10000))
    read = StrictBoolean()
    paper = fields.Nested(SavedPaperInputSchema)


class SavedAt(fields.Field):
    """When a paper was first saved: Unix time in seconds, as the JSON export writes it, or an
    ISO-8601 date-time with a UTC offset (`2024-01-02T15:04:05Z`). Loads as Unix time."""
    # Later than now by more than this is refused; less is the exporting machine's clock.
    FUTURE_SLACK_SECONDS = 86400

    default_error_messages = {
        "invalid": "expected Unix time in seconds (as exported) or an ISO-8601 date-time such as "
                   "2024-01-02T15:04:05Z",
        "naive": "an ISO-8601 date-time needs a time and a UTC offset, such as 2024-01-02T15:04:05Z",
        "range": "must lie between 1970 and now",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise self.make_error("invalid") from None
            if moment.tzinfo is None:
                raise self.make_error("naive")
            seconds = moment.timestamp()
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value
        else:
            raise self.make_error("invalid")
        # Compared before float(): an int too large for a float, NaN and infinity all fail here.
        if not 0 <= seconds <= time.time() + self.FUTURE_SLACK_SECONDS:
            raise self.make_error("range")
        return round(float(seconds), 3)


class ImportedItemSchema(ItemInputSchema):
    """An entry of an imported PaperGist JSON file: an item as a PUT sends it, plus when it was
    saved (kept, so an export imported back loses no dates)."""
    saved_at = SavedAt()


class ItemSchema(Schema):
    paper_id = fields.String(required=True, metadata={"example": "arxiv:1706.03762"})
    tags = fields.List(fields.String(), required=True)
    note = fields.String(required=True)
    read = fields.Boolean(required=True)
    saved_at = fields.Float(required=True, metadata={"description": "Unix time of the first save"})
    updated_at = fields.Float(required=True)
    paper = fields.Nested(PaperSchema, allow_none=True, required=True)


class ItemsQuerySchema(Schema):
    tag = _tag()
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ItemsPageSchema(Schema):
    list = fields.String(required=True)
    tag = fields.String(allow_none=True, required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "items matching, on every page"})
    pages = fields.Integer(required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True)


class ListSummarySchema(Schema):
    name = fields.String(required=True)
    count = fields.Integer(required=True)
    created_at = fields.Float(allow_none=True, required=True)


class ListsSchema(Schema):
    lists = fields.List(fields.Nested(ListSummarySchema), required=True)


class SavedSchema(Schema):
    paper_id = fields.String(required=True)
    saved = fields.Boolean(required=True)
    lists = fields.List(fields.String(), required=True)


class SavedQuerySchema(Schema):
    paper_id = fields.List(fields.String(validate=validate.Length(min=1, max=300)), required=True,
                           validate=validate.Length(min=1, max=100),
                           metadata={"description": "repeated: `?paper_id=a&paper_id=b` (up to 100)",
                                     "example": ["arxiv:1706.03762", "doi:10.1101/2024.01.02.573921"]})


class SavedManySchema(Schema):
    items = fields.List(fields.Nested(SavedSchema), required=True,
                        metadata={"description": "one per paper_id asked, in the same order"})


EXPORT_FORMATS = ["bibtex", "ris", "csljson", "json"]
IMPORT_FORMATS = ["bibtex", "json"]


class ExportQuerySchema(Schema):
    format = fields.String(load_default="bibtex", validate=validate.OneOf(EXPORT_FORMATS))


class CitationQuerySchema(Schema):
    format = fields.String(load_default="bibtex", validate=validate.OneOf(list(CITATION_FORMATS)))


class ImportInputSchema(Schema):
    format = fields.String(required=True, validate=validate.OneOf(IMPORT_FORMATS))
    content = fields.String(required=True, metadata={"description": (
        "the file's text: a BibTeX file, or JSON as exported with format=json. A JSON item keeps "
        "its tags, note, read, paper and saved_at (Unix time, or an ISO-8601 date-time with a UTC "
        "offset); a paper already in the list keeps the earlier saved_at")})


class ImportErrorSchema(Schema):
    entry = fields.String(required=True, metadata={"description": "the entry's key or position"})
    message = fields.String(required=True)


class ImportResultSchema(Schema):
    list = fields.String(required=True)
    imported = fields.Integer(required=True, metadata={"description": "entries newly saved"})
    updated = fields.Integer(required=True, metadata={"description": "entries already in the list, updated"})
    errors = fields.List(fields.Nested(ImportErrorSchema), required=True)


class FeedbackInputSchema(Schema):
    paper_id = fields.String(required=True, validate=validate.Length(min=1, max=300),
                             metadata={"example": "arxiv:2401.01234"})
    relevant = StrictBoolean(required=True)


class FeedbackSchema(Schema):
    paper_id = fields.String(required=True)
    relevant = fields.Boolean(required=True)


class RecommendedItemSchema(RelatedItemSchema):
    because = fields.List(fields.String(), metadata={"description": "the list's papers it is most like"})


class RecommendationsSchema(PartSchema):
    list = fields.String(required=True)
    items = fields.List(fields.Nested(RecommendedItemSchema), metadata={
        "description": "while queued or running: the last computed set, if any"})
    computed_at = fields.Float(allow_none=True)


class ListExportSchema(Schema):
    list = fields.String(required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True)


class AccountExportSchema(Schema):
    format = fields.String(required=True, metadata={"example": "papergist-account"})
    version = fields.Integer(required=True)
    lists = fields.List(fields.Nested(ListExportSchema), required=True, metadata={
        "description": "each list in the shape import format=json reads back"})
