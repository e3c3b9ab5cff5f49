"""`python -m server eval summaries`: ROUGE of the summary engine on SciTLDR, as the paper measures it.

Each generated TL;DR is scored (F1, Porter stemmer) against every gold TL;DR of its paper; the best
score per paper is kept and averaged over papers. The abstract is given to the engine as one
string, exactly as the worker gives it.

Next to ROUGE it prints two measures of whether a TL;DR adds to the title, which ROUGE rewards
copying: the share of TL;DRs that are the bare title, and the share of a TL;DR's content words
(lower-case alphanumeric runs, scikit-learn's English stop words removed) that are not in the
title, averaged over papers. The authors' own TL;DRs on SciTLDR dev: 0.2% bare, 71% beyond.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer
from tqdm import tqdm

from server.config import load_settings
from server.summaries import engine_version, summarize
from server.commands.offline import not_a_file, print_goals

METRICS = ("rouge1", "rouge2", "rougeL")
_ALNUM = re.compile(r"[a-z0-9]+")


def is_bare_title(tldr: str, title: str) -> bool:
    """The TL;DR says nothing but the title (case and punctuation aside)."""
    return bool(tldr) and _ALNUM.findall(tldr.lower()) == _ALNUM.findall(title.lower())


def beyond_title(tldr: str, title: str) -> float:
    """Share of the TL;DR's content words (tokens) that the title does not have; 0 when it has none."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    content = [w for w in _ALNUM.findall(tldr.lower()) if w not in ENGLISH_STOP_WORDS]
    title_words = set(_ALNUM.findall(title.lower()))
    return sum(w not in title_words for w in content) / len(content) if content else 0.0


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scitldr/dev.jsonl"),
                        help="SciTLDR jsonl file: title, source (sentences), target (gold TL;DRs)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N papers")


def main(args) -> int:
    if not_a_file(args.data):
        return 2
    papers = _load(args.data, args.limit)
    settings = load_settings()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    best = {metric: [] for metric in METRICS}
    seconds = []
    empty = bare = 0
    beyond = []
    for paper in tqdm(papers, desc="summaries", unit="paper", file=sys.stderr):
        started = time.perf_counter()
        tldr = summarize(paper["title"], " ".join(paper["source"]), settings)["tldr"] or ""
        seconds.append(time.perf_counter() - started)
        empty += not tldr
        bare += is_bare_title(tldr, paper["title"])
        beyond.append(beyond_title(tldr, paper["title"]))
        scores = [scorer.score(gold, tldr) for gold in paper["target"]]
        for metric in METRICS:
            best[metric].append(max(s[metric].fmeasure for s in scores))
    r1, r2, rl = (100 * statistics.mean(best[m]) for m in METRICS)
    print(f"engine {engine_version(settings)} on {args.data.name}: ROUGE-1 {r1:.2f}  ROUGE-2 {r2:.2f}  "
          f"ROUGE-L {rl:.2f}  over {len(papers)} papers  "
          f"{1000 * statistics.mean(seconds):.1f} ms per paper (median "
          f"{1000 * statistics.median(seconds):.1f}, max {1000 * max(seconds):.1f})"
          + (f"  [{empty} without a TL;DR]" if empty else ""))
    print(f"bare title {100 * bare / len(papers):.1f}% of TL;DRs  content words beyond the title "
          f"{100 * statistics.mean(beyond):.1f}% on average")
    print_goals([("ROUGE-1", r1, ">=", 45.0), ("bare-title TL;DRs %", 100 * bare / len(papers), "<=", 1.0),
                 ("content words beyond the title %", 100 * statistics.mean(beyond), ">=", 65.0)])
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
