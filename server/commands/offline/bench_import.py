"""Export a full list and import it back, as a user moving to another account or server would;
and with --concurrent N, N maximal imports at once against the real service while /healthz
and a cached paper are asked every 20 ms (issue #14's attack); with --latex-heavy N, how fast
the import job reads N LaTeX-heavy BibTeX entries, against pylatexenc on every value, and a maximal import of such entries through the API and its job.

The first part starts a private Redis (appendfsync as configured, `always` by default) in a
temporary directory, fills a list with --papers real arXiv papers (abstract, authors, a few
tags, a short note on some) through the import route, then for JSON and BibTeX: exports the
list, imports the file into a new account through the API with the configured body limits, and
prints the body's size against the import limit, how long the POST took (the web process only
stores the file), how long the import job took (run here by an RQ SimpleWorker), and the job's
peak Python memory (tracemalloc, in a second run of its own, since tracing slows it down).

The second part starts `python -m server run` (gunicorn's web processes, the reader's worker
and the list worker) in a temporary DATA_DIR, caches one paper, then sends N imports of the
largest body the route takes (10,000 LaTeX-heavy BibTeX entries) from N accounts at once and
prints the POSTs' times and the two probes' latency percentiles.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import bibtexparser
import requests
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from redis import Redis
from rq import Queue, SimpleWorker

from server.app import create_app
from server.citations import bibtex, latex
from server.config import load_settings
from server.corpus.records import open_lines
from server.embedded_redis import start_redis
from server.jobs.queues import LIST_QUEUE
from server.offline.import_load import describe, latex_heavy_bibtex, run_imports, wait_for_imports
from server.commands.offline import start_stack, stop_stack

DEFAULT_PAPERS = Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")
UNLIMITED = "1000000/minute"


def add_arguments(parser):
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS, help="arXiv JSON lines (gzip or not)")
    parser.add_argument("--items", type=int, help="papers in the list (default: PAPERGIST_LIST_MAX_ITEMS)")
    parser.add_argument("--concurrent", type=int, default=0, metavar="N",
                        help="then N maximal BibTeX imports at once against `python -m server run`, "
                             "with /healthz and a cached paper probed meanwhile")
    parser.add_argument("--latex-heavy", type=int, default=0, metavar="N",
                        help="then read N LaTeX-heavy BibTeX entries of the largest size an import takes, "
                             "as the import job reads them and (a tenth of them) with pylatexenc on every value; "
                             "then import a maximal file of them through the API and its job")
    parser.add_argument("--wait", action="store_true",
                        help="with --concurrent: wait for the N imports to finish and print their times")


def main(args):
    if args.items != 0:
        _export_and_import_back(args)
    if args.latex_heavy:
        _read_latex_heavy(args.latex_heavy)
    if args.concurrent:
        _concurrent(args)


@contextmanager
def _service(settings):
    """(test client, Redis) of the app on a private Redis (appendfsync as configured), no rate limits."""
    with tempfile.TemporaryDirectory() as directory:
        process, url = start_redis(Path(directory), settings.redis_appendfsync)
        try:
            app = create_app(settings.replace(redis_url=url, rate_limit=UNLIMITED, token_rate_limit=UNLIMITED,
                                              account_rate_limit=UNLIMITED))
            yield app.test_client(), Redis.from_url(url)
        finally:
            process.terminate()
            process.wait(10)


def _export_and_import_back(args):
    settings = load_settings()
    count = args.items or settings.list_max_items
    items = _items(args.papers, count)
    with _service(settings) as (client, redis):
        source = _account(client)
        _, seconds, _ = _import(client, redis, source, "json", json.dumps(items))
        print(f"{count} papers, appendfsync {settings.redis_appendfsync}, import limit "
              f"{settings.max_import_bytes / 2**20:.1f} MiB; list filled in {seconds:.2f} s")
        print(f"{'format':7} {'export MiB':>10} {'export s':>9} {'body MiB':>9} {'B/entry':>8} {'POST ms':>8} "
              f"{'import s':>9} {'entries/s':>10} {'peak MiB':>9}")
        for format_ in ("json", "bibtex"):
            started = time.perf_counter()
            exported = _export(client, redis, source, format_)
            export_seconds = time.perf_counter() - started
            post, seconds, body = _import(client, redis, _account(client), format_, exported)
            tracemalloc.start()
            _import(client, redis, _account(client), format_, exported)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{format_:7} {len(exported.encode()) / 2**20:10.1f} {export_seconds:9.2f} {body / 2**20:9.1f} "
                  f"{body / count:8.0f} {post * 1000:8.0f} {seconds:9.2f} {count / seconds:10.0f} {peak / 2**20:9.0f}")


def _read_latex_heavy(count: int) -> None:
    """How fast the import job reads LaTeX-heavy BibTeX (bibtex.read: bibtexparser, then LaTeX
    to text piece by piece), against bibtexparser's own LatexDecodingMiddleware (pylatexenc on
    every value, as the import read before), and what that makes of a maximal import."""
    settings = load_settings()
    per_entry = settings.max_import_bytes // settings.list_max_items
    print(f"reading LaTeX-heavy BibTeX ({per_entry} B of import body an entry, the most an import takes; "
          f"a maximal import is {settings.list_max_items} of them, {settings.max_import_bytes / 2**20:.1f} MiB)")
    # First, in a process that has read nothing yet, as the list worker's fresh fork for each job.
    with _service(settings) as (client, redis):
        text = latex_heavy_bibtex(settings.list_max_items, settings.max_import_bytes)
        post, seconds, body = _import(client, redis, _account(client), "bibtex", text)
        print(f"a maximal import through the API and its job ({body / 2**20:.1f} MiB body, appendfsync "
              f"{settings.redis_appendfsync}): POST {post:.2f} s, done after {seconds:.1f} s "
              f"(PAPERGIST_LIST_JOB_TIMEOUT_SECONDS {settings.list_job_timeout_seconds})")
    print(f"{'reader':34} {'entries':>8} {'MiB':>6} {'seconds':>8} {'MB/s':>6} {'maximal import s':>17}")
    for name, reader, entries in (("bibtex.read (the import job)", bibtex.read, count),
                                  ("pylatexenc on every value", _read_with_pylatexenc, max(1, count // 10))):
        text = latex_heavy_bibtex(entries, entries * per_entry)
        started = time.perf_counter()
        reader(text)
        seconds = time.perf_counter() - started
        print(f"{name:34} {entries:8} {len(text.encode()) / 2**20:6.1f} {seconds:8.2f} "
              f"{len(text.encode()) / seconds / 1e6:6.2f} {seconds * settings.list_max_items / entries:17.0f}")


def _read_with_pylatexenc(text: str):
    return bibtexparser.parse_string(text, append_middleware=[
        SeparateCoAuthors(), LatexDecodingMiddleware(decoder=latex.DECODER)])


def _items(path: Path, count: int) -> list[dict]:
    rng = random.Random(1)
    with open_lines(path) as lines:
        papers = [json.loads(line) for line in islice(lines, count)]
    if len(papers) < count:
        raise SystemExit(f"{path} holds only {len(papers)} papers")
    return [{"paper_id": f"arxiv:{p['id']}", "saved_at": 1.7e9 + n, "read": rng.random() < 0.5,
             "tags": rng.sample(["nlp", "vision", "to-read", "survey", "reading group"], rng.randint(0, 3)),
             "note": "Worth a look for the related-work section. " * rng.choice([0, 0, 1, 3]),
             "paper": {"url": f"https://arxiv.org/abs/{p['id']}", "title": p["title"], "abstract": p["abstract"],
                       "authors": p["authors"], "ids": {"arxiv": p["id"]}}} for n, p in enumerate(papers)]


def _account(client) -> dict:
    return {"Authorization": f"Bearer {client.post('/api/v1/accounts').get_json()['token']}"}


def _work(redis) -> None:
    """Run the queued list jobs here, in this process (SimpleWorker: no fork, so tracemalloc sees them)."""
    SimpleWorker([Queue(LIST_QUEUE, connection=redis)], connection=redis).work(burst=True, logging_level="WARNING")


def _export(client, redis, auth: dict, format_: str) -> str:
    """The list's file: at once for a small list, else by its job (202), run here."""
    response = client.get(f"/api/v1/lists/L/export?format={format_}", headers=auth)
    if response.status_code == 202:
        _work(redis)
        response = client.get(f"{response.headers['Location']}/file", headers=auth)
    return response.get_data(as_text=True)


