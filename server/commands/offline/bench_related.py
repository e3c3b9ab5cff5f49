"""`python -m server bench related`: latency, recall and memory of the related engine."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from server.config import load_settings
from server.related import dense
from server.offline import related_batch as batch
from server.offline import related_benchmark as benchmark
from server.related.engine import RelatedEngine
from server.corpus.records import read_json_lines, to_paper


def add_arguments(parser) -> None:
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz"))
    parser.add_argument("--queries", type=int, default=50, help="new papers to time (0: skip the corpus test)")
    parser.add_argument("--exact-limit", type=int, default=None,
                        help="dense vectors searched exactly before HNSW takes over (default: the setting)")
    parser.add_argument("--large", type=int, default=1_000_000, help="size of the dense-only scale test (0: skip)")


def main(args) -> int:
    if args.queries:
        _bench_corpus(args)
    if args.large:
        _bench_large(args.large)
    return 0


def _bench_corpus(args) -> None:
    papers = [to_paper(r, args.corpus, n) for n, r in read_json_lines(args.corpus)]
    print(f"corpus: {args.corpus} ({len(papers)} papers); queries: {args.queries} of its papers "
          f"resubmitted under new ids (embedded for real, MiniLM on CPU)")
    dense.load_model()
    started = time.perf_counter()
    exact_limit = args.exact_limit if args.exact_limit is not None else load_settings().related_exact_limit
    engine = RelatedEngine(exact_limit=exact_limit)
    engine.add(papers, benchmark.unit_rows(len(papers), dense.DIM, seed=1))
    print(f"index built in {time.perf_counter() - started:.1f} s (lexical rows from the real text; "
          f"dense rows: random unit vectors in place of an hour of embedding)")
    rng = np.random.default_rng(7)
    queries = [{**papers[i], "paper_id": f"bench:{i}"} for i in rng.choice(len(papers), args.queries, replace=False)]
    texts = {p["paper_id"]: batch.paper_text(p) for p in papers}
    benchmark.time_queries(engine, queries[:3], texts)  # warm caches
    summary = benchmark.time_queries(engine, queries, texts).summary()
    mode = "exact search" if engine.index.dense.hnsw is None else "HNSW search"
    _print_timings(len(papers), mode, summary, benchmark.memory_mb(engine))


def _print_timings(size: int, mode: str, summary: dict, memory: dict) -> None:
    print(f"\n{size} papers, {mode:<24}p50 ms   p95 ms")
    for name, (p50, p95) in summary.items():
        print(f"  {name:<34}{p50:7.1f}  {p95:7.1f}")
    print(f"  memory per worker: dense {memory['dense']:.0f} MiB, HNSW {memory['hnsw']:.0f} MiB, "
          f"lexical {memory['lexical']:.0f} MiB")


def _bench_large(size: int) -> None:
    print(f"\n{size} papers, dense only (clustered synthetic vectors), faiss HNSW")
    vectors = benchmark.unit_rows(size + 200, dense.DIM, seed=2, latent_dim=32)
    engine = RelatedEngine(exact_limit=100_000)
    started = time.perf_counter()
    engine.index.dense.grow(size)
    engine.index.dense.set(np.arange(size), vectors[:size])
    print(f"  HNSW built in {time.perf_counter() - started:.0f} s")
    queries = vectors[size:]
    ms = benchmark.time_dense_search(engine, queries)
    print(f"  search p50 {np.percentile(ms, 50):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms")
    print(f"  recall@10 vs exact: {benchmark.recall_at(engine, queries[:100]):.3f}")
    memory = benchmark.memory_mb(engine)
    print(f"  memory per worker: vectors {memory['dense']:.0f} MiB + HNSW {memory['hnsw']:.0f} MiB")
