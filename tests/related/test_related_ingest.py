"""Ingest: arXiv-shaped JSON lines (gzip) into the Redis corpus, resumable and idempotent."""
from __future__ import annotations

import gzip
import json

import pytest

from server import related
from server.corpus import store as corpus
from server.corpus.ingest import ingest_file, source_name
from server.corpus.records import BadRecordError


def _arxiv_file(path, count: int):
    with gzip.open(path, "wt") as out:
        for n in range(count):
            out.write(json.dumps({
                "id": f"2503.{n:05d}", "title": f"Paper {n} on graph learning", "abstract": f"Abstract {n}.",
                "categories": ["cs.LG"], "authors": ["A. Author"], "comment": None, "date": "2025-03-17",
            }) + "\n")
    return path


def test_ingest_twice_changes_nothing(rredis, tmp_path):
    path = _arxiv_file(tmp_path / "papers.jsonl.gz", 7)
    first = ingest_file(rredis, path, batch_size=3, progress=False)
    assert first == {"lines": 7, "skipped_lines": 0, "added": 7}
    snapshot = corpus.ids_between(rredis, 0, 100)
    second = ingest_file(rredis, path, batch_size=3, progress=False, restart=True)
    assert second["added"] == 0
    assert corpus.ids_between(rredis, 0, 100) == snapshot
    stored = corpus.get_papers(rredis, ["arxiv:2503.00002"])[0]
    assert stored == {"paper_id": "arxiv:2503.00002", "title": "Paper 2 on graph learning",
                      "abstract": "Abstract 2.", "url": "https://arxiv.org/abs/2503.00002",
                      # what a reader judges a related item by is kept too
                      "authors": ["A. Author"], "categories": ["cs.LG"], "year": 2025}


def test_stopped_ingest_resumes_after_the_last_stored_batch(rredis, tmp_path, monkeypatch):
    path = _arxiv_file(tmp_path / "papers.jsonl.gz", 10)
    real_add, batches = related.add_to_corpus, []

    def stop_on_third_batch(redis, papers, embed=None):
        batches.append(len(papers))
        if len(batches) == 3:
            raise KeyboardInterrupt  # the user presses Ctrl-C mid-ingest
        return real_add(redis, papers, embed=embed)

    monkeypatch.setattr(related, "add_to_corpus", stop_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        ingest_file(rredis, path, batch_size=3, progress=False)
    assert corpus.size(rredis) == 6
    assert int(rredis.get(corpus.ingest_key(source_name(path)))) == 6

    monkeypatch.setattr(related, "add_to_corpus", real_add)
    resumed = ingest_file(rredis, path, batch_size=3, progress=False)
    assert resumed == {"lines": 10, "skipped_lines": 6, "added": 4}
    assert corpus.ids_between(rredis, 0, 100) == [f"arxiv:2503.{n:05d}" for n in range(10)]


def test_bad_line_is_named_and_earlier_batches_are_kept(rredis, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "2503.00001", "title": "Fine", "abstract": "x"}) + "\n"
                    + json.dumps({"id": "not an id", "title": "Broken", "abstract": "y"}) + "\n")
    with pytest.raises(BadRecordError, match=r"bad.jsonl, line 2: .*not an arXiv id"):
        ingest_file(rredis, path, batch_size=1, progress=False)
    assert corpus.size(rredis) == 1
