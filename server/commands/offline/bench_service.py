"""Benchmark the whole service as users meet it: cached reads next to /healthz under wrk, the
cold path from POST to both parts done, worker throughput, and memory per process.

It starts its own stack (`python -m server run` on a free port, on a temporary DATA_DIR or on
--data-dir, say one where the whole arXiv corpus was ingested and embedded beforehand, see
docs/benchmarks.md), so the figures do not depend on anything already running.
Needs `wrk` (Debian: apt-get install wrk).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import psutil
import requests

from server.corpus.records import open_lines
from server.commands.offline import start_stack, stop_stack

DEFAULT_PAPERS = Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")


def add_arguments(parser):
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS, help="arXiv JSON lines (gzip or not)")
    parser.add_argument("--corpus", type=Path, help="ingest this corpus first (python -m server ingest)")
    parser.add_argument("--data-dir", type=Path,
                        help="run on this DATA_DIR (kept afterwards) instead of a fresh temporary one")
    parser.add_argument("--cold", type=int, default=200, help="distinct papers for the cold path")
    parser.add_argument("--workers", type=int, default=2, help="RQ workers to start")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")


def main(args):
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    papers = _read_papers(args.papers, 2 * args.cold)
    with _data_dir(args.data_dir) as data_dir:
        # One client address sends everything here: lift the per-address limits (still counted).
        stack, base, env = start_stack(data_dir, {"PAPERGIST_RATE_LIMIT": "100000000/minute",
                                                  "PAPERGIST_TOKEN_RATE_LIMIT": "100000000/minute"}, args.workers)
        try:
            _wait_ready(base, args.workers + 1)  # `run` adds the list worker
            rows = []
            if args.corpus:
                rows.append(_ingest(args.corpus, {**env, "REDIS_URL": f"unix://{data_dir}/redis.sock"}))
            _submit_and_wait(base, papers[0])  # warm the workers' first fork and imports
            rows.append(_cold_path(base, papers[1:args.cold + 1]))
            rows.append(_throughput(base, papers[args.cold + 1:], args.workers))
            rows += _cached_vs_health(base, papers[1], args.connections, args.seconds)
            rows += _memory(stack.pid)
        finally:
            stop_stack(stack)
    print(f"\nmachine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"command: python -m server bench service {' '.join(sys.argv[3:])}")
    print("| measure | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


@contextmanager
def _data_dir(given: Path | None):
    if given:
        yield str(given.resolve())
        return
    with tempfile.TemporaryDirectory(prefix="papergist-bench-") as fresh:
        yield fresh


def _cold_path(base, papers):
    latencies = [_submit_and_wait(base, paper) for paper in papers]
    cuts = statistics.quantiles(latencies, n=100)
    return (f"cold path, POST to both parts done ({len(papers)} distinct papers, one at a time)",
            f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms")


def _throughput(base, papers, workers):
    start = time.perf_counter()
    with ThreadPoolExecutor(32) as pool:
        # The popup polls every 0.7-3 s; 0.1 s keeps the figure fine-grained without 32
        # clients' polls (one every 5 ms each) taking the CPU the workers need.
        list(pool.map(lambda paper: _submit_and_wait(base, paper, poll_seconds=0.1), papers))
    rate = len(papers) / (time.perf_counter() - start)
    return (f"throughput ({len(papers)} papers at once, {workers} workers)",
            f"{rate:.1f} papers/s, {rate / workers:.1f} per worker")


def _cached_vs_health(base, paper, connections, seconds, rounds=3):
    """Both URLs in turn, `rounds` times, medians reported: wrk opens its connections in one
    burst, and which gunicorn process accepts how many of them varies from run to run."""
    paper_id = _submit_and_wait.last_ids[paper["id"]]
    urls = {"GET /healthz": "/healthz", "GET /api/v1/papers/<id> (cached)": f"/api/v1/papers/{paper_id}"}
    runs = {label: [] for label in urls}
    for _ in range(rounds):
        for label, path in urls.items():
            runs[label].append(_wrk(base + path, connections, seconds))
    rows = []
    for label, results in runs.items():
        rate, p50, p99 = sorted(results)[len(results) // 2]
        rows.append((f"{label}, wrk {connections} connections, median of {rounds} runs of {seconds} s",
                     f"{rate:,.0f} req/s, p50 {p50}, p99 {p99}"))
    health, cached = runs.values()
    ratios = sorted(c[0] / h[0] for h, c in zip(health, cached))
    rows.append(("cached paper rate / health-check rate (median of the runs' ratios)",
                 f"{ratios[len(ratios) // 2]:.0%}"))
    return rows


def _wrk(url, connections, seconds):
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                            capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    distribution = output.split("Latency Distribution", 1)[1]
    p50 = re.search(r"50%\s+(\S+)", distribution).group(1)
    p99 = re.search(r"99%\s+(\S+)", distribution).group(1)
    return rate, p50, p99


def _memory(stack_pid):
    rows = []
    for child in psutil.Process(stack_pid).children(recursive=True):
        command = " ".join(child.cmdline())
        kind = _kind_of_process(command)
        if kind:
            rows.append((f"memory, {kind} process {child.pid}", f"{child.memory_info().rss / 2**20:.0f} MiB RSS"))
    return rows


def _kind_of_process(command: str) -> str | None:
    if command.split(" ", 1)[0].rsplit("/", 1)[-1] in ("redis-server", "valkey-server"):
        return "redis (rate-limit counters)" if "limits.sock" in command else "redis"
    if "gunicorn" in command:
        return "web"
    return "worker" if "server worker" in command else None


def _ingest(corpus, env):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "server", "ingest", str(corpus)], env=env, check=True)
    seconds = time.perf_counter() - start
    with open_lines(corpus) as lines:
        count = sum(1 for _ in lines)
    return (f"ingest of {corpus.name}", f"{count:,} papers in {seconds:.0f} s ({count / seconds:,.0f} papers/s)")


def _submit_and_wait(base, paper, poll_seconds: float = 0.005) -> float:
    body = {"url": f"https://arxiv.org/abs/{paper['id']}", "title": paper["title"],
            "abstract": paper["abstract"], "authors": paper["authors"]}
    start = time.perf_counter()
    with requests.Session() as session:
        paper_id = session.post(f"{base}/api/v1/papers", json=body, timeout=30).json()["paper_id"]
        _submit_and_wait.last_ids[paper["id"]] = paper_id
        while True:
            document = session.get(f"{base}/api/v1/papers/{paper_id}", timeout=30).json()
            if {document["summary"]["status"], document["related"]["status"]} <= {"done", "failed"}:
                return time.perf_counter() - start
            time.sleep(poll_seconds)


_submit_and_wait.last_ids = {}


def _read_papers(path, count):
    with open_lines(path) as lines:
        return [json.loads(line) for line in islice(lines, count)]


def _wait_ready(base, workers, timeout=900):  # a worker reads the whole corpus index first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/readyz", timeout=2).json().get("workers") == workers:
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    sys.exit("the service did not become ready")


