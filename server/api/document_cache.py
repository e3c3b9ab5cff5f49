"""Complete paper documents kept rendered, at the HTTP edge: the bytes a poll answers and their
ETag digest, in each web process's memory for a few seconds (RecentDocuments) and in Redis for
an hour (papers/store.py keeps the blob, and drops it whenever the paper or a result changes).

A complete document is polled by every popup showing it; serving it from here costs no job-state
look-ups and no rendering, and from memory not even a Redis read (nor a rate-limit count: see
api/rate_limits.py).
"""
from __future__ import annotations

import hashlib
import threading

from cachetools import TTLCache

from server.corpus.store import is_stale
from server.errors import InvalidPaperIdError
from server.identifiers import parse_id
from server.papers import store
from server.papers.document import engines, get_document, is_final


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


def get_rendered(redis, settings, paper_id: str, render,
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
        made_by, _, computed_from = stamp.partition("#")
        if made_by == key[1] and not is_stale(_read_corpus(computed_from), corpus):
            recent.put(key, (body, digest))
            return body, digest
    document = get_document(redis, settings, key[0])
    body = render(document)
    digest = hashlib.sha1(body).hexdigest()
    if is_final(document):
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
    return canonical, engines(settings)
