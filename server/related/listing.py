"""A ranked list turned into the items a reader sees: one row per paper, a byline, the score in
words, the reasons; shared by the related job (over Redis) and the file tools (in memory)."""
from __future__ import annotations

from server.related.dedupe import distinct
from server.related.explain import shared_terms, term_weights
from server.papers.text import paper_text


ORDER = ("very close", "close", "related")


def build_items(engine, paper: dict, ranked: list[tuple[str, float, float | None]], records: list[dict | None],
                limit: int, cut: bool = True) -> list[dict]:
    """Items for engine.related_with_closeness() rows and their corpus records, best first. No
    paper below "related" is shown, so a list holds as many papers as are related, at most
    `limit` (the engine is asked for a few spare rows); a paper's words never claim more than
    those of a paper ranked above it; neither the paper itself under another id nor a second
    copy of an item is listed. Without `cut` (list recommendations, which add similarities up
    over many papers) papers below "related" stay, with relevance None."""
    items, text_of, floor = [], {}, 0
    for (paper_id, score, closeness), other in zip(ranked, records):
        relevance = engine.relevance(score, closeness)
        if relevance is None and cut:
            continue
        if other is None:
            continue
        if relevance is not None:
            floor = max(floor, ORDER.index(relevance))
            relevance = ORDER[floor]
        authors = other.get("authors") or []
        items.append({
            "paper_id": paper_id, "title": other.get("title") or "", "url": other.get("url") or "",
            "score": round(score, 4), "relevance": relevance,
            "authors": authors[:3], "author_count": len(authors), "year": other.get("year"),
            "venue": other.get("venue") or (other.get("categories") or [None])[0],
            "source": "local",
        })
        text_of[paper_id] = paper_text(other)
    items = distinct(items, paper)[:limit]
    idf = engine.index.lexical.idf
    query_terms = term_weights(paper_text(paper), idf)
    for item in items:
        item["why"] = shared_terms(query_terms, text_of[item["paper_id"]], idf)
    return items
