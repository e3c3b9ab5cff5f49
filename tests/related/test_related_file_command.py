"""`related-file` and `ingest` as a user runs them: real files in, JSON lines or errors out."""
from __future__ import annotations

import json

from server.cli import build_parser


def _run(argv: list[str]) -> int:
    args = build_parser(argv).parse_args(argv)
    return args.handler(args) or 0


def _write_lines(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_related_file_ranks_candidates_and_whole_corpus(tmp_path, papers, model, capsys):
    corpus = _write_lines(tmp_path / "corpus.jsonl", [
        {"id": p["paper_id"], "title": p["title"], "abstract": p["abstract"]} for p in papers[:5]
    ] + [{"id": "plain-text", "text": papers[5]["title"] + " " + papers[5]["abstract"]}])
    queries = _write_lines(tmp_path / "queries.jsonl", [
        {"id": "arxiv:2401.00004", "candidates": ["arxiv:2401.00001", "arxiv:2401.00005", "plain-text"]},
        {"id": "arxiv:2401.00001"},
    ])
    out = tmp_path / "out.jsonl"
    assert _run(["related-file", "--corpus", str(corpus), "--queries", str(queries), "--out", str(out),
                 "--limit", "3", "--cache-dir", str(tmp_path / "cache")]) == 0
    first, second = [json.loads(line) for line in out.read_text().splitlines()]
    assert first == {"id": "arxiv:2401.00004", "ranked": first["ranked"]}
    assert first["ranked"][0] == "arxiv:2401.00005" and len(first["ranked"]) == 3
    assert second["id"] == "arxiv:2401.00001" and len(second["ranked"]) == 3
    assert "arxiv:2401.00001" not in second["ranked"]
    assert second["ranked"][0] in {"arxiv:2401.00002", "arxiv:2401.00003"}


def test_related_file_names_the_bad_line(tmp_path, papers, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "graph networks"}) + "\n{not json\n")
    assert _run(["related-file", "--corpus", str(corpus), "--queries", str(corpus),
                 "--out", str(tmp_path / "o.jsonl")]) == 2
    assert f"{corpus}, line 2: not JSON" in capsys.readouterr().out


def test_related_file_rejects_unknown_query_ids(tmp_path, papers, model, capsys):
    corpus = _write_lines(tmp_path / "corpus.jsonl", [{"id": "a", "text": "graph neural networks"},
                                                      {"id": "b", "text": "speech recognition"}])
    queries = _write_lines(tmp_path / "queries.jsonl", [{"id": "a"}, {"id": "zzz"}])
    assert _run(["related-file", "--corpus", str(corpus), "--queries", str(queries),
                 "--out", str(tmp_path / "o.jsonl"), "--cache-dir", str(tmp_path / "cache")]) == 2
    assert f"{queries}, line 2: id(s) not in the corpus: zzz" in capsys.readouterr().out


def test_related_file_items_read_as_the_popup_shows_them(tmp_path, papers, model, capsys):
    # the same paper twice (an arXiv id and a DOI): the query's other copy is never an item
    rows = [{"id": p["paper_id"], "title": p["title"], "abstract": p["abstract"], "authors": ["A. Author", "B. Author"],
             "date": "2025-03-14", "categories": ["cs.CL"]} for p in papers[:5]]
    rows.append({**rows[0], "id": "doi:10.1234/copy"})
    corpus = _write_lines(tmp_path / "corpus.jsonl", rows)
    queries = _write_lines(tmp_path / "queries.jsonl", [{"id": "arxiv:2401.00001"}])
    out = tmp_path / "out.jsonl"
    assert _run(["related-file", "--corpus", str(corpus), "--queries", str(queries), "--out", str(out),
                 "--items", "--cache-dir", str(tmp_path / "cache")]) == 0
    (listing,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert listing["id"] == "arxiv:2401.00001" and listing["title"] == papers[0]["title"]
    ids = [item["paper_id"] for item in listing["items"]]
    assert ids and "doi:10.1234/copy" not in ids and "arxiv:2401.00001" not in ids
    first = listing["items"][0]
    assert first["year"] == 2025 and first["venue"] == "cs.CL" and first["authors"] == ["A. Author", "B. Author"]
    assert first["relevance"] in {"very close", "close", "related"} and isinstance(first["why"], list)


def test_related_file_items_refuses_candidates(tmp_path, papers, model, capsys):
    corpus = _write_lines(tmp_path / "corpus.jsonl", [{"id": "a", "text": "graph neural networks"},
                                                      {"id": "b", "text": "graph neural networks for speech"}])
    queries = _write_lines(tmp_path / "queries.jsonl", [{"id": "a", "candidates": ["b"]}])
    assert _run(["related-file", "--corpus", str(corpus), "--queries", str(queries), "--items",
                 "--out", str(tmp_path / "o.jsonl"), "--cache-dir", str(tmp_path / "cache")]) == 2
    assert "--items lists related papers of the whole corpus" in capsys.readouterr().out
