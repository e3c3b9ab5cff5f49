"""One way to open a Redis connection, shared by the web app, the workers and the CLI."""
from __future__ import annotations

from redis import Redis

from server.embedded_redis import answers, socket_url

# Short timeouts: with Redis gone, a request should fail fast with a 503, not hang.
CONNECT_TIMEOUT_SECONDS = 1.0
SOCKET_TIMEOUT_SECONDS = 5.0


def connect(settings) -> Redis:
    """The Redis of settings.redis_url or, without one, the embedded Redis that a `python -m
    server run` on the same DATA_DIR serves, so `ingest` or `harvest` next to it need no setting."""
    url = settings.redis_url or _embedded_url(settings.data_dir)
    return Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=SOCKET_TIMEOUT_SECONDS,
        health_check_interval=30,
    )


def _embedded_url(data_dir) -> str:
    url = socket_url(data_dir)
    if not answers(url):
        raise SystemExit(
            f"No Redis to use: REDIS_URL is not set and no `python -m server run` is serving "
            f"DATA_DIR={data_dir} ({url}). Start `python -m server run` (in this folder, or with the "
            "same DATA_DIR), or set REDIS_URL (e.g. redis://localhost:6379/0)."
        )
    return url
