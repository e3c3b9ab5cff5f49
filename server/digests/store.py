"""Daily digests in Redis: the only module that knows their key names.

In the account's namespace (accounts/store.py), so that deleting the account deletes them:

    {ns}digest:{list}             hash  the subscription: feed_token, email (empty: feed only),
                                        email_confirmed ("1" once its owner followed the
                                        confirmation link; nothing else is sent before), trending ("1": with the trending section), subscribed_at,
                                        cursor (the corpus log position the next digest starts
                                        from), last_day (the last day a digest was built for)
    {ns}digest:{list}:history     list  JSON digests, newest first, the last HISTORY of them
    {ns}digest:{list}:sent:{day}  str   "sending" while an email is handed to SMTP, then "sent":
                                        a day's email is never sent twice

Shared by the server:

    papergist:v1:digest:feed:{sha256 of feed token}  str  JSON [account_id, list]: the feed's address
    papergist:v1:digest:subscribers                  set  JSON [account_id, list] of every subscription
    papergist:v1:digest:secret                       str  the generated signing secret (digests/links.py)
    papergist:v1:digest:asked:{sha256 of address}     str  a confirmation went to the address (a day)

The feed token is kept in clear in the subscription (the My papers page shows the feed's address
again) but looked up by its hash: it only reads one list's digest, and the record is readable
only with the account's key. A feed key or subscriber entry left behind by a deleted account
names no subscription and is dropped when met.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time

from server.accounts.store import namespace
from server.keys import PREFIX

HISTORY = 7  # digests a feed shows: a week of days
SENT_TTL_SECONDS = 3 * 24 * 3600  # a day's sent marker outlives any retry of that day's job
SENDING_TTL_SECONDS = 600  # a claim whose worker died mid-send frees the day again after this
SUBSCRIBERS_KEY = f"{PREFIX}:digest:subscribers"
SECRET_KEY = f"{PREFIX}:digest:secret"
FEED_TOKEN_BYTES = 24
CONFIRMATION_INTERVAL_SECONDS = 24 * 3600


def subscription_key(account_id: str, list_name: str) -> str:
    return f"{namespace(account_id)}digest:{list_name}"


def history_key(account_id: str, list_name: str) -> str:
    return subscription_key(account_id, list_name) + ":history"


def sent_key(account_id: str, list_name: str, day: str) -> str:
    return subscription_key(account_id, list_name) + f":sent:{day}"


def feed_key(token: str) -> str:
    return f"{PREFIX}:digest:feed:{hashlib.sha256(token.encode()).hexdigest()}"


def _member(account_id: str, list_name: str) -> str:
    return json.dumps([account_id, list_name])


def get_subscription(redis, account_id: str, list_name: str) -> dict | None:
    raw = redis.hgetall(subscription_key(account_id, list_name))
    if not raw:
        return None
    record = {key.decode(): value.decode() for key, value in raw.items()}
    return {"feed_token": record["feed_token"], "email": record.get("email") or None,
            "email_confirmed": record.get("email_confirmed") == "1",
            "trending": record.get("trending") == "1", "subscribed_at": float(record["subscribed_at"]),
            "cursor": int(record.get("cursor") or 0), "last_day": record.get("last_day") or None}


def subscribe(redis, account_id: str, list_name: str, email: str | None, trending: bool, cursor: int) -> bool:
    """Create the subscription (with a new feed token, the next digest starting at `cursor`) or
    change its email and trending choice (a new address waits for its confirmation); True if it
    was created."""
    key = subscription_key(account_id, list_name)
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    created = {"feed_token": token, "subscribed_at": round(time.time(), 3), "cursor": cursor}

    def write(pipe):
        exists = pipe.exists(key)
        fields = {"email": email or "", "trending": "1" if trending else ""}
        if (pipe.hget(key, "email") or b"").decode() != fields["email"]:
            fields["email_confirmed"] = ""
        pipe.multi()
        pipe.hset(key, mapping=fields if exists else {**fields, **created})
        if not exists:
            pipe.set(feed_key(token), _member(account_id, list_name))
        pipe.sadd(SUBSCRIBERS_KEY, _member(account_id, list_name))
        return not exists

    return redis.transaction(write, key, value_from_callable=True)


def rotate_feed_token(redis, account_id: str, list_name: str) -> str | None:
    """A new feed token in place of the old one, which stops working at once; None if not subscribed."""
    key, token = subscription_key(account_id, list_name), secrets.token_urlsafe(FEED_TOKEN_BYTES)

    def swap(pipe):
        old = pipe.hget(key, "feed_token")
        if old is None:
            return None
        pipe.multi()
        pipe.delete(feed_key(old.decode()))
        pipe.set(feed_key(token), _member(account_id, list_name))
        pipe.hset(key, "feed_token", token)
        return token

    return redis.transaction(swap, key, value_from_callable=True)


def confirm_email(redis, account_id: str, list_name: str, email: str) -> bool:
    """The owner of `email` followed its confirmation link: digests may go to it now. False when
    the subscription has another address by now (or none)."""
    return _set_if_email(redis, account_id, list_name, email, {"email_confirmed": "1"})


def stop_email(redis, account_id: str, list_name: str, email: str) -> bool:
    """No more emails to `email` for the list (one-click unsubscribe); the feed stays. False
    when the subscription has another address by now (or none)."""
    return _set_if_email(redis, account_id, list_name, email, {"email": "", "email_confirmed": ""})


def _set_if_email(redis, account_id: str, list_name: str, email: str, fields: dict) -> bool:
    key = subscription_key(account_id, list_name)

    def write(pipe):
        if not email or pipe.hget(key, "email") != email.encode():
            return False
        pipe.multi()
        pipe.hset(key, mapping=fields)
        return True

    return redis.transaction(write, key, value_from_callable=True)


def unsubscribe(redis, account_id: str, list_name: str) -> bool:
    """Drop the subscription, its feed address and its digests; False if there was none."""
    key = subscription_key(account_id, list_name)

    def drop(pipe):
        token = pipe.hget(key, "feed_token")
        pipe.multi()
        if token:
            pipe.delete(feed_key(token.decode()))
        pipe.delete(key, history_key(account_id, list_name))
        pipe.srem(SUBSCRIBERS_KEY, _member(account_id, list_name))
        return token is not None

    return redis.transaction(drop, key, value_from_callable=True)


def subscribers(redis) -> list[tuple[str, str]]:
    return [tuple(json.loads(member)) for member in redis.smembers(SUBSCRIBERS_KEY)]


def forget_subscriber(redis, account_id: str, list_name: str) -> None:
    """An entry whose subscription is gone (the account was deleted)."""
    redis.srem(SUBSCRIBERS_KEY, _member(account_id, list_name))


def feed_owner(redis, token: str) -> tuple[str, str] | None:
    """(account_id, list) of a feed token, or None for an unknown or revoked one."""
    raw = redis.get(feed_key(token))
    if raw is None:
        return None
    account_id, list_name = json.loads(raw)
    if redis.hget(subscription_key(account_id, list_name), "feed_token") != token.encode():
        redis.delete(feed_key(token))  # left behind by a deleted account
        return None
    return account_id, list_name


def save_digest(redis, account_id: str, list_name: str, digest: dict | None, day: str, cursor: int) -> bool:
    """Record the day's digest (None: nothing new for the list) and where the next one starts,
    in one transaction; False, writing nothing, if the list was unsubscribed meanwhile."""
    key = subscription_key(account_id, list_name)

    def write(pipe):
        if not pipe.exists(key):
            return False
        pipe.multi()
        if digest is not None:
            pipe.lpush(history_key(account_id, list_name), json.dumps(digest))
            pipe.ltrim(history_key(account_id, list_name), 0, HISTORY - 1)
        pipe.hset(key, mapping={"cursor": cursor, "last_day": day})
        return True

    return redis.transaction(write, key, value_from_callable=True)


def digests(redis, account_id: str, list_name: str, count: int = HISTORY) -> list[dict]:
    """The list's latest digests, newest first."""
    return [json.loads(raw) for raw in redis.lrange(history_key(account_id, list_name), 0, count - 1)]


