"""Exports open in independent readers: BibTeX in bibtexparser and pybtex, RIS in rispy,
CSL-JSON in citeproc-py, which renders a bibliography from it."""
import json

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string as pybtex_parse

from server.citations import EXPORTERS

NASTY = "Braces } { unbalanced, 100% & $x_1^2$ \\cmd # ~ \"quotes\" @misc{x, café naïve 東京\nnew line"
ITEMS = [
    {"paper_id": "arxiv:1706.03762", "tags": ["nlp", "to read"], "note": "see §3 & 50%", "read": False,
     "saved_at": 1.0, "paper": {"title": "Attention Is All You Need", "authors": ["Ashish Vaswani",
                                 "Noam Shazeer", "Ludwig van Beethoven"], "abstract": "The Transformer."}},
    {"paper_id": "doi:10.1101/2024.01.02.573921", "tags": [NASTY], "note": NASTY, "read": True, "saved_at": 2.0,
     "paper": {"title": NASTY, "authors": [NASTY, "Smith and Jones Ltd"], "abstract": NASTY,
               "url": "https://www.biorxiv.org/content/10.1101/2024.01.02.573921v1?x={y}"}},
    {"paper_id": "arxiv:math/0502036", "tags": [], "note": "", "read": False, "saved_at": 3.0, "paper": None},
    {"paper_id": "url:0123456789abcdef", "tags": [], "note": "", "read": False, "saved_at": 4.0,
     "paper": {"title": "Vaswani attention", "authors": ["Ashish Vaswani"], "url": "https://example.org/p"}},
]


def test_bibtex_export_parses_in_bibtexparser_and_pybtex():
    text = EXPORTERS["bibtex"].write(ITEMS, "default")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(ITEMS)
    first = library.entries[0]
    assert first.key == "vaswani2017attention"
    assert first["eprint"] == "1706.03762" and first["archiveprefix"] == "arXiv" and first["year"] == "2017"
    assert first["keywords"] == "nlp, to read"

    database = pybtex_parse(text, "bibtex")
    assert len(database.entries) == len(ITEMS)
    vaswani = database.entries["vaswani2017attention"]
    assert [str(p) for p in vaswani.persons["author"]] == ["Vaswani, Ashish", "Shazeer, Noam",
                                                          "van Beethoven, Ludwig"]
    nasty = next(e for key, e in database.entries.items() if e.fields.get("doi"))
    assert len(nasty.persons["author"]) == 2  # "Smith and Jones Ltd" stays one author
    assert nasty.fields["doi"] == "10.1101/2024.01.02.573921"
    assert "}" not in nasty.fields["url"]
    assert database.entries[list(database.entries)[2]].fields["year"] == "2005"


def test_bibtex_export_round_trips_through_import():
    from server.citations import bibtex
    entries, errors = bibtex.read(EXPORTERS["bibtex"].write(ITEMS, "default"))
    assert errors == []
    assert [paper_id for _, paper_id, _ in entries] == [item["paper_id"] for item in ITEMS[:3]] + [
        "url:" + entries[3][1].split(":")[1]]
    item = entries[0][2]
    assert item["tags"] == ["nlp", "to read"] and item["note"] == "see §3 & 50%"
    assert item["paper"]["authors"][0] == "Vaswani, Ashish" or item["paper"]["authors"][0] == "Ashish Vaswani"
    assert "café naïve" in entries[1][2]["paper"]["title"]


def test_ris_export_reads_back_in_rispy():
    text = EXPORTERS["ris"].write(ITEMS, "default")
    references = rispy.loads(text)
    assert len(references) == len(ITEMS)
    first = references[0]
    assert first["type_of_reference"] == "UNPB" and first["title"] == "Attention Is All You Need"
    assert first["authors"] == ["Vaswani, Ashish", "Shazeer, Noam", "van Beethoven, Ludwig"]
    assert first["year"] == "2017" and first["keywords"] == ["nlp", "to read"]
    assert first["urls"] == ["https://arxiv.org/abs/1706.03762"]
    assert references[1]["type_of_reference"] == "JOUR" and references[1]["doi"] == "10.1101/2024.01.02.573921"
    assert "\n" not in references[1]["title"]


def test_csl_json_export_renders_in_citeproc():
    records = json.loads(EXPORTERS["csljson"].write(ITEMS, "default"))
    first = records[0]
    assert first["type"] == "article" and first["number"] == "arXiv:1706.03762" and first["publisher"] == "arXiv"
    assert first["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert first["issued"] == {"date-parts": [[2017]]} and first["DOI"] == "10.48550/arXiv.1706.03762"
    source = CiteProcJSON(records)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for record in records:
        bibliography.register(Citation([CitationItem(record["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(ITEMS)
    assert any("Vaswani" in line and "Attention Is All You Need" in line for line in rendered)


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson", "json"])
def test_an_empty_list_exports_an_empty_file_that_still_parses(fmt):
    text = EXPORTERS[fmt].write([], "default")
    if fmt in ("json", "csljson"):
        json.loads(text)
    elif fmt == "bibtex":
        assert bibtexparser.parse_string(text).entries == []
    else:
        assert rispy.loads(text) == []


def test_bibtex_import_keeps_as_is_only_values_latex_would_not_change():
    """The import skips pylatexenc for values with nothing to decode (it takes about 4 ms an
    abstract); for every value it skips, pylatexenc would have returned the value unchanged."""
    from bibtexparser.middlewares import LatexDecodingMiddleware

    from server.citations.bibtex import NOTHING_TO_DECODE
    from tests.support.corpus import arxiv_papers

    decoder = LatexDecodingMiddleware()._decoder
    tricky = ["a\nb", "a\n\nb", "a  b", "\ta ", "x#y^z_w [a] (b) <c>", "it's", "state-of-the-art", "a - b -",
              "'", "a'b'", "Q? !", "http://x.org/a?b=c#d", "10.1101/2024.01.02", "café 東京", "a\r\nb", "@misc"]
    values = tricky + [value for paper in arxiv_papers(300, skip=1200)
                       for value in (paper["title"], paper["abstract"], *paper["authors"])]
    kept = [value for value in values if NOTHING_TO_DECODE.fullmatch(value)]
    assert len(kept) > 0.8 * len(values)
    assert [value for value in kept if decoder.latex_to_text(value) != value] == []
    for latex in ["a -- b", "``q''", "50\\%", "{B}races", "$x$", "~", "a & b", "!`", "\\'e", "% comment"]:
        assert not NOTHING_TO_DECODE.fullmatch(latex), latex
