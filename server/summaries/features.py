"""Numbers that describe a candidate TL;DR, for the ranker: where it comes from, how long it is,
what cue words it has, and how much it shares with the title and with the rest of the abstract.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from server.summaries.candidates import Candidate
from server.summaries.vocabulary import STOPWORDS, stems, words

_CUES = {
    "cue_propose": r"\bwe (?:propose|present|introduce|develop|design|describe|formulate|devise)",
    "cue_show": r"\bwe (?:show|demonstrate|find|prove|establish|observe|argue|report)",
    "cue_we": r"\bwe\b",
    "cue_our": r"\bour\b",
    "cue_paper": r"\b(?:this|our) (?:paper|work|study)\b",
    "cue_novel": r"\b(?:novel|new|first)\b",
    "cue_result": r"\b(?:results?|outperform\w*|state[- ]of[- ]the[- ]art|achiev\w*|improv\w*|"
                  r"experiments?|empirical\w*|benchmarks?|accuracy)\b",
    "cue_problem": r"\b(?:however|but|although|challeng\w*|problem|difficult\w*|lack\w*|limit\w*)\b",
    "cue_method": r"\b(?:method|approach|framework|algorithm|model|architecture|technique)\b",
}
_DIGIT = re.compile(r"\d")
_CUE_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in _CUES.items()}

FEATURE_NAMES = (
    ["is_title", "is_title_part", "titled", "unbracketed", "is_stripped", "is_shortened", "is_clause", "position", "relative_position",
     "is_first", "is_last", "n_sentences", "n_words", "log_words", "source_words",
     "starts_with_we", "title_precision", "title_recall", "centrality", "stop_fraction",
     "has_digit", "has_paren", "title_words", "first_claim", "claim_order",
     "expected_overlap", "expected_precision", "expected_recall", "expected_f1"]
    + list(_CUES)
)


# Mean length of an author's TL;DR in train, in words.
TLDR_WORDS = 19.3


def featurize(candidates: list[Candidate], title: str, sentences: list[str],
              word_probability: dict[str, float]) -> list[list[float]]:
    """One row of FEATURE_NAMES per candidate; word_probability from salience.py."""
    context = _Context(title, sentences, word_probability)
    return [_row(c, context) for c in candidates]


class _Context:
    """What every candidate of one paper is compared with, computed once per paper."""

    def __init__(self, title: str, sentences: list[str], word_probability: dict[str, float]):
        self.title_words = set(words(title)) - STOPWORDS
        self.abstract = Counter(w for s in sentences for w in words(s) if w not in STOPWORDS)
        self.norm = math.sqrt(sum(v * v for v in self.abstract.values())) or 1.0
        self.n_sentences = len(sentences)
        self.claims = [i for i, s in enumerate(sentences) if _CUE_PATTERNS["cue_propose"].search(s)]
        self.source_words = [len(s.split()) for s in sentences]
        self.cues = [_cue_row(s) for s in sentences]
        self.word_probability = word_probability
        self.expected_tldr = sum(word_probability.values()) or 1.0


def _row(candidate: Candidate, ctx: _Context) -> list[float]:
    tokens = words(candidate.text)
    content = [w for w in tokens if w not in STOPWORDS]
    shared = [w for w in content if w in ctx.title_words]
    index = candidate.index
    n = max(ctx.n_sentences, 1)
    row = [
        float(candidate.kind == "title"), float(candidate.kind == "title_part"),
        float(candidate.titled), float(candidate.unbracketed),
        float(candidate.kind == "stripped"), float(candidate.kind == "shortened"),
        float(candidate.kind == "clause"),
        float(index), (index + 1) / n, float(index == 0), float(index == n - 1), float(n),
        float(len(tokens)), math.log1p(len(tokens)),
        float(ctx.source_words[index]) if index >= 0 else 0.0,
        float(bool(tokens) and tokens[0] == "we" or candidate.text.split(": ", 1)[-1][:3].lower() == "we "),
        len(shared) / max(len(content), 1), len(set(shared)) / max(len(ctx.title_words), 1),
        _cosine(Counter(content), ctx), 1 - len(content) / max(len(tokens), 1),
        float(bool(_DIGIT.search(candidate.text))), float("(" in candidate.text),
        float(len(ctx.title_words)),
        float(bool(ctx.claims) and index == ctx.claims[0]),
        float(ctx.claims.index(index) + 1) if index in ctx.claims else 0.0,
        *_expected_overlap(candidate, tokens, ctx),
    ]
    return row + (ctx.cues[index] if index >= 0 else _cue_row(candidate.text))


def _cue_row(sentence: str) -> list[float]:
    return [float(bool(pattern.search(sentence))) for pattern in _CUE_PATTERNS.values()]


def _expected_overlap(candidate: Candidate, tokens: list[str], ctx: _Context) -> list[float]:
    """How many TL;DR words the candidate is expected to hit, and the F1 that would give."""
    overlap = sum(ctx.word_probability.get(w, 0.0) for w in set(stems(candidate.text)))
    precision = overlap / max(len(tokens), 1)
    recall = overlap / ctx.expected_tldr
    return [overlap, precision, recall, 2 * overlap / (len(tokens) + TLDR_WORDS)]


def _cosine(counts: Counter, ctx: _Context) -> float:
    dot = sum(v * ctx.abstract.get(w, 0) for w, v in counts.items())
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return dot / (norm * ctx.norm)
