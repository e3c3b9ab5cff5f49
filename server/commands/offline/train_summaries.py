"""`python -m server train summaries`: learn the summary engine's model from SciTLDR train.

Writes server/summaries/ranker.json, which ships in the repository. Reproduce it with
    python -m server train summaries --data ../shared/data/scitldr/train.jsonl
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from tqdm import tqdm

from server.offline import summary_training as training
from server.summaries.model import MODEL_PATH
from server.commands.offline import not_a_file, write_model


def add_arguments(parser) -> None:
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scitldr/train.jsonl"),
                        help="SciTLDR train.jsonl (never dev: dev is for evaluation)")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--version", type=int, default=training.MODEL_VERSION,
                        help="model version; part of the engine name and of the cache key")


def main(args) -> int:
    if not_a_file(args.data):
        return 2
    started = time.perf_counter()
    papers = training.load_papers(args.data)
    prior, held_out, kept = training.word_counts(papers)
    word_model = training.fit_word_model(papers, prior, held_out, kept)
    progress = lambda items: tqdm(items, desc="candidates", unit="paper", file=sys.stderr)
    X, y, groups, texts = training.ranking_data(papers, prior, word_model, held_out, progress)
    print(f"{len(papers)} papers, {len(y)} candidates; fitting the ranker ...", file=sys.stderr)
    rankers = training.fit_rankers(X, y)
    wording = training.fit_wording(texts, y, groups)
    spec = training.export(args.version, prior, word_model, rankers, wording)
    size = write_model(args.output, spec)
    print(f"wrote {args.output} ({size:.1f} MB, version {args.version}) "
          f"in {time.perf_counter() - started:.0f} s")
    return 0
