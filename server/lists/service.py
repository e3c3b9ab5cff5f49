"""Personal lists: what the API does with them, on top of lists/store.py and the paper store.

An item is {paper_id, tags, note, read, saved_at, updated_at, paper}: `paper` is the paper
store's record when a registry (or the corpus) vouches for it, else the account's own copy of
what it sent when saving or importing, else the paper store's provisional record, else the id's
address alone, marked unverified. What a save or an import sends is never written to the paper
store, which everyone reads (papers/trust.py): it stays the account's own copy, marked `yours`.
"""
from __future__ import annotations

import re

from server.corpus import store as corpus_store
from server.papers import store as paper_store
from server.papers import trust
from server.papers.parts import queue_verification_if_due
from server.digests import store as digest_store
from server.lists import store
from server.errors import InvalidListNameError, InvalidPaperIdError, ListNotFoundError
from server.identifiers import parse_id

# At least one character that is not a space; the OpenAPI document publishes the same pattern.
LIST_NAME_PATTERN = r"^[A-Za-z0-9 _-]*[A-Za-z0-9_-][A-Za-z0-9 _-]*$"
LIST_NAME = re.compile(LIST_NAME_PATTERN)
LIST_NAME_RULE = "1-64 characters: letters, digits, spaces, '_' and '-', not only spaces"
# An import writes this many entries per transaction: a few round trips each instead of several
# per entry, and each transaction short enough not to hold up other clients of Redis.
IMPORT_BATCH = 500


def check_list_name(name: str) -> str:
    if len(name) > 64 or not LIST_NAME.fullmatch(name):
        raise InvalidListNameError(f"{name!r} is not a list name; a list name has {LIST_NAME_RULE}.",
                                   {"list": [f"expected {LIST_NAME_RULE}"]})
    return name


def existing_list(redis, account_id: str, name: str) -> str:
    check_list_name(name)
    if not store.list_exists(redis, account_id, name):
        raise ListNotFoundError(f"You have no list named {name!r}.")
    return name


def all_lists(redis, account_id: str) -> list[dict]:
    """The account's lists, `default` first, each {name, count, created_at}."""
    return store.lists_with_counts(redis, account_id)


def create_list(redis, account_id: str, name: str) -> tuple[dict, bool]:
    """Create an empty list (a no-op if it exists): (its summary, whether it was created)."""
    created = store.create_list(redis, account_id, check_list_name(name))
    return next(s for s in store.lists_with_counts(redis, account_id) if s["name"] == name), created


def delete_list(redis, account_id: str, name: str) -> None:
    """Delete a list with its papers, feedback, recommendations and digest subscription (`default`
    is only emptied)."""
    store.delete_list(redis, account_id, existing_list(redis, account_id, name))
    digest_store.unsubscribe(redis, account_id, name)


def items_with_papers(redis, account_id: str, name: str) -> list[dict]:
    """Every item of a list, newest first, with its paper's metadata (exports, recommendations)."""
    return with_papers(redis, store.all_items(redis, account_id, name))


def set_feedback(redis, account_id: str, name: str, paper_id: str, relevant: bool) -> str:
    """Mark a paper (not) relevant for a list's recommendations; returns its canonical id."""
    existing_list(redis, account_id, name)
    canonical = parse_id(paper_id).paper_id
    store.set_feedback(redis, account_id, name, canonical, relevant)
    return canonical


def save(redis, settings, account_id: str, name: str, paper_id: str, body: dict) -> tuple[dict, bool]:
    """Save or update a paper in a list (the list is created on first use). The body may carry
    the paper's metadata: the account's own copy, until a registry's record replaces it. A paper
    with a registry that nobody has checked yet is looked up by a job."""
    check_list_name(name)
    paper_id, body, own = _split(paper_id, body)
    known = _known_papers(redis, [paper_id]).get(paper_id)
    if own or known:
        # A copy in the item: the paper store forgets papers after a year, a list never does.
        body["paper"] = _item_paper(paper_id, known, own)
    if not (known and known.get("verified")) and trust.has_registry(paper_id):
        queue_verification_if_due(redis, settings, paper_id, known)
    item, created = store.save_item(redis, account_id, name, paper_id, body, settings.list_max_items)
    return with_papers(redis, [item])[0], created


def save_many(redis, settings, account_id: str, name: str,
              entries: list[tuple[str, str, dict]]) -> tuple[dict, list[dict]]:
    """An import: save() for each (label, paper_id, body), IMPORT_BATCH entries at a time with
    a few round trips each, not several per entry. Returns ({"imported", "updated"}: how
    many were new and how many already in the list, [{"entry", "message"}] for the others)."""
    check_list_name(name)
    counts, errors = {"imported": 0, "updated": 0}, []
    for start in range(0, len(entries), IMPORT_BATCH):
        ready = []
        for label, paper_id, body in entries[start:start + IMPORT_BATCH]:
            try:
                paper_id, body, own = _split(paper_id, body)
            except InvalidPaperIdError as error:
                errors.append({"entry": label, "message": error.message})
                continue
            ready.append((label, paper_id, body, own))
        known = _known_papers(redis, [paper_id for _, paper_id, _, _ in ready])
        changes = [(paper_id, {**body, "paper": _item_paper(paper_id, known.get(paper_id), own)}
                    if own or paper_id in known else body)
                   for _, paper_id, body, own in ready]
        saved = store.save_items(redis, account_id, name, changes, settings.list_max_items)
        full = store.list_full_message(name, settings.list_max_items)
        for (label, _, _, _), outcome in zip(ready, saved):
            if outcome is None:
                errors.append({"entry": label, "message": full})
            else:
                counts["imported" if outcome[1] else "updated"] += 1
    return counts, errors


