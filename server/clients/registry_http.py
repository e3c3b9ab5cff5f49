"""One GET to a metadata registry (Crossref, DataCite, PubMed, OpenReview), with the answers
every such client reads the same way: 404 (or another status the client names) means the
registry has no such paper, any other failure means the registry is unavailable (and the worker
retries later).

The address is always a configured base URL plus an id that identifiers.py has validated, never
an address a client sent, and redirects are not followed: a registry answers from its own host
or not at all (the allowlist is the configuration).
"""
from __future__ import annotations

import requests

from server.errors import PaperNotFoundError, UpstreamUnavailableError

# Crossref asks API users to say who they are; the others accept it too.
USER_AGENT = "PaperGist/1 (metadata look-ups for papers readers open)"


def get(url: str, *, registry: str, what: str, timeout: float, params: dict | None = None,
        accept: str = "application/json", missing: tuple[int, ...] = (404,)) -> requests.Response:
    """The registry's 200 answer; PaperNotFoundError for a `missing` status."""
    try:
        response = requests.get(url, params=params, timeout=timeout, allow_redirects=False,
                                headers={"Accept": accept, "User-Agent": USER_AGENT})
    except requests.RequestException as error:
        raise UpstreamUnavailableError(f"{registry} did not answer: {error.__class__.__name__}") from error
    if response.status_code in missing:
        raise PaperNotFoundError(f"{registry} has no record of {what}")
    if response.status_code != 200:
        raise UpstreamUnavailableError(f"{registry} answered HTTP {response.status_code}")
    return response


def json_of(response: requests.Response, registry: str) -> dict:
    try:
        body = response.json()
    except ValueError as error:
        raise UpstreamUnavailableError(f"{registry} sent a response that is not JSON") from error
    if not isinstance(body, dict):
        raise UpstreamUnavailableError(f"{registry} sent JSON of an unexpected shape")
    return body
