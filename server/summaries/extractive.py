"""The default engine: rank candidate TL;DRs made of the author's own words and pick the best.

Runs on a CPU in milliseconds, offline; the learned parts come from ranker.json (model.py).
"""
from __future__ import annotations

import re

from server.summaries.acronyms import definitions, expand_once
from server.summaries.candidates import Candidate, make_candidates
from server.summaries.features import featurize
from server.summaries.key_points import RULES_VERSION, extract_key_points, shorten
from server.summaries.keywords import extract_keywords
from server.summaries.model import load_ranker
from server.summaries.phrases import load_phrases
from server.summaries.roles import load_roles
from server.summaries.sentences import prepare

ENGINE_NAME = "tldr-ranker"
# "About 30 words": a few over lets the ranker keep a whole claim rather than a weaker short one
# (ROUGE-1 +0.3 in 5-fold CV on train, +0.24 on dev, against a cap of 30).
MAX_TLDR_WORDS = 34
# Expanding an acronym the abstract defines may take the TL;DR this many words past the limit.
MAX_EXPANSION_WORDS = 6
# A CJK character carries about a word's meaning, so it counts as one.
_WORD_OR_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")


def engine_name() -> str:
    """Part of the cache key: the ranker's, the role model's and the keyword phrase table's versions,
    so a change to any of them recomputes."""
    return (f"{ENGINE_NAME}@{load_ranker().version}+{role_model_name()}+points@{RULES_VERSION}"
            f"+phrases@{load_phrases().version}")


def role_model_name() -> str:
    return f"roles@{load_roles().version}"


def word_count(text: str) -> int:
    return len(_WORD_OR_CJK.findall(text))


def summarize_extractive(title: str | None, abstract: str | None) -> dict:
    title, sentences = prepare(title, abstract)
    ranker = load_ranker()
    probability = ranker.word_probability(title, sentences)
    result = {"tldr": None, "key_points": [], "keywords": extract_keywords(title, sentences, probability),
              "engine": engine_name(), "notice": None, "fallback": None, "tldr_source": None,
              "role_model": None}
    if not sentences:
        result["notice"] = ("There is no abstract, so there is too little text to summarize."
                            if not title else "There is no abstract, so there is too little text "
                            "to summarize; only key phrases of the title are shown.")
        return result
    chosen = choose_candidate(title, sentences, probability)
    text = chosen.text
    if chosen.titled and title.endswith(("?", "!")):  # "What do they learn?: Using ..." read badly
        text = f"{title} {text[len(title) + 2:]}"
    expanded = expand_once(text, definitions(sentences))
    result["tldr"] = expanded if word_count(expanded) <= MAX_TLDR_WORDS + MAX_EXPANSION_WORDS else text
    joined = [chosen.second] if chosen.second >= 0 else []  # a fused TL;DR's result sentence
    result["tldr_source"] = {"title": chosen.titled, "sentences": [chosen.index, *joined], "form": chosen.kind}
    result["key_points"] = extract_key_points(sentences, said=frozenset([chosen.index, *joined]))
    result["role_model"] = role_model_name()
    if len(sentences) == 1:
        result["notice"] = "The abstract is a single sentence, too little text to summarize; it is shown as the TL;DR."
    elif len(sentences) < 3:
        result["notice"] = f"The abstract has only {len(sentences)} sentences, so there are few key points."
    return result


def choose_tldr(title: str, sentences: list[str], probability: dict[str, float]) -> str:
    return choose_candidate(title, sentences, probability).text


def choose_candidate(title: str, sentences: list[str], probability: dict[str, float]) -> Candidate:
    """The TL;DR and where it came from (its sentence, its form, whether the title leads it)."""
    candidates = make_candidates(title, sentences)
    if len(sentences) == 1:  # too little text to choose from: the sentence itself, never the title alone
        candidates = [c for c in candidates if c.index == 0 and not c.titled]
    rows = featurize(candidates, title, sentences, probability)
    scores = load_ranker().rank_scores(rows, [c.text for c in candidates])
    ranked = sorted(zip(scores, range(len(candidates))), reverse=True)
    for _, position in ranked:
        if word_count(candidates[position].text) <= MAX_TLDR_WORDS:
            return candidates[position]
    best = candidates[ranked[0][1]]
    return Candidate(_cut(best), "cut", best.index, best.titled, best.unbracketed, best.second)


def _cut(candidate: Candidate) -> str:
    """Nothing fits the word limit: shorten the best one at a clause, or at the limit itself."""
    text = shorten(candidate.text, MAX_TLDR_WORDS)
    if word_count(text) <= MAX_TLDR_WORDS + 1:
        return text
    ends = [m.end() for m in _WORD_OR_CJK.finditer(text)]
    return text[: ends[MAX_TLDR_WORDS - 1]].rstrip(",;:") + " …"
