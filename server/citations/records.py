"""What every citation format needs from a saved item: names split, a year, the paper's ids.

An item is a list item as lists.with_papers() returns it: {paper_id, tags, note, read,
saved_at, paper: {title, authors, abstract, url, ids, version} | None}.
"""
from __future__ import annotations

import re
import unicodedata

from bibtexparser.middlewares.names import parse_single_name_into_parts

from server.identifiers import ARXIV_NEW

_NEW_ARXIV = re.compile(ARXIV_NEW)


def paper_of(item: dict) -> dict:
    return item.get("paper") or {}


def title_of(item: dict) -> str:
    return (paper_of(item).get("title") or "").strip() or item["paper_id"]


def arxiv_id(item: dict) -> str | None:
    scheme, _, value = item["paper_id"].partition(":")
    return value if scheme == "arxiv" else None


def doi(item: dict) -> str | None:
    scheme, _, value = item["paper_id"].partition(":")
    if scheme == "doi":
        return value
    return (paper_of(item).get("ids") or {}).get("doi")


def url(item: dict) -> str | None:
    arxiv = arxiv_id(item)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    if paper_of(item).get("url"):
        return paper_of(item)["url"]
    return f"https://doi.org/{doi(item)}" if doi(item) else None


def year(item: dict) -> int | None:
    """The year of the registry's record, else the year an arXiv id was issued (2401.01234 ->
    2024, math/0502036 -> 2005), but none for an id arXiv says it does not have: such an entry
    must not pass for a paper of that year."""
    paper = paper_of(item)
    if paper.get("year"):
        return int(paper["year"])
    arxiv = arxiv_id(item)
    if not arxiv or paper.get("verification") == "not_found":
        return None
    yy = int(arxiv[:2] if _NEW_ARXIV.fullmatch(arxiv) else arxiv.split("/")[1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


def split_name(name: str) -> dict:
    """{"family", "given"} by BibTeX's rules ("First von Last", "von Last, First")."""
    try:
        parts = parse_single_name_into_parts(name.strip(), strict=False)
    except Exception:  # a name BibTeX's grammar rejects (stray commas): keep it whole
        return {"family": name.strip(), "given": ""}
    family = " ".join(parts.von + parts.last + parts.jr) or name.strip()
    return {"family": family, "given": " ".join(parts.first)}


def authors(item: dict) -> list[str]:
    return [a.strip() for a in paper_of(item).get("authors") or [] if a and a.strip()]


def citation_key(item: dict, taken: set[str]) -> str:
    """author-year-word keys like Zotero's (`vaswani2017attention`), made unique with a suffix."""
    names = authors(item)
    family = _ascii_word(split_name(names[0])["family"]) if names else ""
    words = [_ascii_word(w) for w in title_of(item).split()]
    word = next((w for w in words if len(w) > 3), "")
    base = f"{family[:24]}{year(item) or ''}{word[:24]}" or _ascii_word(item["paper_id"])[:48] or "paper"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}{chr(ord('a') + n - 2) if n <= 27 else n}"
    taken.add(key)
    return key


def _ascii_word(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())
