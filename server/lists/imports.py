"""A list import, as a job: the web process only stores the upload as it arrives and queues the
job, so a request lasts as long as its body takes to arrive and be stored (0.3 s for the 78 MiB
maximum on an idle machine), whatever is in it; a worker reads the file and saves it.

A BibTeX file of 10,000 LaTeX-heavy entries takes about a minute to read: in a web process that
held one of four gunicorn processes that long, and four such requests took the API down. Here it
holds one worker on the `lists` queue (jobs/queues.py), which `run` gives a worker of its own.

One import per account at a time (transfers.py keeps which one); a second is refused (409)
naming the first. The record shows where the import stands: `reading` the file, then `saving`
it IMPORT_BATCH entries at a time, with the counts so far and every entry that could not be
read or saved. A worker killed mid-import is noticed like any job's (jobs/state.py): the next
look at the import queues it again, and it goes on after the last batch it recorded; saving is
an upsert, so a batch saved twice is saved once.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable

from marshmallow import ValidationError
from rq import get_current_job
from rq.timeouts import JobTimeoutException

from server import bounded_json
from server.accounts import store as accounts_store
# The checks of PUT …/items/{paper_id} and of the route's body: plain marshmallow schemas, shared
# with the API (importing them brings the blueprints' modules along, which a worker can afford).
from server.api.schemas import ImportedItemSchema, ImportInputSchema
from server.citations import import_entries
from server.errors import TransferInProgressError
from server.lists import service
from server.lists.transfer_jobs import TransferJob, now
from server.lists.transfers import Transfers

# What the API shows of a record; the rest is the job's bookkeeping.
PUBLIC = ("id", "list", "format", "status", "phase", "bytes", "entries", "processed", "imported", "updated",
          "error", "created_at", "started_at", "finished_at")


def start(redis, settings, account_id: str, list_name: str, format_: str | None, pieces: Iterable[bytes]) -> dict:
    """Store the upload as it arrives and queue its import; TransferInProgressError while
    another one runs. `pieces` are the file itself, or (format_ None) a large JSON body
    {format, content} that the job unpacks: decoding 78 MiB of JSON takes a web process most
    of a second."""
    service.check_list_name(list_name)
    transfers = JOBS.transfers(redis, account_id)
    import_id = transfers.new_id()
    running = JOBS.claim(redis, settings, account_id, import_id)
    if running is not None:
        raise TransferInProgressError(_in_progress_message(running), {"import": public(running)})
    record = {"id": import_id, "list": list_name, "format": format_, "status": "queued", "phase": "uploading",
              "bytes": None, "entries": None, "processed": 0, "imported": 0, "updated": 0,
              "read_errors": [], "refused": [], "batches": 0, "error": None,
              "created_at": now(), "started_at": None, "finished_at": None}
    transfers.save(record)  # first: while the body arrives, a second import is refused naming this one
    try:
        size = transfers.write_blob(import_id, pieces, settings.max_import_bytes, settings.transfer_ttl_seconds)
    except BaseException:  # too large, or the client went away: nothing half-stored is imported
        JOBS.finish(transfers, record, "failed", error="The upload did not arrive whole.")
        raise
    record.update(phase="waiting", bytes=size)
    transfers.save(record)
    JOBS.enqueue(redis, settings, account_id, import_id)
    return record


def _stalled(transfers: Transfers, record: dict, settings) -> dict | None:
    """An import with no live job: still arriving, or its upload gone (not worth queueing)."""
    if record["phase"] == "uploading":
        if time.time() - record["created_at"] < settings.web_timeout_seconds:
            return record  # its body is still arriving
        return JOBS.finish(transfers, record, "failed", error="The upload did not arrive whole; import the file again.")
    if not transfers.has_blob(record["id"]):
        return JOBS.finish(transfers, record, "failed", error=(
            f"The upload waited longer than {settings.transfer_ttl_seconds} s for a worker and was dropped; "
            "import the file again."))
    return None


def get(redis, settings, account_id: str, list_name: str, import_id: str) -> dict:
    return JOBS.get(redis, settings, account_id, list_name, import_id, kept="an import is kept for a day")


def public(record: dict) -> dict:
    return {**{key: record[key] for key in PUBLIC}, "errors": record["read_errors"] + record["refused"]}


def import_list(account_id: str, import_id: str) -> None:
    """The RQ task: read the upload, check each entry as a PUT would, save IMPORT_BATCH at a time."""
    begun = JOBS.begin(account_id, import_id)
    if begun is None:
        return
    redis, settings, transfers, record = begun
    try:
        _read_and_save(redis, settings, transfers, record, account_id)
    except JobTimeoutException:
        # RQ stops the job at PAPERGIST_LIST_JOB_TIMEOUT_SECONDS; the batches saved so far stay.
        # The alarm may have come mid-command: fresh connections, not one with a reply pending.
        redis.connection_pool.disconnect()
        JOBS.finish(transfers, record, "failed", error=_timed_out(record, get_current_job().timeout))


def _read_and_save(redis, settings, transfers: Transfers, record: dict, account_id: str) -> None:
    pieces = transfers.blob_pieces(record["id"])
    if pieces is None:
        JOBS.finish(transfers, record, "failed", error="The upload expired before it was imported; import the file again.")
        return
    record.update(status="running", phase="reading", started_at=record["started_at"] or now())
    transfers.save(record)
    try:
        format_, content = _file(b"".join(pieces), record["format"])
    except ValueError as error:
        JOBS.finish(transfers, record, "failed", error=str(error))
        return
    record["format"] = format_
    entries, read_errors = _checked_entries(content, format_, settings.list_max_items)
    record.update(phase="saving", entries=len(entries) + len(read_errors), read_errors=read_errors)
    transfers.save(record)
    batch = service.IMPORT_BATCH
    for start in range(record["batches"] * batch, len(entries), batch):
        if not accounts_store.exists(redis, account_id):
            return  # the account was deleted meanwhile: write nothing into its namespace
        counts, refused = service.save_many(redis, settings, account_id, record["list"], entries[start:start + batch])
        # Recorded after the batch: a worker killed in between saves this batch again on the
        # next run (an upsert), and counts its new papers as updated.
        record.update(imported=record["imported"] + counts["imported"], updated=record["updated"] + counts["updated"],
                      refused=record["refused"] + refused, batches=record["batches"] + 1,
                      processed=len(read_errors) + min(start + batch, len(entries)))
        transfers.save(record)
    record["processed"] = record["entries"]
    JOBS.finish(transfers, record, "done")


def _timed_out(record: dict, seconds: int) -> str:
    where = ("while it was still reading the file; nothing was saved" if record["phase"] != "saving" else
             f"after {record['processed']} of the {record['entries']} entries were done "
             f"({record['imported']} new, {record['updated']} updated)")
    return (f"The import was stopped after {seconds} s, the most a list job may run, "
            f"{where}. Import the rest again in smaller files (an entry saved twice is saved once).")


def _file(data: bytes, format_: str | None) -> tuple[str, str]:
    """(format, the file's text) from the upload: the file itself, or a JSON body to unpack,
    checked as the route checks a small one (ValueError saying what is wrong)."""
    try:
        if format_:
            return format_, data.decode("utf-8")
        body = ImportInputSchema().load(bounded_json.loads(data))
    except UnicodeDecodeError as error:
        raise ValueError(f"The file is not UTF-8 text: {error}.") from None
    except bounded_json.JsonLimitError as error:
        raise ValueError(f"The request body is refused: {error.message}.") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"The request body is not JSON: {error}.") from None
    except ValidationError as error:
        raise ValueError(f"The request body is not an import: {_messages(error)}.") from None
    return body["format"], body["content"]


def _messages(error: ValidationError) -> str:
    return "; ".join(f"{field}: {message}" for field, message in error.normalized_messages().items())


def _checked_entries(content: str, format_: str, max_items: int) -> tuple[list, list[dict]]:
    """([(label, paper_id, item)] that pass a PUT's checks (and those of saved_at), [errors])."""
    schema = ImportedItemSchema()
    entries, errors = import_entries(format_, content, max_items)
    checked = []
    for label, paper_id, item in entries:
        try:
            checked.append((label, paper_id, schema.load(item)))
        except ValidationError as error:
            errors.append({"entry": label, "message": _messages(error)})
    return checked, errors


def _in_progress_message(record: dict) -> str:
    where = (f"{record['processed']} of {record['entries']} entries done" if record["entries"] is not None
             else "reading the file" if record["status"] == "running" else "waiting for a worker")
    return (f"Your import {record['id']} into the list {record['list']!r} is still running ({where}); "
            "one import runs at a time, so wait for it to finish.")



JOBS = TransferJob("import", import_list, stalled=_stalled)
