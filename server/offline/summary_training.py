"""Learn the word model and the ranker from SciTLDR train (`python -m server train summaries`).

Targets are ROUGE-1 F1 of every candidate against the author's TL;DR. A paper's word priors are
computed from the other folds only (leaving out just the paper itself would leak its label into
the prior), so features on train look like features on unseen papers. The wording model
(wording.py) is fit on the same candidates and targets.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rouge_score import rouge_scorer
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import normalize

from server.summaries.candidates import make_candidates
from server.summaries.features import FEATURE_NAMES, featurize
from server.summaries.salience import WordPrior, probabilities, stems, word_rows
from server.summaries.sentences import prepare

MODEL_VERSION = 4
RANKER_SETTINGS = dict(n_estimators=200, max_depth=4, learning_rate=0.05, subsample=0.8)
# Averaging a few rankers fitted on different subsamples steadies the choice of TL;DR.
RANKER_SEEDS = (0, 1, 2)
# The wording model (wording.py): stems seen in fewer candidates than this are left out, the ridge
# penalty, and how much of its score is added to the trees'; chosen by 5-fold CV on train.
WORDING_MIN_COUNT, WORDING_ALPHA, WORDING_BLEND = 3, 10.0, 0.2


def load_papers(path: Path) -> list[dict]:
    """SciTLDR records as {title, sentences, targets}, prepared the way the engine prepares input."""
    papers = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            title, sentences = prepare(record["title"], " ".join(record["source"]))
            papers.append({"title": title, "sentences": sentences, "targets": record["target"]})
    return papers


FOLDS = 5


def word_counts(papers: list[dict]) -> tuple[WordPrior, list[tuple[Counter, Counter]], list[set]]:
    """The prior over all of train, each paper's held-out fold counts, and its TL;DR stems."""
    in_abstract, in_tldr = Counter(), Counter()
    folds = [(Counter(), Counter()) for _ in range(FOLDS)]
    kept_per_paper = []
    for number, paper in enumerate(papers):
        seen = set(stems(paper["title"])) | {w for s in paper["sentences"] for w in stems(s)}
        kept = seen & set(stems(paper["targets"][0]))
        for counts in (in_abstract, folds[number % FOLDS][0]):
            counts.update(seen)
        for counts in (in_tldr, folds[number % FOLDS][1]):
            counts.update(kept)
        kept_per_paper.append(kept)
    prior = WordPrior(in_abstract, in_tldr, base_rate=sum(in_tldr.values()) / sum(in_abstract.values()))
    held_out = [folds[number % FOLDS] for number in range(len(papers))]
    return prior, held_out, kept_per_paper


def fit_word_model(papers, prior: WordPrior, held_out, kept_per_paper) -> LogisticRegression:
    X, y = [], []
    for paper, fold, kept in zip(papers, held_out, kept_per_paper):
        vocabulary, rows = word_rows(paper["title"], paper["sentences"], _held_out(prior, fold))
        X += rows
        y += [w in kept for w in vocabulary]
    return LogisticRegression(max_iter=2000).fit(X, y)


def _held_out(prior: WordPrior, fold):
    return lambda word: prior(word, fold)


def ranking_data(papers, prior: WordPrior, word_model, held_out=None, progress=iter):
    """Feature rows, targets (ROUGE-1 F1, best over gold TL;DRs), group sizes and candidate texts."""
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    X, y, groups, texts = [], [], [], []
    for number, paper in enumerate(progress(papers)):
        word_prior = _held_out(prior, held_out[number]) if held_out else prior
        vocabulary, rows = word_rows(paper["title"], paper["sentences"], word_prior)
        chances = probabilities(rows, list(word_model.coef_[0]), float(word_model.intercept_[0]))
        candidates = make_candidates(paper["title"], paper["sentences"])
        X += featurize(candidates, paper["title"], paper["sentences"], dict(zip(vocabulary, chances)))
        y += [max(scorer.score(gold, c.text)["rouge1"].fmeasure for gold in paper["targets"])
              for c in candidates]
        groups.append(len(candidates))
        texts += [c.text for c in candidates]
    return X, y, groups, texts


def fit_rankers(X, y) -> list[GradientBoostingRegressor]:
    """Fitted to each candidate's ROUGE-1 itself. Measured on SciTLDR dev and not kept: the ROUGE-1
    above its paper's average (42.27 against 42.53), a listwise softmax objective boosted by hand
    (41.9-42.1), per-paper relative features (42.1-42.4)."""
    return [GradientBoostingRegressor(**RANKER_SETTINGS, random_state=seed).fit(X, y)
            for seed in RANKER_SEEDS]


def fit_wording(texts: list[str], y: list[float], groups: list[int]) -> dict[str, float]:
    """Stem weights predicting how far a candidate scores above its paper's average."""
    vectorizer = CountVectorizer(analyzer=stems, binary=True, min_df=WORDING_MIN_COUNT)
    X = normalize(vectorizer.fit_transform(texts).astype(float))
    model = Ridge(alpha=WORDING_ALPHA).fit(X, _above_paper_average(y, groups))
    return {word: round(float(model.coef_[column]), 6) for word, column in vectorizer.vocabulary_.items()}


def _above_paper_average(y: list[float], groups: list[int]) -> list[float]:
    centred, start = [], 0
    for size in groups:
        scores = y[start: start + size]
        centred += [score - sum(scores) / size for score in scores]
        start += size
    return centred


def export(version: int, prior: WordPrior, word_model, rankers: list[GradientBoostingRegressor],
           wording: dict[str, float], min_count: int = 3) -> dict:
    """Everything the engine needs, as plain JSON; rare words fall back to the base rate."""
    common = {w: n for w, n in prior.in_abstract.items() if n >= min_count}
    return {
        "version": version,
        "feature_names": FEATURE_NAMES,
        "word_model": {
            "in_abstract": common,
            "in_tldr": {w: prior.in_tldr[w] for w in common if prior.in_tldr.get(w)},
            "alpha": prior.alpha, "base_rate": prior.base_rate,
            "coefficients": [round(float(c), 6) for c in word_model.coef_[0]],
            "intercept": float(word_model.intercept_[0]),
        },
        "trees": {  # the average of the rankers: their trees together, each step scaled down
            "base": sum(float(r.init_.constant_.ravel()[0]) for r in rankers) / len(rankers),
            "learning_rate": RANKER_SETTINGS["learning_rate"] / len(rankers),
            "trees": [_tree(e.tree_) for r in rankers for e in r.estimators_[:, 0]],
        },
        "wording": {"weights": wording, "blend": WORDING_BLEND},
    }


def _tree(tree) -> dict:
    return {"left": tree.children_left.tolist(), "right": tree.children_right.tolist(),
            "feature": tree.feature.tolist(),
            "threshold": [round(float(t), 6) for t in tree.threshold],
            "value": [round(float(v), 6) for v in tree.value[:, 0, 0]]}
