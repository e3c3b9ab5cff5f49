"""RIS out and in, with rispy.

Out: TY (UNPB for arXiv preprints, JOUR for DOIs, GEN otherwise), TI, AU ("Family, Given", one
line each), PY, AB, DO (arXiv's own DOI for arXiv papers), UR, KW (one per tag), N1 (the note),
PB (arXiv), U1 (`read` or `unread`: RIS has no tag for it, and U1-U5 are its user-defined
ones), ER. RIS is one value per line, so line breaks inside values become spaces.
In: each record's DO, else UR, names the paper (Zotero and EndNote write both); TI or T1, AU or
A1, AB, KW, N1 and U1 come back as the paper and the item. A record without its ER line, which
rispy skips, is reported.
"""
from __future__ import annotations

import re

import rispy

from server.citations import records
from server.errors import InvalidPaperIdError


# rispy's tags plus the first user-defined one, which carries the read flag.
MAPPING = {**rispy.TAG_KEY_MAPPING, "U1": "user_definable_1"}


class PlainRisWriter(rispy.RisWriter):
    """rispy numbers each reference on a line of its own ("1."); RIS readers such as Zotero
    and EndNote expect the record to start at its TY line."""
    DEFAULT_MAPPING = MAPPING

    def set_header(self, count: int) -> str:
        return ""


def write(items: list[dict], list_name: str) -> str:
    return rispy.dumps([_reference(item) for item in items], implementation=PlainRisWriter)


def _reference(item: dict) -> dict:
    paper = records.paper_of(item)
    kind = "UNPB" if records.arxiv_id(item) else "JOUR" if records.doi(item) else "GEN"
    reference = {
        "type_of_reference": kind,
        "title": records.title_of(item),
        "authors": [_family_given(name) for name in records.authors(item)],
        "year": str(records.year(item) or ""),
        "abstract": paper.get("abstract") or "",
        "doi": records.doi(item) or "",
        "urls": [records.url(item)] if records.url(item) else [],
        "keywords": item.get("tags") or [],
        "notes": [item["note"]] if item.get("note") else [],
        "user_definable_1": "read" if item.get("read") else "unread",
    }
    if records.arxiv_id(item):
        reference["publisher"] = "arXiv"
    return {key: _one_line(value) for key, value in reference.items() if value}


def _family_given(name: str) -> str:
    parts = records.split_name(name)
    return f"{parts['family']}, {parts['given']}" if parts["given"] else parts["family"]


def _one_line(value):
    if isinstance(value, list):
        return [" ".join(v.split()) for v in value]
    return " ".join(value.split())


_RECORD_START = re.compile(r"^TY  - ", re.M)


def read(content: str) -> tuple[list[tuple[str, str, dict]], list[dict]]:
    """([(label, paper id, item)], [{"entry", "message"}]) from a RIS file's text."""
    try:
        references = rispy.loads(content, mapping=MAPPING)
    except Exception as error:  # rispy documents no exceptions of its own: any is a file it cannot read
        return [], [{"entry": "file", "message": f"the file could not be read as RIS: {error}"}]
    entries, errors = [], []
    for number, reference in enumerate(references, start=1):
        label = f"record {number}"
        try:
            paper_id = records.first_paper_id(label, "it has no DO or UR", doi=reference.get("doi", ""),
                                              url=next(iter(reference.get("urls") or []), ""))
        except InvalidPaperIdError as error:
            errors.append({"entry": label, "message": error.message})
            continue
        entries.append((label, paper_id, _item(reference)))
    begun = len(_RECORD_START.findall(content))
    if begun > len(references) or (content.strip() and not references):
        errors.append({"entry": "file", "message": f"{begun} records begin with a TY line but {len(references)} "
                                                    "end with an ER line; the others were not read"})
    return entries, errors


def _item(reference: dict) -> dict:
    paper = {"title": reference.get("title") or reference.get("primary_title"),
             "authors": reference.get("authors") or reference.get("first_authors"),
             "abstract": reference.get("abstract"), "url": next(iter(reference.get("urls") or []), None)}
    item = {"paper": {key: value for key, value in paper.items() if value}}
    if reference.get("keywords"):
        item["tags"] = reference["keywords"]
    if reference.get("notes"):
        item["note"] = "\n".join(reference["notes"])
    if reference.get("user_definable_1") in ("read", "unread"):
        item["read"] = reference["user_definable_1"] == "read"
    return item
