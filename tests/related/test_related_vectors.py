"""Dense vectors: exact search, and the faiss HNSW index that takes over past the exact limit."""
from __future__ import annotations

import numpy as np

from server import related
from server.offline.related_benchmark import unit_rows
from server.related.engine import RelatedEngine
from server.related.vectors import DenseVectors


def test_hnsw_takes_over_past_the_limit_and_finds_what_exact_search_finds():
    vectors = unit_rows(2100, 32, seed=3, latent_dim=8)
    exact, approximate = DenseVectors(32, exact_limit=10_000), DenseVectors(32, exact_limit=500)
    for index in (exact, approximate):
        index.grow(2000)
        index.set(np.arange(2000), vectors[:2000])
    assert exact.hnsw is None and approximate.hnsw is not None
    approximate.grow(2001)
    approximate.set(np.array([2000]), vectors[2000:2001])  # grows incrementally
    assert approximate.hnsw.ntotal == 2001
    assert approximate.top(vectors[2000], 1)[0][0] == 2000
    hits = 0
    for query in vectors[2001:2101]:
        truth = set(exact.top(query, 10)[0].tolist())
        hits += len(truth & set(approximate.top(query, 10)[0].tolist()))
    assert hits / 1000 >= 0.95


def test_engine_ranks_through_hnsw_like_exact_search(rredis, papers, model):
    related.add_to_corpus(rredis, papers, embed=True)
    exact, approximate = RelatedEngine(), RelatedEngine(exact_limit=5)
    exact.sync(rredis)
    approximate.sync(rredis)
    assert approximate.index.dense.hnsw is not None
    for paper in papers[:4]:
        assert [i for i, _ in approximate.related(paper, limit=2)] == [i for i, _ in exact.related(paper, limit=2)]
