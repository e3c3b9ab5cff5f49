"""Crossref's REST API: one work by its DOI (api.crossref.org/works/{doi}, JSON).

The answer is {"status": "ok", "message-type": "work", "message": {"title": [..], "author":
[{"given", "family"} or {"name"}], "abstract": "<jats:p>..</jats:p>" (JATS XML, often absent),
"issued": {"date-parts": [[2019, 7, 25]]}, ...}}; an unknown DOI is a 404.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from server.clients.registry_http import get, json_of
from server.papers.text import clean
from server.errors import UpstreamUnavailableError

NAME = "Crossref"
_TAG = re.compile(r"<[^>]+>")
# JATS abstracts often open with a heading: <jats:title>Abstract</jats:title>
_HEADING = re.compile(r"<jats:title>.*?</jats:title>", re.S)


def fetch_paper(doi: str, api_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "year"} of a DOI Crossref registered."""
    response = get(f"{api_url.rstrip('/')}/{quote(doi, safe='/')}", registry=NAME, what=f"doi:{doi}", timeout=timeout)
    work = json_of(response, NAME).get("message")
    if not isinstance(work, dict) or not work.get("title"):
        raise UpstreamUnavailableError(f"{NAME} sent a work without a title")
    # JATS is markup to drop, not a document to parse: the text is what is kept.
    abstract = clean(_TAG.sub(" ", _HEADING.sub(" ", work.get("abstract") or "")))
    return {
        "title": clean(work["title"][0]),
        "abstract": abstract,
        "authors": [clean(a.get("name") or f"{a.get('given', '')} {a.get('family', '')}") for a in work.get("author") or []],
        "year": _year(work),
    }


def _year(work: dict) -> int | None:
    for field in ("issued", "published-print", "published-online", "created"):
        parts = (work.get(field) or {}).get("date-parts") or [[None]]
        if parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None
