"""`python -m server train related --data ../shared/data/citations/acl/`: learn from the ACL
citation links (training split of the citing papers) and write server/related/fusion.json:
the relevance bands always, the learned ranking fusion only when it beats the untrained engine
on the held-out citing papers. Prints every held-out figure."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from server.config import load_settings
from server.related import citations, learned
from server.offline import related_batch as batch
from server.related.ranking import RankingParams


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/citations/acl"),
                        help="directory with papers.jsonl.gz and cites.tsv.gz")
    parser.add_argument("--out", type=Path, default=learned.PATH, help="where the file is written")
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
    engine.relevance_model = None
    print(f"papers: {len(data.papers)}  citing papers: {len(data.train)} train, {len(data.test)} test "
          f"(seed {citations.SEED})")
    untrained = citations.evaluate(engine, data)
    fusion = citations.fit(engine, data)
    engine.params = RankingParams(learned=fusion)
    trained = citations.evaluate(engine, data)
    engine.params = RankingParams()
    print(f"fusion weights: {dict(zip(learned.FEATURES, np.round(fusion.weights, 3)))}  bias {fusion.bias:.3f}")
    diff = print_comparison("untrained engine", untrained, "learned fusion", trained)
    ships = diff["map"][1] > 0
    print("learned fusion " + ("ships: it beats the untrained engine on ACL test" if ships else
                              "not shipped: it does not beat the untrained engine on ACL test (interval reaches 0)"))
    relevance = citations.fit_relevance(engine, data)
    print(f"relevance: log-odds = {relevance.dense:.3f} * MiniLM cosine + {relevance.lexical:.3f} * TF-IDF cosine "
          f"+ {relevance.bias:.3f}")
    for words, rows, rate in citations.band_rates(engine, data, relevance):
        print(f"  ACL test, top {citations.RELEVANCE_POOL} of each list, {words}: {rows} papers, {100 * rate:.1f}% linked")
    notes = {"data": f"{args.data.name}: {len(data.train)} train / {len(data.test)} test citing papers, seed {citations.SEED}",
             "acl_test_map": {"untrained": round(untrained.map, 2), "learned": round(trained.map, 2),
                              "difference": [round(v, 2) for v in diff["map"]]},
             "fusion_tried": fusion.to_json()["weights"]}
    learned.save(args.out, relevance, fusion if ships else None, notes)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


def print_comparison(name_a, a, name_b, b) -> dict:
    for name, figures in ((name_a, a), (name_b, b)):
        values = np.array(list(figures.per_query.values()))
        lo_map, hi_map = citations.interval(values[:, 0])
        lo_r, hi_r = citations.interval(values[:, 1])
        print(f"ACL test, {name}: MAP@{citations.DEPTH} {figures.map:.2f} [{lo_map:.2f}, {hi_map:.2f}]  "
              f"recall@10 {figures.recall_10:.2f} [{lo_r:.2f}, {hi_r:.2f}]  ({len(values)} queries)")
    diff = citations.compare(a, b)
    print(f"  {name_b} minus {name_a} (paired bootstrap 95%): MAP {diff['map'][0]:+.2f} "
          f"[{diff['map'][1]:+.2f}, {diff['map'][2]:+.2f}]  recall@10 {diff['recall_10'][0]:+.2f} "
          f"[{diff['recall_10'][1]:+.2f}, {diff['recall_10'][2]:+.2f}]")
    return diff
