"""`python -m server train keywords`: learn the noun-phrase table behind keywords from paper titles.

Writes server/summaries/phrases.json (phrases.py says what it holds), which ships in the
repository. Reproduce it with
    python -m server train keywords --data /work/shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from server.summaries import phrases


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz"),
                        help="JSON lines (gzip or not) with title and abstract, e.g. the arXiv corpus")
    parser.add_argument("--output", type=Path, default=phrases.MODEL_PATH, help="table file to write")


def main(args) -> int:
    if not args.data.is_file():
        print(f"error: {args.data} is not a file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    spec = phrases.build(phrases.read_papers(args.data))
    args.output.write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
    size = args.output.stat().st_size / 1e6
    print(f"{len(spec['phrases'])} phrases, {len(spec['heads'])} heads, {len(spec['modifiers'])} modifiers, "
          f"{len(spec['verbs'])} verb-like words; wrote {args.output} ({size:.2f} MB, version "
          f"{spec['version']}) in {time.perf_counter() - started:.0f} s")
    return 0
