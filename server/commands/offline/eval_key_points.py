"""`python -m server eval key-points`: sentence-role accuracy and per-label F1 on CSAbstruct.

Labels every abstract's sentences with the same code the summary job uses (roles.py) and compares
them with the annotators' labels; then picks each abstract's key points as the job does
(key_points.py) and counts those whose sentence's gold label fits the role shown (a problem point
on a background or objective sentence, a method point on a method or objective one, a result or
limitation point on a result one): what a reader sees labelled right.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from server.summaries.key_points import extract_key_points
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
    shown, fitting = Counter(), Counter()
    for abstract in abstracts:
        for point in extract_key_points(abstract["sentences"]):
            shown[point["role"]] += 1
            fitting[point["role"]] += abstract["labels"][point["sentence"]] in FITTING_LABELS[point["role"]]
    by_role = ", ".join(f"{role} {100 * fitting[role] / shown[role]:.1f}" for role in FITTING_LABELS if shown[role])
    print(f"key points whose sentence's gold label fits the role shown: "
          f"{100 * sum(fitting.values()) / max(sum(shown.values()), 1):.1f}% of {sum(shown.values())} ({by_role})")
    print_goals([("sentence-role accuracy", 100 * correct / len(gold), ">=", 75.0)])
    return 0


FITTING_LABELS = {"problem": {"background", "objective"}, "method": {"method", "objective"},
                  "result": {"result"}, "limitation": {"result", "other"}, "other": {"other"}}
