"""`python -m server eval key-points`: sentence-role accuracy and per-label F1 on CSAbstruct.

Labels every abstract's sentences with the same code the summary job uses (roles.py) and compares
them with the annotators' labels.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from server.summaries.roles import LABELS, load_roles
from server.commands.offline import not_a_file, print_goals


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/csabstruct/dev.jsonl"),
                        help="CSAbstruct jsonl file: sentences, labels")


def main(args) -> int:
    if not_a_file(args.data):
        return 2
    with open(args.data, encoding="utf-8") as handle:
        abstracts = [json.loads(line) for line in handle if line.strip()]
    model = load_roles()
    gold, predicted = [], []
    started = time.perf_counter()
    for abstract in abstracts:
        predicted += model.label(abstract["sentences"])
        gold += abstract["labels"]
    seconds = time.perf_counter() - started
    correct = sum(g == p for g, p in zip(gold, predicted))
    print(f"role model v{model.version} on {args.data.name}: accuracy {100 * correct / len(gold):.1f} "
          f"over {len(gold)} sentences of {len(abstracts)} abstracts, "
          f"{1000 * seconds / max(len(abstracts), 1):.2f} ms per abstract")
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        precision = tp / max(sum(p == label for p in predicted), 1)
        recall = tp / max(sum(g == label for g in gold), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"  {label:<10} F1 {100 * f1:5.1f}  precision {100 * precision:5.1f}  "
              f"recall {100 * recall:5.1f}  ({sum(g == label for g in gold)} sentences)")
    print_goals([("sentence-role accuracy", 100 * correct / len(gold), ">=", 75.0)])
    return 0
