"""Relatedness from real citations: the ACL/EMNLP citation data, its train/test split, fitting
the learned fusion (learned.py) and scoring an engine on the held-out citing papers.

Data (../shared/data/citations/acl/): papers.jsonl.gz ({"id", "title", "abstract"}) and
cites.tsv.gz (citing<TAB>cited). A query is a citing paper; its relevant papers are the papers
it cites or that cite it (relatedness has no direction; the links are noisy and many are
missing, which lowers every figure alike). The split is by citing paper: TEST_SHARE of them,
drawn with a fixed seed, are held out, and only the training queries' pools are fitted on.
Metrics over the whole corpus ranking: MAP (of the top POOL) and recall@10, in percent, with a
bootstrap 95% interval over queries.
"""
from __future__ import annotations

import gzip
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from server.offline.related_evaluation import average_precision
from server.related.learned import BANDS, FEATURES, LearnedFusion, Relevance
from server.corpus.records import read_json_lines, to_paper

SEED = 16
TEST_SHARE = 0.2
DEPTH = 100          # ranks scored by MAP
BOOTSTRAP = 2000


@dataclass
class CitationData:
    papers: list[dict]
    links: dict[str, set[str]]      # paper id -> papers it cites or that cite it
    train: list[str]                # citing papers fitted on
    test: list[str]                 # held-out citing papers


