"""How likely each word of an abstract is to appear in the author's own TL;DR.

A logistic model over a few facts about the word in this abstract (in the title? how often? how
early? in the sentence that states the contribution?) plus a prior learned from train: how often
the word, when in an abstract, made it into the TL;DR. Words are Porter-stemmed, as ROUGE does.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from server.summaries.vocabulary import STOPWORDS, stem, stems

WORD_FEATURES = ["in_title", "log_count", "first_position", "in_first_sentence", "prior",
                 "log_seen", "is_stopword", "log_length", "in_claim", "is_acronym", "has_claim",
                 "title_position", "is_capitalized", "only_in_title"]

_TOKEN = re.compile(r"\w+")
_CLAIM = re.compile(r"\bwe (?:propose|present|introduce|develop|design|describe|formulate|devise)", re.I)


def word_rows(title: str, sentences: list[str], prior) -> tuple[list[str], list[list[float]]]:
    """Each distinct stem of title and abstract with its WORD_FEATURES.

    prior(stem) -> (log-odds of reaching the TL;DR, log of how many train abstracts had it)."""
    title_stems = stems(title)
    claims = [i for i, s in enumerate(sentences) if _CLAIM.search(s)]
    counts, first, surface, in_claim = Counter(), {}, {}, set()
    for index, sentence in enumerate(sentences):
        for token in _TOKEN.findall(sentence):
            word = stem(token.lower())
            counts[word] += 1
            first.setdefault(word, index)
            surface.setdefault(word, token)
            if claims and index == claims[0]:
                in_claim.add(word)
    n = max(len(sentences), 1)
    vocabulary = list(dict.fromkeys([*counts, *title_stems]))
    rows = []
    for word in vocabulary:
        token = surface.get(word, word)
        rows.append([
            float(word in title_stems), math.log1p(counts[word]), first.get(word, n) / n,
            float(first.get(word) == 0), *prior(word), float(token.lower() in STOPWORDS),
            math.log(len(word)), float(word in in_claim),
            float(token.isupper() or any(ch.isupper() for ch in token[1:])), float(bool(claims)),
            title_stems.index(word) / len(title_stems) if word in title_stems else 1.0,
            float(token[:1].isupper()), float(counts[word] == 0),
        ])
    return vocabulary, rows


class WordPrior:
    """Smoothed log-odds that a word seen in an abstract also appears in its TL;DR."""

    def __init__(self, in_abstract: dict[str, int], in_tldr: dict[str, int], alpha: float = 2.0,
                 base_rate: float = 0.13):
        self.in_abstract, self.in_tldr = in_abstract, in_tldr
        self.alpha, self.base_rate = alpha, base_rate

    def __call__(self, word: str, held_out: tuple[Counter, Counter] | None = None) -> tuple[float, float]:
        seen, kept = self.in_abstract.get(word, 0), self.in_tldr.get(word, 0)
        if held_out:  # training: counts from the paper's own fold are left out
            seen, kept = seen - held_out[0][word], kept - held_out[1][word]
        rate = (kept + self.alpha * self.base_rate) / (seen + self.alpha)
        rate = min(max(rate, 1e-3), 1 - 1e-3)
        return math.log(rate / (1 - rate)), math.log1p(seen)


def probabilities(rows: list[list[float]], coefficients: list[float], intercept: float) -> list[float]:
    return [1 / (1 + math.exp(-(intercept + sum(c * x for c, x in zip(coefficients, row)))))
            for row in rows]
