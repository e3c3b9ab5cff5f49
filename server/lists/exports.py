"""A list export: written within the request for a list of up to settings.export_direct_max_items
papers (200: BibTeX takes about 2 ms a paper to write), by a job on the `lists` queue for a
larger one, whose file is then fetched from Redis (transfers.py) when it is ready.

One export per account runs at a time: asking again for the same list and format while it runs
gets the same export; asking for another is refused (409) naming the running one. A job whose
worker died is queued again at the next look, as an import is (it has nothing to resume: it
writes the file afresh).
"""
from __future__ import annotations

from typing import NamedTuple

from server.citations import EXPORTERS
from server.errors import TransferInProgressError, TransferNotFoundError
from server.lists import service, store
from server.lists.transfer_jobs import TransferJob, now

PUBLIC = ("id", "list", "format", "status", "phase", "entries", "bytes", "filename", "media_type", "error",
          "created_at", "started_at", "finished_at")


class ExportFile(NamedTuple):
    content: str | list[bytes]  # the text, or the stored file's pieces
    media_type: str
    filename: str


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
    transfers = JOBS.transfers(redis, account_id)
    export_id = transfers.new_id()
    running = JOBS.claim(redis, settings, account_id, export_id)
    if running is not None:
        if (running["list"], running["format"]) == (list_name, format_):
            return running
        raise TransferInProgressError(
            f"Your export {running['id']} of the list {running['list']!r} as {running['format']} is still "
            "running; one export runs at a time, so wait for it to finish.", {"export": public(running)})
    record = {"id": export_id, "list": list_name, "format": format_, "status": "queued", "phase": "waiting",
              "entries": None, "bytes": None, "filename": filename(list_name, format_),
              "media_type": EXPORTERS[format_].media_type, "error": None, "created_at": now(),
              "started_at": None, "finished_at": None}
    transfers.save(record)
    JOBS.enqueue(redis, settings, account_id, export_id)
    return record


def get(redis, settings, account_id: str, list_name: str, export_id: str) -> dict:
    return JOBS.get(redis, settings, account_id, list_name, export_id, kept="an export is kept for a day, its file for an hour")


def finished_file(redis, settings, account_id: str, list_name: str, export_id: str) -> ExportFile:
    record = get(redis, settings, account_id, list_name, export_id)
    if record["status"] != "done":
        raise TransferInProgressError(f"The export {export_id} is {record['status']}, not ready: "
                                      f"{record['error'] or 'ask again when its status is done'}.",
                                      {"export": public(record)})
    content = JOBS.transfers(redis, account_id).blob_pieces(export_id)
    if content is None:
        raise TransferNotFoundError(f"The file of export {export_id} has expired (a file is kept "
                                    f"{settings.transfer_ttl_seconds} s); export the list again.")
    return ExportFile(content, record["media_type"], record["filename"])


def public(record: dict) -> dict:
    return {key: record[key] for key in PUBLIC}


def export_list(account_id: str, export_id: str) -> None:
    """The RQ task: write the file and keep it for transfer_ttl_seconds."""
    begun = JOBS.begin(account_id, export_id)
    if begun is None:
        return
    redis, settings, transfers, record = begun
    record.update(status="running", phase="writing", started_at=now())
    transfers.save(record)
    written = write(redis, account_id, record["list"], record["format"])
    data = written.content.encode()
    # Bounded like an upload: the export of a full list imports back, so it fits the import limit.
    size = transfers.write_blob(export_id, [data], settings.max_import_bytes, settings.transfer_ttl_seconds)
    record.update(entries=store.count(redis, account_id, record["list"]), bytes=size)
    JOBS.finish(transfers, record, "done")


JOBS = TransferJob("export", export_list, keep_blob=True)  # the file is what it made
