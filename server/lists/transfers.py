"""List imports and exports in Redis: the only module that knows their key names.

An import or an export is a job (lists/imports.py, lists/exports.py); what the web process and
the job share lives in the account's namespace (accounts/store.py), so deleting the account
deletes it too:

    {ns} = papergist:v1:acct:{account_id}:
    {ns}import:running        string  id of the account's import in progress: one at a time
    {ns}import:{id}           JSON    the import's record: list, format, status, progress, counts,
                                      per-entry errors (RECORD_TTL_SECONDS)
    {ns}import:{id}:blob      string  the uploaded file as sent, at most the import limit
                                      (settings.transfer_ttl_seconds; deleted once imported)
    {ns}export:running        string  id of the account's export in progress: one at a time
    {ns}export:{id}           JSON    the export's record: list, format, status, file name, size
    {ns}export:{id}:blob      string  the finished file (settings.transfer_ttl_seconds)

Every key has a TTL: an upload nobody imports, or a file nobody fetches, goes away by itself.
"""
from __future__ import annotations

import json
import secrets

from server.accounts.store import namespace

# A record outlives its job by a day, so that a page opened the next morning still shows how
# the night's import went.
RECORD_TTL_SECONDS = 24 * 3600
# A blob is written in pieces of this size: each APPEND is one short command, so a 78 MiB
# upload never holds Redis (or, with appendfsync always, its disk) up for other clients at once.
CHUNK_BYTES = 1 << 20


class BlobTooLargeError(ValueError):
    pass


class Transfers:
    """An account's imports (kind "import") or exports (kind "export"): records, the one in
    progress, and the blob (the uploaded or the exported file)."""

    def __init__(self, redis, account_id: str, kind: str):
        assert kind in ("import", "export")
        self.redis, self.kind = redis, kind
        self.prefix = f"{namespace(account_id)}{kind}:"

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(8)

    def _record_key(self, id_: str) -> str:
        return self.prefix + id_

    def _blob_key(self, id_: str) -> str:
        return f"{self.prefix}{id_}:blob"

    @property
    def _running_key(self) -> str:
        return self.prefix + "running"

    # ---------------------------------------------------------------- records

    def record(self, id_: str) -> dict | None:
        raw = self.redis.get(self._record_key(id_))
        return json.loads(raw) if raw else None

    def save(self, record: dict) -> None:
        self.redis.set(self._record_key(record["id"]), json.dumps(record), ex=RECORD_TTL_SECONDS)

    # ---------------------------------------------------------------- the one in progress

    def claim(self, id_: str, ttl: int) -> str | None:
        """Make id_ the account's transfer in progress; None if it now is, else the id of the
        one that already holds the place (the caller checks whether that one still runs)."""
        if self.redis.set(self._running_key, id_, nx=True, ex=ttl):
            return None
        holder = self.redis.get(self._running_key)
        return holder.decode() if holder else self.claim(id_, ttl)

    def take_over(self, holder: str, id_: str, ttl: int) -> bool:
        """Replace a holder that has finished without letting go (a killed job), unless another
        request replaced it first."""
        return self._swap(holder, lambda pipe: pipe.set(self._running_key, id_, ex=ttl))

    def release(self, id_: str) -> None:
        self._swap(id_, lambda pipe: pipe.delete(self._running_key))

    def _swap(self, expected: str, write) -> bool:
        done = []

        def swap(pipe):
            done.clear()
            current = pipe.get(self._running_key)
            if current is not None and current.decode() != expected:
                return
            pipe.multi()
            write(pipe)
            done.append(True)

        self.redis.transaction(swap, self._running_key)
        return bool(done)

    # ---------------------------------------------------------------- the file

    def write_blob(self, id_: str, data: bytes, limit: int, ttl: int) -> None:
        """Store a file of at most `limit` bytes, CHUNK_BYTES at a time, expiring after ttl."""
        if len(data) > limit:
            raise BlobTooLargeError(f"{len(data)} bytes is more than the {limit} an {self.kind} may hold")
        key, view = self._blob_key(id_), memoryview(data)
        self.redis.delete(key)
        for start in range(0, max(len(data), 1), CHUNK_BYTES):
            self.redis.append(key, bytes(view[start:start + CHUNK_BYTES]))
        self.redis.expire(key, ttl)

    def read_blob(self, id_: str) -> bytes | None:
        return self.redis.get(self._blob_key(id_))

    def has_blob(self, id_: str) -> bool:
        return bool(self.redis.exists(self._blob_key(id_)))

    def delete_blob(self, id_: str) -> None:
        self.redis.unlink(self._blob_key(id_))
