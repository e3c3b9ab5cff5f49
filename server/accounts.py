"""Accounts: a random bearer token is the whole identity; only its hash is ever stored.

Key layout (beside store.py's; every key an account owns starts with its namespace, so that
deleting an account is one prefix scan):

    papergist:v1:token:{sha256 of token}      string: account_id
    papergist:v1:acct:{account_id}:profile    hash: token_hash, created_at

Personal lists live under the same `papergist:v1:acct:{account_id}:` namespace (lists_store.py).
"""
from __future__ import annotations

import hashlib
import secrets
import time

from server.errors import AuthenticationError
from server.store import PREFIX

# 32 random bytes = 256 bits, shown to the client once, as 43 URL-safe characters.
TOKEN_BYTES = 32


def token_key(token_hash: str) -> str:
    return f"{PREFIX}:token:{token_hash}"


def namespace(account_id: str) -> str:
    return f"{PREFIX}:acct:{account_id}:"


def profile_key(account_id: str) -> str:
    return namespace(account_id) + "profile"


def hash_token(token: str) -> str:
    # A token carries 256 random bits, so nobody can guess it from its hash: a fast hash is
    # enough, and a slow password hash (bcrypt, argon2) would only cost every request time.
    # Being deterministic, it also lets the hash itself be the lookup key.
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(redis) -> str:
    """A new account; returns its token, which is never stored and cannot be shown again."""
    account_id = secrets.token_hex(16)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    token_hash = hash_token(token)
    with redis.pipeline() as pipe:
        pipe.set(token_key(token_hash), account_id)
        pipe.hset(profile_key(account_id), mapping={"token_hash": token_hash, "created_at": _now()})
        pipe.execute()
    return token


def authenticate(redis, authorization: str | None) -> str:
    """The account id an `Authorization: Bearer <token>` header names, or AuthenticationError."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("Send the account's token as `Authorization: Bearer <token>`; "
                                  "POST /api/v1/accounts creates one.")
    account_id = redis.get(token_key(hash_token(token.strip())))
    if account_id is None:
        raise AuthenticationError("This token is not valid: it was rotated, its account deleted, "
                                  "or it was never issued.")
    return account_id.decode()


def get_profile(redis, account_id: str) -> dict:
    profile = redis.hgetall(profile_key(account_id))
    return {"account_id": account_id, "created_at": float(profile.get(b"created_at", 0))}


def rotate_token(redis, account_id: str) -> str:
    """A new token for the account; the old one stops working in the same transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    new_hash = hash_token(token)

    def swap(pipe):
        old_hash = pipe.hget(profile_key(account_id), "token_hash")
        pipe.multi()
        if old_hash:
            pipe.delete(token_key(old_hash.decode()))
        pipe.set(token_key(new_hash), account_id)
        pipe.hset(profile_key(account_id), "token_hash", new_hash)

    redis.transaction(swap, profile_key(account_id))
    return token


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
