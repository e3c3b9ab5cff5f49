"""`python -m server label-sentences IN.jsonl OUT.jsonl`: a CSAbstruct role for every sentence.

Input lines {"id", "sentences": [...]}; output lines {"id", "labels": [...]}, one of background,
objective, method, result, other per sentence, from the model the summary job uses (roles.py).
A bad line is reported on stderr with its number and skipped; the exit status is then 1.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from server.summaries.roles import label_sentences
from server.commands.offline import not_a_file


def add_arguments(parser) -> None:
    parser.add_argument("input", type=Path, help='JSONL file, one {"id", "sentences": [...]} per line')
    parser.add_argument("output", type=Path, help='JSONL file to write {"id", "labels": [...]} to')


def main(args) -> int:
    if not_a_file(args.input):
        return 2
    written = failed = 0
    with open(args.input, encoding="utf-8", errors="replace") as source, \
            open(args.output, "w", encoding="utf-8") as target:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            record, problem = _parse(line)
            if problem:
                print(f"error: {args.input}:{number}: {problem}", file=sys.stderr)
                failed += 1
                continue
            labels = label_sentences(record["sentences"])
            target.write(json.dumps({"id": record["id"], "labels": labels}, ensure_ascii=False) + "\n")
            written += 1
    print(f"labelled {written} of {written + failed} lines into {args.output}; {failed} lines failed",
          file=sys.stderr)
    return 1 if failed else 0


def _parse(line: str):
    try:
        record = json.loads(line)
    except ValueError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if "id" not in record:
        return None, "missing field 'id'"
    sentences = record.get("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        return None, "field 'sentences' must be a list of strings"
    return record, None
