"""PaperGist's own JSON: everything a list holds, and what import reads back.

    {"format": "papergist-list", "version": 1, "list": name,
     "items": [{paper_id, tags, note, read, saved_at, updated_at, paper}]}

Import also takes a bare JSON array of items; an item needs a paper_id or a paper.url. It keeps
saved_at (checked by the API like the other fields); updated_at is when the list last wrote the
item, which the import does.
"""
from __future__ import annotations

import json

from server.citations import records
from server.errors import InvalidPaperIdError
from server.identifiers import from_url, parse_id

# Written by export, not accepted as input: the list sets updated_at itself, paper_id is the key.
EXPORT_ONLY = ("updated_at", "paper_id")


def write(items: list[dict], list_name: str) -> str:
    return json.dumps({"format": "papergist-list", "version": 1, "list": list_name, "items": items},
                      ensure_ascii=False, indent=2)


def read(content: str) -> tuple[list[tuple[str, str, dict]], list[dict]]:
    document, errors = records.json_file(content)
    if errors:
        return [], errors
    rows = document.get("items") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        return [], [{"entry": "file", "message": "expected a JSON array of items, or an object with `items`"}]
    entries, errors = [], []
    for position, row in enumerate(rows):
        label = f"item {position}"
        try:
            entries.append((label, *_entry(row)))
        except InvalidPaperIdError as error:
            errors.append({"entry": label, "message": error.message})
    return entries, errors


def _entry(row) -> tuple[str, dict]:
    if not isinstance(row, dict):
        raise InvalidPaperIdError("an item must be a JSON object")
    paper = row.get("paper")
    if row.get("paper_id"):
        paper_id = parse_id(str(row["paper_id"])).paper_id
    elif isinstance(paper, dict) and isinstance(paper.get("url"), str):
        paper_id = from_url(paper["url"]).paper_id
    else:
        raise InvalidPaperIdError("the item has neither a paper_id nor a paper.url")
    item = {key: value for key, value in row.items() if key not in EXPORT_ONLY}
    if isinstance(paper, dict):
        item["paper"] = {key: value for key, value in paper.items() if key != "paper_id" and value is not None}
    elif paper is None:
        item.pop("paper", None)
    return paper_id, item
