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
    parser.add_argument("--try-adapter", action="store_true",
                        help="instead: train the representation changes tried for issue 16 (a residual map on "
                             "frozen MiniLM vectors, with mined hard negatives: server/offline/related_adapter.py) "
                             "and print their held-out figures; writes nothing")
    parser.add_argument("--cite-corpus", type=Path, default=Path("../shared/data/citeseer/papers.jsonl"),
                        help="with --try-adapter and --cite-queries: the CiteSeer corpus to read each map off on")
    parser.add_argument("--cite-queries", type=Path, default=None,
                        help="with --try-adapter: CiteSeer queries (cite_dev.jsonl) to read each finished map off on")


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
    if args.try_adapter:
        return _try_adapter(args, data, engine, cache_dir)
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


def _try_adapter(args, data, engine, cache_dir) -> int:
    """Every related_adapter.CONFIGS map: its step chosen on ACL validation, then read off at each
    share of the dense cosine on ACL test (and cite_dev) against the untrained engine, with
    paired bootstrap intervals; the share validation prefers is marked."""
    from server.commands.offline.eval_related import rank_queries
    from server.offline import related_adapter as adapter
    from server.offline.related_evaluation import average_precision
    from server.related.engine import RelatedEngine

    def with_vectors(papers, vectors):  # a fresh exact-search engine over these vectors (any width)
        fresh = RelatedEngine(params=RankingParams(), dim=vectors.shape[1])
        fresh.relevance_model = None
        fresh.add(papers, vectors)
        return fresh

    def cite_dev(target):
        rankings, relevant = rank_queries(target, cite_papers, args.cite_queries)
        per_query = {q: (average_precision(rankings[q], relevant[q]), 0.0) for q in rankings}
        return citations.Figures(map=100 * float(np.mean([v[0] for v in per_query.values()])), recall_10=0.0,
                                 per_query=per_query)

    vectors, ids = engine.index.dense.matrix.copy(), list(engine.index.ids)
    fitted, validation = adapter.split_validation(data.train)
    if args.cite_queries:
        cite_papers = batch.load_corpus(args.cite_corpus)
        cite_vectors = batch.embed_papers(cite_papers, cache_dir)
        base_cite = cite_dev(with_vectors(cite_papers, cite_vectors))
    untrained = citations.evaluate(engine, data)
    print(f"untrained engine: ACL validation MAP {citations.evaluate(engine, data, validation).map:.2f} "
          f"({len(validation)} of the training citing papers), test MAP {untrained.map:.2f}"
          + (f", cite_dev MAP {base_cite.map:.2f}" if args.cite_queries else ""), flush=True)
    ranked = adapter.mine(engine, data, fitted)
    held = set(data.test) | set(validation)
    for config in adapter.CONFIGS:
        delta, step, _ = adapter.train(
            config, vectors, ids, data.links, fitted, held, ranked,
            validate=lambda d: citations.evaluate(with_vectors(data.papers, adapter.apply(d, vectors)), data,
                                                  validation).map)
        print(f"{config.name()}: step {step}", flush=True)
        readings = []
        for share in adapter.SHARES:
            mapped = with_vectors(data.papers, adapter.blend(vectors, adapter.apply(delta, vectors), share))
            checked, trained = citations.evaluate(mapped, data, validation), citations.evaluate(mapped, data)
            diff = citations.compare(untrained, trained)["map"]
            line = (f"validation MAP {checked.map:.2f}; ACL test MAP {trained.map:.2f}, minus engine "
                    f"{diff[0]:+.2f} [{diff[1]:+.2f}, {diff[2]:+.2f}]")
            if args.cite_queries:
                read = cite_dev(with_vectors(cite_papers, adapter.blend(cite_vectors, adapter.apply(delta, cite_vectors),
                                                                        share)))
                d = citations.compare(base_cite, read)["map"]
                line += f"; cite_dev MAP {read.map:.2f}, minus engine {d[0]:+.2f} [{d[1]:+.2f}, {d[2]:+.2f}]"
            readings.append((checked.map, share, line))
        chosen = max(readings)[1]
        for _, share, line in readings:
            print(f"  share {share:g}{' (validation picks it)' if share == chosen else ''}: {line}", flush=True)
    return 0
