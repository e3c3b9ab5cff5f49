"""A second, differently made opinion on each candidate TL;DR: which words it uses.

The tree ranker (model.py) sees numbers about a candidate (length, position, cue words, expected
overlap); this model sees the candidate's own Porter stems, one weight each, learned on SciTLDR
train by ridge regression of how much better than its paper's average a candidate scored.
Words such as "propose", "present" or "novel" earn weight and "moreover" or "recent" lose it,
whatever sentence they sit in. Adding a
fraction of its score to the trees' steadies the choice (5-fold cross-validation on train).
"""
from __future__ import annotations

import math

from server.summaries.vocabulary import stems


class WordingModel:
    def __init__(self, weights: dict[str, float], blend: float):
        self.weights, self.blend = weights, blend

    def score(self, texts: list[str]) -> list[float]:
        """Each text's score, already multiplied by the blend weight; 0 for unknown words only."""
        return [self.blend * _score(self.weights, text) for text in texts]


def _score(weights: dict[str, float], text: str) -> float:
    # The known distinct stems, each 1/sqrt(n): the L2-normalized binary bag the model was fit on.
    known = [weights[w] for w in set(stems(text)) if w in weights]
    return sum(known) / math.sqrt(len(known)) if known else 0.0
