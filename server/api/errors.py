"""Every error leaves the API in one shape: {"error": {"code", "message", "details"}}."""
from __future__ import annotations

import logging

from flask import request
from flask_limiter import RateLimitExceeded
from flask_smorest import Api
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from werkzeug.exceptions import HTTPException

from server.api.rate_limits import retry_after_seconds
from server.api.schemas import ErrorSchema
from server.errors import (AuthenticationError, FileTooLargeError, InvalidLinkError, InvalidListNameError,
                           InvalidPaperIdError, ListFullError, ListNotFoundError, NotSubscribedError, PaperGistError,
                           PaperNotFoundError, TransferInProgressError, TransferNotFoundError, UploadsBusyError,
                           UpstreamUnavailableError)

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    409: "conflict",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}
DOMAIN_STATUS = {
    InvalidPaperIdError: 422, PaperNotFoundError: 404, UpstreamUnavailableError: 503,
    AuthenticationError: 401, InvalidListNameError: 422, ListNotFoundError: 404, ListFullError: 409,
    TransferInProgressError: 409, TransferNotFoundError: 404, FileTooLargeError: 413, UploadsBusyError: 503,
    InvalidLinkError: 404, NotSubscribedError: 404,
}
REDIS_DOWN = "The paper store (Redis) cannot be reached right now; please try again in a few seconds."


def error_response(status: int, message: str, details: dict | None = None, code: str | None = None, headers=None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message, "details": details or {}}}
    return body, status, headers or {}


def domain_error(error: PaperGistError) -> tuple[int, dict]:
    """The status and the `error` object a domain error is answered with: a whole response's,
    or one entry's in a batch (api/papers.py)."""
    status = next((s for cls, s in DOMAIN_STATUS.items() if isinstance(error, cls)), 400)
    details = error.details
    if isinstance(error, InvalidPaperIdError) and not details:
        details = {"paper_id": [error.message]}  # a path's id: services parse it, the route names it
    return status, {"code": CODES.get(status, "error"), "message": error.message, "details": details or {}}


class PaperGistApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        details = data.get("errors") or data.get("messages") or {}
        if error.code == 500:
            log.error("unhandled error", exc_info=getattr(error, "original_exception", error))
            return error_response(500, "Something went wrong on our side; it has been logged.")
        if isinstance(error, RateLimitExceeded):
            wait = retry_after_seconds()
            return error_response(429, f"Too many requests ({error.description}); try again in {wait} s.",
                                  headers={"Retry-After": str(wait)})
        message = data.get("message") or _describe(error, details)
        headers = dict(data.get("headers") or {})
        if getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)  # RFC 9110 requires it with a 405
        return error_response(error.code, message, _flatten_locations(details), headers=headers)

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(PaperGistError, self.handle_domain_error)
        self._app.register_error_handler(RedisConnectionError, self.handle_redis_down)
        self._app.register_error_handler(RedisTimeoutError, self.handle_redis_down)

    def handle_domain_error(self, error: PaperGistError):
        status, entry = domain_error(error)
        headers = {"WWW-Authenticate": 'Bearer realm="papergist"'} if status == 401 else {}
        if getattr(error, "retry_after_seconds", None):
            headers["Retry-After"] = str(error.retry_after_seconds)
        return {"error": entry}, status, headers

    def handle_redis_down(self, error):
        log.warning("Redis unreachable: %s", error)
        return error_response(503, REDIS_DOWN, code="redis_unavailable", headers={"Retry-After": "5"})


def _flatten_locations(details: dict) -> dict:
    """webargs nests field errors under where they came from ({"json": {...}}); clients
    only need the fields."""
    if set(details) <= {"json", "query", "path", "headers", "form"} and details:
        merged = {}
        for fields in details.values():
            merged.update(fields if isinstance(fields, dict) else {"body": fields})
        return merged
    return details


# What to call the part of the request where webargs found a bad field.
INVALID_PART = {"json": "The request body is invalid.", "form": "The request body is invalid.",
                "query": "The query string is invalid.", "path": "The address is invalid.",
                "headers": "A request header is invalid."}


def _describe(error: HTTPException, details: dict) -> str:
    fields = _flatten_locations(details)
    if error.code == 422 and fields:
        parts = [f"{name}: {' '.join(_messages(msgs))}" for name, msgs in fields.items()]
        lead = " ".join(dict.fromkeys(INVALID_PART[where] for where in details if where in INVALID_PART))
        return f"{lead or INVALID_PART['json']} " + "; ".join(parts)
    if error.code == 400 and fields:
        return " ".join(" ".join(_messages(msgs)) for msgs in fields.values())
    if error.code == 413:
        # The route's own limit: an import has a larger one than MAX_CONTENT_LENGTH.
        limit = request.max_content_length
        return f"The request body is larger than the {_size(limit)} ({limit} bytes) this route accepts."
    return error.description or error.name


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size // 1024} KiB"


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {' '.join(_messages(v))}" for key, v in value.items()]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]
