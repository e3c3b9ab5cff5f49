"""The one email an address gets before its owner confirms it (double opt-in): a digest never
goes to an address someone merely typed in. Saving a new address queues send_confirmation once
(its job id derives from account, list and address); the signed link in it (digests/links.py,
action confirm_email) marks the address confirmed, and only then does jobs.deliver email it.
An address gets one confirmation a day at most, whoever asks (store.claim_confirmation)."""
from __future__ import annotations

import hashlib

from rq import get_current_job

from server.config import load_settings
from server.digests import mail, store
from server.jobs import state
from server.jobs.queues import DIGEST_QUEUE

FAILED_JOB_TTL_SECONDS = 24 * 3600


def confirmation_job_id(account_id: str, list_name: str, email: str) -> str:
    return "digest-confirm-" + hashlib.sha256(f"{account_id}|{list_name}|{email}".encode()).hexdigest()[:32]


def enqueue_confirmation(redis, settings, account_id: str, list_name: str, email: str) -> None:
    """Ask the new address's owner to confirm it, once (an hour) however often it is saved."""
    state.enqueue_once(redis, DIGEST_QUEUE, send_confirmation, account_id, list_name, email,
                       job_id=confirmation_job_id(account_id, list_name, email),
                       description=f"digest email confirmation ({list_name})", result_ttl=3600,
                       job_timeout=settings.job_timeout_seconds, failure_ttl=FAILED_JOB_TTL_SECONDS,
                       retry=state.retry_policy(settings))


def send_confirmation(account_id: str, list_name: str, email: str) -> str:
    """The RQ task: the confirmation email, unless the address changed or was confirmed meanwhile."""
    redis, settings = get_current_job().connection, load_settings()
    subscription = store.get_subscription(redis, account_id, list_name)
    if not subscription or subscription["email"] != email or subscription["email_confirmed"]:
        return "not needed any more"
    if not store.claim_confirmation(redis, email):
        return "this address was asked to confirm less than a day ago"
    try:
        mail.send(settings, mail.confirmation(redis, settings, account_id, list_name, email))
    except BaseException:
        store.release_confirmation(redis, email)  # the retry may ask
        raise
    return "sent"
