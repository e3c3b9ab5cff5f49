"""The learned parts, loaded from ranker.json: the word model, a boosted-tree ranker and the
wording model that adds its opinion to the trees'.

ranker.json is written by `python -m server train summaries` (training.py); the trees are stored as
plain arrays and walked with numpy here, so loading needs no pickle and no particular
scikit-learn version.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from server.summaries.salience import WordPrior, probabilities, word_rows
from server.summaries.wording import WordingModel

MODEL_PATH = Path(__file__).with_name("ranker.json")


class Ranker:
    def __init__(self, spec: dict):
        self.version = spec["version"]
        self.feature_names = spec["feature_names"]
        words = spec["word_model"]
        self.prior = WordPrior(words["in_abstract"], words["in_tldr"], words["alpha"], words["base_rate"])
        self.word_coefficients, self.word_intercept = words["coefficients"], words["intercept"]
        trees = spec["trees"]
        self.base, self.rate = trees["base"], trees["learning_rate"]
        self.forest = _Forest(trees["trees"])
        self.wording = WordingModel(spec["wording"]["weights"], spec["wording"]["blend"])

    def word_probability(self, title: str, sentences: list[str]) -> dict[str, float]:
        vocabulary, rows = word_rows(title, sentences, self.prior)
        return dict(zip(vocabulary, probabilities(rows, self.word_coefficients, self.word_intercept)))

    def score(self, rows: list[list[float]]) -> np.ndarray:
        """Predicted ROUGE-1 of each candidate against the author's TL;DR."""
        return self.base + self.rate * self.forest.leaf_values(np.asarray(rows, dtype=float)).sum(axis=1)

    def rank_scores(self, rows: list[list[float]], texts: list[str]) -> np.ndarray:
        """What the TL;DR is chosen by: the trees' score plus the wording model's share."""
        return self.score(rows) + np.asarray(self.wording.score(texts))


class _Forest:
    """All trees in one set of node arrays, walked together: one numpy step per tree level.

    A leaf points to itself on both sides, so rows that reach a leaf early simply stay there."""

    def __init__(self, trees: list[dict]):
        offsets = np.cumsum([0] + [len(tree["left"]) for tree in trees[:-1]])
        self.roots = offsets
        left, right, feature, threshold, value = [], [], [], [], []
        for offset, tree in zip(offsets, trees):
            nodes = np.arange(len(tree["left"])) + offset
            leaf = np.asarray(tree["left"]) < 0
            left.append(np.where(leaf, nodes, np.asarray(tree["left"]) + offset))
            right.append(np.where(leaf, nodes, np.asarray(tree["right"]) + offset))
            feature.append(np.where(leaf, 0, tree["feature"]))
            threshold.append(np.where(leaf, np.inf, tree["threshold"]))
            value.append(tree["value"])
        self.left, self.right = np.concatenate(left), np.concatenate(right)
        self.feature, self.threshold = np.concatenate(feature), np.concatenate(threshold)
        self.value = np.concatenate(value)
        self.depth = max(_depth(tree["left"], tree["right"]) for tree in trees)

    def leaf_values(self, X: np.ndarray) -> np.ndarray:
        """(rows, trees) array: each tree's leaf value for each row."""
        node = np.tile(self.roots, (len(X), 1))
        rows = np.arange(len(X))[:, None]
        for _ in range(self.depth):
            go_left = X[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node]


def _depth(left: list[int], right: list[int], node: int = 0) -> int:
    if left[node] < 0:
        return 0
    return 1 + max(_depth(left, right, left[node]), _depth(left, right, right[node]))


@lru_cache(maxsize=2)
def load_ranker(path: Path = MODEL_PATH) -> Ranker:
    with open(path, encoding="utf-8") as handle:
        return Ranker(json.load(handle))
