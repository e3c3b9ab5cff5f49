"""Sentence roles (CSAbstruct's background / objective / method / result / other), learned.

Two stacked logistic models, stored as plain numbers in roles.json and applied with numpy:
  1. each sentence alone: TF-IDF of its words and word pairs plus where it sits in the abstract;
  2. each sentence in context: its own stage-1 log-probabilities, its neighbours' (one on each
     side) and the mean of those before and after it, plus position. Stage 2 is fitted on stage 1's
     out-of-fold predictions, so it learns how much to trust them on unseen abstracts.
A Viterbi pass with the label-transition matrix counted on train is there, but its weight tuned on
dev is 0 (67.0 accuracy; 66.3 at 0.5): stage 2 already sees the neighbours.

Why not MiniLM (measured again for issue #15 on this shared 2-core machine, load average 5-12):
  * sentence vectors, one thread, batch-encoding one abstract's ~6.5 sentences: 72-162 ms an abstract
    as the load varied (11 ms a sentence even in batches of 64); with position, logistic regression 65.7 dev accuracy,
    plus neighbour and before/after means 65.1, a bidirectional GRU over them 65-66.5;
  * the whole abstract in one pass ("[CLS] s1 [SEP] s2 ..."), each sentence's tokens pooled at one
    layer: layer 4 67.2, layer 6 63.2, layers 2+4+6 65.0; 140 ms an abstract;
  * LoRA fine-tuning of MiniLM on that joint input (rank 8, 0.33 M weights, which would fit the
    5 MB budget): 10-17 s a training step of 8 abstracts here, about 1.5 hours an epoch, so it
    was not trained to the end.
Frozen MiniLM reaches what TF-IDF does at 100 times the cost; the published ~83 comes from
fine-tuning the encoder, which this machine could not do in the time.

roles.json is written by `python -m server train key-points --data .../csabstruct/train.jsonl`.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

LABELS = ("background", "objective", "method", "result", "other")
MODEL_PATH = Path(__file__).with_name("roles.json")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def position_features(index: int, n: int) -> list[float]:
    relative = index / max(n - 1, 1)
    bins = [0.0] * 8
    bins[min(int(relative * 8), 7)] = 1.0
    return [relative, float(index == 0), float(index == n - 1), float(index == 1),
            float(index == n - 2), min(n, 15) / 15, *bins]


def context_rows(log_probs: np.ndarray) -> np.ndarray:
    """Stage 2's input for each sentence of one abstract, from stage 1's (n, 5) log-probabilities."""
    n, k = log_probs.shape
    zero = np.zeros(k)
    rows = []
    for i in range(n):
        before = log_probs[:i].mean(0) if i > 0 else zero
        after = log_probs[i + 1:].mean(0) if i < n - 1 else zero
        previous = log_probs[i - 1] if i > 0 else zero
        following = log_probs[i + 1] if i < n - 1 else zero
        rows.append(np.concatenate([log_probs[i], previous, following, before, after,
                                    position_features(i, n)]))
    return np.asarray(rows)


def ngrams(sentence: str) -> list[str]:
    tokens = _TOKEN.findall(sentence.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


class RoleModel:
    def __init__(self, spec: dict):
        self.version = spec["version"]
        self.vocabulary = {term: i for i, term in enumerate(spec["terms"])}
        self.idf = np.asarray(spec["idf"])
        self.word_coef = np.asarray(spec["stage1"]["coef"])        # (5, terms + position)
        self.word_intercept = np.asarray(spec["stage1"]["intercept"])
        self.context_coef = np.asarray(spec["stage2"]["coef"])
        self.context_intercept = np.asarray(spec["stage2"]["intercept"])
        self.log_transitions = np.asarray(spec["log_transitions"])  # (6, 5): row 5 is the start
        self.transition_weight = spec["transition_weight"]

    def sentence_log_probs(self, sentences: list[str]) -> np.ndarray:
        """Stage 1: (n, 5) log-probabilities of each sentence on its own."""
        n = len(sentences)
        n_terms = len(self.vocabulary)
        scores = np.tile(self.word_intercept, (n, 1))
        for i, sentence in enumerate(sentences):
            counts: dict[int, int] = {}
            for term in ngrams(sentence):
                column = self.vocabulary.get(term)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if counts:
                columns = np.fromiter(counts, dtype=int)
                values = (1 + np.log(np.fromiter(counts.values(), dtype=float))) * self.idf[columns]
                values /= math.sqrt(float(values @ values))
                scores[i] += self.word_coef[:, columns] @ values
            scores[i] += self.word_coef[:, n_terms:] @ np.asarray(position_features(i, n))
        return _log_softmax(scores)

    def log_probs(self, sentences: list[str]) -> np.ndarray:
        """Stage 2: (n, 5) log-probabilities of each sentence in its abstract."""
        if not sentences:
            return np.zeros((0, len(LABELS)))
        rows = context_rows(self.sentence_log_probs(sentences))
        return _log_softmax(rows @ self.context_coef.T + self.context_intercept)

    def label(self, sentences: list[str]) -> list[str]:
        """One CSAbstruct label per sentence: the most likely sequence."""
        if not sentences:
            return []
        return [LABELS[i] for i in viterbi(self.log_probs(sentences), self.log_transitions,
                                           self.transition_weight)]


def viterbi(log_probs: np.ndarray, log_transitions: np.ndarray, weight: float) -> list[int]:
    score = log_probs[0] + weight * log_transitions[-1]
    back = []
    for row in log_probs[1:]:
        total = score[:, None] + weight * log_transitions[:-1] + row[None, :]
        back.append(total.argmax(0))
        score = total.max(0)
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))


@lru_cache(maxsize=2)
def load_roles(path: Path = MODEL_PATH) -> RoleModel:
    with open(path, encoding="utf-8") as handle:
        return RoleModel(json.load(handle))


def label_sentences(sentences: list[str]) -> list[str]:
    return load_roles().label(sentences)
