"""`python -m server train related --data ../shared/data/citations/acl/`: fit the learned fusion
on the ACL citation links (training split of the citing papers) and write
server/related/fusion.json, then print the held-out figures against the untrained engine."""
from __future__ import annotations

import time
from pathlib import Path

from server.config import load_settings
from server.related import batch, citations, learned
from server.related.ranking import RankingParams


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/citations/acl"),
                        help="directory with papers.jsonl.gz and cites.tsv.gz")
    parser.add_argument("--out", type=Path, default=learned.PATH, help="where the fusion is written")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where corpus vectors are cached (default: DATA_DIR/related-cache)")


def main(args) -> int:
    started = time.perf_counter()
    cache_dir = args.cache_dir or load_settings().data_dir / "related-cache"
    try:
        data = citations.load(args.data)
    except OSError as error:
        print(f"error: {error}")
        return 2
    engine = batch.engine_for(data.papers, cache_dir, params=RankingParams())
    print(f"papers: {len(data.papers)}  citing papers: {len(data.train)} train, {len(data.test)} test "
          f"(seed {citations.SEED})")
    untrained = citations.evaluate(engine, data)
    fusion = citations.fit(engine, data)
    fusion = learned.LearnedFusion(**{**fusion.__dict__, "trained_on": f"{args.data.name}: {len(data.train)} citing papers, seed {citations.SEED}"})
    engine.params = RankingParams(learned=fusion)
    trained = citations.evaluate(engine, data)
    learned.save(fusion, args.out)
    print(f"weights: {dict(zip(learned.FEATURES, fusion.weights))}  bias {fusion.bias:.3f}")
    print(f"labels: {fusion.labels}")
    print_comparison("untrained engine", untrained, "learned fusion", trained)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


def print_comparison(name_a, a, name_b, b) -> None:
    for name, figures in ((name_a, a), (name_b, b)):
        values = list(figures.per_query.values())
        import numpy as np

        ap, recall = np.array([v[0] for v in values]), np.array([v[1] for v in values])
        lo_map, hi_map = citations.interval(ap)
        lo_r, hi_r = citations.interval(recall)
        print(f"ACL test, {name}: MAP@{citations.DEPTH} {figures.map:.2f} [{lo_map:.2f}, {hi_map:.2f}]  "
              f"recall@10 {figures.recall_10:.2f} [{lo_r:.2f}, {hi_r:.2f}]  ({len(values)} queries)")
    diff = citations.compare(a, b)
    print(f"difference (paired bootstrap 95%): MAP {diff['map'][0]:+.2f} [{diff['map'][1]:+.2f}, {diff['map'][2]:+.2f}]  "
          f"recall@10 {diff['recall_10'][0]:+.2f} [{diff['recall_10'][1]:+.2f}, {diff['recall_10'][2]:+.2f}]")
