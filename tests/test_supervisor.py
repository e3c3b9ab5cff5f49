"""`python -m server run` keeps the service up: a child that dies is started again while the rest
keeps serving, a child that keeps dying at start stops everything with a message saying which,
and nothing `run` started outlives it, even when it is killed outright."""
from __future__ import annotations

import signal
import socket
import subprocess
import threading
from pathlib import Path

import psutil
import requests
from redis import Redis
from rq import Worker

from tests.support.polling import service_ready, settled_over_http
from tests.support.processes import is_gone, work_horse
from tests.support.servers import (free_port, is_redis_process, server_env, start_server_process, stop_process,
                                   wait_until)

FIXTURE = Path(__file__).parent / "fixtures" / "arxiv" / "1706.03762.xml"
ABSTRACT = ("We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. "
            "Experiments on two machine translation tasks show these models to be superior.")


class HealthWatch:
    """Asks /healthz ten times a second in a thread and keeps every answer that was not a 200."""

    def __init__(self, base: str):
        self.base = base
        self.failures: list[str] = []
        self.answered = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "HealthWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._done.wait(0.1):
            try:
                status = requests.get(f"{self.base}/healthz", timeout=5).status_code
            except requests.RequestException as error:
                self.failures.append(repr(error))
                continue
            self.answered += 1
            if status != 200:
                self.failures.append(f"HTTP {status}")


def child(run: subprocess.Popen, marker: str, not_pid: int | None = None) -> psutil.Process | None:
    """The child of `run` whose command line contains `marker` (and is not `not_pid`)."""
    for process in psutil.Process(run.pid).children():
        if marker in " ".join(command_line(process)) and process.pid != not_pid:
            return process
    return None


def command_line(process: psutil.Process) -> list[str]:
    """Its command line; none for a process that has exited (a zombie not yet reaped included)."""
    try:
        return process.cmdline()
    except psutil.NoSuchProcess:
        return []


def logged(log: Path, line: str) -> bool:
    return line in log.read_text()


def post(base: str, paper: dict) -> str:
    response = requests.post(f"{base}/api/v1/papers", json=paper, timeout=10)
    assert response.status_code in (200, 202), response.text
    return response.json()["paper_id"]


