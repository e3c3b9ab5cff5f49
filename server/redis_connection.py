"""One way to open a Redis connection, shared by the web app, the workers and the CLI."""
from __future__ import annotations

from redis import Redis

# Short timeouts: with Redis gone, a request should fail fast with a 503, not hang.
CONNECT_TIMEOUT_SECONDS = 1.0
SOCKET_TIMEOUT_SECONDS = 5.0


def connect(redis_url: str) -> Redis:
    if not redis_url:
        raise SystemExit(
            "REDIS_URL is not set. `python -m server run` starts a private Redis; "
            "`web` and `worker` need REDIS_URL (e.g. redis://localhost:6379/0)."
        )
    return Redis.from_url(
        redis_url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=SOCKET_TIMEOUT_SECONDS,
        health_check_interval=30,
    )
