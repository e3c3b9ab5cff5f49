"""Where a list's recommendations stand, and the job that computes them.

A computed set is kept with the list's revision (bumped by every save, removal and feedback);
an older revision, or another engine version, means the set is stale and one job is queued,
with an id derived from account, list, revision and engine so that concurrent polls share it.
While it runs, the stale set is still shown. A job whose worker died is queued again, as a
paper's parts are (jobs/state.py).
"""
from __future__ import annotations

import hashlib
import time

from rq import get_current_job
from rq.job import JobStatus

from server import related
from server.papers import store as paper_store
from server.accounts import store as accounts_store
from server.config import load_settings
from server.corpus import store as corpus
from server.jobs import state
from server.jobs.queues import QUEUE_NAMES
from server.lists import rocchio, service, store


def engine_version() -> str:
    return rocchio.engine_version(related.engine_version())


def job_id(account_id: str, list_name: str, revision: int, engine: str) -> str:
    digest = hashlib.sha256(f"{account_id}|{list_name}|{revision}|{engine}".encode()).hexdigest()[:32]
    return f"recommend-{digest}"


def recommendations_state(redis, settings, account_id: str, list_name: str) -> dict:
    revision, engine = store.revision(redis, account_id, list_name), engine_version()
    cached = store.get_recommendations(redis, account_id, list_name)
    if cached and cached["revision"] == revision and cached["engine"] == engine:
        return _public(cached)
    stale = {"list": list_name, "engine": engine, "items": (cached or {}).get("items", []),
             "computed_at": (cached or {}).get("computed_at")}
    id_ = job_id(account_id, list_name, revision, engine)
    job = state.fetch(redis, id_)
    status = state.status(redis, settings, job)
    if status in state.ACTIVE:
        return {**stale, "status": state.ACTIVE[status]}
    if status == JobStatus.FAILED:
        return {**stale, "status": "failed", "error": state.readable_error(job)}
    state.enqueue_once(redis, QUEUE_NAMES["related"], recommend_for_list, account_id, list_name,
                       revision, job_id=id_, result_ttl=0, stale_job=job,
                       description=f"recommendations for a list ({list_name})", **state.reader_job_options(settings))
    return {**stale, "status": "queued"}


def recommend_for_list(account_id: str, list_name: str, revision: int) -> None:
    """The RQ task: rank the corpus for the list and keep the result with its revision."""
    redis, settings = get_current_job().connection, load_settings()
    seeds, negatives, exclude = examples(redis, settings, account_id, list_name)
    ranked = rocchio.recommend(lambda paper, limit: related.find_related(redis, paper, limit=limit, settings=settings,
                                                                                cut=False),
                               seeds, negatives, exclude, settings.recommend_limit)
    if not accounts_store.exists(redis, account_id):
        return  # the account was deleted meanwhile: write nothing into its namespace
    result = {"status": "done", "engine": engine_version(), "list": list_name, "items": ranked,
              "computed_at": round(time.time(), 3), "revision": revision}
    store.save_recommendations(redis, account_id, list_name, result, settings.recommend_ttl_seconds)


def examples(redis, settings, account_id: str, list_name: str) -> tuple[list[dict], list[dict], set[str]]:
    """What a list's recommendations (and its daily digest) are ranked against: (its latest
    papers with text, the papers marked not relevant, every paper id never to recommend)."""
    items = service.items_with_papers(redis, account_id, list_name)
    seeds = [_paper(item) for item in items if _has_text(item)][:settings.recommend_seed_papers]
    rejected = store.rejected_ids(redis, account_id, list_name)
    # A paper marked not relevant from a digest may be known to the corpus alone.
    rejected_ids = sorted(rejected)
    negatives = [paper_store.get_paper(redis, pid) or in_corpus for pid, in_corpus
                 in zip(rejected_ids, corpus.get_papers(redis, rejected_ids))]
    return seeds, [paper for paper in negatives if paper], {item["paper_id"] for item in items} | rejected


def _has_text(item: dict) -> bool:
    return bool(item["paper"] and (item["paper"].get("title") or item["paper"].get("abstract")))


def _paper(item: dict) -> dict:
    return {**item["paper"], "paper_id": item["paper_id"]}


def _public(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "revision"}
