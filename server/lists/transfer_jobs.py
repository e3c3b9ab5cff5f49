"""What a list import and a large list's export share as jobs (imports.py, exports.py): the
account's one place for each, the record brought up to date with its job (jobs/state.py), the
job queued on the `lists` queue, and the end of it."""
from __future__ import annotations

import time
from typing import Callable

from rq import get_current_job
from rq.job import JobStatus

from server.config import load_settings
from server.errors import TransferInProgressError, TransferNotFoundError
from server.jobs import state
from server.jobs.queues import LIST_QUEUE
from server.lists.transfers import Transfers

FINISHED = ("done", "failed")


class TransferJob:
    """The jobs of one kind ("import" or "export") running `function(account_id, id)`.
    `stalled(transfers, record, settings)`, when given, looks at a record whose job is gone or
    whose worker died, before it is queued again: it returns the record to show instead (its
    body still arriving, or failed for good), or None to queue it again."""

    def __init__(self, kind: str, function: Callable, stalled: Callable | None = None, keep_blob: bool = False):
        self.kind, self.function, self.stalled, self.keep_blob = kind, function, stalled, keep_blob

    def job_id(self, id_: str) -> str:
        return f"list-{self.kind}-{id_}"

    def transfers(self, redis, account_id: str) -> Transfers:
        return Transfers(redis, account_id, self.kind)

    def claim(self, redis, settings, account_id: str, new_id: str) -> dict | None:
        """Make new_id the account's transfer in progress (None), or return the record of the
        one that still runs."""
        transfers = self.transfers(redis, account_id)
        # The place is held as long as a transfer can last: its upload's life, then one job.
        hold = settings.transfer_ttl_seconds + settings.list_job_timeout_seconds
        holder = transfers.claim(new_id, hold)
        if holder is None:
            return None
        running = self.current(redis, settings, account_id, holder)
        if running and running["status"] not in FINISHED:
            return running
        if not transfers.take_over(holder, new_id, hold):
            raise TransferInProgressError(f"Another {self.kind} from this account started a moment ago; "
                                          "wait for it to finish.")
        return None

    def current(self, redis, settings, account_id: str, id_: str) -> dict | None:
        """The record, brought up to date with its job: a job that failed is shown failed, and
        one whose worker died (or that vanished) is queued again."""
        transfers = self.transfers(redis, account_id)
        job = state.fetch(redis, self.job_id(id_))
        status = state.status(redis, settings, job)
        record = transfers.record(id_)  # read after the job: a job finishing meanwhile wrote it first
        if record is None or record["status"] in FINISHED or status in state.ACTIVE:
            return record
        if status == JobStatus.FAILED:
            return self.finish(transfers, record, "failed", error=state.readable_error(job))
        shown = self.stalled(transfers, record, settings) if self.stalled else None
        if shown is not None:
            return shown
        self.enqueue(redis, settings, account_id, id_, stale_job=job)
        return record

    def get(self, redis, settings, account_id: str, list_name: str, id_: str, kept: str) -> dict:
        """The record of the account's transfer id_ for that list; TransferNotFoundError, saying
        how long one is `kept`, for any other id."""
        record = self.current(redis, settings, account_id, id_) if Transfers.is_id(id_) else None
        if record is None or record["list"] != list_name:
            raise TransferNotFoundError(f"You have no {self.kind} {id_!r} for the list {list_name!r} ({kept}).")
        return record

    def enqueue(self, redis, settings, account_id: str, id_: str, stale_job=None) -> None:
        # No retries after a failure (a reader's job retries an upstream's hiccup): what fails
        # here is the file's own doing or its size, and another run of a file that timed out
        # would hold the list worker up as long again. A worker that died is another matter:
        # current() queues its job again.
        state.enqueue_once(redis, LIST_QUEUE, self.function, account_id, id_, job_id=self.job_id(id_),
                           description=f"list {self.kind} {id_}", result_ttl=0, stale_job=stale_job,
                           job_timeout=settings.list_job_timeout_seconds, failure_ttl=settings.transfer_ttl_seconds)

    def begin(self, account_id: str, id_: str) -> tuple | None:
        """In the job: (redis, settings, the account's Transfers, the record), or None when
        there is nothing left to do (an earlier run finished it, or the account is gone)."""
        redis = get_current_job().connection
        transfers = self.transfers(redis, account_id)
        record = transfers.record(id_)
        if record is None or record["status"] in FINISHED:
            return None
        return redis, load_settings(), transfers, record

    def finish(self, transfers: Transfers, record: dict, status: str, error: str | None = None) -> dict:
        record.update(status=status, phase=status, error=error, finished_at=now())
        transfers.save(record)
        if not self.keep_blob:
            transfers.delete_blob(record["id"])
        transfers.release(record["id"])
        return record


def now() -> float:
    return round(time.time(), 3)
