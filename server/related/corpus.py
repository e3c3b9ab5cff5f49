"""The corpus in Redis: the one source of truth every worker's in-memory index copies.

Key layout (all under papergist:v1:related):

    papers            hash  paper_id -> JSON {"title", "abstract", "url"} plus, when known,
                            "authors", "categories", "year", "venue" (records.reader_fields)
    log               list  paper ids in the order they joined; a paper's position is its row
    vectors:<model>   hash  paper_id -> float32 bytes of its dense embedding
    embedded:<model>  list  paper ids in the order their vectors were stored
    ingest:<source>   str   how many lines of an ingest source are done (for resume)
    generation        str   random id set when the corpus is first written: a worker seeing
                            it change (Redis wiped, restored from another backup) rebuilds

Both lists are append-only and written in the same Lua call as their hash, so a paper joins
once (running an ingest twice changes nothing) and a worker learns what is new by reading a
list past the length it last saw.
"""
from __future__ import annotations

import json
import uuid

import numpy as np

from server.related.records import reader_fields

PREFIX = "papergist:v1:related"
PAPERS_KEY = f"{PREFIX}:papers"
LOG_KEY = f"{PREFIX}:log"
GENERATION_KEY = f"{PREFIX}:generation"

# KEYS[1] hash, KEYS[2] list, KEYS[3] generation; ARGV[1] a fresh generation id, then
# field1, value1, field2, value2, ... A field new to the hash is appended to the list; a known
# field is left as it is.
_ADD_ONCE = """
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local added = 0
for i = 2, #ARGV, 2 do
    if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
        redis.call('RPUSH', KEYS[2], ARGV[i])
        added = added + 1
    end
end
return added
"""


def vectors_key(model: str) -> str:
    return f"{PREFIX}:vectors:{model}"


def embedded_key(model: str) -> str:
    return f"{PREFIX}:embedded:{model}"


def ingest_key(source: str) -> str:
    return f"{PREFIX}:ingest:{source}"


def add_papers(redis, papers) -> int:
    """Store papers not yet in the corpus; returns how many were new."""
    args = []
    for paper in papers:
        record = {k: paper.get(k) or "" for k in ("title", "abstract", "url")}
        record.update(reader_fields(paper))
        args += [paper["paper_id"], json.dumps(record)]
    return redis.eval(_ADD_ONCE, 3, PAPERS_KEY, LOG_KEY, GENERATION_KEY, uuid.uuid4().hex, *args) if args else 0


def generation(redis) -> str | None:
    raw = redis.get(GENERATION_KEY)
    return raw.decode() if raw else None


def add_vectors(redis, model: str, ids: list[str], vectors: np.ndarray) -> int:
    """Store dense vectors of papers that have none yet; returns how many were new."""
    args = []
    for paper_id, vector in zip(ids, np.asarray(vectors, dtype=np.float32)):
        args += [paper_id, vector.tobytes()]
    return redis.eval(_ADD_ONCE, 3, vectors_key(model), embedded_key(model), GENERATION_KEY,
                      uuid.uuid4().hex, *args) if args else 0


def size(redis) -> int:
    return redis.llen(LOG_KEY)


def embedded_count(redis, model: str) -> int:
    return redis.llen(embedded_key(model))


def ids_between(redis, start: int, stop: int, key: str = LOG_KEY) -> list[str]:
    """Ids at positions start..stop-1 of an append-only list (the corpus log by default)."""
    return [raw.decode() for raw in redis.lrange(key, start, stop - 1)]


def get_papers(redis, ids: list[str]) -> list[dict | None]:
    """Metadata of papers by id (None for an id the corpus lacks), paper_id included."""
    if not ids:
        return []
    rows = redis.hmget(PAPERS_KEY, ids)
    return [{"paper_id": i, **json.loads(raw)} if raw else None for i, raw in zip(ids, rows)]


def get_vectors(redis, model: str, ids: list[str], dim: int) -> np.ndarray:
    """Vectors of papers by id, as one float32 matrix (a zero row where none is stored)."""
    matrix = np.zeros((len(ids), dim), dtype=np.float32)
    for row, raw in enumerate(redis.hmget(vectors_key(model), ids) if ids else []):
        if raw:
            matrix[row] = np.frombuffer(raw, dtype=np.float32)
    return matrix


def has_vectors(redis, model: str, ids: list[str]) -> list[bool]:
    if not ids:
        return []
    pipe = redis.pipeline(transaction=False)
    for paper_id in ids:
        pipe.hexists(vectors_key(model), paper_id)
    return [bool(flag) for flag in pipe.execute()]
