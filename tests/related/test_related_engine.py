"""The related engine over a real Redis: ranking, self-exclusion, why, lexical-first search
before vectors exist, persistence across a process restart, sharing between workers."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

from server import related
from server.related import dense
from server.corpus import store as corpus
from server.corpus.backfill import fill_vectors
from server.related.engine import RelatedEngine


def _engine(**options) -> RelatedEngine:
    return RelatedEngine(**options)


def test_related_ranks_same_topic_first_and_never_the_paper_itself(rredis, papers, model):
    related.add_to_corpus(rredis, papers, embed=True)
    engine = _engine()
    engine.sync(rredis)
    ranked = [paper_id for paper_id, _ in engine.related(papers[0], limit=3)]
    assert papers[0]["paper_id"] not in ranked
    assert set(ranked[:2]) == {"arxiv:2401.00002", "arxiv:2401.00003"}


def test_find_related_items_carry_metadata_why_and_source(rredis, papers, model, monkeypatch):
    monkeypatch.setattr(related, "_engine", None)
    related.add_to_corpus(rredis, papers, embed=True)
    items = related.find_related(rredis, papers[3], limit=2)
    assert items[0]["paper_id"] == "arxiv:2401.00005"
    assert items[0]["title"] == "End-to-end automatic speech recognition"
    assert items[0]["url"] == "https://arxiv.org/abs/2401.00005"
    assert items[0]["source"] == "local"
    assert "speech recognition" in items[0]["why"]
    assert all(isinstance(item["score"], float) for item in items)


def test_find_related_leaves_out_papers_less_similar_than_the_corpus_average(rredis, papers, model, monkeypatch):
    monkeypatch.setattr(related, "_engine", None)
    related.add_to_corpus(rredis, papers, embed=True)
    items = related.find_related(rredis, papers[0], limit=9)  # every other paper, were none left out
    ids = [item["paper_id"] for item in items]
    assert set(ids[:2]) == {"arxiv:2401.00002", "arxiv:2401.00003"}
    assert "arxiv:2401.00010" not in ids  # query optimization in databases: nothing to do with molecules
    assert 2 <= len(items) < 9
    assert all(item["relevance"] in {"very close", "close", "related"} for item in items)


def test_paper_without_vector_is_found_by_its_lexical_score_at_once(rredis, papers, model):
    related.add_to_corpus(rredis, papers[:5], embed=True)
    newcomer = {"paper_id": "arxiv:2401.00099", "title": "Speech recognition with CTC transformers",
                "abstract": "Transformer encoder speech recognition trained with CTC loss on audio."}
    related.add_to_corpus(rredis, [newcomer], embed=False)
    assert corpus.embedded_count(rredis, dense.MODEL_NAME) == 5
    engine = _engine()
    engine.sync(rredis)
    ranked = [paper_id for paper_id, _ in engine.related(papers[3], limit=2)]
    assert ranked[0] == "arxiv:2401.00099"
    assert fill_vectors(rredis, progress=False) == 1
    assert engine.sync(rredis) == 0 and engine.index.dense.present.all()


def test_index_survives_a_restart_without_reembedding(rredis, papers, model):
    related.add_to_corpus(rredis, papers, embed=True)
    before = _engine()
    before.sync(rredis)
    expected = before.related(papers[5], limit=3)

    calls = []

    def counting_embed(texts):
        calls.append(len(texts))
        return dense.embed(texts)

    after = _engine(embed=counting_embed)  # a new process: empty memory, same Redis
    after.sync(rredis)
    assert after.related(papers[5], limit=3) == expected
    assert calls == []  # the corpus (query included) came from Redis, nothing was embedded
    assert np.allclose(after.index.dense.matrix, before.index.dense.matrix)


def test_two_engines_on_one_redis_see_each_others_papers(rredis, papers, model):
    first, second = _engine(), _engine()
    related.add_to_corpus(rredis, papers[:6], embed=True)
    first.sync(rredis)
    second.sync(rredis)
    newcomer = {"paper_id": "arxiv:2401.00077", "title": "Robot grasping with reinforcement learning",
                "abstract": "Deep reinforcement learning teaches a robot arm grasping from images.",
                "url": "https://arxiv.org/abs/2401.00077"}
    related.add_to_corpus(rredis, [newcomer], embed=True)  # through "the first worker"
    second.sync(rredis)
    assert second.related(papers[5], limit=1)[0][0] == "arxiv:2401.00077"


def test_a_paper_added_by_another_process_is_found(rredis, related_redis_url, papers, model):
    related.add_to_corpus(rredis, papers, embed=True)
    engine = _engine()
    engine.sync(rredis)
    script = textwrap.dedent(f"""
        from redis import Redis
        from server import related
        related.add_to_corpus(Redis.from_url({related_redis_url!r}), [{{
            "paper_id": "arxiv:2401.00088", "title": "Join order optimization for SQL queries",
            "abstract": "Cost-based join ordering for relational database query optimization.",
            "url": "https://arxiv.org/abs/2401.00088"}}])  # no model here: no vector, found lexically
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    engine.sync(rredis)
    assert engine.related(papers[9], limit=1)[0][0] == "arxiv:2401.00088"


