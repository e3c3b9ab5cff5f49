"""Who is asking: the account behind the request's bearer token, and how routes document it."""
from __future__ import annotations

from http import HTTPStatus

from flask import g, request

from server.accounts import service as accounts
from server.api.context import get_redis
from server.api.security_headers import mark_private

SECURITY_SCHEME = {"type": "http", "scheme": "bearer", "description": "the token from POST /api/v1/accounts"}
BEARER = [{"bearer": []}]
# Any request may meet these: a rate limit, or Redis away.
ALWAYS = (429, 503)


def require_token(blp, public_endpoints: tuple[str, ...] = ()) -> None:
    """Authenticate every request to the blueprint before anything else runs, so that a
    request without a valid token gets 401 even when its body or path is also wrong."""

    @blp.before_request
    def authenticate():
        if request.endpoint in public_endpoints or request.method == "OPTIONS":
            return
        mark_private()
        g.account_id = accounts.authenticate(get_redis(), request.headers.get("Authorization"))


def current_account() -> str:
    """The account id of the request's token (set by require_token)."""
    return g.account_id


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
