"""`python -m server eval related`: MAP and nDCG of the default engine on a SciDocs-style file."""
from __future__ import annotations

import random
import time
from pathlib import Path

from server.config import load_settings
from server.offline import related_batch as batch
from server.offline.related_evaluation import score_rankings
from server.corpus.records import BadRecordError, read_json_lines


def add_arguments(parser) -> None:
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/citeseer/papers.jsonl"),
                        help="JSON lines: id, text (or title, abstract)")
    parser.add_argument("--queries", type=Path, default=Path("../shared/data/citeseer/cite_dev.jsonl"),
                        help="JSON lines: query, positives, negatives")
    parser.add_argument("--acl", type=Path, default=None,
                        help="instead: score the default engine on the held-out ACL citing papers of this "
                             "directory (citations/acl/: the split `train related` learns from), next to an "
                             "even MiniLM/TF-IDF blend")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where corpus vectors are cached (default: DATA_DIR/related-cache)")


def main(args) -> int:
    started = time.perf_counter()
    cache_dir = args.cache_dir or load_settings().data_dir / "related-cache"
    if args.acl:
        return _acl(args.acl, cache_dir)
    try:
        papers = batch.load_corpus(args.corpus)
        engine = batch.engine_for(papers, cache_dir)
        loaded = time.perf_counter()
        rankings, relevant = rank_queries(engine, papers, args.queries)
    except (OSError, BadRecordError, KeyError) as error:
        print(f"error: {error}")
        return 2
    scores = score_rankings(rankings, relevant)
    ranked = time.perf_counter()
    print(f"engine: {engine.params}")
    print(f"queries: {scores.queries}  corpus: {len(papers)} papers")
    print(f"MAP:  {scores.map:.2f}")
    print(f"nDCG: {scores.ndcg:.2f}")
    print(f"time: {ranked - started:.1f} s in all ({loaded - started:.1f} s loading and embedding, "
          f"{1000 * (ranked - loaded) / max(scores.queries, 1):.1f} ms per query)")
    return 0


def rank_queries(engine, papers: list[dict], path: Path) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """(ranked candidates, positives) per query of a SciDocs-style file."""
    by_id = {p["paper_id"]: p for p in papers}
    rankings, relevant = {}, {}
    for number, record in read_json_lines(path):
        query, positives = record.get("query"), record.get("positives")
        if query not in by_id or not isinstance(positives, list):
            raise BadRecordError(path, number, 'needs "query" (an id in the corpus) and "positives"')
        candidates = positives + list(record.get("negatives", []))
        # The file lists positives first: shuffle, so that no tie can favour them.
        random.Random(query).shuffle(candidates)
        rankings[query] = batch.rank_query(engine, by_id, query, candidates, limit=len(candidates))
        relevant[query] = set(positives)
    return rankings, relevant


def _acl(directory: Path, cache_dir: Path) -> int:
    from server.commands.offline.train_related import print_comparison
    from server.related import citations
    from server.related.ranking import RankingParams

    try:
        data = citations.load(directory)
    except OSError as error:
        print(f"error: {error}")
        return 2
    engine = batch.engine_for(data.papers, cache_dir)
    print(f"engine: {engine.params}")
    default = citations.evaluate(engine, data)
    engine.params = RankingParams(dense_weight=0.5, feedback_neighbours=0)
    even = citations.evaluate(engine, data)
    print_comparison("even blend (0.5 MiniLM + 0.5 TF-IDF z)", even, "default engine", default)
    return 0
