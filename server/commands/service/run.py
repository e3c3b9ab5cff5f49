"""Everything in one command, kept running: private Redis servers (unless REDIS_URL is set; see
embedded_redis.py), workers and the web process.

A child that exits is started again after a pause (0.5 s, doubling up to 10 s; back to 0.5 s
once it has stayed up a minute), with one line saying which and how it ended. A restarted Redis
reuses its socket and append-only file, so nothing saved is lost, and the web and worker
processes reconnect on their own. `run` gives up, stopping everything, only when a child dies 5
times within a minute: it fails at start, and restarting it will not help. Ctrl-C or SIGTERM
stops the children in order (web, workers, then Redis, which flushes its append-only file); if
this process is killed outright, the kernel sends them SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from server.config import load_settings
from server.embedded_redis import start_redis
from server.processes import die_with_parent
from server.jobs.queues import LIST_QUEUE, READER_QUEUES

STOP_TIMEOUT_SECONDS = 15
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 10
STEADY_SECONDS = 60  # a child up this long is well again: its next pause is the first one
GIVE_UP_DEATHS = 5  # deaths within GIVE_UP_SECONDS: the child fails at start
GIVE_UP_SECONDS = 60
POLL_SECONDS = 0.2


@dataclass
class Child:
    """A process `run` keeps running: how to start it, where it logs, and how it has fared."""
    name: str
    start: Callable[[], subprocess.Popen]
    log: str  # where to read why it died, for the message that gives up on it
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    pause: float = FIRST_PAUSE_SECONDS
    deaths: list[float] = field(default_factory=list)

    def launch(self) -> None:
        self.process = self.start()
        self.started_at = time.monotonic()

    def died(self, how: str) -> bool:
        """Note a death and plan the restart; False when the child keeps dying at start."""
        now = time.monotonic()
        self.process = None
        if now - self.started_at >= STEADY_SECONDS:
            self.pause = FIRST_PAUSE_SECONDS
        self.deaths = [t for t in self.deaths if now - t < GIVE_UP_SECONDS] + [now]
        if len(self.deaths) >= GIVE_UP_DEATHS:
            print(f"papergist: {self.name} {how}: {len(self.deaths)} deaths within {GIVE_UP_SECONDS} s, so it "
                  f"fails at start; stopping everything. See {self.log}.", flush=True)
            return False
        print(f"papergist: {self.name} {how}; restarting it in {self.pause:g} s", flush=True)
        self.restart_at = now + self.pause
        self.pause = min(2 * self.pause, LONGEST_PAUSE_SECONDS)
        return True


def add_arguments(parser):
    parser.add_argument("--workers", type=int, default=1, help="how many RQ workers to start (default 1)")


def main(args):
    settings = load_settings()
    # A signal only asks to stop: the loop then stops the children in order, at a moment when
    # it knows every process it has started.
    stop_requests = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, frame: stop_requests.append(signum))
    env = dict(os.environ)
    children = _children(settings, args, env)
    try:
        for child in children:
            child.launch()
        if not settings.redis_url:
            print(f"papergist: embedded Redis at {env['REDIS_URL']}", flush=True)
        print(f"papergist: serving http://{settings.host}:{settings.port} (Ctrl-C stops)", flush=True)
        return _supervise(children, stop_requests)
    finally:
        # Newest first: web, then workers, then Redis last so nothing loses its store.
        for child in reversed(children):
            _stop(child)


def _children(settings, args, env: dict) -> list[Child]:
    """The children, in the order they start. A Redis child sets its URL in `env` when it
    starts, before the workers and web that read it."""
    children = []
    if not settings.redis_url:
        children.append(_redis_child("Redis", "redis", "REDIS_URL", settings, env, persistent=True))
        if not settings.rate_limit_redis_url:
            children.append(_redis_child("rate-limit Redis", "limits", "PAPERGIST_RATE_LIMIT_REDIS_URL", settings,
                                         env, persistent=False))
    for number in range(1, args.workers + 1):
        children.append(_server_child(f"worker {number}", ["worker", "--queues", ",".join(READER_QUEUES)], env))
    # List imports and exports get a worker of their own, without models (a lean process): a
    # minute-long import never holds up a reader's paper.
    children.append(_server_child("list worker", ["worker", "--queues", LIST_QUEUE], env))
    # The corpus harvest's scheduler (corpus/bootstrap.py): retries a failed bootstrap, harvests daily.
    children.append(_server_child("cron", ["cron"], env))
    children.append(_server_child("web", ["web"], env))
    return children


def _redis_child(name: str, socket_name: str, env_var: str, settings, env: dict, persistent: bool) -> Child:
    def start():
        # The same socket and DATA_DIR every time: a restarted Redis reloads its append-only file.
        process, env[env_var] = start_redis(settings.data_dir, settings.redis_appendfsync, name=socket_name,
                                            persistent=persistent, **_child_options())
        return process
    return Child(name, start, log=f"its log, {settings.data_dir.resolve() / f'{socket_name}.log'}")


def _server_child(name: str, command: list[str], env: dict) -> Child:
    def start():
        return subprocess.Popen([sys.executable, "-m", "server", *command], env=env, **_child_options())
    return Child(name, start, log="its output above")


def _child_options() -> dict:
    # Own process group: a terminal's Ctrl-C reaches only us, and we stop children in order.
    parent = os.getpid()
    return {"process_group": 0, "preexec_fn": lambda: die_with_parent(parent, signal.SIGTERM)}


def _supervise(children: list[Child], stop_requests: list) -> int:
    while not stop_requests:
        for child in children:
            if child.process is None:
                if time.monotonic() >= child.restart_at and not _relaunch(child):
                    return 1
            elif _has_exited(child.process):
                if not child.died(f"exited with {_describe(_bury(child.process))}"):
                    return 1
        time.sleep(POLL_SECONDS)
    return 0


def _relaunch(child: Child) -> bool:
    try:
        child.launch()
    except SystemExit as error:  # start_redis: the server did not come up
        return child.died(f"did not start ({error})")
    return True


def _has_exited(process: subprocess.Popen) -> bool:
    """Exited, but not yet reaped: until it is, its pid, which is also its process group's id,
    cannot go to another process, so killing that group hits nothing else."""
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _bury(process: subprocess.Popen) -> int:
    """Kill what an exited child left in its process group, then reap it; return its status.
    A gunicorn arbiter killed outright leaves its workers serving for up to a minute, holding
    the port its restart needs."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return process.wait()


def _describe(returncode: int) -> str:
    if returncode < 0:
        return f"{returncode} ({signal.Signals(-returncode).name})"
    return str(returncode)


def _stop(child: Child) -> None:
    process = child.process
    if process is None:
        return
    if not _has_exited(process):
        # os.kill, not process.terminate(): Popen would reap the child and free its pid.
        os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while not _has_exited(process) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _has_exited(process):
            os.kill(process.pid, signal.SIGKILL)
            os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    _bury(process)
    child.process = None
