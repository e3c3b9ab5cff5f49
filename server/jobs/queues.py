"""Enqueue the work a paper needs, once, and tell where each part stands.

One RQ job per (part, engine version, paper): its id is derived from the three, and RQ's
`unique=True` refuses a second job with the same id, so twenty clients asking at once start
one job. The result lives in store.py; the finished job expires a minute later.
"""
from __future__ import annotations

import hashlib

from rq import Queue, Retry, Worker
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now, utcparse

from server import related, store, summaries
from server.jobs import tasks

QUEUE_NAMES = {"summary": "summaries", "related": "related"}
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


def part_state(redis, settings, part: str, paper_id: str, result: dict | None, *, retry_failed: bool) -> dict:
    """The part's stored result (as just read), or where its job stands. When nothing is stored
    or under way (never asked, or the result expired) the part is queued; a failed part is
    queued again only with `retry_failed`, so a poll shows the failure and the next ask retries it."""
    engine = engine_version(part, settings)
    if result and not (retry_failed and result["status"] == "failed"):
        return result
    job = _fetch_job(redis, job_id(part, engine, paper_id))
    status = job.get_status(refresh=False) if job else None
    if status == JobStatus.STARTED and _worker_is_gone(redis, job, settings):
        return _enqueue(redis, settings, part, engine, paper_id, stale_job=job)
    if status in _ACTIVE:
        return {"status": _ACTIVE[status], "engine": engine}
    if status == JobStatus.FAILED and not retry_failed:
        return {"status": "failed", "engine": engine, "error": _readable_error(job)}
    if status in (None, JobStatus.FINISHED) and not result:
        # The job may have finished since the result was read.
        result = store.get_result(redis, part, engine, paper_id)
        if result:
            return result
    return _enqueue(redis, settings, part, engine, paper_id, stale_job=job)


def _enqueue(redis, settings, part, engine, paper_id, stale_job: Job | None) -> dict:
    if stale_job is not None:
        stale_job.delete()
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
    return {"status": "queued", "engine": engine}


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
