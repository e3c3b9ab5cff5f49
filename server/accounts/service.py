"""Making, checking and replacing an account's token."""
from __future__ import annotations

import hashlib
import secrets

from server.accounts import store
from server.errors import AuthenticationError

# 32 random bytes = 256 bits, shown to the client once, as 43 URL-safe characters.
TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    # A token carries 256 random bits, so nobody can guess it from its hash: a fast hash is
    # enough, and a slow password hash (bcrypt, argon2) would only cost every request time.
    # Being deterministic, it also lets the hash itself be the lookup key.
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(redis) -> str:
    """A new account; returns its token, which is never stored and cannot be shown again."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    store.add_account(redis, secrets.token_hex(16), hash_token(token))
    return token


def authenticate(redis, authorization: str | None) -> str:
    """The account id an `Authorization: Bearer <token>` header names, or AuthenticationError."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("Send the account's token as `Authorization: Bearer <token>`; "
                                  "POST /api/v1/accounts creates one.")
    account_id = store.account_for(redis, hash_token(token.strip()))
    if account_id is None:
        raise AuthenticationError("This token is not valid: it was rotated, its account deleted, "
                                  "or it was never issued.")
    return account_id


def rotate_token(redis, account_id: str) -> str:
    """A new token for the account; the old one stops working in the same transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    store.replace_token(redis, account_id, hash_token(token))
    return token


get_profile = store.get_profile
delete_account = store.delete_account
