"""Words as the engine counts them: lower-cased tokens, stop words, Porter stems (as ROUGE uses)."""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("porter")

STOPWORDS = frozenset("""a an the of to in on for and or with by from at as is are was were be been
being this that these those it its we our us they their them which who whom whose what when where
while than then there here such can could may might will would shall should do does did not no
nor so if but also both each either into over under about between through during via using used
based has have had more most very much many other some any all one two new""".split())


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]
