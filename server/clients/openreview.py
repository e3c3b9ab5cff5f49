"""OpenReview's API: one submission by its forum id (api2.openreview.net/notes?id=…, JSON).

The answer is {"notes": [{"id", "forum", "content": {"title": {"value": …}, "abstract": {"value":
…}, "authors": {"value": [...]}, "venue": …, …}, "pdate" or "cdate" (ms since 1970), …}], …}.
Venues from before 2023 live in API 1 (api.openreview.net/notes?id=…), whose content holds the
values bare ("title": "…"); API 2 answers their ids with a 404 ("The Note … was not found"), so
API 1 is asked next. A note hidden from the public (a desk-rejected or withdrawn submission) is
a 403: for a reader, no such paper either.
"""
from __future__ import annotations

import datetime as dt

from server.clients.registry_http import get, json_of
from server.errors import PaperNotFoundError, UpstreamUnavailableError
from server.papers.text import clean

NAME = "OpenReview"


def fetch_paper(forum_id: str, api_url: str, v1_api_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "year"} of an OpenReview submission."""
    try:
        return _fetch(forum_id, api_url, timeout)
    except PaperNotFoundError:
        return _fetch(forum_id, v1_api_url, timeout)


def _fetch(forum_id: str, url: str, timeout: float) -> dict:
    response = get(url, registry=NAME, what=f"openreview:{forum_id}", timeout=timeout, params={"id": forum_id},
                   missing=(403, 404))
    notes = json_of(response, NAME).get("notes")
    if not isinstance(notes, list):
        raise UpstreamUnavailableError(f"{NAME} sent an answer without notes")
    # A review's or a comment's id is not a paper: only the submission opens its own forum.
    note = next((n for n in notes if isinstance(n, dict) and n.get("id") == forum_id
                 and n.get("forum", forum_id) == forum_id), None)
    if note is None:
        raise PaperNotFoundError(f"{NAME} has no submission openreview:{forum_id}")
    content = note.get("content") if isinstance(note.get("content"), dict) else {}
    title = _value(content, "title")
    if not isinstance(title, str) or not title.strip():
        raise UpstreamUnavailableError(f"{NAME} sent a submission without a title")
    abstract, authors = _value(content, "abstract"), _value(content, "authors")
    return {
        "title": clean(title),
        "abstract": clean(abstract) if isinstance(abstract, str) else "",
        "authors": [clean(a) for a in authors if isinstance(a, str)] if isinstance(authors, list) else [],
        "year": _year(note),
    }


def _value(content: dict, field: str):
    """API 2 wraps each value ({"value": …}); API 1 does not."""
    value = content.get(field)
    return value.get("value") if isinstance(value, dict) else value


def _year(note: dict) -> int | None:
    # Published, else created; "odate" is when it was opened to the public.
    for field in ("pdate", "odate", "cdate", "tcdate"):
        if isinstance(note.get(field), (int, float)) and note[field] > 0:
            return dt.datetime.fromtimestamp(note[field] / 1000, dt.timezone.utc).year
    return None
