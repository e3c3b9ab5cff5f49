"""Enqueue the work a paper needs, once, and tell where each part stands.

One RQ job per (part, engine version, paper): its id is derived from the three, and RQ's
`unique=True` refuses a second job with the same id, so twenty clients asking at once start
one job. The result lives in store.py; the finished job expires a minute later. A related list
is computed again when the corpus has grown a lot since (part_state).
"""
from __future__ import annotations

import hashlib

from rq.job import Job, JobStatus

from server import related, summaries
from server.corpus import store as corpus_store
from server.jobs import state
from server.jobs.queues import LISTING_QUEUE_NAMES, QUEUE_NAMES
from server.papers import metadata, store, tasks, trust

TASKS = {"summary": tasks.summarize_paper, "related": tasks.relate_paper}
VERIFY_QUEUE = QUEUE_NAMES["summary"]  # a registry look-up is as short as a summary, and as urgent

# A finished job lingers this long, so that RQ's unique check still refuses a request that read
# "no result" just before the job finished; its result itself lives in store.py.
FINISHED_JOB_TTL_SECONDS = 60


def engine_version(part: str, settings) -> str:
    return summaries.engine_version(settings) if part == "summary" else related.engine_version()


def job_id(part: str, engine: str, paper_id: str) -> str:
    digest = hashlib.sha256(f"{engine}|{paper_id}".encode()).hexdigest()[:32]
    return f"{part}-{digest}"


def part_state(redis, settings, part: str, paper_id: str, result: dict | None, *, retry_failed: bool,
               corpus: dict | None = None, refresh: bool = False, listing: bool = False,
               promote: bool = False, text: str | None = None) -> dict:
    """The part's stored result (as just read), or where its job stands. When nothing is stored
    or under way (never asked, or the result expired) the part is queued; a failed part is
    queued again only with `retry_failed`, so a poll shows the failure and the next ask retries it.

    A done part is computed again when asked to (`refresh`), and a related list also when the
    corpus it was computed from is stale next to `corpus` (corpus/store.py is_stale). Until
    the new one is done, the old one's content stays on show with the job's status, unless the
    paper's text (`text`, trust.text_digest) is no longer the one the part was computed from:
    then what was made from the old text (a client's, replaced by the registry's) is not shown.

    A part queued for a listing page (`listing`) waits in the listing queues, behind single
    papers; `promote` (the reader opened this paper) moves a job still waiting to the front
    of its queue."""
    engine = engine_version(part, settings)
    settled = result["status"] if result and result["status"] in ("done", "failed") else None
    text_changed = bool(settled == "done" and text and result.get("text") and result["text"] != text)
    if settled == "done" and not (refresh or text_changed or (part == "related" and corpus is not None
                                                              and corpus_store.is_stale(result.get("corpus"), corpus))):
        return result
    if settled == "failed" and not (retry_failed or refresh):
        return result
    meanwhile = {} if text_changed else _content(result)
    job = state.fetch(redis, job_id(part, engine, paper_id))
    status = state.status(redis, settings, job)  # None too when its worker died running it
    if status in state.ACTIVE:
        if promote and status == JobStatus.QUEUED:
            state.move_to_front(redis, job)
        return {**meanwhile, "status": state.ACTIVE[status], "engine": engine}
    queue = (LISTING_QUEUE_NAMES if listing else QUEUE_NAMES)[part]
    if settled:  # to be computed again: whatever job wrote it is over
        return _enqueue(redis, settings, part, engine, paper_id, queue, stale_job=job, meanwhile=meanwhile)
    if status == JobStatus.FAILED and not retry_failed:
        return {**meanwhile, "status": "failed", "engine": engine, "error": state.readable_error(job)}
    if status in (None, JobStatus.FINISHED):
        # The job may have finished since the result was read.
        fresh = store.get_result(redis, part, engine, paper_id)
        if fresh and fresh["status"] in ("done", "failed"):
            return fresh
    return _enqueue(redis, settings, part, engine, paper_id, queue, stale_job=job, meanwhile=meanwhile)


def queue_verification_if_due(redis, settings, paper_id: str, paper: dict | None) -> None:
    """Ask the registry about a paper still unverified (never asked: a list saved it by id; or
    it failed, or knew no such paper, a while ago): one job does it (papers/metadata.py is_due)."""
    if not trust.has_registry(paper_id) or not metadata.is_due(paper, settings, from_poll=True):
        return
    digest = hashlib.sha256(paper_id.encode()).hexdigest()[:32]
    # result_ttl=0: once done, the job is gone, and the next poll that finds a look-up due queues one.
    state.enqueue_once(redis, VERIFY_QUEUE, tasks.verify_paper, paper_id, job_id=f"verify-{digest}", result_ttl=0,
                       description=f"registry record of {paper_id}", job_timeout=settings.job_timeout_seconds,
                       failure_ttl=settings.failure_ttl_seconds)


def queue_listing_look_up(redis, settings, paper_ids: list[str]) -> None:
    """Before a listing's parts are queued: one job asks arXiv about all its unverified papers
    at once (metadata.fetch_listing_records), at the front of the listing queue, so that it runs
    before their jobs, which then find the records instead of asking one request each."""
    papers = store.get_papers(redis, paper_ids)
    unverified = sorted({paper_id for paper_id in paper_ids if paper_id.startswith("arxiv:")
                         and not (papers.get(paper_id) or {}).get("verified")})
    if len(unverified) < 2:
        return
    digest = hashlib.sha256("|".join(unverified).encode()).hexdigest()[:32]
    state.enqueue_once(redis, LISTING_QUEUE_NAMES["summary"], tasks.fetch_listing_records, unverified,
                       job_id=f"listing-records-{digest}", result_ttl=0, at_front=True,
                       description=f"arXiv records of a listing's {len(unverified)} papers",
                       job_timeout=settings.job_timeout_seconds, failure_ttl=settings.failure_ttl_seconds)


def _content(result: dict | None) -> dict:
    """What a part being computed again shows meanwhile: the last done result's content."""
    if not result or result["status"] == "failed":
        return {}
    return {key: value for key, value in result.items() if key not in ("status", "engine", "error")}


def _enqueue(redis, settings, part, engine, paper_id, queue: str, stale_job: Job | None,
             meanwhile: dict | None = None) -> dict:
    if stale_job is not None:
        stale_job.delete()  # failed, finished or abandoned: RQ's unique check would refuse a new one
    if meanwhile:
        # Kept as a queued result, so that every poll until the job is done shows it.
        store.save_result(redis, part, engine, paper_id, {"status": "queued", "engine": engine, **meanwhile},
                          _ttl(part, settings))
    else:
        store.forget_result(redis, part, engine, paper_id)
    state.enqueue_once(redis, queue, TASKS[part], paper_id, job_id=job_id(part, engine, paper_id),
                       result_ttl=FINISHED_JOB_TTL_SECONDS, description=f"{part} of {paper_id}",
                       **state.reader_job_options(settings))
    return {**(meanwhile or {}), "status": "queued", "engine": engine}


def _ttl(part: str, settings) -> int:
    return settings.summary_ttl_seconds if part == "summary" else settings.related_ttl_seconds
