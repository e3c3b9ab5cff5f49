"""JSON from clients, read within limits: nesting counted before parsing (brackets inside strings
do not count, escapes included), numbers past their limits left unread with a reason."""
import json

import pytest

from server.bounded_json import MAX_DEPTH, JsonLimitError, UnreadableNumber, loads


def test_nesting_up_to_the_limit_parses_and_one_more_is_refused_before_parsing():
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JsonLimitError, match=f"deeper than {MAX_DEPTH} levels"):
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(JsonLimitError):
        loads('{"a":' * 100_000)  # never closed: refused for its depth, not left to recurse


@pytest.mark.parametrize("text", [
    json.dumps({"title": "[" * 100_000}),
    json.dumps({"title": '\\"' + "{" * 1000, "note": "\\" * 7 + "[" * 1000}),
    json.dumps(["[[[\"]]]"] * 1000),
])
def test_brackets_inside_strings_do_not_count(text):
    assert loads(text) == json.loads(text)


def test_an_escaped_quote_does_not_end_a_string_but_an_escaped_backslash_does():
    hidden = '["a\\\\", ' + "[" * 40 + "]" * 40 + "]"  # the string is "a\", then 40 real levels
    with pytest.raises(JsonLimitError):
        loads(hidden)
    inside = '["a\\", ' + "[" * 40 + '"]'  # one string holding the brackets
    assert loads(inside) == json.loads(inside)


def test_an_unterminated_string_is_left_to_the_parser():
    with pytest.raises(json.JSONDecodeError):
        loads('["abc')


@pytest.mark.parametrize("literal, reason", [
    ("9" * 65, "a number of 65 characters; at most 64 are read"),
    ("1e999", "1e999 is too large a number"),
    ("NaN", "NaN is not a JSON number"),
    ("-Infinity", "-Infinity is not a JSON number"),
])
def test_numbers_past_the_limits_are_left_unread_with_a_reason(literal, reason):
    [value] = loads(f"[{literal}]")
    assert isinstance(value, UnreadableNumber) and value.reason == reason


def test_ordinary_numbers_are_read():
    assert loads('[1, -2, 1733467200.123, 1e10, ' + "9" * 64 + "]") == [1, -2, 1733467200.123, 1e10, int("9" * 64)]


def test_bytes_that_are_not_utf8_are_refused_like_json_loads_does():
    with pytest.raises(UnicodeDecodeError):
        loads(b'{"a": "\xff"}')
