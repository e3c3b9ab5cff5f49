"""The local related-papers engine: a corpus index plus the ranking, with plain data in and
out. It knows nothing of Redis beyond `sync` (which tails the shared corpus), nor of Flask/RQ.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from server.related import dense, learned
from server.related.index import CorpusIndex
from server.related.ranking import Query, RankingParams, rank
from server.papers.text import paper_text
from server.related.vectors import EXACT_LIMIT

Embed = Callable[[list[str]], np.ndarray]
# z-score bands of the untrained blend; below 0 a paper is less similar than the corpus average.
UNTRAINED_BANDS = ((6.0, "very close"), (3.0, "close"), (0.0, "related"))
# A paper this far above the corpus's average (ranking z-score) is "related" even when its
# citation odds are low: citation odds undersell topical neighbours a paper had no reason to
# cite (in three weeks of arXiv nothing cites anything, and 7 of 10 read-through lists came
# out empty). On ACL held-out lists such papers are linked 11.3% of the time (247 rows), as
# often as the "related" band's floor of 10% (docs/benchmarks.md).
RELATED_Z = 6.0


class RelatedEngine:
    def __init__(self, embed: Embed = dense.embed, params: RankingParams | None = None,
                 exact_limit: int = EXACT_LIMIT, dim: int = dense.DIM, model: str = dense.MODEL_NAME):
        self.embed = embed
        # The default engine ranks with the shipped learned fusion (learned.py) when there is one.
        self.params = params or RankingParams(learned=learned.load())
        self.relevance_model = learned.load_relevance()
        self.index = CorpusIndex(dim=dim, model=model, exact_limit=exact_limit)

    def add(self, papers: list[dict], vectors: np.ndarray | None = None) -> None:
        """Add papers (and, if given, their vectors) straight to this engine's index."""
        self.index.add(papers)
        if vectors is not None:
            self.index.set_vectors([p["paper_id"] for p in papers], vectors)

    def sync(self, redis, progress=None) -> int:
        return self.index.sync(redis, progress)

    def query(self, paper: dict) -> Query:
        """The query for a paper: its stored vector if the index has one, else a fresh embedding."""
        text = paper_text(paper)
        row = self.index.row_of.get(paper.get("paper_id"))
        if row is not None and self.index.dense.present[row]:
            vector = self.index.dense.matrix[row]
        else:
            vector = self.embed([text])[0]
        return Query(lexical=self.index.lexical.query_vector(text), dense=vector)

    def related(self, paper: dict, limit: int = 10, query: Query | None = None) -> list[tuple[str, float]]:
        """(paper_id, score) of the best `limit` papers, never the paper itself."""
        if not paper_text(paper) or not len(self.index):
            return []
        query = query or self.query(paper)
        rows, scores = rank(self.index, query, self._own_rows(paper), self.params, limit=limit)
        return [(self.index.ids[r], float(s)) for r, s in zip(rows, scores)]

    def rank_candidates(self, paper: dict, candidate_ids: list[str]) -> list[str]:
        """The candidates (all in the index) ordered best first."""
        return [paper_id for paper_id, _ in self.score_candidates(paper, candidate_ids)]

    def score_candidates(self, paper: dict, candidate_ids: list[str]) -> list[tuple[str, float]]:
        """(paper_id, score) of each candidate (all in the index) but the paper itself, best first:
        the same scores related() gives, so the day's new papers are ranked as the corpus is."""
        if not paper_text(paper) or not candidate_ids:
            return []
        own = self._own_rows(paper)
        only = np.array([row for row in (self.index.row_of[c] for c in candidate_ids) if row not in own],
                        dtype=np.int64)
        if not len(only):
            return []
        rows, scores = rank(self.index, self.query(paper), own, self.params, only_rows=only)
        return [(self.index.ids[r], float(s)) for r, s in zip(rows, scores)]

    def related_with_closeness(self, paper: dict, limit: int = 10,
                               query: Query | None = None) -> list[tuple[str, float, float | None]]:
        """(paper_id, score, closeness) of the best `limit` papers: closeness is the log-odds
        of a citation from the raw cosines (learned.Relevance), None without a trained file."""
        if not paper_text(paper) or not len(self.index):
            return []
        query = query or self.query(paper)
        ranked = self.related(paper, limit=limit, query=query)
        if self.relevance_model is None or not ranked:
            return [(i, s, None) for i, s in ranked]
        rows = np.array([self.index.row_of[i] for i, _ in ranked], dtype=np.int64)
        dense_cosine = np.where(self.index.dense.present[rows], self.index.dense.matrix[rows] @ query.dense, 0.0)
        lexical_cosine = (self.index.lexical.row_vectors(rows) @ query.lexical.T).toarray().ravel()
        closeness = self.relevance_model.log_odds(dense_cosine, lexical_cosine)
        # a row not embedded yet has no MiniLM cosine to read: its z-score band stands in
        present = self.index.dense.present[rows] & bool(np.any(query.dense))
        return [(i, s, float(c) if p else None) for (i, s), c, p in zip(ranked, closeness, present)]

    def relevance(self, score: float, closeness: float | None) -> str | None:
        """A paper's closeness in a reader's words: "very close", "close", "related", or None
        (not shown). The trained file's bands read the citation log-odds; without one, the
        untrained blend's z-score bands stand in. A ranking z-score of RELATED_Z or more is
        always at least "related"."""
        if self.relevance_model is not None and closeness is not None:
            words = self.relevance_model.label(closeness)
            if words is None and self.params.learned is None and score >= RELATED_Z:  # score is a z-score
                words = "related"
            return words
        return next((words for lowest, words in UNTRAINED_BANDS if score >= lowest), None)

    def signals(self, paper: dict, also_ids: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(ids, pass 2 scores, learned.FEATURES matrix) of the learned pass's pool plus
        `also_ids`: what `train related` fits the fusion on. Needs params.learned."""
        also = np.array([self.index.row_of[i] for i in also_ids], dtype=np.int64)
        rows, scores, features = rank(self.index, self.query(paper), self._own_rows(paper), self.params,
                                      only_rows=also, features=True)
        return [self.index.ids[r] for r in rows], scores, features

    def _own_rows(self, paper: dict) -> list[int]:
        row = self.index.row_of.get(paper.get("paper_id"))
        return [] if row is None else [row]
