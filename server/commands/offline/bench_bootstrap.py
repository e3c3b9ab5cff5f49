"""How long a first run's corpus bootstrap takes: `python -m server run` on a fresh DATA_DIR,
against a local replay of arXiv's OAI-PMH, to "related papers by their words" and to "every
paper with its MiniLM vector".

The replay serves real arXiv records (../shared/data/arxiv, the newest `--papers` of them) in
the arXiv metadata format, `--page-size` to a page with resumption tokens and completeListSize,
as arXiv does (1,000 a page), and the service keeps its real politeness delay between pages
(PAPERGIST_HARVEST_DELAY_SECONDS, 3 s). Real arXiv adds its own answer time (a few seconds a
page for the whole cs set) on top of the delay, which this replay does not.

Meanwhile a reader's paper is submitted every `--probe-seconds`, to show how long one waits for
its related list while the corpus loads.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import requests

from server.corpus.records import open_lines
from server.commands.offline import start_stack, stop_stack

DEFAULT_DATA = Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")
# 30 days of the cs set; see README "Related papers" for how the figure was estimated.
DEFAULT_PAPERS = 16_000
ENVELOPE = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/'
            'OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n<responseDate>{now}</responseDate>\n'
            '<request verb="ListRecords">http://oaipmh.arxiv.org/oai</request>\n<ListRecords>\n')


def add_arguments(parser):
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="arXiv JSON lines (gzip or not)")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help="records the replay lists (default 16,000)")
    parser.add_argument("--page-size", type=int, default=1000, help="records per OAI-PMH page (arXiv: 1,000)")
    parser.add_argument("--delay", type=float, default=3.0, help="the service's pause between pages, s")
    parser.add_argument("--workers", type=int, default=1, help="workers `run` starts (a first run: 1)")
    parser.add_argument("--probe-seconds", type=float, default=60.0,
                        help="submit a reader's paper this often while the corpus loads (0: never)")


def main(args):
    if not args.data.is_file():
        sys.exit(f"{args.data} is not a file: give the arXiv records with --data (../shared/data/arxiv/...)")
    papers, probes, window = _read(args.data, args.papers)
    print(f"the data's cs.CV/cs.CL/cs.AI listings (cross-lists included) in 30 days: busiest "
          f"{window[0]:,} ({window[1]}), newest full 30 days {window[2]:,} ({window[3]})", flush=True)
    pages = _pages(papers, args.page_size)
    replay = _Replay(pages)
    with tempfile.TemporaryDirectory(prefix="papergist-bench-bootstrap-") as data_dir:
        log = open(Path(data_dir) / "run.log", "w")
        started = time.perf_counter()
        stack, base, _ = start_stack(data_dir, {
            "PAPERGIST_HARVEST": "on", "PAPERGIST_ARXIV_OAI_URL": f"{replay.url}/oai",
            "PAPERGIST_HARVEST_DELAY_SECONDS": str(args.delay), "PAPERGIST_RATE_LIMIT": "100000000/minute"},
            args.workers, output=log)
        try:
            marks, probe_waits = _watch(base, started, probes, args.probe_seconds)
        finally:
            stop_stack(stack)
            replay.close()
            log.close()
    first_request = replay.first_request - started
    rows = [
        ("records listed (pages of %d)" % args.page_size, f"{len(papers):,} ({len(pages)} pages)"),
        ("`run` started to ready (/readyz 200)", f"{marks['ready']:.0f} s"),
        ("`run` started to the first OAI-PMH request", f"{first_request:.0f} s"),
        (f"first request to the first page searchable ({min(args.page_size, len(papers)):,} papers, by their words)",
         f"{marks['first page'] - first_request:.1f} s"),
        ("first request to every page searchable by words (harvest complete)", f"{marks['harvested'] - first_request:.0f} s"),
        ("first request to every vector in (bootstrap done)", f"{marks['done'] - first_request:.0f} s "
                                                             f"({(marks['done'] - first_request) / 60:.1f} min)"),
        ("vectors per second, first page to done", f"{len(papers) / (marks['done'] - marks['first page']):.1f}"),
    ]
    if probe_waits:
        rows.append((f"a reader's paper meanwhile, POST to both parts done ({len(probe_waits)} papers)",
                     f"median {statistics.median(probe_waits):.1f} s, longest {max(probe_waits):.1f} s"))
    print(f"\nmachine: {os.cpu_count()} cores; command: python -m server bench bootstrap {' '.join(sys.argv[3:])}")
    print("| measure | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


def _read(path: Path, count: int):
    """The newest `count` records (the replay), a few older ones (readers' papers), and the data's
    30-day volume: (busiest count, its window, newest full window's count, that window)."""
    with open_lines(path) as lines:
        records = [json.loads(line) for line in lines]
    records.sort(key=lambda paper: paper["date"], reverse=True)
    per_day = Counter(dt.date.fromisoformat(paper["date"]) for paper in records)
    last = max(per_day)
    starts = [last - dt.timedelta(days=n) for n in range((last - min(per_day)).days - 29)]
    counts = {start: sum(per_day.get(start + dt.timedelta(days=n), 0) for n in range(30)) for start in starts}
    busiest = max(counts, key=counts.get)
    newest = max(start for start in counts if start + dt.timedelta(days=30) <= last)  # the last day may be partial
    label = lambda start: f"{start.isoformat()} to {(start + dt.timedelta(days=29)).isoformat()}"  # noqa: E731
    window = (counts[busiest], label(busiest), counts[newest], label(newest))
    return records[:count], records[count:count + 100], window


def _pages(papers: list[dict], size: int) -> list[bytes]:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    chunks = [papers[start:start + size] for start in range(0, len(papers), size)]
    pages = []
    for number, chunk in enumerate(chunks):
        token = f"bench|{number + 1}" if number + 1 < len(chunks) else ""
        body = ENVELOPE.format(now=now) + "\n".join(map(_record, chunk)) + (
            f'\n<resumptionToken cursor="{number * size}" completeListSize="{len(papers)}">{token}'
            "</resumptionToken>\n</ListRecords>\n</OAI-PMH>")
        pages.append(body.encode())
    return pages


def _record(paper: dict) -> str:
    authors = "".join(f"<author><keyname>{escape(last)}</keyname><forenames>{escape(first)}</forenames></author>"
                      for first, _, last in (name.rpartition(" ") for name in paper["authors"]))
    categories = " ".join(paper["categories"])
    return (f"<record><header><identifier>oai:arXiv.org:{paper['id']}</identifier><datestamp>{paper['date']}"
            f"</datestamp><setSpec>cs</setSpec></header><metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">"
            f"<id>{paper['id']}</id><created>{paper['date']}</created><authors>{authors}</authors>"
            f"<title>{escape(paper['title'])}</title><categories>{categories}</categories>"
            f"<abstract>{escape(paper['abstract'])}</abstract></arXiv></metadata></record>")


class _Replay:
    """arXiv's OAI-PMH for the bench: the first page for any ListRecords, then by token."""

    def __init__(self, pages: list[bytes]):
        self.first_request = None
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if replay.first_request is None:
                    replay.first_request = time.perf_counter()
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                token = query.get("resumptionToken", "bench|0")
                body = pages[int(token.split("|")[1])]
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def _watch(base: str, started: float, probes: list[dict], probe_seconds: float, timeout: float = 7200):
    """Seconds from `started` to each mark, and the probes' waits."""
    marks, waits, next_probe = {}, [], None
    deadline = time.monotonic() + timeout
    while "done" not in marks:
        if time.monotonic() > deadline:
            sys.exit(f"the bootstrap did not finish within {timeout:.0f} s; marks so far: {marks}")
        try:
            status = requests.get(f"{base}/api/v1/corpus", timeout=10).json()
        except (requests.RequestException, ValueError):
            time.sleep(0.5)
            continue
        now = time.perf_counter() - started
        if "ready" not in marks and _ready(base):
            marks["ready"] = now
        if status.get("pages", 0) >= 1:
            if "first page" not in marks:
                marks["first page"] = now
                print(f"{now:6.0f} s  first page in: {status['papers']:,} papers searchable by their words", flush=True)
                next_probe = now
        if status["state"] in ("embedding", "done") and "harvested" not in marks:
            marks["harvested"] = now
            print(f"{now:6.0f} s  harvest complete: {status['papers']:,} papers, {status['vectors']:,} vectors", flush=True)
        if status["state"] == "done":
            marks["done"] = now
            print(f"{now:6.0f} s  bootstrap done: {status['vectors']:,} vectors", flush=True)
        elif status["state"] == "failed":
            sys.exit(f"the bootstrap failed: {status.get('last_error')}")
        if probe_seconds and next_probe is not None and now >= next_probe and probes and "done" not in marks:
            waits.append(_probe(base, probes.pop()))
            print(f"{now:6.0f} s  a reader's paper: both parts done in {waits[-1]:.1f} s "
                  f"(corpus {status['papers']:,} papers, {status['vectors']:,} vectors)", flush=True)
            next_probe = now + probe_seconds
        time.sleep(0.5)
    return marks, waits


def _ready(base: str) -> bool:
    try:
        return requests.get(f"{base}/readyz", timeout=10).status_code == 200
    except requests.RequestException:
        return False


def _probe(base: str, paper: dict) -> float:
    body = {"url": f"https://arxiv.org/abs/{paper['id']}", "title": paper["title"], "abstract": paper["abstract"]}
    start = time.perf_counter()
    paper_id = requests.post(f"{base}/api/v1/papers", json=body, timeout=30).json()["paper_id"]
    while True:
        document = requests.get(f"{base}/api/v1/papers/{paper_id}", timeout=30).json()
        if {document["summary"]["status"], document["related"]["status"]} <= {"done", "failed"}:
            return time.perf_counter() - start
        time.sleep(0.1)


