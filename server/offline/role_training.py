"""Learn the sentence-role model (roles.py) from CSAbstruct train (`python -m server train key-points`)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from server.summaries.roles import LABELS, context_rows, ngrams, position_features

MODEL_VERSION = 1
MIN_DF = 3           # word pairs seen in fewer training sentences are left out (keeps the file small)
STAGE1_C, STAGE2_C = 4.0, 1.0
TRANSITION_WEIGHT = 0.0  # tuned on dev (0, 0.25, 0.5, 1): stage 2 already sees the neighbours
FOLDS = 5


def load_abstracts(path: Path) -> list[dict]:
    """CSAbstruct lines: {"sentences": [...], "labels": [...]}."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _stage1_inputs(vectorizer, abstracts, fit=False):
    from scipy import sparse

    sentences = [s for a in abstracts for s in a["sentences"]]
    words = vectorizer.fit_transform(sentences) if fit else vectorizer.transform(sentences)
    positions = [position_features(i, len(a["sentences"])) for a in abstracts
                 for i in range(len(a["sentences"]))]
    return sparse.hstack([words, sparse.csr_matrix(np.asarray(positions))]).tocsr()


def _vectorizer():
    return TfidfVectorizer(analyzer=ngrams, min_df=MIN_DF, sublinear_tf=True)


def _labels(abstracts) -> np.ndarray:
    return np.asarray([LABELS.index(y) for a in abstracts for y in a["labels"]])


def _context(log_probs: np.ndarray, abstracts) -> np.ndarray:
    rows, start = [], 0
    for a in abstracts:
        n = len(a["sentences"])
        rows.append(context_rows(log_probs[start:start + n]))
        start += n
    return np.vstack(rows)


def train(abstracts: list[dict], version: int = MODEL_VERSION) -> dict:
    y = _labels(abstracts)
    groups = np.asarray([g for g, a in enumerate(abstracts) for _ in a["sentences"]])
    # Stage 1's out-of-fold log-probabilities: what stage 2 will see on an unseen abstract.
    out_of_fold = np.zeros((len(y), len(LABELS)))
    for fit_rows, held_rows in GroupKFold(FOLDS).split(y, y, groups):
        fit_abstracts = sorted(set(groups[fit_rows]))
        held_abstracts = sorted(set(groups[held_rows]))
        vectorizer = _vectorizer()
        X_fit = _stage1_inputs(vectorizer, [abstracts[g] for g in fit_abstracts], fit=True)
        model = LogisticRegression(C=STAGE1_C, max_iter=3000).fit(X_fit, _labels([abstracts[g] for g in fit_abstracts]))
        held = [abstracts[g] for g in held_abstracts]
        predicted = model.predict_log_proba(_stage1_inputs(vectorizer, held))
        rows = np.concatenate([np.flatnonzero(groups == g) for g in held_abstracts])
        out_of_fold[rows] = np.log(1e-6)  # a label the fold never saw
        out_of_fold[np.ix_(rows, model.classes_)] = predicted
    vectorizer = _vectorizer()
    stage1 = LogisticRegression(C=STAGE1_C, max_iter=3000).fit(_stage1_inputs(vectorizer, abstracts, fit=True), y)
    stage2 = LogisticRegression(C=STAGE2_C, max_iter=3000).fit(_context(out_of_fold, abstracts), y)
    transitions = np.ones((len(LABELS) + 1, len(LABELS)))  # add-one; the last row is the start
    for a in abstracts:
        previous = len(LABELS)
        for label in a["labels"]:
            transitions[previous, LABELS.index(label)] += 1
            previous = LABELS.index(label)
    log_transitions = np.log(transitions / transitions.sum(1, keepdims=True))
    terms = vectorizer.get_feature_names_out().tolist()
    return {
        "version": version,
        "labels": list(LABELS),
        "terms": terms,
        "idf": [round(float(v), 5) for v in vectorizer.idf_],
        "stage1": _weights(stage1),
        "stage2": _weights(stage2),
        "log_transitions": np.round(log_transitions, 5).tolist(),
        "transition_weight": TRANSITION_WEIGHT,
    }


def _weights(model: LogisticRegression) -> dict:
    """One row per label, in LABELS order; a label absent from the data can never win."""
    coef = np.zeros((len(LABELS), model.coef_.shape[1]))
    intercept = np.full(len(LABELS), -30.0)
    if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes
        coef[model.classes_[1]], intercept[model.classes_[1]] = model.coef_[0], model.intercept_[0]
        coef[model.classes_[0]], intercept[model.classes_[0]] = 0.0, 0.0
    else:
        coef[model.classes_], intercept[model.classes_] = model.coef_, model.intercept_
    return {"coef": np.round(coef, 5).tolist(), "intercept": [round(float(v), 5) for v in intercept]}
