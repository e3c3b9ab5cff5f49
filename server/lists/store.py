"""Personal lists in Redis: the only module that knows their key names.

Every key sits in its account's namespace (accounts/store.py), so one account can reach
another's data by no name at all, and deleting an account deletes its lists:

    {ns} = papergist:v1:acct:{account_id}:
    {ns}lists                       hash  list name -> JSON {created_at}  (`default` always exists)
    {ns}list:{name}:items           hash  paper_id -> JSON {paper_id, tags, note, read, saved_at, updated_at}
    {ns}list:{name}:order           zset  paper_id scored by saved_at (pagination, newest first)
    {ns}list:{name}:tag:{tag}       zset  the same, for the papers carrying that tag (tag filter)
    {ns}list:{name}:rejected        set   paper ids marked "not relevant" (recommendation negatives)
    {ns}list:{name}:rev             int   bumped when papers or feedback change; recommendations
                                          computed for an older rev are stale
    {ns}list:{name}:recs            JSON  the latest recommendations and the rev they are for
    {ns}saved:{paper_id}            set   names of the lists holding the paper (toolbar badge)

A list's daily digest keys, {ns}digest:{name}*, are digests/store.py's; imports and exports in
progress, `{ns}import:*` and `{ns}export:*`, are lists/transfers.py's.
No TTLs: nothing a user saved expires. List names never contain `:` (lists/service.py validates them).
"""
from __future__ import annotations

import json
import time

from server.accounts.store import namespace
from server.errors import ListFullError

DEFAULT_LIST = "default"


def lists_key(account_id: str) -> str:
    return namespace(account_id) + "lists"


def list_key(account_id: str, name: str, what: str) -> str:
    return f"{namespace(account_id)}list:{name}:{what}"


def tag_key(account_id: str, name: str, tag: str) -> str:
    return list_key(account_id, name, f"tag:{tag}")


def saved_key(account_id: str, paper_id: str) -> str:
    return f"{namespace(account_id)}saved:{paper_id}"


def list_exists(redis, account_id: str, name: str) -> bool:
    return name == DEFAULT_LIST or bool(redis.hexists(lists_key(account_id), name))


def create_list(redis, account_id: str, name: str) -> bool:
    """Register a list; False if it already existed."""
    return bool(redis.hsetnx(lists_key(account_id), name, json.dumps({"created_at": _now()})))


def lists_with_counts(redis, account_id: str) -> list[dict]:
    registered = {k.decode(): json.loads(v) for k, v in redis.hgetall(lists_key(account_id)).items()}
    registered.setdefault(DEFAULT_LIST, {"created_at": None})
    names = sorted(registered, key=lambda n: (n != DEFAULT_LIST, n.lower()))
    with redis.pipeline(transaction=False) as pipe:
        for name in names:
            pipe.zcard(list_key(account_id, name, "order"))
        counts = pipe.execute()
    return [{"name": n, "count": c, "created_at": registered[n]["created_at"]} for n, c in zip(names, counts)]


def save_item(redis, account_id: str, name: str, paper_id: str, changes: dict, max_items: int) -> tuple[dict, bool]:
    """Create or update one item atomically; `changes` holds the fields the client sent
    (tags, note, read; an import also sends saved_at). Returns the stored item and whether it
    was created. saved_at is the first save, so of two the earlier wins."""
    saved = save_items(redis, account_id, name, [(paper_id, changes)], max_items)[0]
    if saved is None:
        raise ListFullError(list_full_message(name, max_items))
    return saved


def save_items(redis, account_id: str, name: str, changes: list[tuple[str, dict]],
               max_items: int) -> list[tuple[dict, bool] | None]:
    """save_item for many papers in one transaction (an import): four round trips and about
    one command per paper, however many there are. Per (paper_id, changes): the stored item and
    whether it was created, or None if it was new and the list already held max_items. A paper
    given twice is saved, then updated, as two calls would."""
    if not changes:
        return []
    items = list_key(account_id, name, "items")
    order = list_key(account_id, name, "order")
    outcome = []

    def write(pipe):
        outcome.clear()  # a conflicting write makes redis-py call this again
        paper_ids = list(dict.fromkeys(paper_id for paper_id, _ in changes))
        stored = {paper_id: json.loads(raw) if raw else None
                  for paper_id, raw in zip(paper_ids, pipe.hmget(items, paper_ids))}
        count, now, current = pipe.zcard(order), _now(), dict(stored)
        for paper_id, change in changes:
            old = current[paper_id]
            if old is None and count >= max_items:
                outcome.append(None)
                continue
            current[paper_id] = _updated(paper_id, old, change, now)
            count += old is None
            outcome.append((current[paper_id], old is None))
        written = {paper_id: item for paper_id, item in current.items() if item is not stored[paper_id]}
        if not written:
            return
        pipe.multi()
        pipe.hset(items, mapping={paper_id: json.dumps(item) for paper_id, item in written.items()})
        pipe.zadd(order, {paper_id: item["saved_at"] for paper_id, item in written.items()})
        dropped, tagged = _tag_changes(stored, written)
        for tag, paper_ids in dropped.items():
            pipe.zrem(tag_key(account_id, name, tag), *paper_ids)
        for tag, scores in tagged.items():  # scored by saved_at, which an import may have moved earlier
            pipe.zadd(tag_key(account_id, name, tag), scores)
        for paper_id in written:
            pipe.sadd(saved_key(account_id, paper_id), name)
        if any(stored[paper_id] is None for paper_id in written):
            pipe.incr(list_key(account_id, name, "rev"))
        pipe.hsetnx(lists_key(account_id), name, json.dumps({"created_at": now}))

    redis.transaction(write, items, order)
    return outcome


