"""Filling in dense vectors behind an ingest, batch by batch (the `embed` command, and the
corpus jobs behind a harvest: corpus/bootstrap.py).

Papers are searchable by their lexical score from the moment they are ingested; this fills
their MiniLM vectors in, oldest first. It keeps no state of its own: a paper "needs a vector"
while the vectors hash lacks it, so a stopped run resumes by running it again.
"""
from __future__ import annotations

from tqdm import tqdm

from server.related import dense
from server.corpus import store as corpus
from server.papers.text import paper_text

SCAN = 5000


def missing_ids(redis, start: int = 0):
    """Corpus ids without a vector, in corpus order, read SCAN at a time."""
    while True:
        ids = corpus.ids_between(redis, start, start + SCAN)
        if not ids:
            return
        for paper_id, has in zip(ids, corpus.has_vectors(redis, dense.MODEL_NAME, ids)):
            if not has:
                yield paper_id
        start += len(ids)


def fill_vectors(redis, batch_size: int = 64, limit: int | None = None, progress: bool = True) -> int:
    """Embed papers that have no vector yet; returns how many were embedded."""
    total = corpus.size(redis)
    done = corpus.embedded_count(redis, dense.MODEL_NAME)
    goal = total if limit is None else min(total, done + limit)
    embedded, batch = 0, []
    with tqdm(total=total, initial=done, desc="embed", unit="paper", disable=not progress) as bar:
        for paper_id in missing_ids(redis):
            if done + embedded + len(batch) >= goal:
                break
            batch.append(paper_id)
            if len(batch) == batch_size:
                embedded += _embed(redis, batch)
                bar.update(len(batch))
                batch = []
        if batch:
            embedded += _embed(redis, batch)
            bar.update(len(batch))
    return embedded


def next_missing(redis, start: int, count: int) -> tuple[list[str], int]:
    """Up to `count` ids without a vector from corpus position `start` on, and the position to
    go on from: a chain of jobs reads the corpus once however long it is."""
    found: list[str] = []
    while len(found) < count:
        ids = corpus.ids_between(redis, start, start + SCAN)
        if not ids:
            break
        for offset, (paper_id, has) in enumerate(zip(ids, corpus.has_vectors(redis, dense.MODEL_NAME, ids))):
            if not has:
                found.append(paper_id)
                if len(found) == count:
                    return found, start + offset + 1
        start += len(ids)
    return found, start


def embed_missing(redis, ids: list[str]) -> int:
    """Embed those of the papers that have no vector yet (another process may have been
    first); returns how many were embedded."""
    lacking = [paper_id for paper_id, has in zip(ids, corpus.has_vectors(redis, dense.MODEL_NAME, ids)) if not has]
    return _embed(redis, lacking) if lacking else 0


def _embed(redis, ids: list[str]) -> int:
    papers = [p for p in corpus.get_papers(redis, ids) if p]
    vectors = dense.embed([paper_text(p) for p in papers])
    return corpus.add_vectors(redis, dense.MODEL_NAME, [p["paper_id"] for p in papers], vectors)
