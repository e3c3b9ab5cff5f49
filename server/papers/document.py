"""A paper's document: what the API answers for it, built from the store and the job queue."""
from __future__ import annotations

import hashlib
import threading

from cachetools import TTLCache

from server.papers import store
from server.errors import InvalidPaperIdError, PaperNotFoundError
from server.identifiers import identify, parse_id
from server.papers.parts import engine_version, part_state
from server.corpus.store import is_stale

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


def get_document(redis, settings, paper_id: str, *, retry_failed: bool = False, refresh=()) -> dict:
    """The paper's document; parts named in `refresh` are computed again (POST .../refresh)."""
    canonical = parse_id(paper_id).paper_id
    engines = {part: engine_version(part, settings) for part in EMPTY_PARTS}
    paper, results, corpus = store.get_paper_and_results(redis, canonical, engines)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    document = {"paper_id": canonical, "paper": paper}
    for part, empty in EMPTY_PARTS.items():
        state = part_state(redis, settings, part, canonical, results[part], retry_failed=retry_failed,
                           corpus=corpus, refresh=part in refresh)
        document[part] = {**empty, **state}
    return document


def get_paper(redis, paper_id: str) -> dict:
    """{paper_id, paper}: a submitted paper's metadata, as a list item holds it (for citations)."""
    canonical = parse_id(paper_id).paper_id
    paper = store.get_paper(redis, canonical)
    if paper is None:
        raise PaperNotFoundError(f"No paper {canonical} has been submitted; POST it to /api/v1/papers first.")
    return {"paper_id": canonical, "paper": paper}


class RecentDocuments:
    """Complete rendered documents one web process served in the last few seconds.

    A paper in the news is polled by many popups at once; keeping its rendered document in
    process memory for `settings.document_memory_seconds` spares Redis a read per poll (and the
    rate limiter its count: see api/rate_limits.py). Only complete documents are kept, and they
    rarely change (a later submission filling in metadata); such a change shows here within
    that window, everywhere else at once."""

    def __init__(self, seconds: float, size: int = 4096):
        self._documents = TTLCache(maxsize=size, ttl=seconds) if seconds > 0 else None
        self._lock = threading.Lock()  # TTLCache is not thread-safe; gunicorn runs threads

    def get(self, key) -> tuple[bytes, str] | None:
        if self._documents is None:
            return None
        with self._lock:
            return self._documents.get(key)

    def put(self, key, value: tuple[bytes, str]) -> None:
        if self._documents is not None:
            with self._lock:
                self._documents[key] = value


def get_rendered_document(redis, settings, paper_id: str, render,
                          recent: RecentDocuments | None = None) -> tuple[bytes, str]:
    """The document as `render(document) -> bytes` makes it, with a digest for its ETag.
    Complete documents are kept rendered (in `recent`, then in Redis), so a popular paper
    costs no Redis read, and any other complete paper one. One kept in Redis is used while its
    engines are current and its related list is not stale (the corpus grew: part_state)."""
    key = _rendered_key(settings, parse_id(paper_id).paper_id)
    recent = recent or RecentDocuments(0)
    remembered = recent.get(key)
    if remembered:  # not put back: the window runs from the Redis read, however often it is polled
        return remembered
    cached, corpus = store.get_rendered_document(redis, key[0])
    if cached:
        stamp, body, digest = cached
        engines, _, computed_from = stamp.partition("#")
        if engines == key[1] and not is_stale(_read_corpus(computed_from), corpus):
            recent.put(key, (body, digest))
            return body, digest
    document = get_document(redis, settings, key[0])
    body = render(document)
    digest = hashlib.sha1(body).hexdigest()
    if is_complete(document):
        stamp = f"{key[1]}#{_write_corpus(document['related'].get('corpus'))}"
        store.save_rendered_document(redis, key[0], stamp, body, digest, settings.document_cache_ttl_seconds)
        recent.put(key, (body, digest))
    return body, digest


def _write_corpus(corpus: dict | None) -> str:
    return f"{corpus['papers']}:{corpus['generation']}" if corpus else ""


def _read_corpus(text: str) -> dict | None:
    papers, _, generation = text.partition(":")
    return {"papers": int(papers), "generation": int(generation)} if papers.isdigit() and generation.isdigit() else None


def is_remembered(recent: RecentDocuments, settings, paper_id: str) -> bool:
    """Whether `recent` holds the paper's complete document right now (a bad id: no)."""
    try:
        return recent.get(_rendered_key(settings, parse_id(paper_id).paper_id)) is not None
    except InvalidPaperIdError:
        return False


def _rendered_key(settings, canonical: str) -> tuple[str, str]:
    """(paper id, engine versions): a rendered document is only as good as the engines behind it."""
    return canonical, "|".join(engine_version(part, settings) for part in EMPTY_PARTS)


def is_complete(document: dict) -> bool:
    return all(document[part]["status"] == "done" for part in EMPTY_PARTS)
