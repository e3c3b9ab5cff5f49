"""How a paper becomes text: the one string every scorer (lexical, dense, explain) reads.

CiteSeer-style records run title and abstract together with an empty title, arXiv records
have both; either way a scorer sees "title. abstract" (or whichever half exists).
"""
from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def clean(value) -> str:
    return _SPACE.sub(" ", str(value or "")).strip()


def paper_text(paper: dict) -> str:
    title, abstract = clean(paper.get("title")), clean(paper.get("abstract"))
    if title and abstract:
        return f"{title}. {abstract}"
    return title or abstract
