"""BibTeX out and in, with bibtexparser 2.

Out: one @misc per paper (no journal is known, and @misc requires none), text fields encoded
to LaTeX by pylatexenc so that `&`, `%`, `_` or accents survive LaTeX, braces in the text
turned into \\textbraceleft/right so that every value's braces balance, the user's tags as
`keywords` and note as `annote`. In: every entry the parser can read becomes a paper id plus
metadata; an entry that names no paper, or a block that does not parse, is reported.
"""
from __future__ import annotations

import re

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import unicode_to_latex

from server.citations import records
from server.errors import InvalidPaperIdError
from server.identifiers import from_url, parse_id


def write(items: list[dict], list_name: str) -> str:
    library, keys = Library(), set()
    for item in items:
        library.add(Entry("misc", records.citation_key(item, keys), _fields(item)))
    return bibtexparser.write_string(library)


def _fields(item: dict) -> list[Field]:
    paper = records.paper_of(item)
    text = {
        "title": _latex(records.title_of(item)),
        "author": " and ".join(_protect_and(_latex(a)) for a in records.authors(item)),
        "abstract": _latex(paper.get("abstract") or ""),
        "keywords": _latex(", ".join(item.get("tags") or [])),
        "annote": _latex(item.get("note") or ""),
    }
    fields = [Field(name, value) for name, value in text.items() if value]
    verbatim = {
        "year": str(records.year(item) or ""),
        "eprint": records.arxiv_id(item) or "",
        "archiveprefix": "arXiv" if records.arxiv_id(item) else "",
        "doi": records.doi(item) or "",
        "url": records.url(item) or "",
    }
    fields += [Field(name, _verbatim(value)) for name, value in verbatim.items() if value]
    return fields


def _latex(text: str) -> str:
    # Characters LaTeX has no name for (東京) stay UTF-8, which biber and bibtex8 read.
    encoded = unicode_to_latex(" ".join(text.split()), non_ascii_only=False,
                               unknown_char_policy="keep", unknown_char_warning=False)
    # BibTeX counts every brace, escaped or not: only brace pairs may remain.
    return encoded.replace("\\{", "{\\textbraceleft}").replace("\\}", "{\\textbraceright}")


def _verbatim(value: str) -> str:
    # Addresses and ids stay as they are (no LaTeX escapes in a URL), minus braces and spaces.
    return value.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _protect_and(name: str) -> str:
    # An "and" inside one name would split it in two; braces keep it whole.
    return f"{{{name}}}" if " and " in f" {name.lower()} " else name


# pylatexenc reads a value one token per character, about 4 ms for an abstract: 50 s for the
# export of a full list. A value with nothing LaTeX would change is kept as it is: no character
# that starts a macro, group, math or comment, none of pylatexenc's specials (~ & -- '' `` !` ?`).
NOTHING_TO_DECODE = re.compile(r"(?:[^\\{}$%~&`'-]|'(?!')|-(?!-))*")


class QuickLatexDecoding(LatexDecodingMiddleware):
    """LatexDecodingMiddleware that skips values with nothing to decode (most of a real file)."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if NOTHING_TO_DECODE.fullmatch(python_string):
            return python_string, ""
        return super()._transform_python_value_string(python_string)


def read(content: str) -> tuple[list[tuple[str, str, dict]], list[dict]]:
    """([(entry key, paper id, item)], [{"entry", "message"}]) from a BibTeX file's text."""
    library = bibtexparser.parse_string(content, append_middleware=[QuickLatexDecoding(),
                                                                     SeparateCoAuthors()])
    entries, errors = [], []
    for block in library.failed_blocks:
        errors.append({"entry": _label(block), "message": _failure(block)})
    for entry in library.entries:
        try:
            entries.append((entry.key, _paper_id(entry), _item(entry)))
        except InvalidPaperIdError as error:
            errors.append({"entry": entry.key, "message": error.message})
    return entries, errors


def _paper_id(entry: Entry) -> str:
    """The first of eprint (arXiv), doi and url that names a paper."""
    values = {f.key.lower(): _plain(f.value) for f in entry.fields}
    prefix = (values.get("archiveprefix") or values.get("eprinttype") or "arxiv").lower()
    candidates = [lambda: parse_id(f"arxiv:{values['eprint']}") if values.get("eprint") and prefix == "arxiv" else None,
                  lambda: parse_id(f"doi:{values['doi']}") if values.get("doi") else None,
                  lambda: from_url(values["url"]) if values.get("url") else None]
    reasons = []
    for candidate in candidates:
        try:
            ref = candidate()
        except InvalidPaperIdError as error:
            reasons.append(error.message)
            continue
        if ref:
            return ref.paper_id
    why = "; ".join(reasons) or "it has no eprint, doi or url"
    raise InvalidPaperIdError(f"entry {entry.key!r} names no paper: {why}")


def _item(entry: Entry) -> dict:
    values = {f.key.lower(): f.value for f in entry.fields}
    paper = {"title": _plain(values.get("title")), "abstract": _plain(values.get("abstract")),
             "url": _plain(values.get("url"))}
    authors = values.get("author")
    if authors:
        paper["authors"] = [_plain(a) for a in (authors if isinstance(authors, list) else [authors])]
    item = {"paper": {k: v for k, v in paper.items() if v}}
    keywords = _plain(values.get("keywords"))
    if keywords:
        item["tags"] = [t.strip() for t in keywords.replace(";", ",").split(",") if t.strip()]
    if values.get("annote"):
        item["note"] = _plain(values["annote"])
    return item


def _plain(value) -> str:
    """A field's text without the braces BibTeX uses for grouping and case protection."""
    if value is None:
        return ""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _label(block) -> str:
    key = getattr(block, "key", None) or getattr(getattr(block, "ignore_error_block", None), "key", None)
    if key:
        return str(key)
    return f"line {block.start_line + 1}" if block.start_line is not None else "unknown entry"


def _failure(block) -> str:
    error = getattr(block, "error", None)
    name = type(block).__name__
    if name == "DuplicateBlockKeyBlock":
        return f"the key {block.key!r} is used by an earlier entry too; this one was not imported"
    return f"this entry could not be parsed as BibTeX ({error or name})"
