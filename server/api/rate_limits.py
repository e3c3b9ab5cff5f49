"""Rate limits per client address and per account token, counted in the service's Redis.

Four limits, each a setting: every request counts against its address (`rate_limit`), every
request with a bearer token also against that token (`token_rate_limit`, so that one account
behind a shared address cannot starve the others and one token cannot be spread over many
addresses), account creation has its own tighter limit per address (`account_rate_limit`), and
a listing page's batch (POST /api/v1/papers/batch) counts as one request but also each of its
papers against `batch_paper_rate_limit` per address, since each may queue work.
Two kinds of request are never counted, since counting them (a Redis round trip) would cost
more than serving them: health checks, which load balancers poll, and a paper's complete
document that this web process holds in memory (api/document_cache.py), which touches
neither Redis nor a worker. Anything that reads Redis or queues work is counted.

Counters live in Redis (settings.rate_limit_redis_url, else the main one) as
`papergist:v1:limits:LIMITER/{address or token hash}/{scope}/{limit}`. If Redis is
unreachable the limiter counts in memory instead of failing the request (the request itself
then answers 503 if it needs Redis).
"""
from __future__ import annotations

import hashlib
import time

from flask import current_app, request
from flask_limiter import ApplicationLimit, Limit, Limiter
from flask_limiter.util import get_remote_address

from server.api.context import get_recent_documents, get_settings
from server.api.schemas import BATCH_MAX_PAPERS
from server.config import Settings
from server.api.document_cache import is_remembered
from server.keys import PREFIX

EXEMPT_ENDPOINTS = {"health.Liveness", "health.Readiness"}
REMEMBERED_DOCUMENT = "papers.PaperById"
ACCOUNT_CREATION = "accounts.Accounts"
PAPER_BATCH = "papers.PaperBatch"


def init_rate_limits(app, settings: Settings) -> Limiter:
    return Limiter(
        get_remote_address,
        app=app,
        storage_uri=limiter_storage_uri(settings.rate_limit_redis_url or settings.redis_url),
        # The `limits` library's own prefix is LIMITS; ours keeps every PaperGist key together.
        storage_options={"socket_connect_timeout": 1, "socket_timeout": 2, "key_prefix": f"{PREFIX}:limits"},
        application_limits=[
            ApplicationLimit(settings.rate_limit, exempt_when=_costs_nothing),
            ApplicationLimit(settings.token_rate_limit, key_function=_token_key, scope="token",
                             exempt_when=lambda: _costs_nothing() or not _bearer()),
        ],
        default_limits=[Limit(settings.account_rate_limit, methods=["POST"],
                              exempt_when=lambda: request.endpoint != ACCOUNT_CREATION),
                        Limit(settings.batch_paper_rate_limit, methods=["POST"], scope="batch-papers",
                              cost=_batch_size, exempt_when=lambda: request.endpoint != PAPER_BATCH)],
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        # Retry-After is set on the 429 alone (api/errors.py), not on every response.
        headers_enabled=False,
    )


def limiter_storage_uri(redis_url: str) -> str:
    # The `limits` library names a Unix-socket Redis (the embedded one) redis+unix://.
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url.removeprefix("unix://")
    return redis_url


def retry_after_seconds() -> int:
    """Seconds until the limit that was just exceeded lets a request through again."""
    limiter = current_app.extensions["rate_limiter"]
    breached = [limit.reset_at for limit in limiter.current_limits if limit.breached]
    # reset_at is already rounded up to the next whole second.
    return max(1, int(max(breached, default=time.time() + 60) - time.time()))


def _bearer() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _token_key() -> str:
    # Hashed so that no token is written anywhere in Redis in clear.
    return "token:" + hashlib.sha256(_bearer().encode()).hexdigest()


def _batch_size() -> int:
    """How many papers the batch sends, read before validation: a body that is not a batch
    counts one, and one too long counts as the longest allowed (both then get their 422)."""
    body = request.get_json(silent=True)
    papers = body.get("papers") if isinstance(body, dict) else None
    return min(max(1, len(papers)), BATCH_MAX_PAPERS) if isinstance(papers, list) else 1


def _costs_nothing() -> bool:
    if request.endpoint in EXEMPT_ENDPOINTS:
        return True
    return (request.endpoint == REMEMBERED_DOCUMENT and request.method == "GET"
            and is_remembered(get_recent_documents(), get_settings(), request.view_args.get("paper_id", "")))
