"""A list export: written within the request for a list of up to settings.export_direct_max_items
papers (about 0.2 s at 2,000), by a job on the `lists` queue for a larger one, whose file is
then fetched from Redis (transfers.py) when it is ready.

One export per account runs at a time: asking again for the same list and format while it runs
gets the same export; asking for another is refused (409) naming the running one. A job whose
worker died is queued again at the next look, as an import is (it has nothing to resume: it
writes the file afresh).
"""
from __future__ import annotations

import time
from typing import NamedTuple

from rq import get_current_job
from rq.job import JobStatus

from server.citations import EXPORTERS
from server.config import load_settings
from server.errors import TransferInProgressError, TransferNotFoundError
from server.jobs import state
from server.jobs.queues import LIST_QUEUE
from server.lists import service, store
from server.lists.transfers import Transfers

FINISHED = ("done", "failed")
PUBLIC = ("id", "list", "format", "status", "phase", "entries", "bytes", "filename", "media_type", "error",
          "created_at", "started_at", "finished_at")


class ExportFile(NamedTuple):
    content: str | list[bytes]  # the text, or the stored file's pieces
    media_type: str
    filename: str


def job_id(export_id: str) -> str:
    return f"list-export-{export_id}"


def filename(list_name: str, format_: str) -> str:
    return f"papergist-{list_name.replace(' ', '_')}.{EXPORTERS[format_].extension}"


def is_direct(redis, settings, account_id: str, list_name: str) -> bool:
    """Whether the list is small enough to be written within the request."""
    return store.count(redis, account_id, list_name) <= settings.export_direct_max_items


def write(redis, account_id: str, list_name: str, format_: str) -> ExportFile:
    """The list as a file, written here and now (a small list, or the job)."""
    exporter = EXPORTERS[format_]
    items = service.items_with_papers(redis, account_id, list_name)
    return ExportFile(exporter.write(items, list_name), exporter.media_type, filename(list_name, format_))


def start(redis, settings, account_id: str, list_name: str, format_: str) -> dict:
    """Queue the export of a large list (or return the same one already running)."""
    transfers = Transfers(redis, account_id, "export")
    export_id = transfers.new_id()
    hold = settings.transfer_ttl_seconds + settings.list_job_timeout_seconds
    holder = transfers.claim(export_id, hold)
    if holder is not None:
        running = current(redis, settings, account_id, holder)
        if running and running["status"] not in FINISHED:
            if (running["list"], running["format"]) == (list_name, format_):
                return running
            raise TransferInProgressError(
                f"Your export {running['id']} of the list {running['list']!r} as {running['format']} is still "
                "running; one export runs at a time, so wait for it to finish.", {"export": public(running)})
        if not transfers.take_over(holder, export_id, hold):
            raise TransferInProgressError("Another export from this account started a moment ago; wait for it.")
    record = {"id": export_id, "list": list_name, "format": format_, "status": "queued", "phase": "waiting",
              "entries": None, "bytes": None, "filename": filename(list_name, format_),
              "media_type": EXPORTERS[format_].media_type, "error": None, "created_at": _now(),
              "started_at": None, "finished_at": None}
    transfers.save(record)
    _enqueue(redis, settings, account_id, export_id)
    return record


def current(redis, settings, account_id: str, export_id: str) -> dict | None:
    """The export's record brought up to date with its job (see imports.current)."""
    transfers = Transfers(redis, account_id, "export")
    job = state.fetch(redis, job_id(export_id))
    status = state.status(redis, settings, job)
    record = transfers.record(export_id)
    if record is None or record["status"] in FINISHED or status in state.ACTIVE:
        return record
    if status == JobStatus.FAILED:
        return _finish(transfers, record, "failed", error=state.readable_error(job))
    _enqueue(redis, settings, account_id, export_id, stale_job=job)
    return record


def get(redis, settings, account_id: str, list_name: str, export_id: str) -> dict:
    record = current(redis, settings, account_id, export_id) if Transfers.is_id(export_id) else None
    if record is None or record["list"] != list_name:
        raise TransferNotFoundError(f"You have no export {export_id!r} of the list {list_name!r} "
                                    "(an export is kept for a day, its file for an hour).")
    return record


def finished_file(redis, settings, account_id: str, list_name: str, export_id: str) -> ExportFile:
    record = get(redis, settings, account_id, list_name, export_id)
    if record["status"] != "done":
        raise TransferInProgressError(f"The export {export_id} is {record['status']}, not ready: "
                                      f"{record['error'] or 'ask again when its status is done'}.",
                                      {"export": public(record)})
    content = Transfers(redis, account_id, "export").blob_pieces(export_id)
    if content is None:
        raise TransferNotFoundError(f"The file of export {export_id} has expired (a file is kept "
                                    f"{settings.transfer_ttl_seconds} s); export the list again.")
    return ExportFile(content, record["media_type"], record["filename"])


def public(record: dict) -> dict:
    return {key: record[key] for key in PUBLIC}


def export_list(account_id: str, export_id: str) -> None:
    """The RQ task: write the file and keep it for transfer_ttl_seconds."""
    job = get_current_job()
    redis, settings = job.connection, load_settings()
    transfers = Transfers(redis, account_id, "export")
    record = transfers.record(export_id)
    if record is None or record["status"] in FINISHED:
        return
    record.update(status="running", phase="writing", started_at=_now())
    transfers.save(record)
    written = write(redis, account_id, record["list"], record["format"])
    data = written.content.encode()
    # Bounded like an upload: the export of a full list imports back, so it fits the import limit.
    size = transfers.write_blob(export_id, [data], settings.max_import_bytes, settings.transfer_ttl_seconds)
    record.update(entries=store.count(redis, account_id, record["list"]), bytes=size)
    _finish(transfers, record, "done")


def _enqueue(redis, settings, account_id: str, export_id: str, stale_job=None) -> None:
    state.enqueue_once(redis, LIST_QUEUE, export_list, account_id, export_id, job_id=job_id(export_id),
                       description=f"list export {export_id}", result_ttl=0, stale_job=stale_job,
                       job_timeout=settings.list_job_timeout_seconds, failure_ttl=settings.transfer_ttl_seconds,
                       retry=state.retry_policy(settings))


def _finish(transfers: Transfers, record: dict, status: str, error: str | None = None) -> dict:
    record.update(status=status, phase=status, error=error, finished_at=_now())
    transfers.save(record)
    transfers.release(record["id"])
    return record


def _now() -> float:
    return round(time.time(), 3)
