"""Measure what `appendfsync always` costs list saves, against `everysec`, on this disk.

Starts a private Redis per policy in a temporary directory and saves papers to a list through
lists_store, as the API does; prints saves per second and latency percentiles for each.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from redis import Redis

from server.lists import store as lists_store
from server.embedded_redis import start_redis


def add_arguments(parser):
    parser.add_argument("--saves", type=int, default=500, help="saves per policy (default 500)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to put the Redis files (default: a temporary directory; "
                             "use the disk DATA_DIR is on)")


def main(args):
    print(f"{'policy':10} {'saves/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for policy in ("everysec", "always"):
        with tempfile.TemporaryDirectory(dir=args.dir) as directory:
            process, url = start_redis(Path(directory), policy)
            try:
                latencies = _time_saves(url, args.saves)
            finally:
                process.terminate()
                process.wait(10)
        ms = sorted(latency * 1000 for latency in latencies)
        print(f"{policy:10} {len(ms) / (sum(ms) / 1000):9.0f} {statistics.median(ms):8.2f} "
              f"{ms[int(len(ms) * 0.99) - 1]:8.2f}")


def _time_saves(url: str, saves: int) -> list[float]:
    redis, account = Redis.from_url(url), "bench"
    latencies = []
    for n in range(saves):
        started = time.perf_counter()
        lists_store.save_item(redis, account, "bench", f"arxiv:2401.{n:05d}", {"tags": ["t"]}, saves + 1)
        latencies.append(time.perf_counter() - started)
    return latencies
