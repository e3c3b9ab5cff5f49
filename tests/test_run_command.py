"""The README's run command: embedded Redis, web and worker, and nothing left behind on exit."""
import signal

import psutil
import pytest
import requests
from redis import Redis

from tests.support.polling import service_ready, settled_over_http
from tests.support.servers import (free_port, is_redis_process, server_env, start_server_process, stop_process,
                                   wait_until)

PAPER = {
    "url": "https://arxiv.org/abs/1706.03762",
    "title": "Attention Is All You Need",
    "abstract": "We propose a new simple network architecture, the Transformer, based solely on attention "
                "mechanisms. Experiments on two machine translation tasks show these models to be superior.",
}


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_run_serves_papers_and_stops_every_child(tmp_path, stop_signal):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(PORT=port, DATA_DIR=tmp_path / "var", PAPERGIST_WEB_TIMEOUT_SECONDS=77)
    run = start_server_process(["run"], env, tmp_path / "run.log")
    try:
        wait_until(lambda: service_ready(base), timeout=180, message=f"the service (log: {tmp_path / 'run.log'})")
        children = psutil.Process(run.pid).children(recursive=True)
        assert any(is_redis_process(c.cmdline()) for c in children)
        # A full list's import takes longer than gunicorn's own 30 s; the setting reaches it.
        assert any("gunicorn" in " ".join(c.cmdline()) and "--timeout 77" in " ".join(c.cmdline())
                   for c in children)

        assert requests.post(f"{base}/api/v1/papers", json=PAPER, timeout=5).status_code == 202
        document = settled_over_http(base, "arxiv:1706.03762")
        assert document["summary"]["status"] == document["related"]["status"] == "done"
        assert document["summary"]["tldr"]
        assert (tmp_path / "var" / "appendonlydir").is_dir()
        # Rate-limit counters live in a Redis of their own that writes nothing to disk.
        main, limits = (Redis(unix_socket_path=str(tmp_path / "var" / name)) for name in ("redis.sock", "limits.sock"))
        assert list(limits.scan_iter("papergist:v1:limits*")) and not list(main.scan_iter("papergist:v1:limits*"))
        assert limits.config_get("appendonly")["appendonly"] == "no"
        assert main.config_get("appendonly")["appendonly"] == "yes"
    finally:
        stop_process(run, stop_signal)
    assert run.returncode == 0
    alive = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert alive == []


def test_run_refuses_a_data_dir_already_in_use(tmp_path):
    env = server_env(PORT=free_port(), DATA_DIR=tmp_path / "var")
    first = start_server_process(["run"], env, tmp_path / "first.log")
    try:
        wait_until(lambda: (tmp_path / "var" / "redis.sock").exists(), timeout=30, message="first Redis")
        second = start_server_process(["run"], {**env, "PORT": str(free_port())}, tmp_path / "second.log")
        assert second.wait(30) != 0
        assert "already serving" in (tmp_path / "second.log").read_text()
    finally:
        stop_process(first)
