"""Latency and memory of the related engine at a given corpus size (`bench related`).

Real text for the lexical side (arXiv titles and abstracts), real MiniLM for the query, and,
because embedding 74,728 abstracts takes an hour of this machine, random unit vectors for the
corpus's dense side (clustered ones at 1,000,000, where HNSW recall must be measured).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from server.related.engine import RelatedEngine
from server.related import SPARE
from server.related.listing import build_items
from server.related.vectors import HNSW_M


@dataclass
class Timings:
    embed_ms: list
    search_ms: list
    explain_ms: list

    def summary(self) -> dict:
        total = np.add(np.add(self.embed_ms, self.search_ms), self.explain_ms)
        parts = {"embed": self.embed_ms, "search": self.search_ms, "explain": self.explain_ms, "total": total}
        return {name: (float(np.percentile(v, 50)), float(np.percentile(v, 95))) for name, v in parts.items()}


def unit_rows(rows: int, dim: int, seed: int, latent_dim: int = 0) -> np.ndarray:
    """Random unit vectors: uniform on the sphere, or (with `latent_dim`) lying near a random
    low-dimensional subspace in clusters, as sentence embeddings do; uniform ones have no real
    neighbours, so HNSW recall on them would say nothing about recall on papers."""
    rng = np.random.default_rng(seed)
    out = np.empty((rows, dim), dtype=np.float32)
    if latent_dim:
        projection = rng.standard_normal((latent_dim, dim)).astype(np.float32)
        centres = rng.standard_normal((max(rows // 1000, 1), latent_dim)).astype(np.float32)
    for start in range(0, rows, 100_000):
        count = min(100_000, rows - start)
        if latent_dim:
            latent = centres[rng.integers(0, len(centres), count)] + 0.5 * rng.standard_normal((count, latent_dim))
            block = latent.astype(np.float32) @ projection + 0.3 * rng.standard_normal((count, dim)).astype(np.float32)
        else:
            block = rng.standard_normal((count, dim)).astype(np.float32)
        out[start:start + count] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def time_queries(engine: RelatedEngine, queries: list[dict], texts_by_id: dict, limit: int = 10) -> Timings:
    timings = Timings([], [], [])
    # Random corpus vectors have no meaningful cosines, and the trained bands would leave most
    # lists nearly empty (and cheap to explain): the z-score bands keep every list at `limit`.
    engine.relevance_model = None
    for paper in queries:
        started = time.perf_counter()
        query = engine.query(paper)  # a new paper: one real embedding, plus its TF-IDF row
        embedded = time.perf_counter()
        # what the related job does: spare rows for the dedupe, closeness from the raw cosines
        ranked = engine.related_with_closeness(paper, limit=limit + SPARE, query=query)
        searched = time.perf_counter()
        records = [{"title": "", "abstract": texts_by_id[row[0]], "url": ""} for row in ranked]
        build_items(engine, paper, ranked, records, limit)  # relevance words, dedupe, reasons
        explained = time.perf_counter()
        timings.embed_ms.append(1000 * (embedded - started))
        timings.search_ms.append(1000 * (searched - embedded))
        timings.explain_ms.append(1000 * (explained - searched))
    return timings


def time_dense_search(engine: RelatedEngine, queries: np.ndarray, k: int = 10) -> list[float]:
    out = []
    for query in queries:
        started = time.perf_counter()
        engine.index.dense.top(query, k)
        out.append(1000 * (time.perf_counter() - started))
    return out


def recall_at(engine: RelatedEngine, queries: np.ndarray, k: int = 10) -> float:
    """Share of the exact top k that the HNSW top k finds."""
    matrix = engine.index.dense.matrix
    hits = 0
    for query in queries:
        exact = set(np.argpartition(-(matrix @ query), k)[:k].tolist())
        found, _ = engine.index.dense.top(query, k)
        hits += len(exact & set(found.tolist()))
    return hits / (k * len(queries))


def memory_mb(engine: RelatedEngine) -> dict:
    index = engine.index
    dense_bytes = index.dense.matrix.nbytes
    hnsw_bytes = 0
    if index.dense.hnsw is not None:
        # faiss keeps its own copy of each vector plus ~2*M neighbour ids on level 0
        hnsw_bytes = index.dense.hnsw.ntotal * (index.dense.dim * 4 + 2 * HNSW_M * 4 + 16)
    lexical_bytes = index.lexical.nbytes()
    return {"dense": dense_bytes / 2**20, "hnsw": hnsw_bytes / 2**20, "lexical": lexical_bytes / 2**20}
