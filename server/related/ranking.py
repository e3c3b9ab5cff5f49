"""Ranking the corpus for one query paper, in two passes.

1. Fused score (z-scored TF-IDF cosine + z-scored MiniLM cosine) of every row, or, past the
   dense index's exact limit, of the union of the HNSW and lexical top candidates.
2. Pseudo-relevance feedback: the query moves toward its best few neighbours in both spaces
   and the best RESCORE rows of pass 1 are scored again; this adds about a point of MAP
   on cite_dev over plain fusion.
3. With a learned fusion (learned.py, trained on ACL citations by `train related`), the best
   POOL rows of pass 2 are ranked by a weighted sum of signals both passes computed: the
   dense and lexical z-scores before and after feedback, and how close each row is to the
   query's best few neighbours (a diffusion over the query's own neighbourhood).

z-score statistics come from every valid row when that is cheap (up to SAMPLE_ROWS rows or in
the exact pass 1) and from a fixed random sample of rows otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from server.related.fusion import fuse
from server.related.learned import LearnedFusion, signals
from server.related.index import CorpusIndex
from server.related.lexical import blend

SAMPLE_ROWS = 4096      # rows that stand for the corpus in z-scores when not every row is scored
ANN_CANDIDATES = 400    # rows each of HNSW and lexical put forward beyond the exact limit
RESCORE = 1000          # rows of pass 1 that pass 2 scores again


@dataclass(frozen=True)
class RankingParams:
    dense_weight: float = 0.7       # share of the dense z-score in the fused score
    feedback_neighbours: int = 5    # how many top papers the query moves toward
    feedback_weight: float = 0.5    # how far it moves (weight of their mean vector)
    learned: LearnedFusion | None = None  # pass 3 (learned.py); None: pass 2's fused score decides


@dataclass
class Query:
    lexical: sp.csr_matrix   # weighted unit TF-IDF row
    dense: np.ndarray        # unit MiniLM vector


def rank(index: CorpusIndex, query: Query, exclude_rows: list[int], params: RankingParams,
         limit: int = 10, only_rows: np.ndarray | None = None, features: bool = False):
    """(rows, scores), best first: the top `limit` valid rows, or all of `only_rows`. With
    `features` (training; needs params.learned for the pool sizes): (rows, pass 2 scores,
    signal matrix) of the learned pass's rows, unordered."""
    valid = np.ones(len(index), dtype=bool)
    valid[list(exclude_rows)] = False
    extra = np.zeros(0, dtype=np.int64) if only_rows is None else np.asarray(only_rows, dtype=np.int64)
    if _exact(index):
        rows, reference = np.arange(len(index)), np.flatnonzero(valid)
    else:
        rows, reference = _candidates(index, query, extra), _sample(len(index), valid)
    first = _fused(index, query, rows, reference, params, parts=True)
    scores = first[0]
    if params.feedback_neighbours:
        ranked = rows[_best(np.where(valid[rows], scores, -np.inf), RESCORE)]
        moved = _moved_toward(index, query, ranked[: params.feedback_neighbours], params.feedback_weight)
        before = (rows, first)
        rows = np.union1d(ranked[:RESCORE], extra)
        second = _fused(index, moved, rows, _sample(len(index), valid), params, parts=True)
        scores = second[0]
        if params.learned is not None:
            return _learned(index, params, valid, extra, only_rows is not None, limit, before, rows, second,
                            features)
    if only_rows is not None:
        where = np.searchsorted(rows, extra) if not np.array_equal(rows, np.arange(len(index))) else extra
        order = np.argsort(-scores[where], kind="stable")
        return extra[order], scores[where][order]
    scores = np.where(valid[rows], scores, -np.inf)
    order = _best(scores, limit)
    order = order[np.isfinite(scores[order])]
    return rows[order], scores[order]


