"""Real arXiv papers for tests, from a slice committed under tests/fixtures (tests never read
../shared): the first 1,500 records of ../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz, as they
are (arXiv's metadata is CC0), 0.8 MB compressed."""
import gzip
import json
from functools import cache
from pathlib import Path

ARXIV_SLICE = Path(__file__).resolve().parents[1] / "fixtures" / "arxiv" / "papers.jsonl.gz"


@cache
def _slice() -> tuple[dict, ...]:
    with gzip.open(ARXIV_SLICE, "rt") as lines:
        return tuple(json.loads(line) for line in lines)


def arxiv_papers(count: int, skip: int = 0) -> list[dict]:
    """`count` real papers from position `skip`. Past the slice's end (a test filling a full
    list of 10,000) its papers come round again under new arXiv ids of a month no real id has
    yet (29MM.NNNNN), each with its own real text."""
    papers = _slice()
    chosen = []
    for position in range(skip, skip + count):
        lap, index = divmod(position, len(papers))
        paper = dict(papers[index])
        if lap:
            paper["id"] = f"29{lap:02d}.{index:05d}"
        chosen.append(paper)
    return chosen


def submission(paper: dict) -> dict:
    """What the extension sends for an arXiv abstract page."""
    return {"url": f"https://arxiv.org/abs/{paper['id']}", "title": paper["title"],
            "abstract": paper["abstract"], "authors": paper["authors"]}
