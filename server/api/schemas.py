"""The API's request and response shapes: validation and the OpenAPI document come from here."""
from marshmallow import Schema, fields, validate

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


class SummarySchema(PartSchema):
    tldr = fields.String(allow_none=True)
    key_points = fields.List(fields.Nested(KeyPointSchema))
    keywords = fields.List(fields.String())
    notice = fields.String(allow_none=True, metadata={"description": "e.g. the abstract is too short"})


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
