"""Exports open in independent readers: BibTeX in bibtexparser and pybtex, RIS in rispy,
CSL-JSON in citeproc-py, which renders a bibliography from it."""
import json
import re

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
    nasty = next(e for e in database.entries.values() if e.fields.get("doi") == "10.1101/2024.01.02.573921")
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


# citeproc-py renders without CSL-JSON 1.0.2's `custom` (the read flag) and says so.
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported. custom")
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

    from server.citations.latex import NOTHING_TO_DECODE
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


# Round trips: each format's export read back (by PaperGist's own importer where it has one,
# by the format's reader otherwise) holds what the user saved.
BRACES = "a{b} }{ {\\textbf{x}} 50% & $y$ ~ #"
ROUND_TRIP = ITEMS + [
    {"paper_id": "arxiv:2401.01234", "tags": ["a{b}", "{c}"], "note": "first {line}\n\n  second\tline  ", "read": True,
     "saved_at": 5.0, "paper": {"title": f"Title with {BRACES}", "authors": ["Ada {Lovelace}"], "abstract": BRACES}},
]


def _one_line(text):
    return " ".join(text.split())


def test_bibtex_round_trip_keeps_braces_notes_tags_and_the_read_flag():
    from server.citations import bibtex
    entries, errors = bibtex.read(EXPORTERS["bibtex"].write(ROUND_TRIP, "default"))
    assert errors == []
    for (_, paper_id, item), original in zip(entries, ROUND_TRIP):
        if not original["paper_id"].startswith("url:"):
            assert paper_id == original["paper_id"]
        paper = original["paper"] or {}
        assert item.get("tags", []) == _tags_read_back("bibtex", original["tags"]), paper_id
        assert item.get("note", "") == "\n".join(_one_line(line) for line in original["note"].strip().splitlines())
        assert item.get("read", False) is original["read"]
        if paper:
            assert item["paper"]["title"] == _one_line(paper["title"])
            assert item["paper"].get("abstract", "") == _one_line(paper.get("abstract", ""))
            assert [_one_line(a) for a in item["paper"]["authors"]] == [_one_line(a) for a in paper["authors"]]
    braces = entries[-1][2]
    assert braces["tags"] == ["a{b}", "{c}"] and braces["note"] == "first {line}\n\nsecond line"
    assert braces["paper"]["title"] == f"Title with {BRACES}" and braces["paper"]["authors"] == ["Ada {Lovelace}"]


def test_bibtex_keeps_addresses_verbatim():
    from server.citations import bibtex
    item = {"paper_id": "url:0123456789abcdef", "tags": [], "note": "", "read": False,
            "paper": {"title": "Web", "url": "https://example.org/a%20b?q=50%25&x=~y#z"}}
    [(_, _, read)], errors = bibtex.read(EXPORTERS["bibtex"].write([item], "default"))
    assert errors == [] and read["paper"]["url"] == item["paper"]["url"]


def test_json_round_trip_is_exact():
    from server.citations import papergist_json
    entries, errors = papergist_json.read(EXPORTERS["json"].write(ROUND_TRIP, "default"))
    assert errors == []
    assert [paper_id for _, paper_id, _ in entries] == [item["paper_id"] for item in ROUND_TRIP]
    for (_, _, item), original in zip(entries, ROUND_TRIP):
        assert item == {key: value for key, value in original.items() if key != "paper_id" and value is not None}


def test_ris_round_trip_through_rispy_keeps_tags_notes_doi_and_the_read_flag():
    from server.citations import ris
    references = rispy.loads(EXPORTERS["ris"].write(ROUND_TRIP, "default"), mapping=ris.MAPPING)
    assert len(references) == len(ROUND_TRIP)
    for reference, original in zip(references, ROUND_TRIP):
        assert reference.get("keywords", []) == [_one_line(tag) for tag in original["tags"]]
        assert reference.get("notes", []) == ([_one_line(original["note"])] if original["note"] else [])
        assert reference["user_definable_1"] == ("read" if original["read"] else "unread")
    assert references[0]["doi"] == "10.48550/arXiv.1706.03762" and references[2]["doi"] == "10.48550/arXiv.math/0502036"
    assert references[-1]["title"] == f"Title with {BRACES}"


def test_csl_json_round_trip_keeps_tags_notes_doi_and_the_read_flag():
    records = json.loads(EXPORTERS["csljson"].write(ROUND_TRIP, "default"))
    for record, original in zip(records, ROUND_TRIP):
        assert record["custom"] == {"read": original["read"]}
        assert record.get("keyword", "") == ", ".join(original["tags"])
        assert record.get("annote", "") == original["note"]
    assert [r.get("DOI") for r in records] == ["10.48550/arXiv.1706.03762", "10.1101/2024.01.02.573921",
                                              "10.48550/arXiv.math/0502036", None, "10.48550/arXiv.2401.01234"]