def load(directory: Path, seed: int = SEED, test_share: float = TEST_SHARE) -> CitationData:
    directory = Path(directory)
    papers = [to_paper(record, directory / "papers.jsonl.gz", number, plain_ids=True)
              for number, record in read_json_lines(directory / "papers.jsonl.gz")]
    known = {p["paper_id"] for p in papers}
    links: dict[str, set[str]] = defaultdict(set)
    citing = set()
    with gzip.open(directory / "cites.tsv.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            parts = line.strip().split("\t")
            if len(parts) != 2 or parts[0] == parts[1] or not set(parts) <= known:
                continue
            links[parts[0]].add(parts[1])
            links[parts[1]].add(parts[0])
            citing.add(parts[0])
    queries = sorted(citing)
    random.Random(seed).shuffle(queries)
    cut = int(round(len(queries) * test_share))
    return CitationData(papers=papers, links=dict(links), train=sorted(queries[cut:]), test=sorted(queries[:cut]))


def fit(engine, data: CitationData, pool: int = 100, neighbours: int = 20, C: float = 1.0,
        features: tuple[str, ...] = FEATURES) -> LearnedFusion:
    """A logistic regression over the signals of each training query's pool (the rows the
    learned pass will rank: a cited paper outside the pool is not added, or the fit would learn
    that a low score marks a citation); each query weighs the same. Features left out of
    `features` get weight 0."""
    from sklearn.linear_model import LogisticRegression

    engine.params = _with(engine.params, LearnedFusion(weights=(0.0,) * len(FEATURES), bias=0.0,
                                                      pool=pool, neighbours=neighbours))
    by_id = {p["paper_id"]: p for p in data.papers}
    used = [FEATURES.index(f) for f in features]
    rows, labels, weights, scores = [], [], [], []
    for query in data.train:
        ids, _, matrix = engine.signals(by_id[query], [])
        positive = np.array([i in data.links[query] for i in ids])
        if not positive.any():
            continue
        rows.append(matrix[:, used])
        labels.append(positive)
        weights.append(np.full(len(ids), 1.0 / len(ids)))
    X, y, w = np.vstack(rows), np.concatenate(labels), np.concatenate(weights)
    model = LogisticRegression(C=C, max_iter=1000).fit(X, y, sample_weight=w * len(rows))
    full = np.zeros(len(FEATURES))
    full[used] = model.coef_[0]
    for matrix in rows:  # score distribution of the training pools, for the reader's labels
        scores.append(matrix @ model.coef_[0] + model.intercept_[0])
    fusion = LearnedFusion(weights=tuple(float(v) for v in full), bias=float(model.intercept_[0]),
                           pool=pool, neighbours=neighbours)
    return _labelled(fusion, scores, labels)


RELEVANCE_POOL = 30   # the rows of each list a reader might see, for the relevance fit


def _cosine_pools(engine, data: CitationData, queries: list[str]):
    """Per query: raw (MiniLM, TF-IDF) cosines of its top RELEVANCE_POOL rows and whether each is linked."""
    from server.related.learned import Relevance as _  # noqa: F401

    saved, engine.relevance_model = engine.relevance_model, Relevance(1.0, 0.0, 0.0)
    by_id = {p["paper_id"]: p for p in data.papers}
    pools = []
    for query in queries:
        rows = engine.related_with_closeness(by_id[query], limit=RELEVANCE_POOL)
        ids = [r[0] for r in rows]
        q = engine.query(by_id[query])
        at = np.array([engine.index.row_of[i] for i in ids], dtype=np.int64)
        dense_cosine = engine.index.dense.matrix[at] @ q.dense
        lexical_cosine = (engine.index.lexical.row_vectors(at) @ q.lexical.T).toarray().ravel()
        pools.append((np.column_stack([dense_cosine, lexical_cosine]), np.array([i in data.links[query] for i in ids])))
    engine.relevance_model = saved
    return pools


def fit_relevance(engine, data: CitationData) -> Relevance:
    """P(linked) from the raw cosines, over the training queries' top rows."""
    from sklearn.linear_model import LogisticRegression

    pools = _cosine_pools(engine, data, data.train)
    X, y = np.vstack([x for x, _ in pools]), np.concatenate([y for _, y in pools])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    return Relevance(dense=float(model.coef_[0][0]), lexical=float(model.coef_[0][1]), bias=float(model.intercept_[0]))


def band_rates(engine, data: CitationData, relevance: Relevance) -> list[tuple[str, int, float]]:
    """On the held-out queries' top rows: (band, rows, share linked) per band, and below them."""
    pools = _cosine_pools(engine, data, data.test)
    X, y = np.vstack([x for x, _ in pools]), np.concatenate([y for _, y in pools])
    labels = [relevance.label(v) for v in relevance.log_odds(X[:, 0], X[:, 1])]
    out = []
    for _, words in (*BANDS, (0, None)):
        picked = np.array([label == words for label in labels])
        out.append((words or "below related", int(picked.sum()), float(y[picked].mean()) if picked.any() else 0.0))
    return out


def _labelled(fusion: LearnedFusion, scores: list[np.ndarray], labels: list[np.ndarray]) -> LearnedFusion:
    """Bands of the learned score by how often a training pool's paper at that score is cited:
    'very close' where at least half are, 'close' a quarter, 'related' a tenth; below, a
    list stops."""
    s, y = np.concatenate(scores), np.concatenate(labels)
    order = np.argsort(-s)
    s, y = s[order], y[order]
    bands = []
    for share, words in ((0.5, "very close"), (0.25, "close"), (0.1, "related")):
        # the lowest score whose neighbourhood of ~200 pool papers is cited at least `share` of the time
        rate = np.convolve(y.astype(float), np.ones(201) / 201, mode="same")
        above = np.flatnonzero(rate >= share)
        lowest = float(s[above.max()]) if len(above) else float(s[0]) + 1.0
        if bands and lowest > bands[-1][0]:
            lowest = bands[-1][0]
        bands.append((round(lowest, 4), words))
    return LearnedFusion(weights=fusion.weights, bias=fusion.bias, pool=fusion.pool,
                         neighbours=fusion.neighbours, labels=tuple(bands), trained_on=fusion.trained_on)


def _with(params, fusion):
    from dataclasses import replace

    return replace(params, learned=fusion)


@dataclass
class Figures:
    map: float
    recall_10: float
    per_query: dict[str, tuple[float, float]]   # query -> (AP, recall@10)


def evaluate(engine, data: CitationData, queries: list[str] | None = None) -> Figures:
    by_id = {p["paper_id"]: p for p in data.papers}
    per_query = {}
    for query in queries if queries is not None else data.test:
        ranked = [paper_id for paper_id, _ in engine.related(by_id[query], limit=DEPTH)]
        relevant = data.links[query]
        per_query[query] = (average_precision(ranked, relevant),
                            len(set(ranked[:10]) & relevant) / min(len(relevant), 10))
    values = np.array(list(per_query.values()))
    return Figures(map=100 * values[:, 0].mean(), recall_10=100 * values[:, 1].mean(), per_query=per_query)


def interval(values: np.ndarray, seed: int = SEED) -> tuple[float, float]:
    """Bootstrap 95% interval of the mean (percent)."""
    rng = np.random.default_rng(seed)
    means = [values[rng.integers(0, len(values), len(values))].mean() for _ in range(BOOTSTRAP)]
    return 100 * float(np.percentile(means, 2.5)), 100 * float(np.percentile(means, 97.5))


def compare(a: Figures, b: Figures) -> dict[str, tuple[float, float, float]]:
    """b minus a per metric: (difference, low, high) with a paired bootstrap interval."""
    queries = sorted(a.per_query)
    out = {}
    for k, name in enumerate(("map", "recall_10")):
        diff = np.array([b.per_query[q][k] - a.per_query[q][k] for q in queries])
        low, high = interval(diff)
        out[name] = (100 * float(diff.mean()), low, high)
    return out