def test_run_restarts_what_dies_while_the_service_keeps_answering(tmp_path, arxiv_api, arxiv_oai):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "run.log"
    data_dir = tmp_path / "var"
    env = server_env(PORT=port, DATA_DIR=data_dir, PAPERGIST_JOB_RETRY_SECONDS=1,
                     PAPERGIST_ARXIV_API_URL=arxiv_api.url + "/api/query", PAPERGIST_ARXIV_OAI_URL=arxiv_oai.url + "/oai",
                     PAPERGIST_UPSTREAM_TIMEOUT_SECONDS=30)
    run = start_server_process(["run"], env, log)
    redis = Redis(unix_socket_path=str(data_dir / "redis.sock"))
    descendants = []
    try:
        wait_until(lambda: service_ready(base), timeout=180, message=f"the service (log: {log})")
        first_id = post(base, {"url": "https://arxiv.org/abs/2407.00001", "title": "A first paper", "abstract": ABSTRACT})
        first = settled_over_http(base, first_id)
        assert first["summary"]["status"] == first["related"]["status"] == "done"

        with HealthWatch(base) as health:
            # The worker, killed outright: started again, and its successor runs the jobs.
            worker = child(run, "server worker --queues summaries")  # the reader's, not the list worker
            worker.kill()
            wait_until(lambda: logged(log, "papergist: worker 1 exited with -9 (SIGKILL); restarting it in 0.5 s"),
                       timeout=10, message=f"the restart line (log: {log})")
            successor = wait_until(lambda: child(run, "server worker --queues summaries", not_pid=worker.pid), timeout=10,
                                   message="the new worker")
            wait_until(lambda: successor.pid in {w.pid for w in Worker.all(connection=redis)}, timeout=180,
                       message=f"the new worker to register (log: {log})")

            # Its work horse, killed mid-job (arXiv hangs for the first asker): the job's retry,
            # due a second later, runs on the new worker's scheduler.
            arxiv_api.route("/api/query", (200, FIXTURE.read_bytes(), 25), (200, FIXTURE.read_bytes()),
                            when={"id_list": "2407.00002"})
            post(base, {"url": "https://arxiv.org/abs/2407.00002"})
            wait_until(lambda: any(query.get("id_list") == "2407.00002" for path, query in arxiv_api.requests),
                       timeout=30, message="the job to ask arXiv")
            work_horse(successor).kill()
            document = settled_over_http(base, "arxiv:2407.00002", timeout=20)
            assert document["summary"]["status"] == document["related"]["status"] == "done"
            assert successor.is_running()  # the worker itself lived on

            # The main Redis, killed outright: started again on the same socket and append-only
            # file, and the web and worker processes reconnect by themselves.
            child(run, "redis.sock").kill()
            wait_until(lambda: logged(log, "papergist: Redis exited with -9 (SIGKILL); restarting it in 0.5 s"),
                       timeout=10, message=f"the restart line (log: {log})")
            wait_until(lambda: requests.get(f"{base}/api/v1/papers/{first_id}", timeout=5).status_code == 200,
                       timeout=30, message="the API to reach Redis again")
            second_id = post(base, {"url": "https://arxiv.org/abs/2407.00003", "title": "A second paper",
                                    "abstract": ABSTRACT})
            second = settled_over_http(base, second_id)
            assert second["summary"]["status"] == second["related"]["status"] == "done"
            assert requests.get(f"{base}/api/v1/papers/{first_id}", timeout=5).json() == first  # nothing lost
        assert health.failures == [] and health.answered > 0

        # The rate-limit Redis and the gunicorn arbiter come back too; a killed arbiter's own
        # workers are cleared away, or the new one could not bind the port.
        child(run, "limits.sock").kill()
        gunicorn = child(run, "gunicorn")
        gunicorn.kill()
        for name in ("rate-limit Redis", "web"):
            wait_until(lambda: logged(log, f"papergist: {name} exited with -9 (SIGKILL); restarting it in 0.5 s"),
                       timeout=10, message=f"{name}'s restart line (log: {log})")
        wait_until(lambda: child(run, "gunicorn", not_pid=gunicorn.pid) and service_ready(base), timeout=60,
                   message=f"web to serve again (log: {log})")
        assert post(base, {"url": "https://arxiv.org/abs/2407.00004", "title": "A third paper", "abstract": ABSTRACT})

        # `run` itself killed outright: every process it started goes too (the kernel sends its
        # children SIGTERM, and gunicorn stops its workers).
        descendants = psutil.Process(run.pid).children(recursive=True)
        assert sum(is_redis_process(command_line(p)) for p in descendants) == 2
        commands = [" ".join(command_line(p)) for p in descendants]
        assert sum("gunicorn" in c for c in commands) == 5  # the arbiter and its 4 workers
        assert any("server worker" in c for c in commands)
        run.send_signal(signal.SIGKILL)
        run.wait()
        wait_until(lambda: all(is_gone(p) for p in descendants), timeout=60,
                   message=f"every process `run` started to stop: {[p for p in descendants if not is_gone(p)]}")
    finally:
        stop_process(run)
        kill(descendants)


def kill(processes: list[psutil.Process]) -> None:
    """What a failed test left running."""
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass


def test_run_gives_up_on_a_child_that_keeps_dying_at_start(tmp_path):
    log = tmp_path / "run.log"
    started = {}  # every process `run` started, and its command line

    def gave_up():
        try:
            for process in psutil.Process(run.pid).children(recursive=True):
                started.setdefault(process, command_line(process))
        except psutil.Error:
            pass  # `run` or a child just exited
        return run.poll() is not None

    with socket.socket() as taken:  # the web port, already taken: gunicorn cannot start
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = start_server_process(["run"], server_env(PORT=taken.getsockname()[1], DATA_DIR=tmp_path / "var"), log)
        try:
            # gunicorn tries to bind for 5 s before it exits: the 5 deaths take most of a minute.
            wait_until(gave_up, timeout=180, interval=0.2, message=f"`run` to give up (log: {log})")
        finally:
            stop_process(run)
    assert run.returncode == 1
    text = log.read_text()
    for pause in ("0.5", "1", "2", "4"):
        assert f"papergist: web exited with 1; restarting it in {pause} s" in text
    assert ("papergist: web exited with 1: 5 deaths within 60 s, so it fails at start; stopping everything. "
            "See its output above.") in text
    assert sum(is_redis_process(command) for command in started.values()) == 2
    assert any("server worker" in " ".join(command) for command in started.values())
    assert [command for process, command in started.items() if not is_gone(process)] == []
