"""The daily digests' jobs: a check that `python -m server cron` (RQ's CronScheduler) enqueues
every `harvest_check_seconds`, and one job per subscribed list and day.

The check waits for the day's corpus harvest (corpus/bootstrap.py: `last_harvest_day` is today
and the run is done; with harvesting off, the first check of the day goes ahead), then queues
`deliver_digest(account, list, day)` for each subscription, as job `digest-{hash}` derived from
the three, so any number of checks and cron processes queue it once (RQ's unique=True; the
finished job is kept a day). The job builds the day's digest once (the subscription's
`last_day`), then, when the list has an email address and SMTP is configured, sends it once: a
per-(list, day) marker is claimed before the message goes to SMTP and kept after. A failed send
releases the claim and raises, so RQ retries it (`job_retry_seconds`); a job that failed every
retry is queued again by the next check. A digest with nothing new is neither stored nor sent.
An address gets nothing but a confirmation email (digests/confirmation.py) until its owner
follows the link in it. Delivery is at most once: a worker killed while handing the message to SMTP leaves the day
claimed, so that day's email may be lost, but is never sent twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging

from rq import get_current_job
from rq.job import JobStatus

from server.accounts import store as accounts_store
from server.config import load_settings
from server.corpus import store as corpus
from server.digests import build, mail, store
from server.jobs import state
from server.jobs.queues import DIGEST_QUEUE
from server.lists import store as lists_store

FINISHED_JOB_TTL_SECONDS = 36 * 3600  # past the day's last check: no second job that day
# Ranking takes seconds; the TL;DRs take milliseconds each, or up to llm_timeout_seconds each
# with an LLM configured: settings.job_timeout_seconds (60) is for one paper's part, not this.
JOB_TIMEOUT_SECONDS = 600
FAILED_JOB_TTL_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


def check(redis, settings, today: dt.date | None = None) -> str:
    """Queue today's digest job of every subscribed list, once the corpus harvest is in."""
    day = (today or dt.datetime.now(dt.timezone.utc).date()).isoformat()
    if settings.harvest_on:
        status = corpus.read_status(redis)
        if status.get("last_harvest_day") != day or status.get("state") != "done":
            return f"waiting for the corpus harvest of {day}"
    queued = 0
    for account_id, list_name in store.subscribers(redis):
        if store.get_subscription(redis, account_id, list_name) is None:
            store.forget_subscriber(redis, account_id, list_name)
            continue
        id_ = job_id(account_id, list_name, day)
        job = state.fetch(redis, id_)
        status = state.status(redis, settings, job)
        if status in state.ACTIVE or status == JobStatus.FINISHED:
            continue
        state.enqueue_once(redis, DIGEST_QUEUE, deliver_digest, account_id, list_name, day, job_id=id_,
                           description=f"daily digest of a list ({list_name}, {day})", stale_job=job,
                           result_ttl=FINISHED_JOB_TTL_SECONDS, job_timeout=JOB_TIMEOUT_SECONDS,
                           failure_ttl=FAILED_JOB_TTL_SECONDS, retry=state.retry_policy(settings))
        queued += 1
    return f"{queued} digest job{'s' if queued != 1 else ''} queued for {day}"


def tick() -> str:
    """The cron job: check() from a worker."""
    done = check(get_current_job().connection, load_settings())
    log.info("digest check: %s", done)
    return done


def job_id(account_id: str, list_name: str, day: str) -> str:
    return "digest-" + hashlib.sha256(f"{account_id}|{list_name}|{day}".encode()).hexdigest()[:32]


def deliver_digest(account_id: str, list_name: str, day: str) -> str:
    """The RQ task."""
    return deliver(get_current_job().connection, load_settings(), account_id, list_name, day)


def deliver(redis, settings, account_id: str, list_name: str, day: str) -> str:
    """Build the list's digest for `day` unless built, then email it unless sent; says what it did."""
    subscription = store.get_subscription(redis, account_id, list_name)
    if subscription is None or not lists_store.list_exists(redis, account_id, list_name):
        return "not subscribed"
    if subscription["last_day"] != day:
        digest, cursor = build.build(redis, settings, account_id, list_name, subscription, day)
        if not accounts_store.exists(redis, account_id) or not store.save_digest(
                redis, account_id, list_name, digest, day, cursor):
            return "unsubscribed meanwhile"
    else:
        latest = store.digests(redis, account_id, list_name, 1)
        digest = latest[0] if latest and latest[0]["day"] == day else None
    if digest is None:
        return "nothing new"
    if not (subscription["email"] and subscription["email_confirmed"] and settings.smtp_on):
        return f"{len(digest['items'])} papers in the feed"
    if not store.claim_sending(redis, account_id, list_name, day):
        return "already sent"
    try:
        mail.send(settings, mail.message(redis, settings, account_id, digest, subscription["email"]))
    except BaseException as error:  # the job's retry (or the next check) claims the day again
        store.release_sending(redis, account_id, list_name, day)
        log.warning("digest of %r for %s not sent: %s", list_name, day, error)
        raise
    store.mark_sent(redis, account_id, list_name, day)
    return f"{len(digest['items'])} papers in the feed and sent by email"

