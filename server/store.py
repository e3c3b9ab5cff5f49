"""The only module that knows PaperGist's Redis key names and their lifetimes.

Key layout (version `v1` of the layout; a new layout gets a new prefix):

    papergist:v1:paper:{paper_id}                    JSON paper metadata          PAPER_TTL
    papergist:v1:result:{part}:{engine}:{paper_id}   JSON result of a done part   SUMMARY_TTL / RELATED_TTL

`part` is `summary` or `related`; `engine` is the engine's name@version, so bumping an engine's
version makes every result it wrote unreachable (and Redis expires them). Jobs in flight are RQ's
own keys (rq:job:*), found by the job id that jobs.job_id() derives from the same three values.
"""
from __future__ import annotations

import json

PREFIX = "papergist:v1"
PARTS = ("summary", "related")
PAPER_FIELDS = ("url", "title", "abstract", "authors", "ids", "version")


def paper_key(paper_id: str) -> str:
    return f"{PREFIX}:paper:{paper_id}"


def result_key(part: str, engine: str, paper_id: str) -> str:
    return f"{PREFIX}:result:{part}:{engine}:{paper_id}"


def get_paper(redis, paper_id: str) -> dict | None:
    raw = redis.get(paper_key(paper_id))
    return json.loads(raw) if raw else None


def save_paper(redis, paper: dict, ttl: int) -> dict:
    """Store a submitted paper, keeping what is already known: a later submission fills
    empty fields (a PDF tab sends only the address) but never overwrites a stored one."""
    stored = get_paper(redis, paper["paper_id"]) or {"paper_id": paper["paper_id"]}
    for field in PAPER_FIELDS:
        if paper.get(field) and not stored.get(field):
            stored[field] = paper[field]
    if paper.get("ids"):
        stored["ids"] = {**paper["ids"], **(stored.get("ids") or {})}
    if paper.get("version") and paper["version"] > (stored.get("version") or 0):
        stored["version"] = paper["version"]
    redis.set(paper_key(paper["paper_id"]), json.dumps(stored), ex=ttl)
    return stored


def replace_paper(redis, paper: dict, ttl: int) -> None:
    """Overwrite a paper with metadata the service resolved itself (from arXiv)."""
    redis.set(paper_key(paper["paper_id"]), json.dumps(paper), ex=ttl)


def get_paper_and_results(redis, paper_id: str, engines: dict[str, str]) -> tuple[dict | None, dict]:
    """The paper and each part's result ({part: result or None}) in one round trip:
    this is the hot path of every poll."""
    parts = list(engines)
    raw = redis.mget([paper_key(paper_id)] + [result_key(p, engines[p], paper_id) for p in parts])
    paper = json.loads(raw[0]) if raw[0] else None
    return paper, {part: json.loads(r) if r else None for part, r in zip(parts, raw[1:])}


def get_result(redis, part: str, engine: str, paper_id: str) -> dict | None:
    raw = redis.get(result_key(part, engine, paper_id))
    return json.loads(raw) if raw else None


def save_result(redis, part: str, engine: str, paper_id: str, result: dict, ttl: int) -> None:
    redis.set(result_key(part, engine, paper_id), json.dumps(result), ex=ttl)
