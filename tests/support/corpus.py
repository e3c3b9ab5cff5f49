"""Slices of the real arXiv corpus in ../shared/data, read at run time (never copied here)."""
import gzip
import json
from itertools import islice
from pathlib import Path

ARXIV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "arxiv" / "arxiv_cs_2025_2026.jsonl.gz"


def arxiv_papers(count: int, skip: int = 0) -> list[dict]:
    with gzip.open(ARXIV_CORPUS, "rt") as lines:
        return [json.loads(line) for line in islice(lines, skip, skip + count)]


def submission(paper: dict) -> dict:
    """What the extension sends for an arXiv abstract page."""
    return {"url": f"https://arxiv.org/abs/{paper['id']}", "title": paper["title"],
            "abstract": paper["abstract"], "authors": paper["authors"]}
