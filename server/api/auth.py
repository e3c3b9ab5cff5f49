"""Who is asking: the account behind the request's bearer token, and how routes document it."""
from __future__ import annotations

from http import HTTPStatus

from flask import request

from server import accounts
from server.api.context import get_redis
from server.api.security_headers import mark_private

SECURITY_SCHEME = {"type": "http", "scheme": "bearer", "description": "the token from POST /api/v1/accounts"}
BEARER = [{"bearer": []}]
# Any request may meet these: a rate limit, or Redis away.
ALWAYS = (429, 503)


def current_account() -> str:
    """The account id of the request's token; 401 (AuthenticationError) without a valid one."""
    mark_private()
    return accounts.authenticate(get_redis(), request.headers.get("Authorization"))


def documented(blp, *statuses: int, authenticated: bool = True):
    """Document a view's error answers (in the one error shape) and its bearer-token security."""
    def decorate(view):
        every = sorted({*statuses, *ALWAYS, *((401,) if authenticated else ())})
        for status in every:
            view = blp.alt_response(status, response=HTTPStatus(status).name)(view)
        if authenticated:
            view = blp.doc(security=BEARER)(view)
        return view
    return decorate
