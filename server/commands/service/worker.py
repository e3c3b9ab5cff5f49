"""A worker process: runs summary and related-paper jobs, then list imports and exports, then
the corpus harvest's (what the Procfile's `worker` runs). One serving only `lists` (as `run`
starts one) loads no model: its jobs read and write files."""
import argparse
import logging
import os
import time

from rq import Queue, Worker
from rq.scheduler import RQScheduler
from rq.scripts import release_lock

from server import related, summaries
from server.config import load_settings
from server.processes import die_with_parent
from server.errors import UpstreamUnavailableError
from server.corpus import bootstrap as corpus_jobs
from server.jobs.queues import LIST_QUEUE, WORKER_QUEUES
from server.redis_connection import connect


# RQ's scheduler renews its lock on a queue (rq:scheduler-lock:<queue>) every second for
# interval + 60 s, its interval being 1 (rq/scheduler.py, acquire_locks and heartbeat).
SCHEDULER_LOCK_TTL_SECONDS = 61
# A scheduler lock not renewed for this long belongs to a scheduler that has died.
SCHEDULER_SILENT_SECONDS = 5
# RQ's idle worker blocks on its queues for worker_ttl minus this before it heartbeats again
# (rq/worker/base.py, dequeue_timeout).
RQ_DEQUEUE_MARGIN_SECONDS = 15


def add_arguments(parser):
    parser.add_argument("--burst", action="store_true", help="exit once the queues are empty")
    parser.add_argument("--name", help="worker name shown in RQ (default: generated)")
    parser.add_argument("--queues", type=_queues, default=WORKER_QUEUES, metavar="NAMES",
                        help=f"comma-separated queues to serve, in this order (default: {','.join(WORKER_QUEUES)}); "
                             "e.g. corpus-embed alone for a machine that only fills in the corpus's vectors")


def _queues(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in WORKER_QUEUES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"{text!r}: name queues among {', '.join(WORKER_QUEUES)}")
    return names


def children_die_with_their_parent() -> None:
    """Every process forked from here on (RQ's work horses and scheduler) dies with its parent."""
    forking = {}
    os.register_at_fork(before=lambda: forking.update(pid=os.getpid()),
                        after_in_child=lambda: die_with_parent(forking["pid"]))


def release_abandoned_scheduler_locks(redis, queue_names) -> list[str]:
    """Release the scheduler lock of each queue whose scheduler has died, and return those queues.

    One worker's scheduler moves due retries onto a queue, the one holding the queue's lock. A
    scheduler killed with its worker leaves the lock held for up to a minute; a worker starting
    meanwhile finds it taken and RQ tries again only at its next maintenance, so a retry due in
    a second waited minutes. A lock is watched until it is renewed (its scheduler lives) or has
    gone SCHEDULER_SILENT_SECONDS without renewal, and then released with RQ's own check that
    it still has the same owner. Time is read off the lock's TTL, so no two clocks are compared.
    """
    silence = {name: None for name in queue_names}  # seconds since each lock's last renewal
    released = []
    while silence:
        for name, before in list(silence.items()):
            key = RQScheduler.get_locking_key(name)
            owner, left_ms = redis.pipeline().get(key).pttl(key).execute()
            silent = SCHEDULER_LOCK_TTL_SECONDS - left_ms / 1000
            if owner is None or (before is not None and silent < before):
                del silence[name]  # free, or renewed since the last look
            elif silent >= SCHEDULER_SILENT_SECONDS:
                if release_lock(redis, key, owner.decode()):
                    logging.getLogger(__name__).info(
                        "released the scheduler lock of %s: its scheduler stopped renewing it %.0f s ago",
                        name, silent)
                    released.append(name)
                del silence[name]
            else:
                silence[name] = silent
        if silence:
            time.sleep(0.2)
    return released


class PaperGistWorker(Worker):
    """RQ's forking worker, keeping the related-papers index in the parent up to date: each
    work horse starts from the parent's copy, so without this every job would re-read all
    papers added since the worker started."""

    engines_loaded = True

    def execute_job(self, job, queue):
        if self.engines_loaded:
            related.refresh(self.connection)
        return super().execute_job(job, queue)

    def handle_exception(self, job, *exc_info):
        """An upstream being down (arXiv busy, no network) is expected, and its message says it
        all: one log line instead of RQ's traceback. RQ still retries the job, then fails it.
        (RQ's handle_exception only logs and calls custom exception handlers; this worker has none.)"""
        error = exc_info[1]
        if not isinstance(error, UpstreamUnavailableError):
            return super().handle_exception(job, *exc_info)
        self.log.warning("%s failed: %s", job.description, error.message)


def main(args):
    # RQ forks a work horse per job, and an OpenMP thread pool started in this parent (faiss
    # building the HNSW graph past the exact-search limit) does not survive the fork: the horse's
    # first parallel torch operation would wait forever on threads that are gone. With one
    # OpenMP thread no pool is ever started. Set before torch and faiss load; one thread per
    # worker also suits one worker per core. tests/jobs/test_worker_past_the_exact_limit.py
    os.environ["OMP_NUM_THREADS"] = "1"
    children_die_with_their_parent()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    redis = connect(settings)
    engines = set(args.queues) != {LIST_QUEUE}
    if engines:
        # Load models and indexes here, in the parent: every forked job inherits them ready.
        summaries.warm_up(settings)
        related.warm_up(settings, redis)
        # Whoever runs the service gets a useful corpus without a step of their own: the first
        # worker to start bootstraps it (a deployment without `cron` still gets that much).
        logging.getLogger("server.corpus.bootstrap").info("corpus check: %s", corpus_jobs.check(redis, settings))
    queues = [Queue(name, connection=redis) for name in args.queues]
    # RQ's default worker_ttl (420 s) has an idle worker heartbeat only every 405 s, and run its
    # maintenance (which also retries a scheduler lock it found taken) no more often. This one
    # makes it heartbeat every worker_heartbeat_seconds, idle as when busy: /readyz counts on it.
    worker = PaperGistWorker(queues, connection=redis, name=args.name,
                             worker_ttl=settings.worker_heartbeat_seconds + RQ_DEQUEUE_MARGIN_SECONDS,
                             job_monitoring_interval=settings.worker_heartbeat_seconds,
                             maintenance_interval=settings.worker_maintenance_seconds)
    worker.engines_loaded = engines
    # Here, just before work() takes the locks: a scheduler killed with the worker this one
    # replaces has by now, models loaded, mostly been silent long enough to need no waiting.
    release_abandoned_scheduler_locks(redis, args.queues)
    worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")
