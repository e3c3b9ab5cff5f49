"""A list's digest for one day: the papers new to the corpus since its last digest, ranked
against the list as its recommendations are (lists/rocchio.py: like the list's papers, unlike
those marked "not relevant"), the best `digest_size` of them with a TL;DR and why each was
picked. Only the new papers are scored (RelatedEngine.score_candidates), with the same scores
related papers get, so a paper that joined today is never crowded out by older ones.
"""
from __future__ import annotations

import time

from server import related, summaries
from server.corpus import store as corpus
from server.digests import trending
from server.lists import rocchio
from server.lists.recommendations import examples
from server.related.explain import shared_terms, term_weights
from server.papers.text import paper_text

WHY_PHRASES = 4


def build(redis, settings, account_id: str, list_name: str, subscription: dict, day: str) -> tuple[dict | None, int]:
    """(the day's digest, or None when nothing new fits the list; where the next one starts)."""
    end = corpus.size(redis)
    new_ids = corpus.ids_between(redis, subscription["cursor"], end)
    if not new_ids:
        return None, end
    seeds, negatives, exclude = examples(redis, settings, account_id, list_name)
    engine = related.get_engine(settings)
    engine.sync(redis)
    candidates = [paper_id for paper_id in new_ids if paper_id in engine.index.row_of and paper_id not in exclude]

    def related_to(paper: dict, _limit: int) -> list[dict]:
        return [{"paper_id": paper_id, "score": score} for paper_id, score in engine.score_candidates(paper, candidates)]

    ranked = rocchio.recommend(related_to, seeds, negatives, exclude, settings.digest_size) if candidates else []
    if not ranked:
        return None, end
    seed_of = {seed["paper_id"]: seed for seed in seeds}
    records = corpus.get_papers(redis, [hit["paper_id"] for hit in ranked])
    idf = engine.index.lexical.idf
    items = [_item(hit, paper, [seed_of[pid] for pid in hit["because"]], idf, settings)
             for hit, paper in zip(ranked, records) if paper]
    digest = {"day": day, "list": list_name, "built_at": round(time.time(), 3), "new_papers": len(new_ids),
              "items": items, "trending": trending.trending(redis, settings, limit=5) if subscription["trending"] else []}
    return digest, end


def _item(hit: dict, paper: dict, like: list[dict], idf, settings) -> dict:
    summary = summaries.summarize(paper.get("title") or "", paper.get("abstract") or "", settings)
    why = shared_terms(term_weights(paper_text(paper), idf), paper_text(like[0]), idf, limit=WHY_PHRASES) if like else []
    authors = paper.get("authors") or []
    return {"paper_id": paper["paper_id"], "title": paper.get("title") or paper["paper_id"],
            "url": paper.get("url") or "", "authors": authors[:3], "author_count": len(authors),
            "tldr": summary.get("tldr"), "score": hit["score"], "why": why,
            "like": [{"paper_id": seed["paper_id"], "title": seed.get("title") or seed["paper_id"]} for seed in like[:3]]}
