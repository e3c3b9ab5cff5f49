"""Everything in one command: private Redis servers (unless REDIS_URL is set; see
embedded_redis.py), the web process and a worker. Ctrl-C or SIGTERM stops them in order (web,
worker, then Redis, which flushes its append-only file); if this process is killed outright,
the kernel stops the children too."""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time

from server.config import load_settings
from server.embedded_redis import start_redis

STOP_TIMEOUT_SECONDS = 15
_PR_SET_PDEATHSIG = 1


def add_arguments(parser):
    parser.add_argument("--workers", type=int, default=1, help="how many RQ workers to start (default 1)")


def main(args):
    settings = load_settings()
    signal.signal(signal.SIGTERM, _raise_interrupt)
    env = dict(os.environ)
    children: list[subprocess.Popen] = []
    try:
        if not settings.redis_url:
            redis_process, env["REDIS_URL"] = start_redis(settings.data_dir, settings.redis_appendfsync,
                                                              **_child_options())
            children.append(redis_process)
            print(f"papergist: embedded Redis at {env['REDIS_URL']}", flush=True)
            if not settings.rate_limit_redis_url:
                limits_process, env["PAPERGIST_RATE_LIMIT_REDIS_URL"] = start_redis(
                    settings.data_dir, name="limits", persistent=False, **_child_options())
                children.append(limits_process)
        for index in range(args.workers):
            children.append(_spawn(["worker"], env))
        children.append(_spawn(["web"], env))
        print(f"papergist: serving http://{settings.host}:{settings.port} (Ctrl-C stops)", flush=True)
        return _wait_for_exit(children)
    except KeyboardInterrupt:
        return 0
    finally:
        # Stop the newest first: web, then workers, then Redis last so nothing loses its store.
        for child in reversed(children):
            _stop(child)


def _spawn(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "server", *command], env=env, **_child_options())


def _child_options() -> dict:
    # Own process group: a terminal's Ctrl-C reaches only us, and we stop children in order.
    return {"process_group": 0, "preexec_fn": _die_with_parent}


def _die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_for_exit(children: list[subprocess.Popen]) -> int:
    while True:
        for child in children:
            if child.poll() is not None:
                print(f"papergist: {' '.join(child.args[-1:])} exited with {child.returncode}; stopping", flush=True)
                return 1
        time.sleep(0.5)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt
