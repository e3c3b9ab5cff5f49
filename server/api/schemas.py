"""The API's request and response shapes: validation and the OpenAPI document come from here.
What a client sends is read into InputSchema subclasses, with the fields of input_fields.py."""
import time
from datetime import datetime

from marshmallow import Schema, fields, validate

from server.api.input_fields import Address, FileText, InputSchema, Line, Text, explicit_id, paper_id_field
from server.citations import CITATION_FORMATS, EXPORTERS, READERS

STATUS = validate.OneOf(["queued", "running", "done", "failed"])


class PaperIdsSchema(InputSchema):
    arxiv = explicit_id("arxiv", example="2401.01234v2")
    doi = explicit_id("doi", example="10.1145/3292500.3330701")
    openreview = explicit_id("openreview")
    acl = explicit_id("acl")
    pmid = explicit_id("pmid")
    s2 = explicit_id("s2")


class PaperInputSchema(InputSchema):
    url = Address(required=True, validate=validate.Length(max=2048),
                  metadata={"example": "https://arxiv.org/abs/1706.03762v7"})
    title = Text(validate=validate.Length(max=1000))
    abstract = Text(validate=validate.Length(max=20000))
    authors = fields.List(Text(validate=validate.Length(max=300)), validate=validate.Length(max=1000))
    ids = fields.Nested(PaperIdsSchema)
    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000))


class PaperSchema(PaperInputSchema):
    paper_id = fields.String(required=True, metadata={"example": "arxiv:1706.03762"})
    url = fields.String(allow_none=True, metadata={
        "description": "the paper's own address (https://arxiv.org/abs/…, https://doi.org/…, "
                       "https://pubmed.ncbi.nlm.nih.gov/…/), never one a client sent"})
    year = fields.Integer(allow_none=True, metadata={"description": "from the registry's record"})
    verified = fields.Boolean(metadata={
        "description": "true when title, abstract and authors are a registry's record (or, for a page "
                       "without one, what two readers sent alike); false: provisional, as one client sent them"})
    metadata_source = fields.String(allow_none=True, metadata={
        "description": "where they come from: arxiv, crossref, datacite, pubmed, openreview, corpus, readers (two "
                       "readers agree), submitter (one client, provisional) or yours (your own save or import)",
        "example": "arxiv"})
    verification = fields.String(allow_none=True, metadata={
        "description": "verified; pending (the registry not asked yet, or not answering); not_found (the "
                       "registry knows no such paper); confirmed or unconfirmed (a page without a registry)",
        "example": "verified"})


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
                                                          "example": "roles@2"})


class RelatedItemSchema(Schema):
    paper_id = fields.String()
    title = fields.String()
    url = fields.String()
    score = fields.Float(allow_none=True, metadata={
        "description": "the local engine's ranking score (comparable within one list only); null from Semantic Scholar"})
    why = fields.List(fields.String(), metadata={
        "description": "up to five phrases both papers use, as written, most specific first"})
    source = fields.String(metadata={"example": "local"})
    relevance = fields.String(allow_none=True, metadata={
        "description": "the score in words: very close, close or related (null from Semantic Scholar)",
        "example": "close"})
    authors = fields.List(fields.String(), metadata={"description": "the first three authors, where known"})
    author_count = fields.Integer(metadata={"description": "how many authors the paper has (0: not known)"})
    year = fields.Integer(allow_none=True)
    venue = fields.String(allow_none=True, metadata={
        "description": "venue, or the primary arXiv category, where known", "example": "cs.CL"})


CORPUS_STATES = ["loading", "embedding", "ready", "failed", "off"]