def list_full_message(name: str, max_items: int) -> str:
    return f"The list {name!r} already holds {max_items} papers, as many as a list may."


def _updated(paper_id: str, old: dict | None, changes: dict, now: float) -> dict:
    saved_at = old["saved_at"] if old else now
    if "saved_at" in changes:
        saved_at = min(saved_at, changes["saved_at"]) if old else changes["saved_at"]
    if (old or {}).get("paper") and changes.get("paper"):
        # The account's copy of a paper: what it sends now wins, what it sent before fills the
        # gaps (a BibTeX import of a paper saved from its page has no version, say).
        sent = {k: v for k, v in changes["paper"].items() if v not in (None, "", [], {})}
        changes = {**changes, "paper": {**old["paper"], **sent}}
    return {"paper_id": paper_id, "tags": [], "note": "", "read": False, **(old or {}),
            **changes, "saved_at": saved_at, "updated_at": now}


def _tag_changes(stored: dict, written: dict) -> tuple[dict[str, list[str]], dict[str, dict[str, float]]]:
    """({tag: paper ids to drop from its index}, {tag: {paper id: saved_at} to index})."""
    dropped, tagged = {}, {}
    for paper_id, item in written.items():
        old = stored[paper_id]
        for tag in set(old["tags"] if old else ()) - set(item["tags"]):
            dropped.setdefault(tag, []).append(paper_id)
        for tag in item["tags"]:
            tagged.setdefault(tag, {})[paper_id] = item["saved_at"]
    return dropped, tagged


def remove_item(redis, account_id: str, name: str, paper_id: str) -> bool:
    items = list_key(account_id, name, "items")
    outcome = {"removed": False}

    def delete(pipe):
        raw = pipe.hget(items, paper_id)
        if raw is None:
            return
        pipe.multi()
        _queue_removal(pipe, account_id, name, json.loads(raw))
        pipe.incr(list_key(account_id, name, "rev"))
        outcome["removed"] = True

    redis.transaction(delete, items)
    return outcome["removed"]


def delete_list(redis, account_id: str, name: str) -> bool:
    """Delete a named list with its papers, feedback and recommendations."""
    items = list_key(account_id, name, "items")
    outcome = {"deleted": False}

    def delete(pipe):
        registered = pipe.hexists(lists_key(account_id), name)
        stored = [json.loads(raw) for raw in pipe.hvals(items)]
        pipe.multi()
        for item in stored:
            _queue_removal(pipe, account_id, name, item)
        for what in ("order", "rejected", "rev", "recs"):
            pipe.delete(list_key(account_id, name, what))
        pipe.hdel(lists_key(account_id), name)
        outcome["deleted"] = bool(registered)

    redis.transaction(delete, items, lists_key(account_id))
    return outcome["deleted"]


def _queue_removal(pipe, account_id: str, name: str, item: dict) -> None:
    paper_id = item["paper_id"]
    pipe.hdel(list_key(account_id, name, "items"), paper_id)
    pipe.zrem(list_key(account_id, name, "order"), paper_id)
    for tag in item["tags"]:
        pipe.zrem(tag_key(account_id, name, tag), paper_id)
    pipe.srem(saved_key(account_id, paper_id), name)


def page_of_items(redis, account_id: str, name: str, tag: str | None, offset: int, count: int) -> tuple[int, list[dict]]:
    """(total, items) newest first, optionally only those carrying `tag`: two round trips."""
    index = tag_key(account_id, name, tag) if tag else list_key(account_id, name, "order")
    with redis.pipeline(transaction=False) as pipe:
        pipe.zcard(index)
        pipe.zrevrange(index, offset, offset + count - 1)
        total, ids = pipe.execute()
    if not ids:
        return total, []
    raws = redis.hmget(list_key(account_id, name, "items"), ids)
    return total, [json.loads(raw) for raw in raws if raw]


def count(redis, account_id: str, name: str) -> int:
    return redis.zcard(list_key(account_id, name, "order"))


def all_items(redis, account_id: str, name: str) -> list[dict]:
    """Every item of a list, newest first."""
    items = [json.loads(raw) for raw in redis.hvals(list_key(account_id, name, "items"))]
    return sorted(items, key=lambda item: item["saved_at"], reverse=True)


def lists_holding_each(redis, account_id: str, paper_ids: list[str]) -> list[list[str]]:
    """The lists holding each paper, in one round trip however many papers are asked about."""
    pipe = redis.pipeline(transaction=False)
    for paper_id in paper_ids:
        pipe.smembers(saved_key(account_id, paper_id))
    return [sorted(name.decode() for name in names) for names in pipe.execute()]


def set_feedback(redis, account_id: str, name: str, paper_id: str, relevant: bool) -> None:
    rejected = list_key(account_id, name, "rejected")
    with redis.pipeline() as pipe:
        pipe.srem(rejected, paper_id) if relevant else pipe.sadd(rejected, paper_id)
        pipe.incr(list_key(account_id, name, "rev"))
        pipe.execute()


def rejected_ids(redis, account_id: str, name: str) -> set[str]:
    return {pid.decode() for pid in redis.smembers(list_key(account_id, name, "rejected"))}


def revision(redis, account_id: str, name: str) -> int:
    return int(redis.get(list_key(account_id, name, "rev")) or 0)


def get_recommendations(redis, account_id: str, name: str) -> dict | None:
    raw = redis.get(list_key(account_id, name, "recs"))
    return json.loads(raw) if raw else None


def save_recommendations(redis, account_id: str, name: str, result: dict, ttl: int) -> None:
    redis.set(list_key(account_id, name, "recs"), json.dumps(result), ex=ttl)


def _now() -> float:
    return round(time.time(), 3)
