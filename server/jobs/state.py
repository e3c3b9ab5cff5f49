"""Where an RQ job stands, written once for every kind of job (paper parts, recommendations,
the corpus harvest): the status words the API shows, the readable error of a failed job,
retries, enqueue-once, and whether the worker running a job is still alive.

A job's id is derived from what it computes, so that concurrent asks share one job: RQ's
`unique=True` refuses a second job with the same id.
"""
from __future__ import annotations

import datetime as dt

from rq import Queue, Retry, Worker
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now, utcparse

# RQ's statuses as the API names them; FINISHED and FAILED are the caller's business (a
# finished job's result is in the domain's store, a failed one has an error to show).
ACTIVE = {
    JobStatus.QUEUED: "queued",
    JobStatus.DEFERRED: "queued",
    JobStatus.SCHEDULED: "queued",
    JobStatus.CREATED: "queued",
    JobStatus.STARTED: "running",
}


def fetch(redis, job_id: str) -> Job | None:
    try:
        return Job.fetch(job_id, connection=redis)
    except NoSuchJobError:
        return None


def status(redis, settings, job: Job | None):
    """The job's RQ status, or None when there is no job or its worker died running it (RQ
    alone would call it started for minutes; the caller queues it again)."""
    if job is None:
        return None
    current = job.get_status(refresh=False)
    if current == JobStatus.STARTED and worker_is_gone(redis, job, settings):
        return None
    return current


def enqueue_once(redis, queue_name: str, function, *args, job_id: str, description: str, result_ttl: int,
                 job_timeout: int, failure_ttl: int, retry: Retry | None = None, delay: float = 0,
                 stale_job: Job | None = None, at_front: bool = False) -> None:
    """Queue `function(*args)` as job `job_id` (in `delay` seconds, through RQ's scheduler; or
    `at_front` of its queue) unless that job is already queued or running."""
    if stale_job is not None:
        stale_job.delete()
    options = dict(job_id=job_id, unique=True, job_timeout=job_timeout, result_ttl=result_ttl,
                   failure_ttl=failure_ttl, retry=retry, description=description)
    queue = Queue(queue_name, connection=redis)
    try:
        if delay > 0:
            queue.enqueue_in(dt.timedelta(seconds=delay), function, *args, **options)
        else:
            queue.enqueue(function, *args, at_front=at_front, **options)
    except DuplicateJobError:
        pass  # another request queued it a moment ago: same job, same outcome


def move_to_front(redis, job: Job) -> None:
    """Moves a job still waiting in its queue to the front (the reader opened that paper of a
    listing). Only a job this call took out of the queue goes back in: one a worker took
    meanwhile is running, and must not run twice."""
    queue = Queue(job.origin, connection=redis)
    if queue.remove(job.id):
        queue.push_job_id(job.id, at_front=True)


def reader_job_options(settings) -> dict:
    """What a job a reader waits for gets (a paper's part, recommendations): the configured
    timeout, retries after settings.job_retry_seconds, and its failure shown failure_ttl_seconds."""
    return {"job_timeout": settings.job_timeout_seconds, "failure_ttl": settings.failure_ttl_seconds,
            "retry": retry_policy(settings)}


def retry_policy(settings) -> Retry | None:
    pauses = list(settings.job_retry_seconds)
    return Retry(max=len(pauses), interval=pauses) if pauses else None


def readable_error(job: Job) -> str:
    """The failed job's exception message, without the traceback or the exception's module."""
    result = job.latest_result()
    lines = [line for line in (result.exc_string if result else "").strip().splitlines() if line.strip()]
    if not lines:
        return "The job failed without saying why."
    name, _, message = lines[-1].partition(": ")
    return message or name.rsplit(".", 1)[-1]


def live_worker_count(redis, settings) -> int:
    """Workers whose heartbeat is current. RQ keeps a dead worker registered until its key
    expires (worker_ttl + 60 s after its last heartbeat) and then a maintenance sweep notices,
    so Worker.count counts a killed worker for minutes."""
    return sum(1 for worker in Worker.all(connection=redis)
               if worker.last_heartbeat and not _is_silent(worker.last_heartbeat, settings))


def worker_is_gone(redis, job: Job, settings) -> bool:
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
