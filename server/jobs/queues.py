"""Enqueue the work a paper needs, once, and tell where each part stands.

One RQ job per (part, engine version, paper): its id is derived from the three, and RQ's
`unique=True` refuses a second job with the same id, so twenty clients asking at once start
one job. The result lives in store.py; the finished job expires a minute later. A related list
is computed again when the corpus has grown a lot since (part_state).
"""
from __future__ import annotations

import hashlib

from rq import Queue, Retry, Worker
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now, utcparse

from server import related, store, summaries
from server.jobs import tasks
from server.related import corpus as related_corpus

QUEUE_NAMES = {"summary": "summaries", "related": "related"}
# The corpus harvest's pages and its vectors (jobs/corpus.py).
CORPUS_QUEUES = ("corpus", "corpus-embed")
# Every queue a worker serves, in the order it serves them: users' papers first, so that a
# harvest holds a user's paper up for one short job at most.
WORKER_QUEUES = (*QUEUE_NAMES.values(), *CORPUS_QUEUES)
TASKS = {"summary": tasks.summarize_paper, "related": tasks.relate_paper}

# A finished job lingers this long, so that RQ's unique check still refuses a request that read
# "no result" just before the job finished; its result itself lives in store.py.
FINISHED_JOB_TTL_SECONDS = 60

_ACTIVE = {
    JobStatus.QUEUED: "queued",
    JobStatus.DEFERRED: "queued",
    JobStatus.SCHEDULED: "queued",
    JobStatus.CREATED: "queued",
    JobStatus.STARTED: "running",
}


def engine_version(part: str, settings) -> str:
    return summaries.engine_version(settings) if part == "summary" else related.engine_version()


def job_id(part: str, engine: str, paper_id: str) -> str:
    digest = hashlib.sha256(f"{engine}|{paper_id}".encode()).hexdigest()[:32]
    return f"{part}-{digest}"


def part_state(redis, settings, part: str, paper_id: str, result: dict | None, *, retry_failed: bool,
               corpus: dict | None = None, refresh: bool = False) -> dict:
    """The part's stored result (as just read), or where its job stands. When nothing is stored
    or under way (never asked, or the result expired) the part is queued; a failed part is
    queued again only with `retry_failed`, so a poll shows the failure and the next ask retries it.

    A done part is computed again when asked to (`refresh`), and a related list also when the
    corpus it was computed from is stale next to `corpus` (now: related.corpus.is_stale). Until
    the new one is done, the old one's content stays on show with the job's status."""
    engine = engine_version(part, settings)
    settled = result["status"] if result and result["status"] in ("done", "failed") else None
    if settled == "done" and not (refresh or (part == "related" and corpus is not None
                                              and related_corpus.is_stale(result.get("corpus"), corpus))):
        return result
    if settled == "failed" and not (retry_failed or refresh):
        return result
    meanwhile = _content(result)
    job = _fetch_job(redis, job_id(part, engine, paper_id))
    status = job.get_status(refresh=False) if job else None
    if status == JobStatus.STARTED and _worker_is_gone(redis, job, settings):
        return _enqueue(redis, settings, part, engine, paper_id, stale_job=job, meanwhile=meanwhile)
    if status in _ACTIVE:
        return {**meanwhile, "status": _ACTIVE[status], "engine": engine}
    if settled:  # to be computed again: whatever job wrote it is over
        return _enqueue(redis, settings, part, engine, paper_id, stale_job=job, meanwhile=meanwhile)
    if status == JobStatus.FAILED and not retry_failed:
        return {**meanwhile, "status": "failed", "engine": engine, "error": _readable_error(job)}
    if status in (None, JobStatus.FINISHED):
        # The job may have finished since the result was read.
        fresh = store.get_result(redis, part, engine, paper_id)
        if fresh and fresh["status"] in ("done", "failed"):
            return fresh
    return _enqueue(redis, settings, part, engine, paper_id, stale_job=job, meanwhile=meanwhile)


def _content(result: dict | None) -> dict:
    """What a part being computed again shows meanwhile: the last done result's content."""
    if not result or result["status"] == "failed":
        return {}
    return {key: value for key, value in result.items() if key not in ("status", "engine", "error")}


def _enqueue(redis, settings, part, engine, paper_id, stale_job: Job | None, meanwhile: dict | None = None) -> dict:
    if stale_job is not None:
        stale_job.delete()
    if meanwhile:
        # Kept as a queued result, so that every poll until the job is done shows it.
        store.save_result(redis, part, engine, paper_id, {"status": "queued", "engine": engine, **meanwhile},
                          _ttl(part, settings))
    else:
        store.forget_result(redis, part, engine, paper_id)
    try:
        Queue(QUEUE_NAMES[part], connection=redis).enqueue(
            TASKS[part],
            paper_id,
            job_id=job_id(part, engine, paper_id),
            unique=True,
            job_timeout=settings.job_timeout_seconds,
            result_ttl=FINISHED_JOB_TTL_SECONDS,
            failure_ttl=settings.failure_ttl_seconds,
            retry=_retry(settings),
            description=f"{part} of {paper_id}",
        )
    except DuplicateJobError:
        pass  # another request queued it a moment ago: same job, same outcome
    return {**(meanwhile or {}), "status": "queued", "engine": engine}


def _ttl(part: str, settings) -> int:
    return settings.summary_ttl_seconds if part == "summary" else settings.related_ttl_seconds


def _retry(settings) -> Retry | None:
    pauses = list(settings.job_retry_seconds)
    return Retry(max=len(pauses), interval=pauses) if pauses else None


def _fetch_job(redis, job_id_: str) -> Job | None:
    try:
        return Job.fetch(job_id_, connection=redis)
    except NoSuchJobError:
        return None


def live_worker_count(redis, settings) -> int:
    """Workers whose heartbeat is current. RQ keeps a dead worker registered until its key
    expires (worker_ttl + 60 s after its last heartbeat) and then a maintenance sweep notices,
    so Worker.count counts a killed worker for minutes."""
    return sum(1 for worker in Worker.all(connection=redis)
               if worker.last_heartbeat and not _is_silent(worker.last_heartbeat, settings))


def _worker_is_gone(redis, job: Job, settings) -> bool:
    """A job's worker silent for three beats was killed mid-job (RQ alone would notice only
    minutes later)."""
    beat = redis.hget(f"{Worker.redis_worker_namespace_prefix}{job.worker_name}", "last_heartbeat")
    return beat is None or _is_silent(utcparse(beat.decode()), settings)


def silence_limit_seconds(settings) -> int:
    """A worker heartbeats every worker_heartbeat_seconds, idle or busy (commands/worker.py sets
    RQ up so); one silent for three beats is dead."""
    return 3 * settings.worker_heartbeat_seconds


def _is_silent(last_heartbeat, settings) -> bool:
    return (now() - last_heartbeat).total_seconds() > silence_limit_seconds(settings)


def _readable_error(job: Job) -> str:
    result = job.latest_result()
    lines = [line for line in (result.exc_string if result else "").strip().splitlines() if line.strip()]
    if not lines:
        return "The job failed without saying why."
    name, _, message = lines[-1].partition(": ")
    return message or name.rsplit(".", 1)[-1]