class RelatedCorpusSchema(Schema):
    """The corpus a related list was computed from: the popup says why a list is short."""
    papers = fields.Integer(metadata={"description": "papers in the corpus"})
    vectors = fields.Integer(metadata={"description": "of them, with a dense (MiniLM) vector; the rest "
                                                      "ranked by their words alone"})
    expected = fields.Integer(allow_none=True, metadata={
        "description": "papers once the harvest under way is done (loading, embedding), else null"})
    state = fields.String(validate=validate.OneOf(CORPUS_STATES), metadata={"description": (
        "loading: the first harvest of recent arXiv papers is under way; embedding: harvested, "
        "vectors filling in; failed: that harvest failed and will be tried again; off: harvesting "
        "is off on this server; ready: anything else")})


class RelatedSchema(PartSchema):
    items = fields.List(fields.Nested(RelatedItemSchema), metadata={
        "description": "while queued or running again (the corpus grew, or a refresh): the last list"})
    corpus = fields.Nested(RelatedCorpusSchema, allow_none=True)


class PaperDocumentSchema(Schema):
    paper_id = fields.String(required=True)
    paper = fields.Nested(PaperSchema, required=True)
    summary = fields.Nested(SummarySchema, required=True)
    related = fields.Nested(RelatedSchema, required=True)


PARTS = ["summary", "related"]


class RefreshInputSchema(InputSchema):
    parts = fields.List(fields.String(validate=validate.OneOf(PARTS)), load_default=lambda: ["related"],
                        validate=validate.Length(min=1, max=len(PARTS)),
                        metadata={"description": "the parts to compute again (default: related)",
                                  "example": ["related"]})


HARVEST_STATES = ["idle", "queued", "harvesting", "embedding", "done", "failed", "off"]


class CorpusSummarySchema(Schema):
    state = fields.String(validate=validate.OneOf(HARVEST_STATES))
    papers = fields.Integer()
    expected = fields.Integer(allow_none=True)
    vectors = fields.Integer()


class CorpusStatusSchema(Schema):
    state = fields.String(required=True, validate=validate.OneOf(HARVEST_STATES), metadata={"description": (
        "of the last harvest: idle (none yet), queued, harvesting (pages coming in; papers are "
        "searchable by their words as each arrives), embedding (all pages in; dense vectors "
        "filling in), done, failed (see last_error; tried again at the next check), off "
        "(PAPERGIST_HARVEST=off)")})
    related = fields.String(required=True, validate=validate.OneOf(CORPUS_STATES),
                            metadata={"description": "what related lists say of the corpus (their corpus.state)"})
    # No enum: OpenAPI 3.0 validators read `nullable` with `enum` as refusing null.
    kind = fields.String(allow_none=True, metadata={
        "description": "bootstrap (the first harvest, of recent days), daily (keeping it current), or null before any"})
    papers = fields.Integer(required=True, metadata={"description": "papers in the corpus now"})
    vectors = fields.Integer(required=True, metadata={"description": "of them, with a dense vector"})
    expected = fields.Integer(metadata={"description": "papers in the corpus once this harvest is done (from "
                                                       "arXiv's completeListSize)"})
    harvested = fields.Integer(required=True, metadata={"description": "papers this harvest has read"})
    added = fields.Integer(required=True, metadata={"description": "of them, new to the corpus"})
    pages = fields.Integer(required=True, metadata={"description": "OAI-PMH pages read"})
    generation = fields.Integer(required=True, metadata={"description": "bootstraps finished (related lists "
                                                                        "computed before the last one are redone)"})
    set = fields.String(allow_none=True, metadata={"description": "the OAI-PMH set harvested", "example": "cs"})
    # `from` is a Python keyword, so the field has another name.
    from_ = fields.String(data_key="from", attribute="from", allow_none=True,
                          metadata={"description": "first day harvested"})
    started_at = fields.Float(metadata={"description": "Unix time"})
    updated_at = fields.Float(metadata={"description": "Unix time of the last progress"})
    harvested_at = fields.Float(metadata={"description": "Unix time the last page was read"})
    finished_at = fields.Float(metadata={"description": "Unix time the vectors were complete"})
    last_harvest_day = fields.String(allow_none=True, metadata={"description": "the next daily harvest starts here"})
    last_error = fields.String(allow_none=True)
    last_error_at = fields.Float()


