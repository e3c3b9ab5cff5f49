"""Paper files: JSON lines, gzip or not, turned into the engine's paper dicts.

Accepted lines (extra fields are ignored):
    {"id": "2503.11731", "title", "abstract", ...}    arXiv metadata -> paper_id "arxiv:2503.11731"
    {"paper_id": "doi:10/...", "title", "abstract", "url"}   already canonical
    {"id": "any-id", "text": "title and abstract run together"}   (with `plain_ids`)

A bad line raises BadRecordError naming the file and line number; nothing is skipped silently.
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from server.errors import InvalidPaperIdError
from server.identifiers import parse_id
from server.papers.text import clean


class BadRecordError(ValueError):
    def __init__(self, source, line_number: int, problem: str):
        super().__init__(f"{source}, line {line_number}: {problem}")


def open_lines(path: Path):
    path = Path(path)
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gzipped else open(path, encoding="utf-8")


def read_json_lines(path: Path, skip: int = 0) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line after the first `skip` lines."""
    with open_lines(path) as lines:
        for number, line in enumerate(lines, start=1):
            if number <= skip or not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise BadRecordError(path, number, f"not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise BadRecordError(path, number, "expected a JSON object")
            yield number, record


def to_paper(record: dict, source, line_number: int, plain_ids: bool = False) -> dict:
    """One record as {"paper_id", "title", "abstract", "url"}, plus what a reader judges an item
    by where the record has it: "authors" (list), "categories" (list, primary first), "year"
    (from "year" or a "date" like 2025-03-14) and "venue"."""
    raw_id = record.get("paper_id") or record.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise BadRecordError(source, line_number, 'missing "id" (a non-empty string)')
    title, abstract = clean(record.get("title")), clean(record.get("abstract") or record.get("text"))
    if not title and not abstract:
        raise BadRecordError(source, line_number, f'{raw_id!r} has no "title", "abstract" or "text"')
    paper_id, url = raw_id.strip(), clean(record.get("url"))
    if not plain_ids:
        paper_id, url = _canonical(paper_id, url, source, line_number)
    return {"paper_id": paper_id, "title": title, "abstract": abstract, "url": url, **reader_fields(record)}


def reader_fields(record: dict) -> dict:
    """authors, categories, year and venue of a record, each only when known and well-formed."""
    fields = {}
    for key in ("authors", "categories"):
        values = record.get(key)
        if isinstance(values, str):
            values = values.split(", ") if key == "authors" else values.split()
        if isinstance(values, list):
            values = [clean(v) for v in values if isinstance(v, str) and clean(v)]
            if values:
                fields[key] = values
    year = record.get("year") or str(record.get("date") or "")[:4]
    if str(year).isdigit() and 1900 < int(year) < 2200:
        fields["year"] = int(year)
    if isinstance(record.get("venue"), str) and clean(record["venue"]):
        fields["venue"] = clean(record["venue"])
    return fields


def _canonical(raw_id: str, url: str, source, line_number: int) -> tuple[str, str]:
    text = raw_id if ":" in raw_id else f"arxiv:{raw_id}"
    try:
        paper_id = parse_id(text).paper_id
    except InvalidPaperIdError as error:
        raise BadRecordError(source, line_number, error.message) from None
    if paper_id.startswith("arxiv:") and not url:
        url = f"https://arxiv.org/abs/{paper_id.removeprefix('arxiv:')}"
    return paper_id, url
