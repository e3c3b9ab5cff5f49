"""Export a full list and import it back, as a user moving to another account or server would.

Starts a private Redis (appendfsync as configured, `always` by default) in a temporary
directory, fills a list with --papers real arXiv papers (abstract, authors, a few tags, a
short note on some) through the import route, then for JSON and BibTeX: exports the list,
imports the file into a new account through the API with the configured body limits, and
prints the body's size against the import limit, the time, and the import's peak Python
memory (tracemalloc, in a second run of its own, since tracing slows it down).
"""
from __future__ import annotations

import json
import random
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

from server.app import create_app
from server.config import load_settings
from server.embedded_redis import start_redis
from server.corpus.records import open_lines

DEFAULT_PAPERS = Path("../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz")
UNLIMITED = "1000000/minute"


def add_arguments(parser):
    parser.add_argument("--papers", type=Path, default=DEFAULT_PAPERS, help="arXiv JSON lines (gzip or not)")
    parser.add_argument("--items", type=int, help="papers in the list (default: PAPERGIST_LIST_MAX_ITEMS)")


def main(args):
    settings = load_settings()
    count = args.items or settings.list_max_items
    items = _items(args.papers, count)
    with tempfile.TemporaryDirectory() as directory:
        process, url = start_redis(Path(directory), settings.redis_appendfsync)
        try:
            app = create_app(settings.replace(redis_url=url, rate_limit=UNLIMITED, token_rate_limit=UNLIMITED,
                                              account_rate_limit=UNLIMITED))
            client = app.test_client()
            source = _account(client)
            seconds, _ = _import(client, source, "json", json.dumps(items))
            print(f"{count} papers, appendfsync {settings.redis_appendfsync}, import limit "
                  f"{settings.max_import_bytes / 2**20:.1f} MiB; list filled in {seconds:.2f} s")
            print(f"{'format':7} {'export MiB':>10} {'body MiB':>9} {'B/entry':>8} {'import s':>9} "
                  f"{'entries/s':>10} {'peak MiB':>9}")
            for format_ in ("json", "bibtex"):
                exported = client.get(f"/api/v1/lists/L/export?format={format_}", headers=source).get_data(as_text=True)
                seconds, body = _import(client, _account(client), format_, exported)
                tracemalloc.start()
                _import(client, _account(client), format_, exported)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                print(f"{format_:7} {len(exported.encode()) / 2**20:10.1f} {body / 2**20:9.1f} {body / count:8.0f} "
                      f"{seconds:9.2f} {count / seconds:10.0f} {peak / 2**20:9.0f}")
        finally:
            process.terminate()
            process.wait(10)


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


def _import(client, auth: dict, format_: str, content: str) -> tuple[float, int]:
    """(seconds, body bytes) of one import, sent as Python's json sends it (non-ASCII escaped)."""
    body = json.dumps({"format": format_, "content": content}).encode()
    started = time.perf_counter()
    response = client.post("/api/v1/lists/L/import", data=body, content_type="application/json", headers=auth)
    seconds = time.perf_counter() - started
    result = response.get_json()
    if response.status_code != 200 or result["errors"]:
        raise SystemExit(f"import failed ({response.status_code}): {json.dumps(result)[:500]}")
    return seconds, len(body)
