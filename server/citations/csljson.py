"""CSL-JSON out (the citeproc input format Zotero and pandoc read): type, id, title,
author [{family, given}], issued {"date-parts"}, DOI, URL, abstract, keyword, annote, and
custom {"read": true|false}: CSL has no variable for it, and CSL-JSON 1.0.2 keeps `custom` for
data of one's own (styles never print it; `note` would be, by annotated styles).
arXiv papers are written as Zotero writes preprints: type "article", number "arXiv:<id>",
publisher "arXiv", and arXiv's own DOI (10.48550/arXiv.<id>) when no other DOI is known."""
from __future__ import annotations

import json

from server.citations import records


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
