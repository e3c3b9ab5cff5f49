"""How long a listing page takes: `python -m server run` (one worker, as a reader's machine runs it)
is sent a page of real arXiv papers of one listing day at once (POST /api/v1/papers/batch, as the
popup does on Hugging Face Daily Papers), polled as the popup polls (GET /api/v1/papers?paper_id=…),
timed to its first TL;DR, to every TL;DR, and to every paper fully done (TL;DR and related
papers); then the same page again, cached. Meanwhile, on one more page, the reader opens its last
paper at once: how soon that paper is done next to the page's own end.

The stack is warmed first (one paper through both parts), so the figures are those of a warm
machine; each page's papers are new to the service (cold), but in its corpus, as `run`'s harvest
leaves recent arXiv papers: their metadata comes from there, as in use. With --data-dir the stack runs on a
DATA_DIR where a corpus was ingested and embedded beforehand (docs/benchmarks.md).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import psutil
import requests

from server.commands.offline.bench_service import _data_dir, _submit_and_wait, _wait_ready
from server.corpus.records import open_lines
from server.commands.offline import start_stack, stop_stack

DEFAULT_PAPERS = Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")
DONE = {"done", "failed"}


def add_arguments(parser):
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS, help="arXiv JSON lines (gzip or not)")
    parser.add_argument("--data-dir", type=Path,
                        help="run on this DATA_DIR (kept afterwards) instead of a fresh temporary one")
    parser.add_argument("--page-size", type=int, default=14, help="papers a page (Hugging Face's day: about 14)")
    parser.add_argument("--pages", type=int, default=5, help="cold pages to time, one after another")
    parser.add_argument("--workers", type=int, default=1, help="RQ workers to start (`run`'s default: 1)")
    parser.add_argument("--poll-seconds", type=float, default=0.5, help="how often the page is polled (popup: 0.5 s first)")


def main(args):
    if not args.papers.is_file():
        sys.exit(f"{args.papers} is not a file: give the arXiv records with --papers (../shared/data/arxiv/...)")
    pages = _listing_pages(args.papers, args.page_size, args.pages + 2)
    with _data_dir(args.data_dir) as data_dir:
        stack, base, env = start_stack(data_dir, {
            "PAPERGIST_HARVEST": "off", "PAPERGIST_RATE_LIMIT": "100000000/minute",
            "PAPERGIST_BATCH_PAPER_RATE_LIMIT": "100000000/minute"}, args.workers)
        try:
            _wait_ready(base, args.workers)
            # Daily Papers and arXiv's /new list recent arXiv papers, which `run`'s harvest has
            # already read: the workers take their metadata from the corpus, as in use, instead of
            # asking arXiv (unreachable here), and rank related papers among them.
            _ingest_pages(pages, Path(data_dir), {**env, "REDIS_URL": f"unix://{data_dir}/redis.sock"})
            warm = pages.pop()
            _submit_and_wait(base, warm[0])  # the workers' first fork and imports
            cold = [_time_page(base, page, args.poll_seconds) for page in pages[:args.pages]]
            cached = [_time_page(base, page, args.poll_seconds) for page in pages[:args.pages]]
            opened = _open_last_paper(base, pages[args.pages], args.poll_seconds)
        finally:
            stop_stack(stack)
    rows = [(f"cold page of {args.page_size} new papers ({args.pages} pages): first TL;DR", _spread(cold, "first tldr")),
            ("cold page: every TL;DR shown", _spread(cold, "all tldrs")),
            ("cold page: every paper fully done (TL;DR and related papers)", _spread(cold, "all done")),
            ("cached page (the same pages again): every paper done, POST to answer", _spread(cached, "all done")),
            ("cached page: status of the POST", ", ".join(sorted({str(t["status"]) for t in cached}))),
            ("a page whose last paper the reader opens at once: that paper done / the page done",
             f"{opened['opened'] * 1000:.0f} ms / {opened['page'] * 1000:.0f} ms")]
    print(f"\nmachine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"load {os.getloadavg()[0]:.1f}; command: python -m server bench listing {' '.join(sys.argv[3:])}")
    print("| measure | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


def _listing_pages(path: Path, size: int, count: int) -> list[list[dict]]:
    """`count` pages of `size` papers, each page the first papers of one listing day (newest days first)."""
    days = defaultdict(list)
    with open_lines(path) as lines:
        for line in lines:
            paper = json.loads(line)
            days[paper["date"]].append(paper)
    full = [papers[:size] for _, papers in sorted(days.items(), reverse=True) if len(papers) >= size]
    if len(full) < count:
        sys.exit(f"{path} has {len(full)} listing days of {size} papers; {count} are needed")
    return full[:count]


def _ingest_pages(pages: list[list[dict]], data_dir: Path, env: dict) -> None:
    records = data_dir / "listing-pages.jsonl"
    records.write_text("".join(json.dumps(paper) + "\n" for page in pages for paper in page), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "server", "ingest", str(records)], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _body(paper: dict) -> dict:
    return {"url": f"https://arxiv.org/abs/{paper['id']}", "title": paper["title"], "abstract": paper["abstract"],
            "authors": paper["authors"]}


def _time_page(base: str, page: list[dict], poll_seconds: float) -> dict:
    """Seconds from the POST to the first TL;DR, to every TL;DR, to every part done."""
    start = time.perf_counter()
    with requests.Session() as session:
        answer = session.post(f"{base}/api/v1/papers/batch", json={"papers": [_body(p) for p in page]}, timeout=60)
        documents = answer.json()["documents"]
        marks = {"status": answer.status_code}
        while True:
            now = time.perf_counter() - start
            summaries = [d["summary"]["status"] in DONE for d in documents]
            if any(summaries):
                marks.setdefault("first tldr", now)
            if all(summaries):
                marks.setdefault("all tldrs", now)
            if all(summaries) and all(d["related"]["status"] in DONE for d in documents):
                marks["all done"] = now
                return marks
            time.sleep(poll_seconds)
            query = [("paper_id", d["paper_id"]) for d in documents]
            documents = session.get(f"{base}/api/v1/papers", params=query, timeout=60).json()["documents"]


def _open_last_paper(base: str, page: list[dict], poll_seconds: float) -> dict:
    """Seconds from sending the page to its last paper done, when the reader opens that paper at
    once (sends it on its own, as the popup does), and to the whole page done."""
    start = time.perf_counter()
    requests.post(f"{base}/api/v1/papers/batch", json={"papers": [_body(p) for p in page]}, timeout=60)
    _submit_and_wait(base, page[-1], poll_seconds=0.05)
    opened = time.perf_counter() - start
    _time_page(base, page, poll_seconds)  # sent already: this polls it to its end
    return {"opened": opened, "page": time.perf_counter() - start}


def _spread(timings: list[dict], mark: str) -> str:
    values = [t[mark] for t in timings]
    return f"median {statistics.median(values):.2f} s, longest {max(values):.2f} s"
