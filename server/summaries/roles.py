"""Sentence roles (CSAbstruct's background / objective / method / result / other), learned.

A linear-chain CRF, stored as plain numbers in roles.json and applied with numpy: each sentence gets
a score per label from
  * TF-IDF of its words and word pairs,
  * cue features (cue_features): its first one, two and three words, cue phrases ("we propose",
    "in this paper", "results show", "outperform", "future work", ...), tense and modal verbs,
    numbers, percentages, citations, and its length,
  * where it sits in the abstract (position_features);
and a label-transition matrix plus a first-label vector score the sequence; Viterbi takes the best.
Trained with L-BFGS (server/offline/crf.py) by
    python -m server train key-points --data ../shared/data/csabstruct/train.jsonl

CSAbstruct dev accuracy (295 abstracts, 2,026 sentences; its annotators agree below 0.5 on 612 of
them, and there both models are right only ~45% of the time):
  * v1, two stacked logistic models (TF-IDF + position; then each sentence's and its neighbours'
    out-of-fold log-probabilities): 67.0; 5-fold cross-validation on train 67.55;
  * v2, this CRF: 68.2 (paired bootstrap over abstracts +1.2, 95% interval -0.5 to +2.9); 5-fold
    cross-validation on train 67.95. Without the cues 66.9; the v1 stack fed the cues 67.9.
Measured for issue #15 and not kept (dev accuracy, the CRF's 68.2 as reference):
  * the neighbours' cue features in each sentence's row 66.5; flags for cues seen before / after 67.9;
  * annotator agreement (`confs`) as sample weights 67.4-68.2;
  * from 74,728 unlabelled arXiv abstracts: a word's usual place in an abstract (five position
    bins, learned there, as features) 68.0; self-training on 10,000 of them labelled by the CRF
    67.1-67.4; word clusters (300 or 1,000, k-means on SVD of a PPMI word-context matrix) and their
    pairs as TF-IDF features 67.2-67.8;
  * a small network (the same sparse features through a 32- or 64-unit tanh layer, a bidirectional
    GRU over the sentences): 67.5-67.8 at its best epoch (2) chosen on dev, 62-63 after 12;
  * stacking the CRF on the v1-style context features 68.5-68.6, averaging it with that stack 68.4-68.5:
    within noise (one dev point is 20 sentences) for a second model.
Frozen MiniLM (measured before, on this shared 2-core machine, load average 5-12):
  * sentence vectors, one thread, batch-encoding one abstract's ~6.5 sentences: 72-162 ms an abstract
    as the load varied (11 ms a sentence even in batches of 64); with position, logistic regression
    65.7 dev accuracy, plus neighbour and before/after means 65.1, a bidirectional GRU over them 65-66.5;
  * the whole abstract in one pass ("[CLS] s1 [SEP] s2 ..."), each sentence's tokens pooled at one
    layer: layer 4 67.2, layer 6 63.2, layers 2+4+6 65.0; 140 ms an abstract;
  * LoRA fine-tuning of MiniLM on that joint input (rank 8, 0.33 M weights, which would fit the
    5 MB budget): 10-17 s a training step of 8 abstracts here, about 1.5 hours an epoch, so it
    was not trained to the end.
The published ~83 (test) comes from fine-tuning SciBERT; the TF-IDF + position baseline scores 64.9
on dev but 74.0 on test, so dev runs about 9 points below test.
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

# Phrases whose presence says something about a sentence's role, whatever its topic words; matched
# on the lower-cased sentence (three times faster than re.I).
_CUES = {name: re.compile(pattern) for name, pattern in {
    "we_propose": r"\bwe (?:propose|present|introduce|develop|design|describe)\b",
    "this_paper": r"\b(?:this|the present|our) (?:paper|work|study|article)\b",
    "in_this_paper": r"^(?:in|within) (?:this|the present) (?:paper|work|study|article)",
    "results_show": r"\b(?:results?|experiments?|evaluations?|we) (?:show|demonstrate|indicate|suggest|reveal|confirm)",
    "outperform": r"\b(?:outperform\w*|improv\w+|better than|state[- ]of[- ]the[- ]art|significantly|superior)\b",
    "future": r"\bfuture (?:work|research|directions?)\b",
    "aim": r"\b(?:aim|goal|objective|purpose) (?:of|is|to)\b"
           r"|\bwe (?:aim|seek|investigate|study|explore|address|consider|focus)\b",
    "contrast_opener": r"^(?:however|but|yet|unfortunately|although|despite)\b",
    "prior_work": r"\b(?:recent(?:ly)?|existing|previous|prior|traditional|conventional|currently|widely)\b",
    "using": r"\b(?:using|based on|consists? of|employ\w*|leverag\w+|uses?)\b",
    "release": r"\b(?:code|available|github|http|www|released?|open[- ]source)\b",
    "evaluation": r"\b(?:datasets?|benchmarks?|corpus|experiments?|evaluat\w+)\b",
    "percent": r"%|\bpercent",
    "decimal": r"\d\.\d",
    "citation": r"\[\d|\(\w+ et al|et al\.|\(\d{4}\)|\b(?:19|20)\d{2}\b",
    "copyright": r"copyright|\u00a9|all rights reserved|ieee|acm",
}.items()}
# Cues that are single words, counted on the sentence's tokens (a regular expression each was slower).
_WORD_CUES = {"our": {"our"}, "we": {"we"}, "past_be": {"was", "were", "had"},
              "present_be": {"is", "are", "has", "have"}, "modal": {"will", "would", "could", "might", "may"},
              "can": {"can"}}
_CHARACTER_CUES = {"colon": ":", "parenthesis": "(", "question": "?"}


def _cue_counts(sentence: str, tokens: list[str]) -> dict[str, int]:
    lowered = sentence.lower()
    counts = {name: len(cue.findall(lowered)) for name, cue in _CUES.items()}
    counts.update({name: sum(t in words for t in tokens) for name, words in _WORD_CUES.items()})
    counts.update({name: sentence.count(ch) for name, ch in _CHARACTER_CUES.items()})
    counts["number"] = sum(ch.isdecimal() for ch in sentence)
    counts["past_tense"] = sum(len(t) > 2 and t.endswith("ed") for t in tokens)
    return counts


def position_features(index: int, n: int) -> list[float]:
    relative = index / max(n - 1, 1)
    bins = [0.0] * 8
    bins[min(int(relative * 8), 7)] = 1.0
    return [relative, float(index == 0), float(index == n - 1), float(index == 1),
            float(index == n - 2), min(n, 15) / 15, *bins]


def ngrams(sentence: str) -> list[str]:
    tokens = _TOKEN.findall(sentence.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def cue_features(sentence: str) -> list[str]:
    """Binary features: the opening words, which cues occur (and whether more than once), length."""
    tokens = _TOKEN.findall(sentence.lower())
    features = [f"first{k}=" + " ".join(tokens[:k]) for k in (1, 2, 3) if len(tokens) >= k]
    for name, count in _cue_counts(sentence, tokens).items():
        if count:
            features.append(f"cue={name}")
        if count > 1:
            features.append(f"cues={name}")
    features.append(f"length={min(len(tokens) // 5, 8)}")
    return features


class RoleModel:
    def __init__(self, spec: dict):
        self.version = spec["version"]
        self.vocabulary = {term: i for i, term in enumerate(spec["terms"])}
        self.cues = {feature: i for i, feature in enumerate(spec["cues"], len(spec["terms"]))}
        self.idf = np.asarray(spec["idf"])
        # (terms + cues + position features, 5): one row a feature, so a sentence's rows are gathered
        self.weights = np.asarray(spec["emission"]["coef"]).T.copy()
        self.position_start = len(self.vocabulary) + len(self.cues)
        self.intercept = np.asarray(spec["emission"]["intercept"])
        self.transitions = np.asarray(spec["transitions"])        # (5, 5): previous label, next label
        self.start = np.asarray(spec["start"])                    # (5,): the first sentence's label

    def emissions(self, sentences: list[str]) -> np.ndarray:
        """(n, 5) score of each label for each sentence, before the transitions are added."""
        n = len(sentences)
        scores = np.tile(self.intercept, (n, 1))
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
                scores[i] += values @ self.weights[columns]
            cue_columns = [self.cues[f] for f in cue_features(sentence) if f in self.cues]
            scores[i] += self.weights[cue_columns].sum(0)
        positions = np.asarray([position_features(i, n) for i in range(n)])
        return scores + positions @ self.weights[self.position_start:]

    def label(self, sentences: list[str]) -> list[str]:
        """One CSAbstruct label per sentence: the most likely sequence."""
        if not sentences:
            return []
        return [LABELS[i] for i in viterbi(self.emissions(sentences), self.transitions, self.start)]

    def labels_and_marginals(self, sentences: list[str]) -> tuple[list[str], np.ndarray]:
        """label() and marginals() from one pass over the sentences' features."""
        emissions = self.emissions(sentences)
        labels = [LABELS[i] for i in viterbi(emissions, self.transitions, self.start)]
        return labels, self.marginals(sentences, emissions)

    def marginals(self, sentences: list[str], emissions: np.ndarray | None = None) -> np.ndarray:
        """(n, 5): each sentence's probability of each label, over every labelling of the abstract
        (forward-backward), so key points can take the sentence likeliest to have a role."""
        if emissions is None:
            emissions = self.emissions(sentences)
        forward, backward = np.zeros_like(emissions), np.zeros_like(emissions)
        forward[0] = self.start + emissions[0]
        for i in range(1, len(emissions)):
            forward[i] = _log_sum_exp(forward[i - 1][:, None] + self.transitions, axis=0) + emissions[i]
        for i in range(len(emissions) - 2, -1, -1):
            backward[i] = _log_sum_exp(self.transitions + (emissions[i + 1] + backward[i + 1])[None, :], axis=1)
        return np.exp(forward + backward - _log_sum_exp(forward[-1], axis=0))


def viterbi(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> list[int]:
    score = start + emissions[0]
    back = []
    for row in emissions[1:]:
        total = score[:, None] + transitions + row[None, :]
        back.append(total.argmax(0))
        score = total.max(0)
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def _log_sum_exp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.exp(values - top).sum(axis=axis))


@lru_cache(maxsize=2)
def load_roles(path: Path = MODEL_PATH) -> RoleModel:
    with open(path, encoding="utf-8") as handle:
        return RoleModel(json.load(handle))


def label_sentences(sentences: list[str]) -> list[str]:
    return load_roles().label(sentences)
