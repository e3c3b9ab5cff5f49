"""Accounts in Redis: the only module that knows their key names.

    papergist:v1:token:{sha256 of token}      string: account_id
    papergist:v1:acct:{account_id}:profile    hash: token_hash, created_at

Every key an account owns starts with its namespace, `papergist:v1:acct:{account_id}:`, so
that deleting an account is one prefix scan; its lists live there too (lists/store.py).
"""
from __future__ import annotations

import time

from server.keys import PREFIX


def token_key(token_hash: str) -> str:
    return f"{PREFIX}:token:{token_hash}"


def namespace(account_id: str) -> str:
    return f"{PREFIX}:acct:{account_id}:"


def profile_key(account_id: str) -> str:
    return namespace(account_id) + "profile"


def add_account(redis, account_id: str, token_hash: str) -> None:
    with redis.pipeline() as pipe:
        pipe.set(token_key(token_hash), account_id)
        pipe.hset(profile_key(account_id), mapping={"token_hash": token_hash, "created_at": _now()})
        pipe.execute()


def account_for(redis, token_hash: str) -> str | None:
    account_id = redis.get(token_key(token_hash))
    return account_id.decode() if account_id else None


def exists(redis, account_id: str) -> bool:
    return bool(redis.exists(profile_key(account_id)))


def get_profile(redis, account_id: str) -> dict:
    profile = redis.hgetall(profile_key(account_id))
    return {"account_id": account_id, "created_at": float(profile.get(b"created_at", 0))}


def replace_token(redis, account_id: str, new_hash: str) -> None:
    """The new token hash in place of the old one, in one transaction."""

    def swap(pipe):
        old_hash = pipe.hget(profile_key(account_id), "token_hash")
        pipe.multi()
        if old_hash:
            pipe.delete(token_key(old_hash.decode()))
        pipe.set(token_key(new_hash), account_id)
        pipe.hset(profile_key(account_id), "token_hash", new_hash)

    redis.transaction(swap, profile_key(account_id))


def delete_account(redis, account_id: str) -> int:
    """Delete the account's token and every key in its namespace; returns how many keys went."""
    token_hash = redis.hget(profile_key(account_id), "token_hash")
    if token_hash:
        redis.delete(token_key(token_hash.decode()))  # first: the token stops working at once
    deleted = 0
    batch = []
    for key in redis.scan_iter(match=_glob_escape(namespace(account_id)) + "*", count=500):
        batch.append(key)
        if len(batch) == 500:
            deleted += redis.unlink(*batch)
            batch = []
    if batch:
        deleted += redis.unlink(*batch)
    return deleted


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def _now() -> float:
    return round(time.time(), 3)
