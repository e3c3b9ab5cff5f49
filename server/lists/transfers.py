"""List imports and exports in Redis: the only module that knows their key names.

An import or an export is a job (lists/imports.py, lists/exports.py); what the web process and
the job share lives in the account's namespace (accounts/store.py), so deleting the account
deletes it too:

    {ns} = papergist:v1:acct:{account_id}:
    {ns}import:running        string  id of the account's import in progress: one at a time
    {ns}import:{id}           JSON    the import's record: list, format, status, progress, counts,
                                      per-entry errors (RECORD_TTL_SECONDS)
    {ns}import:{id}:blob      list    the uploaded body as sent, in pieces, at most the import
                                      limit (settings.transfer_ttl_seconds; deleted once imported)
    {ns}export:running        string  id of the account's export in progress: one at a time
    {ns}export:{id}           JSON    the export's record: list, format, status, file name, size
    {ns}export:{id}:blob      list    the finished file, in pieces (settings.transfer_ttl_seconds)

Every key has a TTL: an upload nobody imports, or a file nobody fetches, goes away by itself.
Besides, one key per machine counts the large bodies its web processes are receiving:

    papergist:v1:uploads:{hostname}   zset  request id scored by when its body started arriving
"""
from __future__ import annotations

import json
import re
import secrets
import socket
import time
from collections.abc import Iterable
from contextlib import contextmanager

from server.accounts.store import namespace
from server.errors import FileTooLargeError, UploadsBusyError
from server.keys import PREFIX

ID = re.compile(ID_PATTERN := "[0-9a-f]{16}")
# A record outlives its job by a day, so that a page opened the next morning still shows how
# the night's import went.
RECORD_TTL_SECONDS = 24 * 3600
# A blob is a list of pieces of this size: each RPUSH is one short command, so a 78 MiB upload
# never holds Redis (or, with appendfsync always, its disk) up for other clients at once. (APPEND
# to one string took 10 ms a piece: Redis grows a string past 1 MiB by copying it.)
CHUNK_BYTES = 1 << 20
# ...sent 8 to a round trip: 0.13 s for 77 MiB where one at a time took 0.21 s.
PIECES_PER_ROUND_TRIP = 8


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

    @staticmethod
    def is_id(text: str) -> bool:
        """Whether text could be an id new_id() gave (anything else names no transfer, nor a job)."""
        return bool(ID.fullmatch(text))

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

    def write_blob(self, id_: str, pieces: Iterable[bytes], limit: int, ttl: int) -> int:
        """Store a file given in pieces (a request's body as it arrives, say) as at most
        CHUNK_BYTES a piece, expiring after ttl; its size. Past `limit` bytes nothing is kept."""
        key, size = self._blob_key(id_), 0
        with self.redis.pipeline(transaction=False) as pipe:
            # An empty file is one empty piece: the key says the file was stored.
            pipe.delete(key).rpush(key, b"").expire(key, ttl)
            for piece in pieces:
                view = memoryview(piece)
                size += len(view)
                if size > limit:
                    pipe.reset()
                    self.redis.delete(key)
                    raise FileTooLargeError(f"The file is larger than the {limit} bytes an {self.kind} may hold.")
                for start in range(0, len(view), CHUNK_BYTES):
                    pipe.rpush(key, view[start:start + CHUNK_BYTES])
                    if len(pipe) >= PIECES_PER_ROUND_TRIP:
                        pipe.execute()
            pipe.execute()
        return size

    def blob_pieces(self, id_: str) -> list[bytes] | None:
        """The file's pieces in order (join them, or send them one by one); None once expired.
        Read PIECES_PER_ROUND_TRIP at a time: one LRANGE of 78 MiB held Redis up for the others."""
        key, pieces = self._blob_key(id_), []
        while batch := self.redis.lrange(key, len(pieces), len(pieces) + PIECES_PER_ROUND_TRIP - 1):
            pieces += batch
        return pieces or None

    def has_blob(self, id_: str) -> bool:
        return bool(self.redis.exists(self._blob_key(id_)))

    def delete_blob(self, id_: str) -> None:
        self.redis.unlink(self._blob_key(id_))


@contextmanager
def upload_slot(redis, slots: int, stale_seconds: int):
    """Hold one of this machine's `slots` places for receiving a large body, or raise
    UploadsBusyError. A sync gunicorn process receiving 78 MiB is busy for a good part of a
    second (several, with four at once on two cores), so four such uploads used to leave no
    process free for /healthz; with half the processes as slots, the rest keep answering. A
    place whose request was killed is dropped after stale_seconds (gunicorn's timeout)."""
    key, member = f"{PREFIX}:uploads:{socket.gethostname()}", secrets.token_hex(8)
    now = time.time()
    with redis.pipeline() as pipe:
        pipe.zremrangebyscore(key, 0, now - stale_seconds).zadd(key, {member: now}).zrank(key, member)
        pipe.expire(key, stale_seconds)
        rank = pipe.execute()[2]
    try:
        if rank >= slots:
            raise UploadsBusyError(f"This server is receiving {slots} large imports already; send yours again "
                                   "in a few seconds.")
        yield
    finally:
        redis.zrem(key, member)