def _known_papers(redis, paper_ids: list[str]) -> dict[str, dict]:
    """{paper_id: record} from the paper store, or else the corpus (harvested from arXiv, or
    ingested by the operator: vouched for), in two round trips."""
    known = paper_store.get_papers(redis, paper_ids)
    missing = [paper_id for paper_id in dict.fromkeys(paper_ids) if paper_id not in known]
    for paper_id, record in zip(missing, corpus_store.get_papers(redis, missing)):
        if record:
            known[paper_id] = {**{k: v for k, v in record.items() if v}, "url": trust.canonical_url(paper_id) or record.get("url"),
                               "verified": True, "metadata_source": "corpus", "verification": "verified"}
    return known


def _item_paper(paper_id: str, known: dict | None, own: dict | None) -> dict:
    """What an item shows of its paper (see the module's comment): a vouched-for record, the
    account's own copy, the provisional record, or the bare id."""
    if known and known.get("verified") or not own:
        return known or _bare(paper_id)
    url = trust.canonical_url(paper_id) if trust.has_registry(paper_id) else own.get("url")
    return {**own, "url": url, "verified": False, "metadata_source": "yours",
            "verification": (known or {}).get("verification") or ("pending" if trust.has_registry(paper_id) else "unconfirmed")}


def _bare(paper_id: str) -> dict:
    """A paper known by its id alone (saved by id, and no registry has answered yet)."""
    return {"paper_id": paper_id, "url": trust.canonical_url(paper_id), "verified": False,
            "verification": "pending" if trust.has_registry(paper_id) else "unconfirmed"}


def _split(paper_id: str, body: dict) -> tuple[str, dict, dict | None]:
    """(canonical id, the item's fields with clean tags, the account's own copy of the paper's
    metadata or None)."""
    ref = parse_id(paper_id)
    body = dict(body)
    # An export's record of where its metadata came from is not the importer's to claim; and an
    # address alone (the export of a paper known by its id) is nothing of its own.
    paper = {k: v for k, v in (body.pop("paper", None) or {}).items()
             if k not in ("verified", "metadata_source", "verification", "checked_at")}
    if not any(paper.get(field) for field in trust.TEXT_FIELDS):
        paper = None
    if paper:
        version = ref.version or paper.get("version")  # an id without one keeps the paper's
        paper = {**paper, "paper_id": ref.paper_id, "version": version}
    if "tags" in body:
        body["tags"] = clean_tags(body["tags"])
    return ref.paper_id, body, paper


def remove(redis, account_id: str, name: str, paper_id: str) -> None:
    check_list_name(name)
    canonical = parse_id(paper_id).paper_id
    if not store.remove_item(redis, account_id, name, canonical):
        raise ListNotFoundError(f"{canonical} is not in your list {name!r}.")


def page(redis, account_id: str, name: str, tag: str | None, page_number: int, per_page: int) -> dict:
    existing_list(redis, account_id, name)
    offset = (page_number - 1) * per_page
    total, items = store.page_of_items(redis, account_id, name, tag, offset, per_page)
    return {"list": name, "tag": tag, "page": page_number, "per_page": per_page, "total": total,
            "pages": -(-total // per_page), "items": with_papers(redis, items)}


def saved_where(redis, account_id: str, paper_id: str) -> dict:
    return saved_where_each(redis, account_id, [paper_id])[0]


def saved_where_each(redis, account_id: str, paper_ids: list[str]) -> list[dict]:
    """Whether each paper is saved and in which lists, in the order asked (one round trip)."""
    canonical = [parse_id(paper_id).paper_id for paper_id in paper_ids]
    holding = store.lists_holding_each(redis, account_id, canonical)
    return [{"paper_id": paper_id, "saved": bool(names), "lists": names} for paper_id, names in zip(canonical, holding)]


def clean_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, without blanks and duplicates, in the order given."""
    seen = []
    for tag in (t.strip() for t in tags):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def with_papers(redis, items: list[dict]) -> list[dict]:
    """Items with their paper's metadata: the paper store's latest record when it is verified,
    else the item's own copy (with what the registry said since), fetched in one round trip."""
    if not items:
        return []
    with redis.pipeline(transaction=False) as pipe:
        for item in items:
            pipe.get(paper_store.paper_key(item["paper_id"]))
        raws = pipe.execute()
    return [{**item, "paper": _current(item["paper_id"], paper_store.decode_paper(raw), item.get("paper"))}
            for item, raw in zip(items, raws)]


def _current(paper_id: str, public: dict | None, copy: dict | None) -> dict:
    if public is None or copy is None:
        return public or copy or _bare(paper_id)
    if public.get("verified") or not copy.get("metadata_source") == "yours":
        return public
    return {**copy, "verification": public.get("verification") or copy.get("verification")}
