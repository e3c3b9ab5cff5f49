"""Security headers on every response.

The API answers JSON (and export files) that no browser should render, frame or sniff, so its
Content-Security-Policy allows nothing. The one HTML page, the Swagger UI at /api/docs, gets a
policy of its own: its scripts and styles come from this server (api/docs.py) plus one inline
script that starts it (and inline styles the UI sets). Anything sent with or about an account's token is never cached.
"""
from __future__ import annotations

from flask import g, request

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
DOCS_POLICY = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def init_security_headers(app) -> None:
    app.after_request(add_security_headers)


def mark_private() -> None:
    """Called by views whose answer belongs to one account (or reveals its token)."""
    g.private_response = True


def add_security_headers(response):
    for name, value in COMMON.items():
        response.headers.setdefault(name, value)
    policy = DOCS_POLICY if request.endpoint == DOCS_ENDPOINT else API_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    if g.get("private_response") or "Authorization" in request.headers:
        response.headers["Cache-Control"] = "no-store"
        response.headers.add("Vary", "Authorization")
    return response
