"""Key phrases of a paper, as noun phrases: the abstract's and title's phrases that recur in paper
titles (phrases.py, learned from 74k arXiv titles), plus single salient nouns and names.

Candidates are the word runs between stop words and punctuation (as in RAKE), as before, but a
multi-word keyword is now only a sub-run found in the title phrase table, the longest one at each
place, and a single word only an acronym or name ("LiDAR", "ImageNet") or a word that heads
title phrases (a noun, mostly), never a verb-like -ing word. A run of content words alone gave
verb fragments ("LiDAR-based detectors rely", "matching methods due"). Candidates are scored, as
before, by how likely their words are to reach an author's TL;DR (salience.py), how often they
occur, and whether the title has them.
"""
from __future__ import annotations

import re
from collections import Counter

from server.summaries.phrases import MAX_WORDS, TOKEN, load_phrases, runs
from server.summaries.vocabulary import stem

MAX_KEYWORDS = 6
# Words that make poor key phrases on their own although they are not stop words.
_GENERIC = frozenset("""paper work approach approaches method methods model models results result
propose proposed show shows present novel state art performance problem problems task tasks data
existing different various large small high low better best first well however often
experiments experimental demonstrate significantly training learning deep neural network networks
framework frameworks algorithm algorithms study studies analysis system systems technique
techniques effective efficient simple comprehensive empirical systematic unified general
extensive strong robust key important recent benchmark benchmarks dataset datasets evaluation
accuracy baseline baselines time way ways use case cases understanding knowledge
synthetic real images image text""".split())
_GENERIC_STEMS = frozenset(stem(word) for word in _GENERIC)
_NAME = re.compile(r"^(?:[A-Z0-9][\w-]*[A-Z][\w-]*|[a-z]+[A-Z][\w-]*|[A-Z]{2,}s?)$")


def extract_keywords(title: str, sentences: list[str], word_probability: dict[str, float],
                     limit: int = MAX_KEYWORDS) -> list[str]:
    table = load_phrases()
    phrases = Counter()
    surface: dict[str, str] = {}
    for text in [title, title, *sentences]:  # the title counts twice: it is chosen with care
        for phrase in candidate_phrases(text, table):
            key = " ".join(stem(w.lower()) for w in phrase)
            phrases[key] += 1
            surface.setdefault(key, " ".join(_display(w) for w in phrase))
    title_key = {stem(w.lower()) for w in TOKEN.findall(title)}

    def score(key: str) -> float:
        parts = key.split()
        salience = sum(_salience(p, word_probability) for p in parts) / len(parts)
        in_title = sum(p in title_key for p in parts) / len(parts)
        return salience * (1 + in_title) * (phrases[key] ** 0.5) * (1 + 0.3 * (len(parts) - 1))

    chosen: list[str] = []
    for key in sorted(phrases, key=score, reverse=True):
        parts = set(key.split())
        if parts <= _GENERIC_STEMS:
            continue
        if any(len(parts & set(other.split())) * 2 >= len(parts) for other in chosen):
            continue  # mostly repeats a phrase already chosen
        chosen.append(key)
        if len(chosen) == limit:
            break
    return [surface[key] for key in chosen]


def _salience(part: str, word_probability: dict[str, float]) -> float:
    """A hyphenated word ("image-to-image") is as salient as its parts on average."""
    if part in word_probability or "-" not in part:
        return word_probability.get(part, 0.1)
    pieces = [stem(p) for p in part.split("-") if p]
    return sum(word_probability.get(p, 0.1) for p in pieces) / max(len(pieces), 1)


def candidate_phrases(text: str, table=None) -> list[list[str]]:
    """The text's keyword candidates in their own spelling: at each place the longest sub-run that
    is a noun phrase (_noun_phrase), else a single name or noun the run holds."""
    table = table or load_phrases()
    spelled = _spelled_runs(text)
    found = []
    for run in spelled:
        lower = [w.lower() for w in run]
        start = 0
        while start < len(run):
            for size in range(min(MAX_WORDS, len(run) - start), 1, -1):
                if (_noun_phrase(run[start:start + size], lower[start:start + size], table)
                        and not table.is_generic(lower[start:start + size])):
                    found.append(run[start:start + size])
                    start += size
                    break
            else:
                word = run[start]
                if _single(word, table, alone=len(run) == 1):
                    found.append([word])
                start += 1
    return found


# "LiDAR-based" alone describes something it does not name.
_MODIFIER = re.compile(r"-(?:based|aware|driven|free|guided|level|wise|like|specific|scale|style|"
                       r"oriented|centric|agnostic|conditioned|augmented|enhanced|informed|grained)$", re.I)


def _noun_phrase(words: list[str], lower: list[str], table) -> bool:
    """A title phrase, or modifiers and a head as titles use them ("perceptual grouping"), never
    opening or ending with an -ing verb."""
    if " ".join(lower) in table.phrases:
        return True
    if lower[0] in table.verbs or lower[-1] in table.verbs or len(words) > 3:
        return False
    return lower[-1] in table.heads and all(w in table.modifiers or _NAME.match(s)
                                            for w, s in zip(lower[:-1], words[:-1]))


def _single(word: str, table, alone: bool) -> bool:
    """A name or acronym; a common noun only when it stands alone between stop words ("the
    interpretability of"), not as what is left of a longer run whose phrase the table lacks."""
    lower = word.lower()
    if lower in table.verbs or lower.isdigit() or len(lower) < 2 or _MODIFIER.search(word):
        return False
    if _NAME.match(word):
        return True
    return alone and lower in table.heads and not table.is_generic([lower]) and stem(lower) not in _GENERIC_STEMS


def _spelled_runs(text: str) -> list[list[str]]:
    """phrases.runs, in the text's own spelling (the table is lower case)."""
    lowered = runs(text)
    tokens = iter(t for t in TOKEN.findall(text) if t[0].isalnum())
    spelled = []
    for run in lowered:
        out = []
        for word in run:
            for token in tokens:
                if token.lower() == word:
                    out.append(token)
                    break
        spelled.append(out)
    return spelled


def _display(word: str) -> str:
    """Acronyms and names keep their case ("GAN", "ImageNet"); other words are lower-cased."""
    return word if any(ch.isupper() for ch in word[1:]) else word.lower()
