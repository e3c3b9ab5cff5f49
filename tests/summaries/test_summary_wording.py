"""The wording model learns which stems mark a good TL;DR and scores texts as it was fit."""
from __future__ import annotations

import math

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import Ridge
from sklearn.preprocessing import normalize

from server.offline import summary_training as training
from server.summaries.vocabulary import stems
from server.summaries.wording import WordingModel


def test_stems_of_better_candidates_earn_weight():
    texts = ["We propose a trick for attention.", "Attention is slow.",
             "We propose a trick for speech.", "Speech is slow."] * 3
    scores = [0.8, 0.1, 0.7, 0.2] * 3
    weights = training.fit_wording(texts, scores, [2] * 6)
    assert weights["trick"] > 0 > weights["slow"]


def test_scores_match_scikit_learn_up_to_the_intercept():
    texts = ["We propose a trick for attention.", "Attention is slow and large.",
             "A new trick halves the cost.", "Costs are large.", "Unseen zebra words."] * 3
    scores = [0.8, 0.1, 0.6, 0.2, 0.0] * 3
    weights = training.fit_wording(texts, scores, [5] * 3)
    vectorizer = CountVectorizer(analyzer=stems, binary=True, min_df=training.WORDING_MIN_COUNT)
    X = normalize(vectorizer.fit_transform(texts).astype(float))
    centred = training._above_paper_average(scores, [5] * 3)
    ridge = Ridge(alpha=training.WORDING_ALPHA).fit(X, centred)
    expected = 0.5 * (ridge.predict(X[:5]) - ridge.intercept_)
    assert np.allclose(WordingModel(weights, blend=0.5).score(texts[:5]), expected, atol=1e-5)


def test_text_without_known_words_scores_zero():
    model = WordingModel({"trick": 0.3}, blend=1.0)
    assert model.score(["Nothing known here.", "trick"]) == [0.0, 0.3]
    assert math.isclose(model.score(["a trick, the trick, slow"])[0], 0.3)
