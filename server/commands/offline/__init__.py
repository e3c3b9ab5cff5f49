"""Offline commands: the engines over files, their evaluations, training and benchmarks."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path


def not_a_file(path: Path) -> bool:
    """Say so on stderr when `path` is not a file (the command then exits 2)."""
    if path.is_file():
        return False
    print(f"error: {path} is not a file", file=sys.stderr)
    return True


def print_goals(goals: list[tuple[str, float, str, float]]) -> None:
    """One line per goal of issue 15, "met" or "NOT met": (name, measured, ">=" or "<=", goal)."""
    for name, value, sense, goal in goals:
        met = value >= goal if sense == ">=" else value <= goal
        print(f"goal {name} {sense} {goal:g}: {value:.2f} {'met' if met else 'NOT met'}")


def write_model(path: Path, spec: dict) -> float:
    """Write a learned model as compact JSON; returns its size in MB (models stay well under 5)."""
    path.write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
    return path.stat().st_size / 1e6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_stack(data_dir, settings: dict[str, str], workers: int | None = None,
                output=subprocess.DEVNULL) -> tuple[subprocess.Popen, str, dict]:
    """A benchmark's own `python -m server run` on a free port, its embedded Redis in `data_dir`
    (never the caller's REDIS_URL), with `settings` (PAPERGIST_* variables) on top of the caller's
    environment; returns the process, its base URL and that environment."""
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(data_dir), "PORT": str(port), **settings}
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "server", "run", *(["--workers", str(workers)] if workers else [])]
    stack = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    return stack, f"http://127.0.0.1:{port}", env


def stop_stack(stack: subprocess.Popen, seconds: float = 60) -> None:
    """Stop a benchmark's `python -m server run` as Ctrl-C would; one still finishing a job
    after `seconds` is killed (its children die with it), so no benchmark loses its figures to
    a slow shutdown."""
    stack.terminate()
    try:
        stack.wait(seconds)
    except subprocess.TimeoutExpired:
        stack.kill()
        stack.wait()
