"""RIS out, written by rispy: TY (UNPB for arXiv preprints, JOUR for DOIs, GEN otherwise), TI,
AU ("Family, Given", one line each), PY, AB, DO (arXiv's own DOI for arXiv papers), UR,
KW (one per tag), N1 (the note), PB (arXiv), U1 (`read` or `unread`: RIS has no tag for it, and
U1-U5 are its user-defined ones), ER.
RIS is one value per line, so line breaks inside values become spaces."""
from __future__ import annotations

import rispy

from server.citations import records


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
