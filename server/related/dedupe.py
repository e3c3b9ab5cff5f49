"""One paper, one row: the same paper under two addresses (arxiv:, doi:, url:, s2:) is one paper.

Two records are the same paper when their titles match once case, accents, punctuation and
spacing are ignored (or nearly match: SequenceMatcher ratio >= TITLE_RATIO on titles of at
least MIN_FUZZY characters, for a typo or a changed subtitle dash), and their first authors'
surnames agree whenever both records name authors. A related list drops every item that is
the query paper itself under another id and every later copy of an item already listed.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

TITLE_RATIO = 0.93
MIN_FUZZY = 24
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def title_key(title: str | None) -> str:
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode().lower()
    return _NOT_ALNUM.sub(" ", text).strip()


def _surname(paper: dict) -> str | None:
    authors = paper.get("authors") or []
    if not authors or not isinstance(authors[0], str):
        return None
    name = authors[0].strip()
    # "Last, First" or "First Middle Last"
    last = name.split(",")[0] if "," in name else name.split()[-1] if name.split() else ""
    return title_key(last) or None


def same_paper(a: dict, b: dict) -> bool:
    if a.get("paper_id") and a.get("paper_id") == b.get("paper_id"):
        return True
    ta, tb = title_key(a.get("title")), title_key(b.get("title"))
    if not ta or not tb:
        return False
    if ta != tb:
        if min(len(ta), len(tb)) < MIN_FUZZY:
            return False
        words_a, words_b = set(ta.split()), set(tb.split())
        if len(words_a & words_b) < 0.6 * len(words_a | words_b):
            return False  # cheap: most pairs of other papers stop here
        matcher = SequenceMatcher(None, ta, tb)
        if matcher.quick_ratio() < TITLE_RATIO or matcher.ratio() < TITLE_RATIO:
            return False
    sa, sb = _surname(a), _surname(b)
    return sa is None or sb is None or sa == sb


def distinct(items: list[dict], paper: dict) -> list[dict]:
    """The items, in order, without the paper itself and without repeats."""
    kept: list[dict] = []
    for item in items:
        if same_paper(item, paper) or any(same_paper(item, other) for other in kept):
            continue
        kept.append(item)
    return kept
