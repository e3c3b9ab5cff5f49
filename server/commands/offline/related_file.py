"""`python -m server related-file`: related papers for every query of a file, through the same
engine as the related job (an in-memory index of the corpus file instead of Redis)."""
from __future__ import annotations

import json
from pathlib import Path

from server.config import load_settings
from server.offline import related_batch as batch
from server.corpus.records import BadRecordError
from server.related import SPARE
from server.related.listing import build_items


def add_arguments(parser) -> None:
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=10,
                        help="papers per query when it has no candidates (default 10)")
    parser.add_argument("--items", action="store_true",
                        help="write each query's related items as the popup shows them (title, byline, "
                             "relevance, reasons) instead of bare ids; for queries without candidates")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where corpus vectors are cached (default: DATA_DIR/related-cache)")


def main(args) -> int:
    try:
        papers = batch.load_corpus(args.corpus)
        engine = batch.engine_for(papers, args.cache_dir or load_settings().data_dir / "related-cache")
        queries = batch.read_queries(args.queries, engine)
    except (OSError, BadRecordError) as error:
        print(f"error: {error}")
        return 2
    if args.items and any(candidates is not None for _, candidates in queries):
        print("error: --items lists related papers of the whole corpus; the queries file gives candidates")
        return 2
    by_id = {p["paper_id"]: p for p in papers}
    with open(args.out, "w", encoding="utf-8") as out:
        for query_id, candidates in queries:
            if args.items:
                paper = by_id[query_id]
                rows = engine.related_with_closeness(paper, limit=args.limit + SPARE)
                items = build_items(engine, paper, rows, [by_id[row[0]] for row in rows], args.limit)
                out.write(json.dumps({"id": query_id, "title": paper["title"], "items": items}) + "\n")
                continue
            ranked = batch.rank_query(engine, by_id, query_id, candidates, args.limit)
            out.write(json.dumps({"id": query_id, "ranked": ranked}) + "\n")
    print(f"wrote {len(queries)} rankings to {args.out}")
    return 0
