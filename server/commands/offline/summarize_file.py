"""`python -m server summarize-file IN.jsonl OUT.jsonl`: summaries for many papers at once.

Each input line is {"id", "title", "abstract"}; each output line {"id", "tldr", "key_points",
"keywords", "engine"}, written by the same summarize() the worker calls. A bad line is reported on
stderr with its line number and skipped; the others are still written; the exit status is 1 if
any line failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tqdm import tqdm

from server.config import load_settings
from server.summaries import summarize
from server.commands.offline import not_a_file

OUTPUT_FIELDS = ("id", "tldr", "key_points", "keywords", "engine")


def add_arguments(parser) -> None:
    parser.add_argument("input", type=Path, help="JSONL file, one {id, title, abstract} per line")
    parser.add_argument("output", type=Path, help="JSONL file to write the summaries to")


def main(args) -> int:
    if not_a_file(args.input):
        return 2
    settings = load_settings()
    written = failed = 0
    with open(args.input, encoding="utf-8", errors="replace") as source, \
            open(args.output, "w", encoding="utf-8") as target:
        for number, line in enumerate(tqdm(source, desc="papers", unit="paper", file=sys.stderr), 1):
            if not line.strip():
                continue
            paper, problem = parse_line(line)
            if problem:
                tqdm.write(f"error: {args.input}:{number}: {problem}", file=sys.stderr)
                failed += 1
                continue
            summary = summarize(paper["title"], paper["abstract"], settings)
            row = {"id": paper["id"], **{k: summary[k] for k in OUTPUT_FIELDS if k != "id"}}
            target.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    print(f"wrote {written} of {written + failed} papers to {args.output}; {failed} lines failed",
          file=sys.stderr)
    return 1 if failed else 0


def parse_line(line: str) -> tuple[dict | None, str | None]:
    """The paper on this line, or a message saying what is wrong with it."""
    try:
        paper = json.loads(line)
    except ValueError as error:
        return None, f"not valid JSON ({error.msg})"
    if not isinstance(paper, dict):
        return None, "not a JSON object"
    # A null title or abstract is allowed: the summary then says there is too little text.
    for field, kinds in (("id", (str, int)), ("title", (str, type(None))), ("abstract", (str, type(None)))):
        if field not in paper:
            return None, f"missing field {field!r}"
        if not isinstance(paper[field], kinds) or isinstance(paper[field], bool):
            expected = "a string or integer" if field == "id" else "a string or null"
            return None, f"field {field!r} must be {expected}, not {type(paper[field]).__name__}"
    return paper, None
