"""CSL-JSON out and in (the citeproc input format Zotero and pandoc read). Out: type, id, title,
author [{family, given}], issued {"date-parts"}, DOI, URL, abstract, keyword, annote, and
custom {"read": true|false}: CSL has no variable for it, and CSL-JSON 1.0.2 keeps `custom` for
data of one's own (styles never print it; `note` would be, by annotated styles).
arXiv papers are written as Zotero writes preprints: type "article", number "arXiv:<id>",
publisher "arXiv", and arXiv's own DOI (10.48550/arXiv.<id>) when no other DOI is known.
In: a JSON array of such records (read within server/bounded_json.py's limits); each record's
DOI, else URL, else arXiv number names the paper, and title, author, abstract, keyword, annote
and custom.read come back. Fields of the wrong type are left for the import's checks to name.
"""
from __future__ import annotations

import json

from server.citations import records
from server.errors import InvalidPaperIdError


def write(items: list[dict], list_name: str) -> str:
    keys: set[str] = set()
    return json.dumps([_csl(item, records.citation_key(item, keys)) for item in items],
                      ensure_ascii=False, indent=2)


def _csl(item: dict, key: str) -> dict:
    paper, arxiv = records.paper_of(item), records.arxiv_id(item)
    csl = {
        "id": key,
        "type": "article",
        "title": records.title_of(item),
        "author": [_author(name) for name in records.authors(item)],
        "URL": records.url(item),
        "DOI": records.doi(item),
        "abstract": paper.get("abstract"),
        "keyword": ", ".join(item.get("tags") or []),
        "annote": item.get("note"),
    }
    if records.year(item):
        csl["issued"] = {"date-parts": [[records.year(item)]]}
    if arxiv:
        csl.update(number=f"arXiv:{arxiv}", publisher="arXiv", archive="arXiv")
    csl = {key: value for key, value in csl.items() if value}
    csl["custom"] = {"read": bool(item.get("read"))}
    return csl


def _author(name: str) -> dict:
    parts = records.split_name(name)
    return {"family": parts["family"], "given": parts["given"]} if parts["given"] else {"literal": name}


def read(content: str) -> tuple[list[tuple[str, str, dict]], list[dict]]:
    """([(label, paper id, item)], [{"entry", "message"}]) from a CSL-JSON file's text."""
    document, errors = records.json_file(content)
    if errors:
        return [], errors
    if not isinstance(document, list):
        return [], [{"entry": "file", "message": "expected a JSON array of CSL-JSON records"}]
    entries, errors = [], []
    for position, record in enumerate(document):
        label = f"record {record.get('id')}" if isinstance(record, dict) and isinstance(record.get("id"), str) \
            else f"item {position}"
        try:
            if not isinstance(record, dict):
                raise InvalidPaperIdError("a record must be a JSON object")
            arxiv = record.get("number") if isinstance(record.get("number"), str) else ""
            paper_id = records.first_paper_id(label, "it has no DOI, URL or arXiv number",
                                              doi=_text(record.get("DOI")), url=_text(record.get("URL")),
                                              arxiv=arxiv.removeprefix("arXiv:") if arxiv.startswith("arXiv:") else "")
        except InvalidPaperIdError as error:
            errors.append({"entry": label, "message": error.message})
            continue
        entries.append((label, paper_id, _item(record)))
    return entries, errors


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _item(record: dict) -> dict:
    authors = record.get("author")
    paper = {"title": record.get("title"), "abstract": record.get("abstract"), "url": record.get("URL"),
             "authors": [_name(author) for author in authors] if isinstance(authors, list) else authors}
    item = {"paper": {key: value for key, value in paper.items() if value is not None}}
    keyword = record.get("keyword")
    if keyword:
        item["tags"] = [tag.strip() for tag in keyword.split(",") if tag.strip()] if isinstance(keyword, str) else keyword
    if record.get("annote") is not None:
        item["note"] = record["annote"]
    custom = record.get("custom")
    if isinstance(custom, dict) and "read" in custom:
        item["read"] = custom["read"]
    return item


def _name(author):
    """CSL's {family, given} or {literal} as one name ("Given Family"); anything else is left
    as it is, for the checks to refuse."""
    if not isinstance(author, dict):
        return author
    if isinstance(author.get("literal"), str):
        return author["literal"]
    parts = [author.get("given"), author.get("family")]
    return " ".join(part for part in parts if isinstance(part, str) and part) or author
