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
    status            hash  the corpus harvest (corpus/bootstrap.py): the current run (`run`, `kind`
                            bootstrap or daily, `state`, counts, times), `last_error`,
                            `last_harvest_day` (where the next daily harvest starts) and
                            `generation`, how many bootstraps have finished (related lists
                            computed before the last one are computed again)

Both lists are append-only and written in the same Lua call as their hash, so a paper joins
once (running an ingest twice changes nothing) and a worker learns what is new by reading a
list past the length it last saw.
"""
from __future__ import annotations

import json
import uuid

import numpy as np

from server.corpus.records import reader_fields
from server.keys import PREFIX as KEYS_PREFIX

PREFIX = f"{KEYS_PREFIX}:related"
PAPERS_KEY = f"{PREFIX}:papers"
LOG_KEY = f"{PREFIX}:log"
GENERATION_KEY = f"{PREFIX}:generation"
STATUS_KEY = f"{PREFIX}:status"
# A related list is computed again once the corpus has this many times the papers it had then,
# and at least GROWTH_FLOOR more: doubling a handful of submissions changes little, and a burst
# of them would otherwise compute every early list again at each doubling. One OAI-PMH page.
GROWTH = 2
GROWTH_FLOOR = 1000

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


# The harvest's status record. A run is claimed by compare-and-set on its id, so that of any
# number of workers and cron processes checking at once exactly one starts it, and a job of a
# run that has since been replaced writes nothing.

# KEYS[1] status; ARGV[1] the run the caller saw ("" for none), ARGV[2] the new run, then
# field, value pairs. The counts of the previous run go; its last error stays on show.
_CLAIM = """
if (redis.call('HGET', KEYS[1], 'run') or '') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'pages', 'harvested', 'added', 'expected', 'base', 'harvested_at',
           'finished_at', 'job')
redis.call('HSET', KEYS[1], 'run', ARGV[2], unpack(ARGV, 3))
return 1
"""
# KEYS[1] status; ARGV[1] the run, ARGV[2] the state it must be in ("" for any); then (op,
# field, value) triples, op "set" or "incr".
_UPDATE_RUN = """
if redis.call('HGET', KEYS[1], 'run') ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'state') ~= ARGV[2] then return 0 end
for i = 3, #ARGV, 3 do
    if ARGV[i] == 'incr' then
        redis.call('HINCRBY', KEYS[1], ARGV[i + 1], ARGV[i + 2])
    else
        redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 2])
    end
end
return 1
"""
ACTIVE_STATES = ("queued", "harvesting", "embedding")


def read_status(redis) -> dict[str, str]:
    return {key.decode(): value.decode() for key, value in redis.hgetall(STATUS_KEY).items()}


def claim_run(redis, seen_run: str, run: str, fields: dict) -> bool:
    args = [str(part) for pair in fields.items() for part in pair]
    return bool(redis.eval(_CLAIM, 1, STATUS_KEY, seen_run, run, *args))


def update_run(redis, run: str, fields: dict | None = None, counts: dict | None = None,
               in_state: str = "") -> bool:
    """Set `fields` and add `counts` to the status if `run` is still the current run (and in
    `in_state`, when given); False, writing nothing, if it is not."""
    args = [part for field, value in (fields or {}).items() for part in ("set", field, str(value))]
    args += [part for field, value in (counts or {}).items() for part in ("incr", field, str(int(value)))]
    return bool(redis.eval(_UPDATE_RUN, 1, STATUS_KEY, run, in_state, *args))


def set_status(redis, **fields) -> None:
    redis.hset(STATUS_KEY, mapping={key: str(value) for key, value in fields.items()})


def queue_snapshot(pipe) -> None:
    """Add to a pipeline what snapshot_of() reads: corpus size and bootstrap generation."""
    pipe.llen(LOG_KEY)
    pipe.hget(STATUS_KEY, "generation")


def snapshot_of(replies) -> dict:
    papers, generation = replies
    return {"papers": int(papers or 0), "generation": int(generation or 0)}


def is_stale(recorded: dict | None, now: dict) -> bool:
    """Whether a related list computed from the corpus `recorded` (a describe() or None for a
    list from before lists said) should be computed again now: a bootstrap has finished since,
    or the corpus has grown GROWTH-fold (and by GROWTH_FLOOR papers at least)."""
    recorded = recorded or {}
    if int(recorded.get("generation") or 0) != now["generation"]:
        return True
    if recorded.get("papers") is None:
        return False
    papers = int(recorded["papers"])
    return now["papers"] >= max(GROWTH * papers, papers + GROWTH_FLOOR)


def describe(redis, model: str) -> dict:
    """The corpus as a related list sees it: {papers, vectors, expected, state, generation}.
    `state`: loading (a bootstrap harvest is under way; `expected` papers once it is done),
    embedding (harvested; dense vectors still filling in), failed (the bootstrap failed and
    will be tried again), off (harvesting is off here), ready (anything else)."""
    with redis.pipeline(transaction=False) as pipe:
        pipe.hgetall(STATUS_KEY)
        pipe.llen(LOG_KEY)
        pipe.llen(embedded_key(model))
        raw, papers, vectors = pipe.execute()
    status = {key.decode(): value.decode() for key, value in raw.items()}
    state = public_state(status)
    expected = status.get("expected") if state in ("loading", "embedding") else None
    return {"papers": papers, "vectors": vectors, "expected": int(expected) if expected else None,
            "state": state, "generation": int(status.get("generation") or 0)}


def public_state(status: dict[str, str]) -> str:
    state = status.get("state")
    if state == "off":
        return "off"
    if status.get("kind") != "bootstrap":
        return "ready"  # a daily harvest adds a day's papers to a corpus that is already useful
    return {"queued": "loading", "harvesting": "loading", "embedding": "embedding", "failed": "failed"}.get(state, "ready")
