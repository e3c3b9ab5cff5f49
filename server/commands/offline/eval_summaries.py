"""`python -m server eval summaries`: ROUGE of the summary engine on SciTLDR, as the paper measures it.

Each generated TL;DR is scored (F1, Porter stemmer) against every gold TL;DR of its paper; the best
score per paper is kept and averaged over papers. The abstract is given to the engine as one
string, exactly as the worker gives it.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer
from tqdm import tqdm

from server.config import load_settings
from server.summaries import engine_version, summarize

METRICS = ("rouge1", "rouge2", "rougeL")


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scitldr/dev.jsonl"),
                        help="SciTLDR jsonl file: title, source (sentences), target (gold TL;DRs)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N papers")


def main(args) -> int:
    if not args.data.is_file():
        print(f"error: {args.data} is not a file", file=sys.stderr)
        return 2
    papers = _load(args.data, args.limit)
    settings = load_settings()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    best = {metric: [] for metric in METRICS}
    seconds = []
    empty = 0
    for paper in tqdm(papers, desc="summaries", unit="paper", file=sys.stderr):
        started = time.perf_counter()
        tldr = summarize(paper["title"], " ".join(paper["source"]), settings)["tldr"] or ""
        seconds.append(time.perf_counter() - started)
        empty += not tldr
        scores = [scorer.score(gold, tldr) for gold in paper["target"]]
        for metric in METRICS:
            best[metric].append(max(s[metric].fmeasure for s in scores))
    r1, r2, rl = (100 * statistics.mean(best[m]) for m in METRICS)
    print(f"engine {engine_version(settings)} on {args.data.name}: ROUGE-1 {r1:.2f}  ROUGE-2 {r2:.2f}  "
          f"ROUGE-L {rl:.2f}  over {len(papers)} papers  "
          f"{1000 * statistics.mean(seconds):.1f} ms per paper (median "
          f"{1000 * statistics.median(seconds):.1f}, max {1000 * max(seconds):.1f})"
          + (f"  [{empty} without a TL;DR]" if empty else ""))
    return 0


def _load(path: Path, limit: int | None) -> list[dict]:
    papers = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                record = json.loads(line)
                if not record.get("target"):
                    raise SystemExit(f"error: {path}:{number} has no gold TL;DR in 'target'")
                papers.append(record)
            if limit and len(papers) >= limit:
                break
    return papers
