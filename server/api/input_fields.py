"""What a client may send, field by field: the request schemas (api/schemas.py) and an import's
entries are built of these. Strings are Text (may hold tabs and line breaks), Line (one line:
tags, ids) or Address; none holds a control character or a lone surrogate, which would be
stored and then break an export, a hash or the engines. Paper ids follow identifiers.py's
grammar, and the OpenAPI document gets each rule as a pattern, so that schemathesis draws valid
input from it.
"""
import re

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from server.bounded_json import UnreadableNumber
from server.errors import InvalidPaperIdError
from server.identifiers import (MAX_ID_CHARS, MAX_VALUE_CHARS, PAPER_ID_PATTERN, UNSAFE_IN_ADDRESS, VALUE_PATTERNS,
                                describe_char, parse_id)


class InputSchema(Schema):
    """What a client sends. A number the JSON parser left unread (too long, NaN: see
    server/bounded_json.py) is refused here, by its field's name, which the parser did not know."""

    @pre_load
    def refuse_unreadable_numbers(self, data, **kwargs):
        if isinstance(data, dict):
            unread = {key: [value.reason] for key, value in data.items() if isinstance(value, UnreadableNumber)}
            if unread:
                raise ValidationError(unread)
        return data


class Text(fields.String):
    """Text a person wrote (a title, an abstract, a note): tabs and line breaks, but no other
    control character, and no lone surrogate (JSON's "\\ud800" decodes to one; no UTF-8 holds it)."""
    FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
    # The same rule for the OpenAPI document (JSON Schema cannot name a lone surrogate).
    PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    RULE = "text holds tabs and line breaks but no other control character"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata = {"pattern": self.PATTERN, **self.metadata}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        bad = self.FORBIDDEN.search(text)
        if bad:
            raise ValidationError(f"holds {describe_char(bad.group())} at position {bad.start()}; {self.RULE}")
        return text


class Line(Text):
    """One line: a tag, an id, a format name."""
    FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
    PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
    RULE = "it is one line, without control characters"


class FileText(Text):
    """A file's whole text (an import): its entries are checked one by one, so only what no
    entry could hold is refused here."""
    FORBIDDEN = re.compile(r"[\x00\ud800-\udfff]")
    PATTERN = r"^[^\u0000]*$"
    RULE = "a text file holds no NUL character"


class Address(fields.Url):
    """An http(s) address, without the spaces, controls or lone surrogates identifiers.py refuses."""
    # A part of what is accepted, for the OpenAPI document: no regular expression of one's own
    # matches exactly what marshmallow's URL validator does.
    PATTERN = r"^https?://[a-z]{2,20}(\.[a-z]{2,20}){0,3}(/[!-~]{0,200})?$"

    def __init__(self, **kwargs):
        super().__init__(schemes={"http", "https"}, require_tld=False, **kwargs)
        self.metadata = {"pattern": self.PATTERN, **self.metadata}

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        bad = UNSAFE_IN_ADDRESS.search(address)
        if bad:
            raise ValidationError(f"holds {describe_char(bad.group())} at position {bad.start()}; "
                                  "an address holds no spaces, controls or surrogates")
        return address


def _check_paper_id(value: str) -> None:
    try:
        parse_id(value)
    except InvalidPaperIdError as error:
        raise ValidationError(error.message) from None


def paper_id_field(**kwargs) -> Line:
    """A paper id as paths take it (`arxiv:1706.03762`, `doi:10.1101/…`), by the same grammar."""
    metadata = {"pattern": PAPER_ID_PATTERN, "example": "arxiv:2401.01234", **kwargs.pop("metadata", {})}
    return Line(validate=[validate.Length(min=1, max=MAX_ID_CHARS), _check_paper_id], metadata=metadata, **kwargs)


# The {paper_id} of a path, for the OpenAPI document (the route takes any path and the service
# parses it with identifiers.parse_id; the pattern is its grammar).
PAPER_ID_PATH = {"in": "path", "name": "paper_id", "description": "a paper id, slashes and all",
                 "schema": {"type": "string", "pattern": PAPER_ID_PATTERN, "maxLength": MAX_ID_CHARS},
                 "example": "doi:10.1101/2024.01.02.573921"}


def explicit_id(scheme: str, **metadata) -> Line:
    """An id the client found on the page; empty is allowed (and ignored). Each is checked, not
    only the one that names the paper, so that none is stored that would not parse."""
    def check(value: str) -> None:
        if value:
            _check_paper_id(f"{scheme}:{value}")
    pattern = f"^({VALUE_PATTERNS[scheme]})?$"
    return Line(validate=[validate.Length(max=MAX_VALUE_CHARS[scheme]), check],
                metadata={"pattern": pattern, **metadata})
