"""Ranking the corpus for one query paper: fused lexical + dense scores, then one round of
pseudo-relevance feedback (the query moves toward its best neighbours in both spaces and is
scored again), which lifts cite_dev MAP by about a point over plain fusion.

Up to the dense index's exact limit every row is scored. Beyond it only the union of the
HNSW and lexical top candidates is, and the z-score statistics come from a fixed random
sample of the corpus instead of from every row.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from server.related.fusion import fuse
from server.related.index import CorpusIndex
from server.related.lexical import blend

SAMPLE_ROWS = 4096      # rows that stand for the corpus in z-scores beyond the exact limit
ANN_CANDIDATES = 400    # rows each of HNSW and lexical put forward beyond the exact limit


@dataclass(frozen=True)
class RankingParams:
    dense_weight: float = 0.7       # share of the dense z-score in the fused score
    feedback_neighbours: int = 5    # how many top papers the query moves toward
    feedback_weight: float = 0.5    # how far it moves (weight of their mean vector)


@dataclass
class Query:
    lexical: sp.csr_matrix   # weighted unit TF-IDF row
    dense: np.ndarray        # unit MiniLM vector


def rank(index: CorpusIndex, query: Query, exclude_rows: list[int], params: RankingParams,
         limit: int = 10, only_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(rows, scores), best first: the top `limit` rows of the corpus, or all of `only_rows`."""
    valid = np.ones(len(index), dtype=bool)
    valid[list(exclude_rows)] = False
    rows = _rows_to_score(index, query, valid, only_rows)
    fused = _fused(index, query, rows, valid, params)
    if params.feedback_neighbours:
        best = _top(rows, np.where(valid[rows], fused, -np.inf), params.feedback_neighbours)
        query = _moved_toward(index, query, best, params.feedback_weight)
        fused = _fused(index, query, rows, valid, params)
    if only_rows is not None:
        scores = dict(zip(rows.tolist(), fused.tolist()))
        ranked = sorted(only_rows.tolist(), key=lambda r: -scores[r])
        return np.array(ranked, dtype=np.int64), np.array([scores[r] for r in ranked])
    fused = np.where(valid[rows], fused, -np.inf)
    best = _top(rows, fused, limit)
    best = best[valid[best]]
    return best, fused[np.searchsorted(rows, best)]


def _top(rows: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(rows))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    picked = np.argpartition(-scores, k - 1)[:k]
    return rows[picked[np.argsort(-scores[picked], kind="stable")]]


def _exact(index: CorpusIndex) -> bool:
    return index.dense.hnsw is None


def _rows_to_score(index, query, valid, only_rows) -> np.ndarray:
    if _exact(index):
        return np.arange(len(index))
    dense_rows, _ = index.dense.top(query.dense, ANN_CANDIDATES)
    lexical_rows = _top(np.arange(len(index)), index.lexical.scores(query.lexical), ANN_CANDIDATES)
    extra = [] if only_rows is None else [only_rows]
    return np.unique(np.concatenate([dense_rows, lexical_rows, *extra]).astype(np.int64))


def _reference_rows(index, valid) -> np.ndarray:
    """Rows whose scores give the z-score statistics: every valid row, or a fixed sample."""
    sample = np.random.default_rng(0).choice(len(index), min(SAMPLE_ROWS, len(index)), replace=False)
    return np.sort(sample[valid[sample]])


def _fused(index, query, rows, valid, params) -> np.ndarray:
    lexical_all = index.lexical.scores(query.lexical)
    present = index.dense.present
    if _exact(index):  # every row scored: plain slices, no copies of the matrix
        dense_all = index.dense.scores(query.dense)
        return fuse(lexical=lexical_all, dense=dense_all, present=present,
                    dense_weight=params.dense_weight, lexical_reference=lexical_all[valid],
                    dense_reference=dense_all[valid & present])
    reference = _reference_rows(index, valid)
    return fuse(
        lexical=lexical_all[rows], dense=index.dense.matrix[rows] @ query.dense,
        present=present[rows], dense_weight=params.dense_weight,
        lexical_reference=lexical_all[reference],
        dense_reference=index.dense.matrix[reference[present[reference]]] @ query.dense,
    )


def _moved_toward(index, query: Query, neighbours: np.ndarray, weight: float) -> Query:
    """Rocchio feedback: the query plus `weight` times its neighbours' mean, in both spaces."""
    lexical = blend(query.lexical, index.lexical.row_vectors(neighbours), weight)
    dense = query.dense
    present = neighbours[index.dense.present[neighbours]]
    if len(present):
        dense = dense + weight * index.dense.matrix[present].mean(axis=0)
        dense = dense / (np.linalg.norm(dense) or 1.0)
    return Query(lexical=lexical, dense=dense.astype(np.float32))
