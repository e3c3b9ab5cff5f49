"""`python -m server embed`: fill in dense vectors for corpus papers that have none yet."""
from __future__ import annotations

from server.config import load_settings
from server.redis_connection import connect
from server.related import dense
from server.corpus import store as corpus
from server.corpus.backfill import fill_vectors


def add_arguments(parser) -> None:
    parser.add_argument("--batch", type=int, default=64, help="papers per model call")
    parser.add_argument("--limit", type=int, default=None, help="stop after this many papers")


def main(args) -> int:
    redis = connect(load_settings())
    embedded = fill_vectors(redis, batch_size=args.batch, limit=args.limit)
    print(f"embedded {embedded} papers; {corpus.embedded_count(redis, dense.MODEL_NAME)} of "
          f"{corpus.size(redis)} corpus papers have dense vectors")
    return 0
