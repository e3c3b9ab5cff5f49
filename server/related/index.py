"""One worker's in-memory copy of the corpus: ids, lexical rows and dense vectors, row-aligned.

The index is fed either from Redis (`sync`: the service, where every worker tails the same
append-only lists, so a paper added through one worker is found through any other at its next
search) or straight from a file (`add`/`set_vectors`: eval and related-file). Both paths end in
the same rows, so the ranking code cannot tell them apart.
"""
from __future__ import annotations

import numpy as np

from server.corpus import store as corpus
from server.related.lexical import LexicalIndex
from server.papers.text import paper_text
from server.related.vectors import EXACT_LIMIT, DenseVectors

SYNC_BATCH = 5000  # papers read from Redis per round trip while catching up


class CorpusIndex:
    def __init__(self, dim: int, model: str, exact_limit: int = EXACT_LIMIT):
        self.model = model
        self._reset(dim, exact_limit)

    def _reset(self, dim: int, exact_limit: int) -> None:
        self._generation = None
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.lexical = LexicalIndex()
        self.dense = DenseVectors(dim, exact_limit)
        self._synced_papers = 0   # how far this index has read the corpus log
        self._synced_vectors = 0  # ... and the embedded log

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, papers: list[dict]) -> None:
        fresh = [p for p in papers if p["paper_id"] not in self.row_of]
        for paper in fresh:
            self.row_of[paper["paper_id"]] = len(self.ids)
            self.ids.append(paper["paper_id"])
        self.lexical.add([paper_text(p) for p in fresh])
        self.dense.grow(len(self.ids))

    def set_vectors(self, ids: list[str], vectors: np.ndarray) -> None:
        known = [(self.row_of[i], v) for i, v in zip(ids, vectors) if i in self.row_of]
        if known:
            rows, rows_vectors = zip(*known)
            self.dense.set(np.array(rows), np.stack(rows_vectors))

    def sync(self, redis, progress=None) -> int:
        """Read what other processes added to Redis since the last sync; returns new rows."""
        generation = corpus.generation(redis)
        if generation != self._generation:
            if self._generation is not None:  # the corpus was wiped or replaced: start over
                self._reset(self.dense.dim, self.dense.exact_limit)
            self._generation = generation
        before = len(self)
        while True:
            ids = corpus.ids_between(redis, self._synced_papers, self._synced_papers + SYNC_BATCH)
            if not ids:
                break
            self.add([p for p in corpus.get_papers(redis, ids) if p])
            self._synced_papers += len(ids)
            if progress:
                progress(len(ids))
        self._sync_vectors(redis)
        return len(self) - before

    def _sync_vectors(self, redis) -> None:
        key = corpus.embedded_key(self.model)
        while True:
            ids = corpus.ids_between(redis, self._synced_vectors, self._synced_vectors + SYNC_BATCH, key)
            # A vector can be logged before its paper reaches this index (both lists grow
            # while we read): stop there and take it up at the next sync.
            known = next((n for n, i in enumerate(ids) if i not in self.row_of), len(ids))
            if not known:
                break
            ids = ids[:known]
            self.set_vectors(ids, corpus.get_vectors(redis, self.model, ids, self.dense.dim))
            self._synced_vectors += known
