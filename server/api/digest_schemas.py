"""Request and response shapes of the daily digests (api/digests.py)."""
from marshmallow import Schema, fields, validate

from server.api.schemas import StrictBoolean


class DigestInputSchema(Schema):
    email = fields.Email(allow_none=True, validate=validate.Length(max=254), metadata={
        "description": "where to email the digest (SMTP must be configured); null: the feed only",
        "example": "reader@example.org"})
    trending = StrictBoolean(metadata={"description": "add the papers trending on this server"})


class LikeSchema(Schema):
    paper_id = fields.String()
    title = fields.String()


class DigestItemSchema(Schema):
    paper_id = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String()
    authors = fields.List(fields.String(), metadata={"description": "the first three"})
    author_count = fields.Integer()
    tldr = fields.String(allow_none=True)
    score = fields.Float(metadata={"description": "how much more like the list's papers than like those "
                                                  "marked not relevant (comparable within one digest)"})
    why = fields.List(fields.String(), metadata={"description": "phrases it shares with `like[0]`"})
    like = fields.List(fields.Nested(LikeSchema), metadata={"description": "the list's papers it is most like"})


class TrendingItemSchema(Schema):
    paper_id = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String()
    opens = fields.Integer(required=True, metadata={"description": "clients that opened it in the window"})
    saves = fields.Integer(required=True, metadata={"description": "clients that saved it in the window"})


class DigestSchema(Schema):
    day = fields.String(required=True, metadata={"example": "2026-07-02"})
    list = fields.String(required=True)
    built_at = fields.Float(required=True)
    new_papers = fields.Integer(required=True, metadata={"description": "papers new to the corpus it ranked"})
    items = fields.List(fields.Nested(DigestItemSchema), required=True)
    trending = fields.List(fields.Nested(TrendingItemSchema))


class DigestStateSchema(Schema):
    list = fields.String(required=True)
    subscribed = fields.Boolean(required=True)
    feed_url = fields.String(allow_none=True, metadata={"description": "the Atom feed's secret address"})
    email = fields.String(allow_none=True)
    email_confirmed = fields.Boolean(metadata={"description": "the address's owner followed the link of the "
                                                             "confirmation email; no digest goes to it before"})
    trending = fields.Boolean()
    email_sent = fields.Boolean(metadata={"description": "whether this server sends email (has SMTP settings)"})
    subscribed_at = fields.Float()
    last_day = fields.String(allow_none=True, metadata={"description": "the last day a digest was built for"})
    latest = fields.Nested(DigestSchema, allow_none=True)


class TrendingSchema(Schema):
    hours = fields.Integer(required=True, metadata={"description": "the window counted, in hours"})
    min_clients = fields.Integer(required=True, metadata={"description": "clients a paper needs to show"})
    items = fields.List(fields.Nested(TrendingItemSchema), required=True)


class LinkFormSchema(Schema):
    """A one-click unsubscribe's body (RFC 8058), which the link page's button also sends."""
    class Meta:
        unknown = "exclude"

    unsubscribe = fields.String(data_key="List-Unsubscribe", validate=validate.Equal("One-Click"))
