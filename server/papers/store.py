"""Papers in Redis: the only module that knows the paper family's key names and lifetimes.

Key layout (under server/keys.py's prefix; a new layout gets a new one):

    papergist:v1:paper:{paper_id}                    JSON paper metadata          PAPER_TTL
    papergist:v1:claims:{paper_id}                   hash: submitter -> JSON title, abstract, authors it sent
                                                     (papers without a registry; papers/trust.py)  PAPER_TTL
    papergist:v1:paper-lock:{paper_id}               a worker asking the paper's registry   seconds
    papergist:v1:fetched:{paper_id}                  JSON registry record fetched for a listing's papers
                                                     at once, until each paper's job takes it  FETCHED_TTL
    papergist:v1:result:{part}:{engine}:{paper_id}   JSON result of a done part   SUMMARY_TTL / RELATED_TTL
    papergist:v1:document:{paper_id}                 a complete document, rendered DOCUMENT_CACHE_TTL

`part` is `summary` or `related`; `engine` is the engine's name@version, so bumping an engine's
version makes every result it wrote unreachable (and Redis expires them). Jobs in flight are RQ's
own keys (rq:job:*), found by the job id that papers/parts.py derives from the same three values.
The rendered documents are written and read by the HTTP layer's cache (api/document_cache.py);
this module drops a paper's whenever the paper or a result of it changes.
"""
from __future__ import annotations

import json

from server.corpus import store as corpus
from server.keys import PREFIX

PAPER_FIELDS = ("url", "title", "abstract", "authors", "ids", "version")


def paper_key(paper_id: str) -> str:
    return f"{PREFIX}:paper:{paper_id}"


def result_key(part: str, engine: str, paper_id: str) -> str:
    return f"{PREFIX}:result:{part}:{engine}:{paper_id}"


def document_key(paper_id: str) -> str:
    return f"{PREFIX}:document:{paper_id}"


def claims_key(paper_id: str) -> str:
    return f"{PREFIX}:claims:{paper_id}"


def verify_lock_key(paper_id: str) -> str:
    """Held while a worker asks the paper's registry (papers/metadata.py), so it is asked once."""
    return f"{PREFIX}:paper-lock:{paper_id}"


def fetched_key(paper_id: str) -> str:
    return f"{PREFIX}:fetched:{paper_id}"


def save_fetched_records(redis, records: dict[str, tuple[str, dict]], ttl: int) -> None:
    """Keep registry records fetched ahead of the jobs that need them: {paper_id: (source, record)}."""
    with redis.pipeline(transaction=False) as pipe:
        for paper_id, (source, record) in records.items():
            pipe.set(fetched_key(paper_id), json.dumps({"source": source, "record": record}), ex=ttl)
        pipe.execute()


def get_fetched_record(redis, paper_id: str) -> tuple[str, dict] | None:
    fetched = _load(redis.get(fetched_key(paper_id)))
    return (fetched["source"], fetched["record"]) if fetched else None


def get_paper(redis, paper_id: str) -> dict | None:
    return decode_paper(redis.get(paper_key(paper_id)))


def decode_paper(raw: bytes | None) -> dict | None:
    """A paper as stored under paper_key (for callers that fetch many in one pipeline)."""
    return _load(raw)


def get_papers(redis, paper_ids: list[str]) -> dict[str, dict]:
    """{paper_id: paper} for those of the ids the store knows, in one round trip."""
    if not paper_ids:
        return {}
    raws = redis.mget([paper_key(paper_id) for paper_id in paper_ids])
    return {paper_id: paper for paper_id, paper in zip(paper_ids, map(_load, raws)) if paper}


def save_paper(redis, paper: dict, ttl: int) -> dict:
    """Store a submitted paper, keeping what is already known: a later submission fills
    empty fields (a PDF tab sends only the address) but never overwrites a stored one, and a
    registry's record (verified) is left as it is (papers/trust.py says whose metadata is shown)."""
    return save_papers(redis, [paper], ttl)[paper["paper_id"]]


def save_papers(redis, papers: list[dict], ttl: int) -> dict[str, dict]:
    """save_paper for many papers: {paper_id: the paper as now stored}. A paper given twice is
    merged twice, in order. Read and write are one transaction (WATCH): a registry's record
    written meanwhile (papers/metadata.py) makes it merge again, never overwrites it."""
    paper_ids = list(dict.fromkeys(paper["paper_id"] for paper in papers))
    keys = [paper_key(paper_id) for paper_id in paper_ids]

    def merge(pipe) -> dict[str, dict]:
        stored = {paper_id: paper for paper_id, paper in zip(paper_ids, map(_load, pipe.mget(keys))) if paper}
        for paper in papers:
            stored[paper["paper_id"]] = _merged(stored.get(paper["paper_id"]) or {"paper_id": paper["paper_id"]}, paper)
        pipe.multi()
        for paper_id, value in stored.items():
            pipe.set(paper_key(paper_id), json.dumps(value), ex=ttl)
        pipe.delete(*[document_key(paper_id) for paper_id in stored])
        return stored

    return redis.transaction(merge, *keys, value_from_callable=True) if papers else {}


