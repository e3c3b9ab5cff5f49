"""A paper's document: what the API answers for it, built from the store and the job queue."""
from __future__ import annotations

import hashlib

from server import store
from server.errors import PaperNotFoundError
from server.identifiers import identify, parse_id
from server.jobs.queues import engine_version, part_state

EMPTY_PARTS = {
    "summary": {"tldr": None, "key_points": [], "keywords": [], "notice": None, "error": None},
    "related": {"items": [], "error": None},
}


def submit_paper(redis, settings, submission: dict) -> dict:
    """Store a submitted paper and queue what it still needs; failed parts are tried again."""
    ref = identify(submission["url"], submission.get("ids"), submission.get("version"))
    store.save_paper(redis, {**submission, "paper_id": ref.paper_id, "version": ref.version},
                     settings.paper_ttl_seconds)
    return get_document(redis, settings, ref.paper_id, retry_failed=True)


def get_document(redis, settings, paper_id: str, *, retry_failed: bool = False) -> dict:
    canonical = parse_id(paper_id).paper_id
    engines = {part: engine_version(part, settings) for part in EMPTY_PARTS}
    paper, results = store.get_paper_and_results(redis, canonical, engines)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    document = {"paper_id": canonical, "paper": paper}
    for part, empty in EMPTY_PARTS.items():
        state = part_state(redis, settings, part, canonical, results[part], retry_failed=retry_failed)
        document[part] = {**empty, **state}
    return document


def get_rendered_document(redis, settings, paper_id: str, render) -> tuple[bytes, str]:
    """The document as `render(document) -> bytes` makes it, with a digest for its ETag.
    Complete documents are kept rendered, so a popular paper costs one Redis read."""
    canonical = parse_id(paper_id).paper_id
    engines = "|".join(engine_version(part, settings) for part in EMPTY_PARTS)
    cached = store.get_rendered_document(redis, canonical, engines)
    if cached:
        return cached
    document = get_document(redis, settings, canonical)
    body = render(document)
    digest = hashlib.sha1(body).hexdigest()
    if is_complete(document):
        store.save_rendered_document(redis, canonical, engines, body, digest, settings.document_cache_ttl_seconds)
    return body, digest


def is_complete(document: dict) -> bool:
    return all(document[part]["status"] == "done" for part in EMPTY_PARTS)
