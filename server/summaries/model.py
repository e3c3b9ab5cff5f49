"""The learned parts, loaded from ranker.json: the word model and a boosted-tree ranker.

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
        self.trees = [{key: np.asarray(value) for key, value in tree.items()} for tree in trees["trees"]]

    def word_probability(self, title: str, sentences: list[str]) -> dict[str, float]:
        vocabulary, rows = word_rows(title, sentences, self.prior)
        return dict(zip(vocabulary, probabilities(rows, self.word_coefficients, self.word_intercept)))

    def score(self, rows: list[list[float]]) -> np.ndarray:
        """Predicted ROUGE-1 of each candidate against the author's TL;DR."""
        X = np.asarray(rows, dtype=float)
        total = np.full(len(X), self.base)
        for tree in self.trees:
            total += self.rate * _walk(tree, X)
        return total


def _walk(tree: dict, X: np.ndarray) -> np.ndarray:
    node = np.zeros(len(X), dtype=int)
    rows = np.arange(len(X))
    while True:
        left = tree["left"][node]
        inner = left >= 0
        if not inner.any():
            return tree["value"][node]
        go_left = X[rows, tree["feature"][node]] <= tree["threshold"][node]
        node = np.where(inner, np.where(go_left, left, tree["right"][node]), node)


@lru_cache(maxsize=2)
def load_ranker(path: Path = MODEL_PATH) -> Ranker:
    with open(path, encoding="utf-8") as handle:
        return Ranker(json.load(handle))
