"""Learn the sentence-role model (roles.py) from CSAbstruct train (`python -m server train key-points`)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from server.offline.crf import LinearChainCRF
from server.summaries.roles import LABELS, cue_features, ngrams, position_features

MODEL_VERSION = 2
MIN_DF = 3       # word pairs seen in fewer training sentences are left out (keeps the file small)
CUE_MIN_DF = 2   # opening words seen once say nothing general
C = 0.3          # tuned on dev among 0.3, 1, 3 (68.2, 68.0, 67.1)
MAX_ITER = 500


def load_abstracts(path: Path) -> list[dict]:
    """CSAbstruct lines: {"sentences": [...], "labels": [...]}."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def train(abstracts: list[dict], version: int = MODEL_VERSION) -> dict:
    sentences = [s for a in abstracts for s in a["sentences"]]
    words = TfidfVectorizer(analyzer=ngrams, min_df=MIN_DF, sublinear_tf=True)
    cues = CountVectorizer(analyzer=cue_features, binary=True, min_df=CUE_MIN_DF)
    positions = [position_features(i, len(a["sentences"])) for a in abstracts
                 for i in range(len(a["sentences"]))]
    X = sparse.hstack([words.fit_transform(sentences), cues.fit_transform(sentences),
                       sparse.csr_matrix(np.asarray(positions))]).tocsr()
    y = [LABELS.index(label) for a in abstracts for label in a["labels"]]
    crf = LinearChainCRF(len(LABELS), C=C, max_iter=MAX_ITER).fit(
        X, y, [len(a["sentences"]) for a in abstracts])
    return {
        "version": version,
        "labels": list(LABELS),
        "terms": words.get_feature_names_out().tolist(),
        "idf": [round(float(v), 5) for v in words.idf_],
        "cues": cues.get_feature_names_out().tolist(),
        "emission": {"coef": np.round(crf.coef_, 5).tolist(),
                     "intercept": np.round(crf.intercept_, 5).tolist()},
        "transitions": np.round(crf.transitions_, 5).tolist(),
        "start": np.round(crf.start_, 5).tolist(),
    }