def _import(client, redis, auth: dict, format_: str, content: str) -> tuple[float, float, int]:
    """(seconds of the POST, seconds to the import's end, body bytes) of one import, sent as
    Python's json sends it (non-ASCII escaped); the job is run here."""
    body = json.dumps({"format": format_, "content": content}).encode()
    started = time.perf_counter()
    response = client.post("/api/v1/lists/L/import", data=body, content_type="application/json", headers=auth)
    post = time.perf_counter() - started
    if response.status_code != 202:
        raise SystemExit(f"import refused ({response.status_code}): {json.dumps(response.get_json())[:500]}")
    _work(redis)
    result = client.get(response.headers["Location"], headers=auth).get_json()
    seconds = time.perf_counter() - started
    if result["status"] != "done" or result["errors"]:
        raise SystemExit(f"import failed: {json.dumps(result)[:500]}")
    return post, seconds, len(body)


def _concurrent(args):
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="papergist-bench-") as data_dir:
        stack, base, _ = start_stack(data_dir, {
            "PAPERGIST_HARVEST": "off", "PAPERGIST_RATE_LIMIT": UNLIMITED,
            "PAPERGIST_TOKEN_RATE_LIMIT": UNLIMITED, "PAPERGIST_ACCOUNT_RATE_LIMIT": UNLIMITED})
        try:
            _wait(lambda: requests.get(f"{base}/readyz", timeout=2).json()["workers"] == 2, 300)
            paper = _items(args.papers, 1)[0]["paper"]
            requests.post(f"{base}/api/v1/papers", json=paper, timeout=10).raise_for_status()
            paper_path = f"/api/v1/papers/arxiv:{paper['ids']['arxiv']}"
            _wait(lambda: {requests.get(base + paper_path, timeout=10).json()[part]["status"]
                           for part in ("summary", "related")} <= {"done"}, 300)
            tokens = [requests.post(f"{base}/api/v1/accounts", timeout=10).json()["token"]
                      for _ in range(args.concurrent)]
            body = json.dumps({"format": "bibtex", "content": latex_heavy_bibtex(
                settings.list_max_items, settings.max_import_bytes)}).encode()
            result = run_imports(base, tokens, body, paper_path)
            busy = sum(retries for _, _, _, retries in result["posts"])
            print(f"\n{args.concurrent} imports at once of {len(body) / 2**20:.1f} MiB ({settings.list_max_items} "
                  f"LaTeX-heavy BibTeX entries), {settings.web_workers} web processes, appendfsync "
                  f"{settings.redis_appendfsync}; statuses {[status for status, _, _, _ in result['posts']]}, "
                  f"{busy} answered 503 (busy) first")
            print("POSTs answered in " + ", ".join(f"{s:.2f} s" for s in sorted(result["post_seconds"])))
            print(describe("GET /healthz", result["healthz"]))
            print(describe("GET a cached paper", result["paper"]))
            if result["probe_failures"]:
                print(f"probe failures: {result['probe_failures'][:10]}")
            if args.wait:
                started = time.monotonic()
                for record in wait_for_imports(base, tokens, result["posts"], timeout=6 * 3600):
                    print(f"import {record['id']}: {record['status']} after {record['finished_at'] - record['created_at']:.0f} s, "
                          f"{record['imported']} imported, {len(record['errors'])} errors {record['error'] or ''}")
                print(f"all finished {time.monotonic() - started:.0f} s after the last upload")
        finally:
            stop_stack(stack)


def _wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (requests.RequestException, KeyError, ValueError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the service did not get ready within {timeout} s")