def test_every_format_carries_the_doi_of_an_arxiv_paper():
    arxiv = [ITEMS[0]]
    assert bibtexparser.parse_string(EXPORTERS["bibtex"].write(arxiv, "d")).entries[0]["doi"] == "10.48550/arXiv.1706.03762"
    assert rispy.loads(EXPORTERS["ris"].write(arxiv, "d"))[0]["doi"] == "10.48550/arXiv.1706.03762"
    assert json.loads(EXPORTERS["csljson"].write(arxiv, "d"))[0]["DOI"] == "10.48550/arXiv.1706.03762"


def test_citation_keys_have_one_style_and_are_unique_within_an_export():
    no_author = {"paper_id": "arxiv:2401.99999", "tags": [], "note": "", "read": False, "paper": None}
    no_year = {"paper_id": "doi:10.1234/wino", "tags": [], "note": "", "read": False,
               "paper": {"title": "WinoGrande: An Adversarial Winograd Schema Challenge"}}
    dated_doi = {"paper_id": "doi:10.1101/2025.03.04.123456", "tags": [], "note": "", "read": False,
                 "paper": {"title": "Meta-rater: A Multi-dimensional Data Selection Method", "authors": ["Xinlin Zhuang"]}}
    same = [{**ITEMS[0], "paper_id": f"arxiv:1706.0376{n}"} for n in range(3)]
    items = [no_author, no_year, dated_doi, *same]
    keys = [entry.key for entry in bibtexparser.parse_string(EXPORTERS["bibtex"].write(items, "d")).entries]
    assert keys == ["anon2024untitled", "anonndwinogrande", "zhuang2025meta", "vaswani2017attention",
                    "vaswani2017attentiona", "vaswani2017attentionb"]
    assert [record["id"] for record in json.loads(EXPORTERS["csljson"].write(items, "d"))] == keys

    from server.citations.records import citation_key
    taken = set()
    many = [citation_key(ITEMS[0], taken) for _ in range(30)]
    assert len(set(many)) == 30 and many[26:28] == ["vaswani2017attentionz", "vaswani2017attentionaa"]
    assert all(re.fullmatch(r"[a-z]+([0-9]{4}|nd)[a-z0-9]+", key) for key in keys + many)


def _tags_read_back(fmt, tags):
    """BibTeX's keywords and CSL's keyword are one comma-separated string (BibTeX readers split at
    semicolons too), and RIS and BibTeX values are one line: a tag holding those comes back changed."""
    if fmt == "json":
        return tags
    if fmt == "ris":
        return [_one_line(tag) for tag in tags]
    separator, text = ("[,;]", _one_line) if fmt == "bibtex" else (",", str)
    return [part.strip() for tag in tags for part in re.split(separator, text(tag)) if part.strip()]


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson", "json"])
def test_every_export_imports_back_with_ids_tags_notes_and_read_flags(fmt):
    from server.citations import READERS
    entries, errors = READERS[fmt](EXPORTERS[fmt].write(ROUND_TRIP, "default"))
    assert errors == []
    assert [paper_id for _, paper_id, _ in entries][:3] == [item["paper_id"] for item in ROUND_TRIP[:3]]
    for (_, _, item), original in zip(entries, ROUND_TRIP):
        assert item.get("read", False) is original["read"], fmt
        assert item.get("tags", []) == _tags_read_back(fmt, original["tags"]), fmt
        note = original["note"]
        expected = {"ris": _one_line(note), "bibtex": "\n".join(_one_line(line) for line in note.strip().splitlines())}
        assert item.get("note", "") == expected.get(fmt, note), fmt
        if original["paper"]:
            assert _one_line(item["paper"]["title"]) == _one_line(original["paper"]["title"]), fmt
            assert len(item["paper"].get("authors", [])) == len(original["paper"].get("authors", [])), fmt


def test_ris_and_csl_json_imports_report_what_they_cannot_read():
    from server.citations import csljson, ris
    entries, errors = ris.read("TY  - JOUR\nTI  - No id\nER  - \nTY  - JOUR\nDO  - 10.1234/ok\nER  - \n"
                               "TY  - JOUR\nTI  - never ended\n")
    assert [paper_id for _, paper_id, _ in entries] == ["doi:10.1234/ok"]
    assert errors[0] == {"entry": "record 1", "message": "entry 'record 1' names no paper: it has no DO or UR"}
    assert errors[1]["entry"] == "file" and "3 records begin with a TY line but 2" in errors[1]["message"]
    assert ris.read("not RIS at all")[1][0]["entry"] == "file"

    entries, errors = csljson.read(json.dumps([{"id": "a", "DOI": "10.1234/x"}, {"id": "b"}, 7,
                                               {"id": "c", "number": "arXiv:1706.03762", "author": [{"x": 1}]}]))
    assert [paper_id for _, paper_id, _ in entries] == ["doi:10.1234/x", "arxiv:1706.03762"]
    assert [error["entry"] for error in errors] == ["record b", "item 2"]
    assert csljson.read("[" * 100 + "]" * 100)[1][0]["message"].startswith("the file cannot be read: the JSON nests")
    assert csljson.read('{"a": 1}')[1] == [{"entry": "file", "message": "expected a JSON array of CSL-JSON records"}]
