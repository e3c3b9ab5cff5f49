"""`python -m server train keywords`: learn the noun-phrase table behind keywords from paper titles.

Writes server/summaries/phrases.json (phrases.py says what it holds), which ships in the
repository. Reproduce it with
    python -m server train keywords --data /work/shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz
"""
from __future__ import annotations

import time
from pathlib import Path

from server.summaries import phrases
from server.commands.offline import not_a_file, write_model


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz"),
                        help="JSON lines (gzip or not) with title and abstract, e.g. the arXiv corpus")
    parser.add_argument("--output", type=Path, default=phrases.MODEL_PATH, help="table file to write")


def main(args) -> int:
    if not_a_file(args.data):
        return 2
    started = time.perf_counter()
    spec = phrases.build(phrases.read_papers(args.data))
    size = write_model(args.output, spec)
    print(f"{len(spec['phrases'])} phrases, {len(spec['heads'])} heads, {len(spec['modifiers'])} modifiers, "
          f"{len(spec['verbs'])} verb-like words; wrote {args.output} ({size:.2f} MB, version "
          f"{spec['version']}) in {time.perf_counter() - started:.0f} s")
    return 0
