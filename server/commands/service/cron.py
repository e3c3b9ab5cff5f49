"""`python -m server cron`: RQ's cron scheduler, enqueueing the corpus check (corpus/bootstrap.py tick)
and the daily digests' check (digests/jobs.py tick) every `harvest_check_seconds`; workers run them. It is a process of its own because RQ's
CronScheduler is: it sleeps between runs and takes SIGTERM to stop.

The check harvests at most once a day whatever the number of cron processes or workers, so a
second one (another machine's `run`) is harmless; with PAPERGIST_HARVEST=off it only records
that harvesting is off."""
from __future__ import annotations

import logging

from rq.cron import CronScheduler

from server.config import load_settings
from server.corpus import bootstrap as corpus_jobs
from server.digests import jobs as digest_jobs
from server.jobs.queues import DIGEST_QUEUE
from server.redis_connection import connect

CHECK_TIMEOUT_SECONDS = 60  # a check reads a few keys and enqueues a job or none


def add_arguments(parser) -> None:
    parser.add_argument("--name", default="", help="scheduler name shown in RQ (default: generated)")


def main(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    scheduler = CronScheduler(connection=connect(settings), name=args.name)
    # An interval job runs at once when the scheduler starts, then every interval.
    scheduler.register(corpus_jobs.tick, queue_name=corpus_jobs.HARVEST_QUEUE, interval=settings.harvest_check_seconds,
                       job_timeout=CHECK_TIMEOUT_SECONDS, result_ttl=settings.harvest_check_seconds,
                       failure_ttl=24 * 3600, name="corpus-check")
    # Each list's daily digest, once the day's harvest is in (digests/jobs.py).
    scheduler.register(digest_jobs.tick, queue_name=DIGEST_QUEUE, interval=settings.harvest_check_seconds,
                       job_timeout=CHECK_TIMEOUT_SECONDS, result_ttl=settings.harvest_check_seconds,
                       failure_ttl=24 * 3600, name="digest-check")
    scheduler.start()
    return 0
