"""JSON from clients, read within limits: request bodies (api/json_body.py) and imported files
(citations/papergist_json.py, csljson.py).

The standard library's parser recurses once per `[` or `{` and converts every number it
meets, so 100,000 nested brackets raise RecursionError and a 5,000-digit integer ValueError
(Python refuses to convert more than 4,300 digits): errors no caller expects, from input no
client needs to send. Here nesting is counted before parsing, by a scan of the brackets
outside strings (one regular expression, no recursion; no parser in the locked packages takes
a depth limit). A number literal longer than MAX_NUMBER_CHARS, one that overflows a float, and
NaN or Infinity (which json.loads accepts and JSON does not have) are not converted but read as
an UnreadableNumber, which the schemas refuse naming the field (api/schemas.py: InputSchema):
the parser that meets them knows no field names.
"""
from __future__ import annotations

import json
import math
import re

# What PaperGist reads nests 5 levels at most (an imported file's items' paper's ids).
MAX_DEPTH = 32
# A Unix time with milliseconds is 14 characters; a float's repr at most 24.
MAX_NUMBER_CHARS = 64

# A JSON string (escapes included) or one bracket; strings are matched so that brackets inside
# them are skipped (and never copied: only the bracket groups are read). The quantifiers are
# possessive: a 20 MiB string full of escapes would otherwise leave the regex engine a
# backtracking stack as large (75 MiB). An unterminated string matches nothing, and the parser
# refuses it later.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|(?P<open>[\[{])|(?P<close>[\]}])', re.S)


class JsonLimitError(ValueError):
    """The text nests deeper than MAX_DEPTH; `message` says where."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableNumber:
    """A number literal left unconverted; `reason` says why, for the error that names its field."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<{self.reason}>"

    __str__ = __repr__


def loads(text: str | bytes):
    """json.loads within the limits above; raises json.JSONDecodeError for text that is not
    JSON, JsonLimitError for JSON past them."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")  # UnicodeDecodeError: not UTF-8, as json.loads would say
    check_depth(text)
    return json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)


def check_depth(text: str) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # too few brackets to nest too deep (most bodies): no scan
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        kind = match.lastgroup  # None for a string
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise JsonLimitError(f"the JSON nests deeper than {MAX_DEPTH} levels (at character "
                                     f"{match.start()}); nothing PaperGist reads nests so deep")
        elif kind == "close":
            depth -= 1


def _integer(literal: str):
    return _too_long(literal) if len(literal) > MAX_NUMBER_CHARS else int(literal)


def _float(literal: str):
    if len(literal) > MAX_NUMBER_CHARS:
        return _too_long(literal)
    value = float(literal)
    return value if math.isfinite(value) else UnreadableNumber(f"{literal} is too large a number")


def _too_long(literal: str) -> UnreadableNumber:
    return UnreadableNumber(f"a number of {len(literal)} characters; at most {MAX_NUMBER_CHARS} are read")


def _constant(name: str) -> UnreadableNumber:
    return UnreadableNumber(f"{name} is not a JSON number")
