"""BibTeX out and in, with bibtexparser 2.

Out: one @misc per paper (no journal is known, and @misc requires none), text fields encoded
to LaTeX by pylatexenc so that `&`, `%`, `_` or accents survive LaTeX, braces in the text
turned into {\\textbraceleft}/{\\textbraceright} so that every value's braces balance, the
user's tags as `keywords`, note as `annote` (its line breaks kept) and read flag as JabRef's
`readstatus = {read}`, the DOI (arXiv's own for arXiv papers) as `doi`. In: every entry the
parser can read becomes a paper id plus metadata, LaTeX decoded back to text (those two macros
to braces again) except in url, doi and eprint, which are verbatim; an entry that names no
paper, or a block that does not parse, is reported. Known loss: a tag holding a comma or a
semicolon comes back as two, since `keywords` is a comma-separated list.
"""
from __future__ import annotations

import re

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from server.citations import latex, records
from server.errors import InvalidPaperIdError


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
        "annote": "\n".join(_latex(line) for line in (item.get("note") or "").strip().splitlines()),
        "readstatus": "read" if item.get("read") else "",
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


# Characters LaTeX has no name for (東京) stay UTF-8, which biber and bibtex8 read. BibTeX counts
# every brace, escaped or not, so braces become macros and only brace pairs remain; `"` and `^`
# become macros that read back as themselves (pylatexenc writes '' and \\^{}, read back as ” and ˆ).
_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, {
        ord("{"): r"{\textbraceleft}", ord("}"): r"{\textbraceright}",
        ord('"'): r"{\textquotedbl}", ord("^"): r"{\textasciicircum}"}), "defaults"],
    non_ascii_only=False, unknown_char_policy="keep", unknown_char_warning=False)
# Pairs that LaTeX reads as one character (-- as –, '' as ”, `` as “, !` as ¡): kept apart by {}.
_LIGATURE = re.compile(r"([-'`])(?=\1)|([!?])(?=`)")


def _latex(text: str) -> str:
    return _LIGATURE.sub(lambda m: m.group() + "{}", _ENCODER.unicode_to_latex(" ".join(text.split())))


def _verbatim(value: str) -> str:
    # Addresses and ids stay as they are (no LaTeX escapes in a URL), minus braces and spaces.
    return value.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _protect_and(name: str) -> str:
    # An "and" inside one name would split it in two; braces keep it whole.
    return f"{{{name}}}" if " and " in f" {name.lower()} " else name


# Addresses and ids are written as they are: `%` in a URL is no LaTeX comment.
VERBATIM_FIELDS = {"url", "doi", "eprint", "archiveprefix", "eprinttype"}


class QuickLatexDecoding(LatexDecodingMiddleware):
    """LatexDecodingMiddleware through latex.to_text (pylatexenc's text, fast), skipping the
    verbatim fields, and decoding each name of a list SeparateCoAuthors made: names are split
    first, since a decoded name may hold a brace that would hide the next " and "."""

    def __init__(self):
        super().__init__(decoder=latex.DECODER)

    def transform_entry(self, entry: Entry, library: Library):
        every = entry.fields
        for field in every:
            if isinstance(field.value, list):
                field.value = [self._transform_python_value_string(name)[0] for name in field.value]
        entry.fields = [field for field in every if field.key.lower() not in VERBATIM_FIELDS]
        try:
            return super().transform_entry(entry, library)  # decodes the text fields in place
        finally:
            entry.fields = every

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        try:
            return latex.to_text(python_string), ""
        except Exception as error:  # as bibtexparser's own: the entry is reported, not the file
            return python_string, str(error)


def read(content: str) -> tuple[list[tuple[str, str, dict]], list[dict]]:
    """([(entry key, paper id, item)], [{"entry", "message"}]) from a BibTeX file's text."""
    library = bibtexparser.parse_string(content, append_middleware=[SeparateCoAuthors(), QuickLatexDecoding()])
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
    return records.first_paper_id(entry.key, "it has no eprint, doi or url",
                                  arxiv=values.get("eprint", "") if prefix == "arxiv" else "",
                                  doi=values.get("doi", ""), url=values.get("url", ""))


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
        item["note"] = "\n".join(_plain(line) for line in str(values["annote"]).strip().splitlines())
    if values.get("readstatus"):
        item["read"] = _plain(values["readstatus"]).lower() == "read"  # JabRef's other value: skimmed
    return item


def _plain(value) -> str:
    """A field's text on one line. Its grouping braces went with the LaTeX decoding; a brace
    left is one the text holds."""
    if value is None:
        return ""
    return " ".join(str(value).split())


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
