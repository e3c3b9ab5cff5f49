"""A paper's document: what the API answers for it, built from the store and the job queue."""
from __future__ import annotations

from server.errors import PaperNotFoundError
from server.identifiers import identify, parse_id
from server.papers import store, trust
from server.papers.parts import engine_version, part_state, queue_verification_if_due

EMPTY_PARTS = {
    "summary": {"tldr": None, "key_points": [], "keywords": [], "notice": None, "error": None},
    "related": {"items": [], "error": None},
}


def submit_paper(redis, settings, submission: dict, submitter: str) -> dict:
    """Store a submitted paper and queue what it still needs; failed parts are tried again.
    A paper on its own is one the reader opened: if a listing queued its parts, they move to the
    front."""
    paper_id = accept_paper(redis, settings, submission, submitter)
    return get_document(redis, settings, paper_id, retry_failed=True, promote=True)


def accept_paper(redis, settings, submission: dict, submitter: str) -> str:
    """Store a submitted paper (as provisional, or as one submitter's claim: papers/trust.py)
    and return its id. `submitter`: who sent it (trust.submitter_id)."""
    ref = identify(submission["url"], submission.get("ids"), submission.get("version"))
    trust.accept_submission(redis, settings, ref.paper_id, ref.version, submission, submitter)
    return ref.paper_id


def get_document(redis, settings, paper_id: str, *, retry_failed: bool = False, refresh=(),
                 listing: bool = False, promote: bool = False) -> dict:
    """The paper's document; parts named in `refresh` are computed again (POST .../refresh).
    `listing` and `promote` say where queued work goes (parts.part_state)."""
    canonical = parse_id(paper_id).paper_id
    engines = {part: engine_version(part, settings) for part in EMPTY_PARTS}
    paper, results, corpus = store.get_paper_and_results(redis, canonical, engines)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    document = {"paper_id": canonical, "paper": paper}
    queue_verification_if_due(redis, settings, canonical, paper)
    for part, empty in EMPTY_PARTS.items():
        state = part_state(redis, settings, part, canonical, results[part], retry_failed=retry_failed,
                           corpus=corpus, refresh=part in refresh, listing=listing, promote=promote,
                           text=trust.text_digest(paper))
        document[part] = {**empty, **state}
    return document


def get_paper(redis, paper_id: str) -> dict:
    """{paper_id, paper}: a submitted paper's metadata, as a list item holds it (for citations)."""
    canonical = parse_id(paper_id).paper_id
    paper = store.get_paper(redis, canonical)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    return {"paper_id": canonical, "paper": paper}


def engines(settings) -> str:
    """The engine versions a document is made by: a copy kept of it holds while they are current."""
    return "|".join(engine_version(part, settings) for part in EMPTY_PARTS)


def is_complete(document: dict) -> bool:
    return all(document[part]["status"] == "done" for part in EMPTY_PARTS)


def is_final(document: dict) -> bool:
    """Complete, and not waiting for a registry that failed: a document to keep rendered (a
    provisional one must reach get_document, whose polls ask the registry again)."""
    return is_complete(document) and document["paper"].get("verification") != "pending"