def test_adding_twice_changes_nothing(rredis, papers, model):
    assert related.add_to_corpus(rredis, papers, embed=True) == len(papers)
    assert related.add_to_corpus(rredis, papers, embed=True) == 0
    assert corpus.size(rredis) == len(papers)
    assert corpus.embedded_count(rredis, dense.MODEL_NAME) == len(papers)


def test_empty_title_and_empty_corpus(rredis, papers, model):
    engine = _engine()
    engine.sync(rredis)
    assert engine.related(papers[0]) == []
    related.add_to_corpus(rredis, papers, embed=True)
    engine.sync(rredis)
    query = {"paper_id": "x:1", "title": "", "abstract": papers[7]["abstract"]}
    assert engine.related(query, limit=1)[0][0] == "arxiv:2401.00008"  # the same abstract


def test_warm_up_reads_the_corpus_before_any_job(rredis, related_redis_url, papers, model, monkeypatch):
    from server.config import Settings

    monkeypatch.setattr(related, "_engine", None)
    related.add_to_corpus(rredis, papers, embed=True)
    related.warm_up(Settings(redis_url=related_redis_url))
    engine = related.get_engine()
    assert len(engine.index) == len(papers) and engine.index.dense.present.all()
    related.add_to_corpus(rredis, [{"paper_id": "arxiv:2401.00050", "title": "One more", "abstract": "Text."}])
    assert related.refresh(rredis) == 1


def test_a_wiped_corpus_is_read_again_from_scratch(rredis, papers, model):
    related.add_to_corpus(rredis, papers[:6], embed=True)
    engine = _engine()
    engine.sync(rredis)
    rredis.flushdb()  # Redis lost its data (or was restored from another backup)
    related.add_to_corpus(rredis, papers[6:], embed=True)
    engine.sync(rredis)
    assert engine.index.ids == [p["paper_id"] for p in papers[6:]]
    assert engine.related(papers[7], limit=1)[0][0] == "arxiv:2401.00009"


def test_one_paper_one_row_across_id_schemes_with_byline_and_relevance(rredis, papers, model, monkeypatch):
    monkeypatch.setattr(related, "_engine", None)
    for paper in papers:
        paper.update(authors=["Ada Lovelace", "Alan Turing"], categories=["cs.LG", "cs.AI"], date="2024-01-02")
    copies = [  # the query under its DOI, and paper 2 once more under a URL id, retitled in case only
        {**papers[0], "paper_id": "doi:10.1000/gnn.1", "url": "https://doi.org/10.1000/gnn.1"},
        {**papers[1], "paper_id": "url:https://example.org/mpnn", "title": papers[1]["title"].upper() + "."},
    ]
    related.add_to_corpus(rredis, papers + copies, embed=True)
    items = related.find_related(rredis, papers[0], limit=5)
    ids = [item["paper_id"] for item in items]
    assert "doi:10.1000/gnn.1" not in ids and papers[0]["paper_id"] not in ids
    assert len({item["title"].lower().rstrip(".") for item in items}) == len(items)
    assert ("arxiv:2401.00002" in ids) != ("url:https://example.org/mpnn" in ids)
    first = items[0]
    assert first["authors"] == ["Ada Lovelace", "Alan Turing"] and first["author_count"] == 2
    assert first["year"] == 2024 and first["venue"] == "cs.LG"
    assert first["relevance"] in {"very close", "close", "related"}