def claim_sending(redis, account_id: str, list_name: str, day: str) -> bool:
    """Whether this worker may send the day's email: nobody sent it, nor is sending it."""
    return bool(redis.set(sent_key(account_id, list_name, day), "sending", nx=True, ex=SENDING_TTL_SECONDS))


def mark_sent(redis, account_id: str, list_name: str, day: str) -> None:
    redis.set(sent_key(account_id, list_name, day), "sent", ex=SENT_TTL_SECONDS)


def release_sending(redis, account_id: str, list_name: str, day: str) -> None:
    """The send failed: the job's retry may claim the day again."""
    redis.delete(sent_key(account_id, list_name, day))


def was_sent(redis, account_id: str, list_name: str, day: str) -> bool:
    return redis.get(sent_key(account_id, list_name, day)) == b"sent"


def claim_confirmation(redis, email: str) -> bool:
    """Whether a confirmation email may go to `email`: one a day at most, whoever asks, so the
    service cannot be made to flood an inbox with them."""
    return bool(redis.set(_asked_key(email), "1", nx=True, ex=CONFIRMATION_INTERVAL_SECONDS))


def release_confirmation(redis, email: str) -> None:
    redis.delete(_asked_key(email))


def _asked_key(email: str) -> str:
    return f"{PREFIX}:digest:asked:{hashlib.sha256(email.lower().encode()).hexdigest()}"


def secret(redis) -> str:
    """The generated signing secret: created by whichever process asks first, the same for all."""
    redis.set(SECRET_KEY, secrets.token_urlsafe(32), nx=True)
    return redis.get(SECRET_KEY).decode()
