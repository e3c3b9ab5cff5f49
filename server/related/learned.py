"""What is learned from real citations: how close a paper is, in words, and (when it earns
its place) how much each ranking signal counts.

`python -m server train related --data ../shared/data/citations/acl/` fits, on the training
split of the ACL/EMNLP citing papers (citations.py), two small logistic regressions:
  * Relevance: P(cited) from the raw MiniLM and TF-IDF cosines of a paper to the query (raw
    cosines, not z-scores, so the words mean the same in a corpus of any size or field), cut
    into bands: "very close" (P >= 0.5), "close" (>= 0.25), "related" (>= 0.1); below, a list
    stops. Always written.
  * LearnedFusion: weights over FEATURES for a third ranking pass. Written only when it beats
    the untrained engine on the held-out citing papers (the lower end of the paired bootstrap
    interval above zero); otherwise "ranking" is null and the fixed 0.7/0.3 blend with
    feedback ranks (docs/benchmarks.md has the figures: it has not earned it so far).
Both live in fusion.json next to this file (well under a kilobyte), loaded by the workers
before they fork.

Signals, per candidate row, all cheap because the ranking has them at hand:
    dense_1, lexical_1   z-scored MiniLM and TF-IDF cosines to the paper (pass 1)
    dense_2, lexical_2   the same after query feedback (pass 2)
    near_5, near_all     mean MiniLM cosine to the paper's best 5 / `neighbours` corpus
                         neighbours (a one-step diffusion over the paper's neighbourhood,
                         never counting a row as its own neighbour)
The fitted score is a log-odds of "cited"; `label()` turns it into words for a reader.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FEATURES = ("dense_1", "lexical_1", "dense_2", "lexical_2", "near_5", "near_all")
PATH = Path(__file__).with_name("fusion.json")


def signals(dense_1, lexical_1, dense_2, lexical_2, vectors, present, neighbour_vectors,
            scored_rows, neighbour_rows) -> np.ndarray:
    """One row of FEATURES per scored row."""
    count = len(scored_rows)
    if len(neighbour_rows):
        similarity = vectors @ neighbour_vectors.T
        other = np.asarray(scored_rows)[:, None] != np.asarray(neighbour_rows)[None, :]
        near_5 = _mean(similarity[:, :5], other[:, :5])
        near_all = _mean(similarity, other)
        near_5, near_all = np.where(present, near_5, 0.0), np.where(present, near_all, 0.0)
    else:
        near_5 = near_all = np.zeros(count)
    return np.column_stack([dense_1, lexical_1, dense_2, lexical_2, near_5, near_all]).astype(np.float64)


def _mean(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return (values * keep).sum(axis=1) / np.maximum(keep.sum(axis=1), 1)


@dataclass(frozen=True)
class LearnedFusion:
    weights: tuple[float, ...]
    bias: float
    pool: int = 100          # rows of pass 2 the learned score ranks
    neighbours: int = 20     # the paper's best rows the diffusion signals read
    labels: tuple[tuple[float, str], ...] = ()   # (lowest log-odds, words), best first
    trained_on: str = ""

    def score(self, features: np.ndarray) -> np.ndarray:
        return features @ np.asarray(self.weights) + self.bias

    def label(self, score: float) -> str | None:
        """"very close", "close", "related", or None: below every band, not worth showing."""
        for lowest, words in self.labels:
            if score >= lowest:
                return words
        return None

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6), "pool": self.pool, "neighbours": self.neighbours,
                "labels": [[round(lo, 4), words] for lo, words in self.labels], "trained_on": self.trained_on}

    @classmethod
    def from_json(cls, data: dict) -> LearnedFusion:
        if list(data["features"]) != list(FEATURES):
            raise ValueError(f"fusion file has features {data['features']}, this engine computes {FEATURES}")
        return cls(weights=tuple(data["weights"]), bias=data["bias"], pool=data["pool"],
                   neighbours=data["neighbours"], labels=tuple((lo, w) for lo, w in data["labels"]),
                   trained_on=data.get("trained_on", ""))


BANDS = ((0.5, "very close"), (0.25, "close"), (0.1, "related"))


@dataclass(frozen=True)
class Relevance:
    """log-odds of "cited" = dense * raw MiniLM cosine + lexical * raw TF-IDF cosine + bias."""
    dense: float
    lexical: float
    bias: float

    def log_odds(self, dense_cosine, lexical_cosine) -> np.ndarray:
        return self.dense * np.asarray(dense_cosine) + self.lexical * np.asarray(lexical_cosine) + self.bias

    def label(self, log_odds: float) -> str | None:
        probability = 1.0 / (1.0 + np.exp(-log_odds))
        return next((words for lowest, words in BANDS if probability >= lowest), None)


def _read(path: Path) -> dict:
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else {}


def load(path: Path = PATH) -> LearnedFusion | None:
    """The shipped ranking fusion, or None (no file, or the file ships none)."""
    ranking = _read(path).get("ranking")
    return LearnedFusion.from_json(ranking) if ranking else None


def load_relevance(path: Path = PATH) -> Relevance | None:
    relevance = _read(path).get("relevance")
    return Relevance(**relevance) if relevance else None


def save(path: Path, relevance: Relevance, fusion: LearnedFusion | None, notes: dict) -> None:
    data = {"relevance": {k: round(v, 6) for k, v in relevance.__dict__.items()},
            "ranking": fusion.to_json() if fusion else None, "notes": notes}
    Path(path).write_text(json.dumps(data, indent=1) + "\n")
