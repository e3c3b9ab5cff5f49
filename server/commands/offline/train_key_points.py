"""`python -m server train key-points`: learn the sentence-role model from CSAbstruct train.

Writes server/summaries/roles.json, which ships in the repository. Reproduce it with
    python -m server train key-points --data ../shared/data/csabstruct/train.jsonl
"""
from __future__ import annotations

import time
from pathlib import Path

from server.offline import role_training
from server.summaries.roles import MODEL_PATH
from server.commands.offline import not_a_file, write_model


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/csabstruct/train.jsonl"),
                        help="CSAbstruct train.jsonl (never dev: dev is for evaluation)")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="model file to write")


def main(args) -> int:
    if not_a_file(args.data):
        return 2
    started = time.perf_counter()
    abstracts = role_training.load_abstracts(args.data)
    spec = role_training.train(abstracts)
    size = write_model(args.output, spec)
    print(f"{len(abstracts)} abstracts, {sum(len(a['sentences']) for a in abstracts)} sentences, "
          f"{len(spec['terms'])} terms; wrote {args.output} ({size:.1f} MB, version {spec['version']}) "
          f"in {time.perf_counter() - started:.0f} s")
    return 0
