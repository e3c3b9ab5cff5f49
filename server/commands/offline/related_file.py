"""`python -m server related-file`: related papers for every query of a file, through the same
engine as the related job (an in-memory index of the corpus file instead of Redis)."""
from __future__ import annotations

import json
from pathlib import Path

from server.config import load_settings
from server.offline import related_batch as batch
from server.corpus.records import BadRecordError


def add_arguments(parser) -> None:
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=10,
                        help="papers per query when it has no candidates (default 10)")
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
    by_id = {p["paper_id"]: p for p in papers}
    with open(args.out, "w", encoding="utf-8") as out:
        for query_id, candidates in queries:
            ranked = batch.rank_query(engine, by_id, query_id, candidates, args.limit)
            out.write(json.dumps({"id": query_id, "ranked": ranked}) + "\n")
    print(f"wrote {len(queries)} rankings to {args.out}")
    return 0