class HealthSchema(Schema):
    status = fields.String()
    redis = fields.String()
    workers = fields.Integer()
    corpus = fields.Nested(CorpusSummarySchema, metadata={
        "description": "the corpus harvest in brief (GET /api/v1/corpus): loading it never makes the service unready"})


class ErrorDetailSchema(Schema):
    code = fields.String(metadata={"example": "invalid_request"})
    message = fields.String()
    details = fields.Dict(metadata={"description": "per-field messages, when the body was invalid"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema)


# Accounts and personal lists ------------------------------------------------------------------

def _tag() -> Line:
    return Line(validate=validate.Length(min=1, max=64), metadata={"example": "to-read"})


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
    """Metadata a client may send with a save: the account's own copy (papers/trust.py). What
    an export wrote of where it came from is read back but not believed (lists/service.py)."""
    url = Address(validate=validate.Length(max=2048))
    year = fields.Integer(allow_none=True, load_only=True, validate=validate.Range(min=1000, max=3000))
    verified = StrictBoolean(load_only=True)
    metadata_source = fields.String(allow_none=True, load_only=True, validate=validate.Length(max=32))
    verification = fields.String(allow_none=True, load_only=True, validate=validate.Length(max=32))
    checked_at = fields.Float(allow_none=True, load_only=True, validate=validate.Range(min=0))


class ItemInputSchema(InputSchema):
    tags = fields.List(_tag(), validate=validate.Length(max=50))
    note = Text(validate=validate.Length(max=10000))
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


class ItemsQuerySchema(InputSchema):
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


class SavedQuerySchema(InputSchema):
    paper_id = fields.List(paper_id_field(), required=True,
                           validate=validate.Length(min=1, max=100),
                           metadata={"description": "repeated: `?paper_id=a&paper_id=b` (up to 100)",
                                     "example": ["arxiv:1706.03762", "doi:10.1101/2024.01.02.573921"]})


class SavedManySchema(Schema):
    items = fields.List(fields.Nested(SavedSchema), required=True,
                        metadata={"description": "one per paper_id asked, in the same order"})


EXPORT_FORMATS = list(EXPORTERS)
IMPORT_FORMATS = list(READERS)


class ExportQuerySchema(InputSchema):
    format = fields.String(load_default="bibtex", validate=validate.OneOf(EXPORT_FORMATS))


class CitationQuerySchema(InputSchema):
    format = fields.String(load_default="bibtex", validate=validate.OneOf(list(CITATION_FORMATS)))


class ImportInputSchema(InputSchema):
    format = fields.String(required=True, validate=validate.OneOf(IMPORT_FORMATS))
    content = FileText(required=True, metadata={"description": (
        "the file's text: BibTeX, RIS, CSL-JSON, or JSON as exported with format=json. Each entry "
        "keeps its tags, note and read flag where the format carries them (see the export); a JSON "
        "item also keeps its paper and saved_at (Unix time, or an ISO-8601 date-time with a UTC "
        "offset); a paper already in the list keeps the earlier saved_at")})


class ImportQuerySchema(Schema):
    format = fields.String(validate=validate.OneOf(IMPORT_FORMATS), metadata={
        "description": "the body is the file itself, in this format (without it: JSON {format, content})"})


class ImportErrorSchema(Schema):
    entry = fields.String(required=True, metadata={"description": "the entry's key or position"})
    message = fields.String(required=True)


TRANSFER_STATUS = ["queued", "running", "done", "failed"]


class ImportJobSchema(Schema):
    """Where an import stands (POST …/import answers with it, GET …/imports/{import_id} too)."""
    id = fields.String(required=True, metadata={"example": "9f1c2d3e4a5b6c7d"})
    list = fields.String(required=True)
    format = fields.String(required=True, allow_none=True, metadata={
        "description": "null until the job has read a large {format, content} body"})
    status = fields.String(required=True, validate=validate.OneOf(TRANSFER_STATUS))
    phase = fields.String(required=True, validate=validate.OneOf(["waiting", "reading", "saving", "done", "failed"]),
                          metadata={"description": "waiting for a worker, reading the file, saving its entries"})
    bytes = fields.Integer(required=True, metadata={"description": "the uploaded file's size"})
    entries = fields.Integer(required=True, allow_none=True,
                             metadata={"description": "entries in the file; null until it has been read"})
    processed = fields.Integer(required=True, metadata={"description": "entries saved or reported so far"})
    imported = fields.Integer(required=True, metadata={"description": "entries newly saved"})
    updated = fields.Integer(required=True, metadata={"description": "entries already in the list, updated"})
    errors = fields.List(fields.Nested(ImportErrorSchema), required=True,
                         metadata={"description": "every entry that could not be read or saved, so far"})
    error = fields.String(required=True, allow_none=True, metadata={"description": "why the import failed"})
    created_at = fields.Float(required=True)
    started_at = fields.Float(required=True, allow_none=True)
    finished_at = fields.Float(required=True, allow_none=True)


class ExportJobSchema(Schema):
    """Where the export of a large list stands; its file is at …/exports/{export_id}/file when done."""
    id = fields.String(required=True, metadata={"example": "0a1b2c3d4e5f6a7b"})
    list = fields.String(required=True)
    format = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(TRANSFER_STATUS))
    phase = fields.String(required=True, validate=validate.OneOf(["waiting", "writing", "done", "failed"]))
    entries = fields.Integer(required=True, allow_none=True, metadata={"description": "papers exported, once done"})
    bytes = fields.Integer(required=True, allow_none=True, metadata={"description": "the file's size, once done"})
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    error = fields.String(required=True, allow_none=True)
    created_at = fields.Float(required=True)
    started_at = fields.Float(required=True, allow_none=True)
    finished_at = fields.Float(required=True, allow_none=True)


