"""What every citation format needs from a saved item: names split, a year, the paper's ids;
and, for the importers, the paper an entry names.

An item is a list item as lists.with_papers() returns it: {paper_id, tags, note, read,
saved_at, paper: {title, authors, abstract, url, ids, version} | None}.
"""
from __future__ import annotations

import re
import unicodedata

from bibtexparser.middlewares.names import parse_single_name_into_parts

from server import bounded_json
from server.errors import InvalidPaperIdError
from server.identifiers import ARXIV_NEW, from_url, parse_id

_NEW_ARXIV = re.compile(ARXIV_NEW)
_RXIV_DATE = re.compile(r"doi:10\.1101/((?:19|20)[0-9]{2})\.[0-9]{2}\.[0-9]{2}\.")
# Title words a citation key skips, as Zotero and Better BibTeX do.
_SKIPPED_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "from", "with", "by", "at",
                  "as", "is", "are", "towards", "toward", "via", "into", "what", "how", "why", "when", "do",
                  "does", "can", "we", "our"}


def json_file(content: str) -> tuple[object, list[dict]]:
    """An imported JSON file's document (read within server/bounded_json.py's limits), or None
    and the import error that says why it cannot be read."""
    try:
        return bounded_json.loads(content), []
    except bounded_json.JsonLimitError as error:
        return None, [{"entry": "file", "message": f"the file cannot be read: {error.message}"}]
    except ValueError as error:
        return None, [{"entry": "file", "message": f"the file is not JSON: {error}"}]


def first_paper_id(label: str, missing: str, *, arxiv: str = "", doi: str = "", url: str = "") -> str:
    """The canonical id of the first of an imported entry's arXiv id, DOI and address that
    names a paper; InvalidPaperIdError saying why none does (`missing`: none was there)."""
    reasons = []
    for parse, value in ((lambda v: parse_id(f"arxiv:{v}"), arxiv), (lambda v: parse_id(f"doi:{v}"), doi),
                         (from_url, url)):
        if value:
            try:
                return parse(value).paper_id
            except InvalidPaperIdError as error:
                reasons.append(error.message)
    raise InvalidPaperIdError(f"entry {label!r} names no paper: {'; '.join(reasons) or missing}")


def paper_of(item: dict) -> dict:
    return item.get("paper") or {}


def title_of(item: dict) -> str:
    return (paper_of(item).get("title") or "").strip() or item["paper_id"]


def arxiv_id(item: dict) -> str | None:
    scheme, _, value = item["paper_id"].partition(":")
    return value if scheme == "arxiv" else None


def doi(item: dict) -> str | None:
    """The paper's DOI; for an arXiv paper without one of its own, the DOI arXiv registers with
    DataCite for every paper (10.48550/arXiv.<id>), which Zotero and doi.org resolve."""
    scheme, _, value = item["paper_id"].partition(":")
    if scheme == "doi":
        return value
    own = (paper_of(item).get("ids") or {}).get("doi")
    return own or (f"10.48550/arXiv.{value}" if scheme == "arxiv" else None)


def url(item: dict) -> str | None:
    arxiv = arxiv_id(item)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    if paper_of(item).get("url"):
        return paper_of(item)["url"]
    return f"https://doi.org/{doi(item)}" if doi(item) else None


def year(item: dict) -> int | None:
    """The year of the registry's record, else the year an arXiv id was issued (2401.01234 ->
    2024, math/0502036 -> 2005) or a bioRxiv or medRxiv DOI was posted (10.1101/2024.01.02.573921),
    but none for an id its registry says it does not have: such an entry must not pass for a
    paper of that year. Other ids carry no date."""
    paper = paper_of(item)
    if paper.get("year"):
        return int(paper["year"])
    if paper.get("verification") == "not_found":
        return None
    arxiv = arxiv_id(item)
    if arxiv:
        yy = int(arxiv[:2] if _NEW_ARXIV.fullmatch(arxiv) else arxiv.split("/")[1][:2])
        return 1900 + yy if yy >= 91 else 2000 + yy
    posted = _RXIV_DATE.match(item["paper_id"])
    return int(posted[1]) if posted else None


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
    """One style, Zotero's author-year-word (`vaswani2017attention`): the first author's family
    name, the year and the title's first word that is not a skipped word, in ASCII lower case;
    `anon`, `nd` (no date) and `untitled` stand in for what is not known. Unique within `taken`:
    a second `vaswani2017attention` is `vaswani2017attentiona`, then `…b`, … `…z`, `…aa`."""
    names = authors(item)
    family = _ascii_word(split_name(names[0])["family"]) if names else ""
    title = paper_of(item).get("title") or ""  # not title_of(): its stand-in is the paper id
    words = [_ascii_word(w) for w in title.replace("-", " ").split()]
    word = next((w for w in words if w and w not in _SKIPPED_WORDS), "")
    base = f"{family[:24] or 'anon'}{year(item) or 'nd'}{word[:24] or 'untitled'}"
    key, n = base, 0
    while key in taken:
        n += 1
        key = base + _letters(n)
    taken.add(key)
    return key


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: a suffix of letters only, so a key stays one word."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _ascii_word(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())
