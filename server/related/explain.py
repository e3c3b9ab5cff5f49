"""Why a paper was recommended: the key terms and phrases it shares with the query paper.

Shared terms are ranked by what they add to the lexical cosine (sublinear tf x idf on both
sides, the idf of the live index); a phrase shown replaces the words it is made of.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.utils import murmurhash3_32

from server.related.lexical import N_FEATURES, VECTORIZER

_ANALYZE = VECTORIZER.build_analyzer()


def term_column(term: str) -> int:
    """The hashed column HashingVectorizer gives a term."""
    return abs(murmurhash3_32(term, seed=0)) % N_FEATURES


def term_weights(text: str, idf: np.ndarray) -> dict[str, float]:
    counts = Counter(_ANALYZE(text))
    return {term: (1 + np.log(n)) * float(idf[term_column(term)]) for term, n in counts.items()}


def shared_terms(query: dict[str, float], other_text: str, idf: np.ndarray, limit: int = 5) -> list[str]:
    """Up to `limit` terms of `other_text` shared with the query's term weights, best first."""
    other = term_weights(other_text, idf)
    ranked = sorted(query.keys() & other.keys(), key=lambda t: (-query[t] * other[t], t))
    chosen: list[str] = []
    for term in ranked:
        words = term.split()
        if len(words) == 1 and any(term in phrase.split() for phrase in chosen):
            continue
        chosen = [c for c in chosen if not (len(words) > 1 and c in words)] + [term]
        if len(chosen) == limit:
            break
    return chosen
