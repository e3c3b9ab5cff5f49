"""Signed links in a digest ("save", "not relevant", unsubscribe) and in the email that
confirms an address, which act without logging in.

A link carries what it does, to which list and paper or email address, signed with the server's secret
(settings.secret_key, else one generated in Redis: digests/store.py) by itsdangerous, Flask's
own signing library, with a timestamp: it works for LINK_MAX_AGE_SECONDS and for no other
account, list or paper. Opening one shows a page with a button (api/digests.py); only the
button's POST acts, so a mail scanner that fetches every link changes nothing.
"""
from __future__ import annotations

import weakref

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from server.digests import store
from server.errors import InvalidLinkError

ACTIONS = ("save", "not_relevant", "unsubscribe", "confirm_email")
# Long enough to act on a digest read after a holiday; an unsubscribe link must keep working
# for as long as old emails are around, so it lasts a year; a confirmation is asked for a week.
LINK_MAX_AGE_SECONDS = {"save": 60 * 24 * 3600, "not_relevant": 60 * 24 * 3600, "unsubscribe": 365 * 24 * 3600,
                        "confirm_email": 7 * 24 * 3600}
SALT = "papergist-digest-link"
# Per Redis client: the generated secret never changes, so each process reads it once.
_secrets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def server_secret(redis, settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    if redis not in _secrets:
        _secrets[redis] = store.secret(redis)
    return _secrets[redis]


def _serializer(redis, settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(server_secret(redis, settings), salt=SALT)


def sign(redis, settings, action: str, account_id: str, list_name: str, paper_id: str = "", email: str = "") -> str:
    payload = {"do": action, "a": account_id, "l": list_name, "p": paper_id, **({"e": email} if email else {})}
    return _serializer(redis, settings).dumps(payload)


def link_url(redis, settings, action: str, account_id: str, list_name: str, paper_id: str = "",
             email: str = "") -> str:
    signed = sign(redis, settings, action, account_id, list_name, paper_id, email)
    return f"{settings.base_url}/api/v1/digest-links/{signed}"


def read(redis, settings, signed: str) -> dict:
    """{"do", "account_id", "list", "paper_id", "email"} of a signed link, or InvalidLinkError."""
    serializer = _serializer(redis, settings)
    try:
        _, payload = serializer.loads_unsafe(signed)
        action = payload.get("do") if isinstance(payload, dict) else None
        payload = serializer.loads(signed, max_age=LINK_MAX_AGE_SECONDS.get(action, 0))
    except SignatureExpired:
        raise InvalidLinkError("This link has expired; open the list in PaperGist's My papers page instead.") from None
    except BadSignature:
        raise InvalidLinkError("This is not a PaperGist digest link, or it was changed on the way.") from None
    if payload.get("do") not in ACTIONS:
        raise InvalidLinkError("This is not a PaperGist digest link, or it was changed on the way.")
    return {"do": payload["do"], "account_id": payload["a"], "list": payload["l"], "paper_id": payload["p"],
            "email": payload.get("e", "")}
