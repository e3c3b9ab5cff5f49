"""What `train related` learns and how a list uses it: the citation split, the relevance bands,
the file round trip, and a list that ends where relevance falls off."""
from __future__ import annotations

import gzip
import json

import numpy as np

from server.related import citations, learned
from server.offline import related_batch as batch
from server.related.listing import build_items
from server.related.ranking import RankingParams


def _citation_dir(tmp_path, papers):
    with gzip.open(tmp_path / "papers.jsonl.gz", "wt") as out:
        for p in papers:
            out.write(json.dumps({"id": p["paper_id"], "title": p["title"], "abstract": p["abstract"]}) + "\n")
    links = [(0, 1), (0, 2), (1, 2), (3, 4), (5, 6), (7, 8), (2, 1), (4, 3), (6, 5), (8, 7)]
    with gzip.open(tmp_path / "cites.tsv.gz", "wt") as out:
        out.write("".join(f"{papers[a]['paper_id']}\t{papers[b]['paper_id']}\n" for a, b in links))
    return tmp_path


def test_split_is_by_citing_paper_fixed_and_disjoint(tmp_path, papers):
    directory = _citation_dir(tmp_path, papers)
    first, again = citations.load(directory), citations.load(directory)
    assert first.train == again.train and first.test == again.test
    assert not set(first.train) & set(first.test)
    assert len(first.train) + len(first.test) == 9  # every citing paper, once
    assert papers[1]["paper_id"] in first.links[papers[0]["paper_id"]]  # links have no direction


def test_relevance_fit_and_file_round_trip(tmp_path, papers, model):
    data = citations.load(_citation_dir(tmp_path, papers), test_share=0.3)
    engine = batch.engine_for(data.papers, None, params=RankingParams())
    relevance = citations.fit_relevance(engine, data)
    assert relevance.dense > 0  # closer in MiniLM, likelier cited
    learned.save(tmp_path / "fusion.json", relevance, None, {"data": "test"})
    assert learned.load(tmp_path / "fusion.json") is None  # no ranking fusion shipped
    assert learned.load_relevance(tmp_path / "fusion.json") == learned.Relevance(
        *(round(v, 6) for v in (relevance.dense, relevance.lexical, relevance.bias)))


def test_bands_read_a_probability():
    relevance = learned.Relevance(dense=0.0, lexical=0.0, bias=0.0)
    assert relevance.label(np.log(0.6 / 0.4)) == "very close"
    assert relevance.label(np.log(0.3 / 0.7)) == "close"
    assert relevance.label(np.log(0.12 / 0.88)) == "related"
    assert relevance.label(np.log(0.05 / 0.95)) is None


class _Engine:
    class index:  # noqa: N801
        class lexical:  # noqa: N801
            idf = np.ones(2**21, dtype=np.float32)

    relevance_model = learned.Relevance(dense=0.0, lexical=0.0, bias=0.0)

    def relevance(self, score, closeness):
        return self.relevance_model.label(closeness)


def test_a_list_holds_only_related_papers_and_its_words_never_climb():
    odds = lambda p: float(np.log(p / (1 - p)))  # noqa: E731
    ranked = [("a", 9.0, odds(0.7)), ("b", 8.0, odds(0.3)), ("c", 7.0, odds(0.6)), ("d", 6.0, odds(0.05)),
              ("e", 5.0, odds(0.9))]
    records = [{"title": t, "abstract": "", "url": "", "authors": ["X Y", "Z W"], "year": 2020, "categories": ["cs.CL"]}
               for t in ("Alpha paper", "Beta paper", "Gamma paper", "Delta paper", "Epsilon paper")]
    items = build_items(_Engine(), {"paper_id": "q", "title": "Query"}, ranked, records, limit=10)
    assert [i["paper_id"] for i in items] == ["a", "b", "c", "e"]  # d is not related: left out
    assert [i["relevance"] for i in items] == ["very close", "close", "close", "close"]  # never climbs
    assert items[0]["venue"] == "cs.CL" and items[0]["author_count"] == 2


def test_adapter_attempt_pulls_linked_papers_together_and_keeps_held_out_links_out(tmp_path, papers, model):
    from server.offline import related_adapter as adapter

    data = citations.load(_citation_dir(tmp_path, papers), test_share=0.3)
    engine = batch.engine_for(data.papers, None, params=RankingParams())
    vectors, ids = engine.index.dense.matrix.copy(), list(engine.index.ids)
    fitted = list(data.train)
    ranked = adapter.mine(engine, data, fitted)
    assert all(not set(negatives) & data.links[q] and q not in negatives for q, negatives in ranked.items())
    seen = []

    def validate(delta):
        seen.append(float(np.abs(delta).sum()))
        return -len(seen)  # the first check scores best: the step kept is the first one

    config = adapter.AdapterConfig(steps=40, every=20, batch=8, per_pair=2)
    delta, step, score = adapter.train(config, vectors, ids, data.links, fitted, set(data.test), ranked, validate)
    assert (step, score, len(seen)) == (20, -1, 2) and float(np.abs(delta).sum()) == seen[0] > 0
    mapped = adapter.apply(delta, vectors)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    row = {paper_id: k for k, paper_id in enumerate(ids)}
    pairs = [(row[q], row[p]) for q in fitted for p in data.links[q] if p not in set(data.test)]
    before = np.mean([vectors[a] @ vectors[b] for a, b in pairs])
    after = np.mean([mapped[a] @ mapped[b] for a, b in pairs])
    assert after > before  # the fitted links are closer under the map


def test_a_paper_far_above_the_corpus_is_related_even_at_low_citation_odds():
    from server.related.engine import RELATED_Z, RelatedEngine

    engine = RelatedEngine(params=RankingParams())
    engine.relevance_model = learned.Relevance(dense=0.0, lexical=0.0, bias=0.0)
    low, high = float(np.log(0.05 / 0.95)), float(np.log(0.6 / 0.4))
    assert engine.relevance(RELATED_Z + 0.5, low) == "related"
    assert engine.relevance(RELATED_Z - 0.5, low) is None
    assert engine.relevance(RELATED_Z + 0.5, high) == "very close"  # the citation bands still decide above
