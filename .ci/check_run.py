"""The README's run command, end to end, as a new user meets it: `python -m server run` on a
machine with no redis-server and no REDIS_URL, the README's example paper posted by its address
alone, both parts done, Ctrl-C, and no process left behind.

Standard library only: it runs before the dev requirements are installed. arXiv is played by a
local server replaying the API's real answer for that paper (tests/fixtures/arxiv), since CI
reaches no network but the package registries; OAI-PMH, which the corpus bootstrap asks, is
replayed from the same folder when a page is there and otherwise answers 503, as a busy arXiv does.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "arxiv"
PAPER_URL = "https://arxiv.org/pdf/1706.03762v7"  # the README's example
PAPER_ID = "arxiv:1706.03762"
READY_SECONDS, DONE_SECONDS, STOP_SECONDS = 300, 120, 60


class Arxiv(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/api/query") and "1706.03762" in self.path:
            self._answer(200, (FIXTURES / "1706.03762.xml").read_bytes())
        elif self.path.startswith("/oai") and (FIXTURES / "oai-listrecords.xml").exists():
            self._answer(200, (FIXTURES / "oai-listrecords.xml").read_bytes())
        else:
            self._answer(503, b"busy")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main() -> int:
    if any(Path(folder, "redis-server").exists() for folder in os.environ.get("PATH", "").split(os.pathsep)):
        return fail("redis-server is on PATH: this check is for a machine without one")
    arxiv = ThreadingHTTPServer(("127.0.0.1", 0), Arxiv)
    threading.Thread(target=arxiv.serve_forever, daemon=True).start()
    upstream = f"http://127.0.0.1:{arxiv.server_address[1]}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERGIST_") and k != "REDIS_URL"}
        env.update(PORT=str(port), DATA_DIR=data_dir, PAPERGIST_ARXIV_API_URL=f"{upstream}/api/query",
                   PAPERGIST_ARXIV_OAI_URL=f"{upstream}/oai", PAPERGIST_HARVEST_DELAY_SECONDS="0")
        log_path = Path(data_dir) / "run.log"
        with log_path.open("wb") as log:
            run = subprocess.Popen([sys.executable, "-m", "server", "run"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            started = time.monotonic()
            wait_for(lambda: get(f"{base}/readyz")[0] == 200, READY_SECONDS, "the service to be ready", log_path)
            print(f"check_run: ready in {time.monotonic() - started:.0f} s (redis-server on PATH: none)")
            status, _ = post(f"{base}/api/v1/papers", {"url": PAPER_URL})
            if status not in (200, 202):
                return fail(f"POST /api/v1/papers answered {status}", log_path)
            posted = time.monotonic()
            document = wait_for(lambda: settled(base), DONE_SECONDS, "both parts done", log_path)
            for part in ("summary", "related"):
                if document[part]["status"] != "done":
                    return fail(f"the {part} part ended {document[part]['status']}: {document[part]}", log_path)
            print(f"check_run: {PAPER_ID} done in {time.monotonic() - posted:.1f} s; "
                  f"TL;DR: {document['summary']['tldr']}")
            family = descendants(run.pid)
            print(f"check_run: {len(family)} processes under run; sending Ctrl-C (SIGINT)")
            os.killpg(run.pid, signal.SIGINT)
            run.wait(STOP_SECONDS)
            time.sleep(1)
            left = [pid for pid in family if alive(pid)]
            if left:
                return fail(f"processes left behind after run exited: {describe(left)}", log_path)
            print(f"check_run: run exited with {run.returncode}; no process left behind")
            return 0 if run.returncode == 0 else fail(f"run exited with {run.returncode}", log_path)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
            arxiv.shutdown()


def settled(base: str) -> dict | None:
    status, document = get(f"{base}/api/v1/papers/{PAPER_ID}")
    if status == 200 and all(document[part]["status"] in ("done", "failed") for part in ("summary", "related")):
        return document
    return None


def get(url: str) -> tuple[int, dict | None]:
    return request(urllib.request.Request(url))


def post(url: str, body: dict) -> tuple[int, dict | None]:
    return request(urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"}))


def request(req) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, None


def wait_for(condition, seconds: float, what: str, log_path: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit(fail(f"timed out after {seconds} s waiting for {what}", log_path))


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc (no psutil before the dev set is installed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit():
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def describe(pids: list[int]) -> str:
    lines = []
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        lines.append(f"{pid} {command[:80]}")
    return "; ".join(lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message: str, log_path: Path | None = None) -> int:
    print(f"check_run: FAILED: {message}", file=sys.stderr)
    if log_path and log_path.exists():
        print("--- the end of run's log ---", file=sys.stderr)
        print("\n".join(log_path.read_text(errors="replace").splitlines()[-60:]), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