def _learned(index, params, valid, extra, only, limit, before, rows, second, want_features=False):
    """Pass 3: the learned fusion over the best POOL rows of pass 2 (or over `extra`)."""
    learned = params.learned
    fused, z_lexical, z_dense = second
    in_corpus = np.where(valid[rows], fused, -np.inf)
    pool = rows[_best(in_corpus, learned.pool)]
    pool = pool[np.isfinite(in_corpus[np.searchsorted(rows, pool)])]
    scored = np.union1d(pool, extra) if want_features else extra if only else pool
    rows_1, (_, z_lexical_1, z_dense_1) = before
    at_1 = scored if len(rows_1) == len(index) else np.searchsorted(rows_1, scored)
    at_2 = np.searchsorted(rows, scored)
    neighbours = pool[: learned.neighbours]
    features = signals(
        dense_1=z_dense_1[at_1], lexical_1=z_lexical_1[at_1], dense_2=z_dense[at_2], lexical_2=z_lexical[at_2],
        vectors=index.dense.matrix[scored], present=index.dense.present[scored],
        neighbour_vectors=index.dense.matrix[neighbours[index.dense.present[neighbours]]],
        scored_rows=scored, neighbour_rows=neighbours[index.dense.present[neighbours]])
    if want_features:
        return scored, fused[at_2], features
    scores = learned.score(features)
    if not only:
        scores = np.where(valid[scored], scores, -np.inf)
    order = np.argsort(-scores, kind="stable")
    if not only:
        order = order[np.isfinite(scores[order])][:limit]
    return scored[order], scores[order]


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, best first."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    picked = np.argpartition(-scores, k - 1)[:k]
    return picked[np.argsort(-scores[picked], kind="stable")]


def _exact(index: CorpusIndex) -> bool:
    return index.dense.hnsw is None


def _candidates(index: CorpusIndex, query: Query, extra: np.ndarray) -> np.ndarray:
    dense_rows, _ = index.dense.top(query.dense, ANN_CANDIDATES)
    lexical = index.lexical.scores(query.lexical)
    lexical_rows = _best(lexical, ANN_CANDIDATES)
    missing = np.flatnonzero(~index.dense.present)  # not in HNSW yet: lexical decides for them
    missing = missing[_best(lexical[missing], ANN_CANDIDATES)] if len(missing) else missing
    return np.unique(np.concatenate([dense_rows, lexical_rows, missing, extra]).astype(np.int64))


def _sample(size: int, valid: np.ndarray) -> np.ndarray:
    """Every valid row of a small corpus; a fixed random sample of a large one."""
    if size <= SAMPLE_ROWS:
        return np.flatnonzero(valid)
    sample = np.random.default_rng(0).choice(size, SAMPLE_ROWS, replace=False)
    return np.sort(sample[valid[sample]])


def _fused(index, query, rows, reference, params, parts=False):
    """Fused scores of `rows`, z-scored against the scores of `reference` rows (with
    `parts`: (fused, lexical z, dense z))."""
    lexical_all = index.lexical.scores(query.lexical)
    present = index.dense.present
    if len(rows) == len(index):  # every row: one pass over the matrix, no gathering
        dense_rows = index.dense.scores(query.dense)
        dense_reference = dense_rows[reference[present[reference]]]
    else:
        dense_rows = index.dense.matrix[rows] @ query.dense
        dense_reference = index.dense.matrix[reference[present[reference]]] @ query.dense
    fused = fuse(lexical=lexical_all[rows], dense=dense_rows, present=present[rows],
                 dense_weight=params.dense_weight, lexical_reference=lexical_all[reference],
                 dense_reference=dense_reference, parts=parts)
    return fused


def _moved_toward(index, query: Query, neighbours: np.ndarray, weight: float) -> Query:
    """Rocchio feedback: the query plus `weight` times its neighbours' mean, in both spaces."""
    lexical = blend(query.lexical, index.lexical.row_vectors(neighbours), weight)
    dense = query.dense
    present = neighbours[index.dense.present[neighbours]]
    if len(present):
        dense = dense + weight * index.dense.matrix[present].mean(axis=0)
        dense = dense / (np.linalg.norm(dense) or 1.0)
    return Query(lexical=lexical, dense=dense.astype(np.float32))
