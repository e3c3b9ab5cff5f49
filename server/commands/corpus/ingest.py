"""`python -m server ingest FILE`: load paper metadata into the related-papers corpus."""
from __future__ import annotations

from pathlib import Path

from server.config import load_settings
from server.redis_connection import connect
from server.related import dense
from server.corpus import store as corpus
from server.corpus.ingest import BATCH, ingest_file
from server.corpus.records import BadRecordError


def add_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="e.g. ../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")
    parser.add_argument("--batch", type=int, default=BATCH, help="papers per Redis round trip")
    parser.add_argument("--restart", action="store_true", help="ignore saved progress and read from line 1")


def main(args) -> int:
    redis = connect(load_settings())
    try:
        outcome = ingest_file(redis, args.file, batch_size=args.batch, restart=args.restart)
    except (OSError, BadRecordError) as error:
        print(f"error: {error}")
        return 2
    print(f"{outcome['added']} new papers ({outcome['lines']} lines, {outcome['skipped_lines']} done "
          f"before); corpus: {corpus.size(redis)} papers, "
          f"{corpus.embedded_count(redis, dense.MODEL_NAME)} with dense vectors")
    return 0
