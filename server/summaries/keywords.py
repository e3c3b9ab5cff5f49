"""Key phrases of a paper: runs of content words (as in RAKE), scored by how likely their words
are to reach an author's TL;DR (salience.py), how often they occur, and whether the title has them.
"""
from __future__ import annotations

import re
from collections import Counter

from server.summaries.vocabulary import STOPWORDS, stem

MAX_KEYWORDS = 6
MAX_PHRASE_WORDS = 3
# Words that make poor key phrases on their own although they are not stop words.
_GENERIC = frozenset("""paper work approach method methods model models results result propose
proposed show shows present novel state art performance problem problems task tasks data
existing different various large small high low better best first well however often
experiments experimental demonstrate significantly training learning deep neural network networks
framework algorithm algorithms""".split())
_GENERIC_STEMS = frozenset(stem(word) for word in _GENERIC)
_TOKEN = re.compile(r"[^\W_][\w\-]*|[^\w\s]", re.UNICODE)


def extract_keywords(title: str, sentences: list[str], word_probability: dict[str, float],
                     limit: int = MAX_KEYWORDS) -> list[str]:
    phrases = Counter()
    surface: dict[str, str] = {}
    for text in [title, title, *sentences]:  # the title counts twice: it is chosen with care
        for phrase in _phrases(text):
            key = " ".join(stem(w.lower()) for w in phrase)
            phrases[key] += 1
            surface.setdefault(key, " ".join(_display(w) for w in phrase))
    title_key = {stem(w.lower()) for w in _TOKEN.findall(title)}

    def score(key: str) -> float:
        parts = key.split()
        salience = sum(word_probability.get(p, 0.1) for p in parts) / len(parts)
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


def _phrases(text: str) -> list[list[str]]:
    """Runs of up to MAX_PHRASE_WORDS content words, broken at stop words and punctuation."""
    runs, current = [], []
    for token in _TOKEN.findall(text):
        word = token.lower()
        if word in STOPWORDS or not token[0].isalnum() or word.isdigit() or len(word) < 2:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(token)
    if current:
        runs.append(current)
    phrases = []
    for run in runs:
        if len(run) <= MAX_PHRASE_WORDS:
            phrases.append(run)
        else:  # a long run: its tail, where English puts the head noun ("... graph neural network")
            phrases.append(run[-MAX_PHRASE_WORDS:])
    return phrases


def _display(word: str) -> str:
    """Acronyms and names keep their case ("GAN", "ImageNet"); other words are lower-cased."""
    return word if any(ch.isupper() for ch in word[1:]) else word.lower()
