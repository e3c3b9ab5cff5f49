"""A paper's document: what the API answers for it, built from the store and the job queue."""
from __future__ import annotations

from server import store
from server.errors import PaperNotFoundError
from server.identifiers import identify, parse_id
from server.jobs.queues import part_state

EMPTY_PARTS = {
    "summary": {"tldr": None, "key_points": [], "keywords": [], "notice": None, "error": None},
    "related": {"items": [], "error": None},
}


def submit_paper(redis, settings, submission: dict) -> dict:
    """Store a submitted paper and queue what it still needs; failed parts are tried again."""
    ref = identify(submission["url"], submission.get("ids"), submission.get("version"))
    paper = {**submission, "paper_id": ref.paper_id, "version": ref.version}
    stored = store.save_paper(redis, paper, settings.paper_ttl_seconds)
    return build_document(redis, settings, stored, retry_failed=True)


def get_document(redis, settings, paper_id: str, *, retry_failed: bool = False) -> dict:
    canonical = parse_id(paper_id).paper_id
    paper = store.get_paper(redis, canonical)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    return build_document(redis, settings, paper, retry_failed=retry_failed)


def build_document(redis, settings, paper: dict, *, retry_failed: bool) -> dict:
    document = {"paper_id": paper["paper_id"], "paper": paper}
    for part, empty in EMPTY_PARTS.items():
        state = part_state(redis, settings, part, paper["paper_id"], retry_failed=retry_failed)
        document[part] = {**empty, **state}
    return document


def is_complete(document: dict) -> bool:
    return all(document[part]["status"] == "done" for part in EMPTY_PARTS)