class FeedbackInputSchema(InputSchema):
    paper_id = paper_id_field(required=True)
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


# Listing pages: many papers at once (POST and GET /api/v1/papers) ------------------------------
# Kept apart from the single-paper shapes above: each entry of a batch is validated on its own
# (papers/batch.py), so one bad entry gets its own error and the others still go through.

BATCH_MAX_PAPERS = 100


class PaperBatchInputSchema(Schema):
    # Raw, not Nested: an entry that is not a paper (even not an object) gets its own error.
    papers = fields.List(
        fields.Raw(metadata={"description": "the body of POST /api/v1/papers"}), required=True,
        validate=validate.Length(min=1, max=BATCH_MAX_PAPERS),
        metadata={"description": f"1 to {BATCH_MAX_PAPERS} papers, in page order (the first is done first)",
                  "example": [{"url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need"}]})


class BatchEntrySchema(PaperDocumentSchema):
    """A paper document, or {error} for an entry that was invalid or names no known paper."""
    paper_id = fields.String()
    paper = fields.Nested(PaperSchema)
    summary = fields.Nested(SummarySchema)
    related = fields.Nested(RelatedSchema)
    error = fields.Nested(ErrorDetailSchema, metadata={"description": "why this entry has no document"})


class PaperBatchSchema(Schema):
    documents = fields.List(fields.Nested(BatchEntrySchema), required=True,
                            metadata={"description": "one per paper sent or asked for, in the same order"})


class PaperIdsQuerySchema(Schema):
    paper_id = fields.List(fields.String(validate=validate.Length(min=1, max=300)), required=True,
                           validate=validate.Length(min=1, max=BATCH_MAX_PAPERS),
                           metadata={"description": f"repeated: `?paper_id=a&paper_id=b` (up to {BATCH_MAX_PAPERS})",
                                     "example": ["arxiv:1706.03762", "arxiv:1810.04805"]})
