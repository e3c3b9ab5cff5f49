"""Daily digests: what the API does with them, on top of digests/store.py and the lists.

A subscription belongs to one list: a secret feed address (its own token, rotated at will) and,
optionally, an email address. Its first digest holds the papers that join the corpus after it
was made. A signed link from an email acts for the list it names without the account's key.
"""
from __future__ import annotations

from server.corpus import store as corpus
from server.digests import confirmation, links, store, trending
from server.errors import InvalidLinkError, NotSubscribedError
from server.lists import service as lists
from server.lists import store as lists_store

LATEST = 1  # digests the subscription's state shows (the feed shows store.HISTORY)


def feed_url(settings, token: str) -> str:
    return f"{settings.base_url}/feeds/{token}.atom"


def state(redis, settings, account_id: str, list_name: str) -> dict:
    """The list's subscription and latest digest (`subscribed` false and nulls when there is none)."""
    lists.existing_list(redis, account_id, list_name)
    subscription = store.get_subscription(redis, account_id, list_name)
    if subscription is None:
        return {"list": list_name, "subscribed": False, "feed_url": None, "email": None, "email_confirmed": False,
                "trending": False, "email_sent": settings.smtp_on, "latest": None}
    latest = store.digests(redis, account_id, list_name, LATEST)
    return {"list": list_name, "subscribed": True, "feed_url": feed_url(settings, subscription["feed_token"]),
            "email": subscription["email"], "email_confirmed": subscription["email_confirmed"],
            "trending": subscription["trending"], "email_sent": settings.smtp_on,
            "subscribed_at": subscription["subscribed_at"], "last_day": subscription["last_day"],
            "latest": latest[0] if latest else None}


def subscribe(redis, settings, account_id: str, list_name: str, body: dict) -> tuple[dict, bool]:
    """Subscribe the list (its next digest starts with the papers that join the corpus from
    now on), or change its email and trending choice; fields left out keep their value."""
    lists.existing_list(redis, account_id, list_name)
    current = store.get_subscription(redis, account_id, list_name) or {"email": None, "trending": False}
    email = body.get("email", current["email"])
    created = store.subscribe(redis, account_id, list_name, email, body.get("trending", current["trending"]),
                              corpus.size(redis))
    if email and settings.smtp_on and not (email == current["email"] and current.get("email_confirmed")):
        confirmation.enqueue_confirmation(redis, settings, account_id, list_name, email)
    return state(redis, settings, account_id, list_name), created


def rotate(redis, settings, account_id: str, list_name: str) -> dict:
    lists.existing_list(redis, account_id, list_name)
    if store.rotate_feed_token(redis, account_id, list_name) is None:
        raise NotSubscribedError(f"Your list {list_name!r} has no daily digest; subscribe it first.")
    return state(redis, settings, account_id, list_name)


def unsubscribe(redis, account_id: str, list_name: str) -> None:
    lists.existing_list(redis, account_id, list_name)
    if not store.unsubscribe(redis, account_id, list_name):
        raise NotSubscribedError(f"Your list {list_name!r} has no daily digest.")


def feed(redis, token: str) -> tuple[str, str, dict, list[dict]]:
    """(account_id, list, subscription, digests newest first) of a feed token."""
    owner = store.feed_owner(redis, token)
    subscription = owner and store.get_subscription(redis, *owner)
    if not subscription:
        raise NotSubscribedError("No feed has this address: it was rotated or unsubscribed.")
    return *owner, subscription, store.digests(redis, *owner)


def read_link(redis, settings, signed: str) -> dict:
    """A signed link's action, checked against what exists now, with the words its page shows."""
    link = links.read(redis, settings, signed)
    if not lists_store.list_exists(redis, link["account_id"], link["list"]):
        raise InvalidLinkError(f"The list {link['list']!r} this link is for no longer exists.")
    title = _title(redis, link["paper_id"]) if link["paper_id"] else ""
    words = {"save": (f"Save “{title}” to your list “{link['list']}”?", "Save", f"Saved to “{link['list']}”."),
             "not_relevant": (f"Mark “{title}” as not relevant for “{link['list']}”? Later digests and "
                              "recommendations will show fewer papers like it.", "Not relevant",
                              f"Marked as not relevant for “{link['list']}”."),
             "unsubscribe": (f"Stop the daily digest emails of “{link['list']}” to {link['email']}?", "Unsubscribe",
                             f"You will get no more digest emails for “{link['list']}”."),
             "confirm_email": (f"Get the daily digest of “{link['list']}” at {link['email']}?", "Yes, email it",
                               f"Confirmed: the daily digest of “{link['list']}” will come to {link['email']}.")}
    question, button, done = words[link["do"]]
    return {**link, "question": question, "button": button, "done": done}


def act(redis, settings, link: dict) -> None:
    """Do what a signed link (read_link) says."""
    account_id, list_name, paper_id = link["account_id"], link["list"], link["paper_id"]
    if link["do"] == "save":
        known = corpus.get_papers(redis, [paper_id])[0] or {}
        paper = {field: known[field] for field in ("url", "title", "abstract", "authors") if known.get(field)}
        lists.save(redis, settings, account_id, list_name, paper_id, {"paper": paper} if paper else {})
        trending.count(redis, settings, "saves", paper_id, f"account:{account_id}")
    elif link["do"] == "not_relevant":
        lists.set_feedback(redis, account_id, list_name, paper_id, False)
    elif link["do"] == "confirm_email":
        if not store.confirm_email(redis, account_id, list_name, link["email"]):
            raise InvalidLinkError(f"The list “{list_name}” is no longer to be emailed to {link['email']}.")
    else:
        store.stop_email(redis, account_id, list_name, link["email"])


def _title(redis, paper_id: str) -> str:
    known = corpus.get_papers(redis, [paper_id])[0]
    return (known or {}).get("title") or paper_id
