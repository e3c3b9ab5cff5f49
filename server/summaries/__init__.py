"""Summary engine: title and abstract in, a TL;DR, key points and keywords out.

This is the walking skeleton's first engine: it picks the abstract sentence that states the
contribution. Plain data in, plain data out: no Flask, RQ or Redis here.

Contract (the summary job and `summarize-file` rely on it):
    summarize(title, abstract, settings=None) -> {
        "tldr": str | None,          # None only when there is too little text; then "notice" says so
        "key_points": [{"role": "problem|method|result|limitation|other", "text": str}],
        "keywords": [str],
        "engine": str,               # name@version of the engine that wrote it
        "notice": str | None,        # plain words for the reader, e.g. "abstract too short"
    }
    engine_version(settings=None) -> str   # part of the cache key; bump it to invalidate
"""
from __future__ import annotations

import re
from collections import Counter

ENGINE = "first-claim@1"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
_CLAIM = re.compile(r"\b(we|this paper|this work)\s+(propose|present|introduce|show|develop)", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_STOP = set("""this that these those with from have been were their there which while where what when
into over under than then them they also such only more most very using used use based paper work
show shows propose proposed present introduce approach method methods results result model models""".split())


def engine_version(settings=None) -> str:
    return ENGINE


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def summarize(title: str, abstract: str, settings=None) -> dict:
    sentences = split_sentences(abstract or "")
    keywords = _keywords(f"{title} {abstract}")
    if len(sentences) < 2:
        return {
            "tldr": None,
            "key_points": [],
            "keywords": keywords,
            "engine": ENGINE,
            "notice": "The abstract is too short to summarize.",
        }
    claim = next((s for s in sentences if _CLAIM.search(s)), sentences[0])
    points = [{"role": "other", "text": s} for s in sentences if s != claim][:3]
    return {"tldr": claim, "key_points": points, "keywords": keywords, "engine": ENGINE, "notice": None}


def _keywords(text: str, limit: int = 6) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]
    return [w for w, _ in Counter(words).most_common(limit)]