def _merged(stored: dict, paper: dict) -> dict:
    if stored.get("verified"):
        return stored
    for field in PAPER_FIELDS:
        if paper.get(field) and not stored.get(field):
            stored[field] = paper[field]
    if paper.get("ids"):
        stored["ids"] = {**paper["ids"], **(stored.get("ids") or {})}
    if paper.get("version") and paper["version"] > (stored.get("version") or 0):
        stored["version"] = paper["version"]
    for field in ("verified", "metadata_source", "verification"):
        if stored.get(field) is None:
            stored[field] = paper.get(field)
    return stored


def replace_paper(redis, paper: dict, ttl: int) -> None:
    """Overwrite a paper with metadata the service resolved itself (a registry's record, or
    what readers agree on)."""
    _write_and_forget_documents(redis, [(paper["paper_id"], paper_key(paper["paper_id"]), paper)], ttl)


def add_claim(redis, paper_id: str, submitter: str, claim: dict, ttl: int, max_claims: int) -> dict[str, dict]:
    """Record what one submitter says of a paper (its latest word replaces its earlier one) and
    return every submitter's claim. Past `max_claims` submitters a new one is not recorded:
    the hash stays small whatever a crowd of addresses sends."""
    key = claims_key(paper_id)
    if redis.hexists(key, submitter) or redis.hlen(key) < max_claims:
        redis.hset(key, submitter, json.dumps(claim))
    redis.expire(key, ttl)
    return {name.decode(): json.loads(raw) for name, raw in redis.hgetall(key).items()}


def get_paper_and_results(redis, paper_id: str, engines: dict[str, str]) -> tuple[dict | None, dict, dict]:
    """The paper, each part's result ({part: result or None}) and the corpus's snapshot now
    (related.corpus.snapshot_of: whether a related list is stale) in one round trip: this is
    the hot path of every poll."""
    parts = list(engines)
    with redis.pipeline(transaction=False) as pipe:
        pipe.mget([paper_key(paper_id)] + [result_key(p, engines[p], paper_id) for p in parts])
        corpus.queue_snapshot(pipe)
        raw, *snapshot = pipe.execute()
    return _load(raw[0]), {part: _load(r) for part, r in zip(parts, raw[1:])}, corpus.snapshot_of(snapshot)


def get_result(redis, part: str, engine: str, paper_id: str) -> dict | None:
    return _load(redis.get(result_key(part, engine, paper_id)))


def save_result(redis, part: str, engine: str, paper_id: str, result: dict, ttl: int) -> None:
    _write_and_forget_documents(redis, [(paper_id, result_key(part, engine, paper_id), result)], ttl)


def forget_result(redis, part: str, engine: str, paper_id: str) -> None:
    """Drop a part's result (a failure about to be retried), and the rendered document with it."""
    redis.delete(result_key(part, engine, paper_id), document_key(paper_id))


def get_rendered_document(redis, paper_id: str) -> tuple[tuple[str, bytes, str] | None, dict]:
    """A complete document rendered earlier, as (stamp, body, digest), and the corpus's
    snapshot now, in one round trip."""
    with redis.pipeline(transaction=False) as pipe:
        pipe.get(document_key(paper_id))
        corpus.queue_snapshot(pipe)
        raw, *snapshot = pipe.execute()
    if not raw:
        return None, corpus.snapshot_of(snapshot)
    stamp, digest, body = raw.split(b"\n", 2)
    return (stamp.decode(), body, digest.decode()), corpus.snapshot_of(snapshot)


def save_rendered_document(redis, paper_id: str, stamp: str, body: bytes, digest: str, ttl: int) -> None:
    """`stamp`: what the document was rendered from (engine versions, the corpus of its related
    list), for the reader to tell whether it still holds."""
    redis.set(document_key(paper_id), b"\n".join([stamp.encode(), digest.encode(), body]), ex=ttl)


def _load(raw: bytes | None) -> dict | None:
    return json.loads(raw) if raw else None


def _write_and_forget_documents(redis, writes: list[tuple[str, str, dict]], ttl: int) -> None:
    """Write each (paper_id, key, value). Every change to a paper or its results drops its
    rendered document in the same step."""
    if not writes:
        return
    with redis.pipeline() as pipe:
        for _, key, value in writes:
            pipe.set(key, json.dumps(value), ex=ttl)
        pipe.delete(*{document_key(paper_id) for paper_id, _, _ in writes})
        pipe.execute()
