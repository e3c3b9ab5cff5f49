"""Offline commands: the engines over files, their evaluations, training and benchmarks."""
from __future__ import annotations

import json
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
