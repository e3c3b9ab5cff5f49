"""Concurrent maximal list imports against a running service, and how `/healthz` and a cached
paper answer meanwhile: the attack of issue #14 (four BibTeX imports of 10,000 LaTeX-heavy
entries from one address once held every gunicorn process for a minute) as a measurement.
Shared by `python -m server bench import --concurrent N` and tests/test_import_load.py.
"""
from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

# A reference manager's BibTeX with LaTeX in every field: accents, math, braces. Each abstract
# is numbered, so no cache of whole values makes reading the file look faster than a real one.
ENTRY = ("@article{{e{n},\n  title = {{On {{\\\"U}}ber-{{\\'e}}l{{\\`e}}ves and $\\alpha$-{{\\v{{s}}}}parsity, part {n}}},\n"
         "  author = {{M{{\\\"u}}ller, J{{\\o}}rn and {{\\AA}}str{{\\\"o}}m, K{{\\aa}}re and Gon{{\\c{{c}}}}alves, In{{\\^e}}s}},\n"
         "  journal = {{J. {{\\\"O}}sterreich. Math. Ges.}}, year = {{2024}},\n"
         "  eprint = {{{arxiv_id}}}, archivePrefix = {{arXiv}}, keywords = {{nlp; theory}},\n"
         "  abstract = {{Study {n}. {abstract}}}\n}}\n")
SENTENCE = ("We show that the {\\\"o}ptimal $\\mathcal{O}(n \\log n)$ bound of Erd{\\H{o}}s holds for "
            "$\\ell_1$-regularised na{\\\"\\i}ve estimators {\\`a} la Poincar{\\'e}. ")


def latex_heavy_bibtex(entries: int, body_bytes: int) -> str:
    """`entries` LaTeX-heavy BibTeX entries whose import body (JSON, as a client sends it) comes
    within a sentence per entry (2%) of body_bytes: each abstract as long as its share allows."""
    envelope = len(json.dumps({"format": "bibtex", "content": ""}))
    bare = len(json.dumps(ENTRY.format(n=0, arxiv_id="2401.00000", abstract=""))) - 2
    per_sentence = len(json.dumps(SENTENCE)) - 2
    sentences = max(0, ((body_bytes - envelope) // entries - bare - 16) // per_sentence)
    abstract = SENTENCE * sentences
    return "".join(ENTRY.format(n=n, arxiv_id=f"{2401 + n // 99999}.{n % 99999 + 1:05d}", abstract=abstract)
                   for n in range(entries))


def percentiles(seconds: list[float]) -> dict:
    cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else seconds * 99
    return {"n": len(seconds), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(seconds)}


def describe(name: str, figures: dict) -> str:
    return (f"{name}: {figures['n']} requests, p50 {figures['p50'] * 1000:.1f} ms, p95 {figures['p95'] * 1000:.1f} ms, "
            f"p99 {figures['p99'] * 1000:.1f} ms, max {figures['max'] * 1000:.1f} ms")


def run_imports(base: str, tokens: list[str], body: bytes, paper_path: str, settle_seconds: float = 10,
                interval: float = 0.02) -> dict:
    """POST one import per token at once, and meanwhile GET /healthz and paper_path in turn
    every `interval` seconds until settle_seconds after the last import was accepted (the list
    worker is reading the files by then). Returns each import's outcome, the seconds of every
    POST, and each probe's latencies."""
    probes = {"healthz": [], "paper": []}
    failures, post_seconds = [], []  # post_seconds: every answer to a POST, 503s included
    stop = threading.Event()

    def probe():
        session = requests.Session()
        while not stop.is_set():
            for name, path in (("healthz", "/healthz"), ("paper", paper_path)):
                started = time.perf_counter()
                try:
                    status = session.get(base + path, timeout=30).status_code
                except requests.RequestException as error:
                    status = repr(error)
                probes[name].append(time.perf_counter() - started)
                if status != 200:
                    failures.append((name, status))
            stop.wait(interval)

    def post(token):
        """One client's import, sent again after Retry-After while the server answers 503 (it
        is receiving as many large bodies as it takes at once): (status, body, seconds of the
        last request, 503s before it)."""
        busy = 0
        while True:
            started = time.perf_counter()
            response = requests.post(f"{base}/api/v1/lists/Imported/import", data=body, timeout=300,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            seconds = time.perf_counter() - started
            if response.status_code != 503 or busy >= 20:
                return response.status_code, response.json(), seconds, busy
            busy += 1
            post_seconds.append(seconds)
            time.sleep(float(response.headers.get("Retry-After", 1)))

    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    try:
        time.sleep(0.5)  # a baseline before the uploads start
        with ThreadPoolExecutor(len(tokens)) as pool:
            posts = list(pool.map(post, tokens))
        post_seconds += [seconds for _, _, seconds, _ in posts]
        time.sleep(settle_seconds)
    finally:
        stop.set()
        prober.join()
    return {"posts": posts, "post_seconds": post_seconds, "healthz": percentiles(probes["healthz"]),
            "paper": percentiles(probes["paper"]), "probe_failures": failures}


def wait_for_imports(base: str, tokens: list[str], posts: list, timeout: float) -> list[dict]:
    """Each import's final record (polled until done or failed, or as it stands at the timeout)."""
    deadline, records = time.monotonic() + timeout, []
    for token, (_, record, _, _) in zip(tokens, posts):
        url = f"{base}/api/v1/lists/Imported/imports/{record['id']}"
        while True:
            record = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
            if record["status"] in ("done", "failed") or time.monotonic() > deadline:
                break
            time.sleep(1)
        records.append(record)
    return records
