"""A worker killed with SIGKILL takes its children with it: the work horse and RQ's scheduler.

RQ puts each horse in a process group of its own, so without server.commands.worker's
die_with_parent the horse of a worker killed by the OOM killer or a deploy ran on as an orphan,
holding its models and writing a result for a job RQ had counted as abandoned; the scheduler ran
on too, keeping the scheduler lock from the restarted worker."""
import os
import signal
import time

import psutil
from rq import Queue, Worker

from server.jobs.queues import QUEUE_NAMES
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until


def work_horse(worker: psutil.Process) -> psutil.Process | None:
    """The worker's child that leads its own process group: RQ's fork_work_horse calls setpgrp()."""
    for child in worker.children():
        try:
            if os.getpgid(child.pid) == child.pid:
                return child
        except ProcessLookupError:
            pass
    return None


def is_gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # dead, waiting for init to reap it
    except psutil.NoSuchProcess:
        return True


def test_the_work_horse_and_scheduler_die_with_their_worker(tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    worker = start_server_process(["worker"], server_env(REDIS_URL=redis_server.url), tmp_path / "worker.log")
    descendants = []
    try:
        wait_until(lambda: Worker.count(connection=redis) == 1, timeout=180, message="the worker")
        Queue(QUEUE_NAMES["summary"], connection=redis).enqueue(time.sleep, 120)
        horse = wait_until(lambda: work_horse(psutil.Process(worker.pid)), timeout=30, message="the work horse")
        descendants = psutil.Process(worker.pid).children(recursive=True)
        scheduler = [p for p in descendants if p.pid != horse.pid]
        assert len(scheduler) == 1, f"expected the horse and RQ's scheduler, found {descendants}"

        worker.send_signal(signal.SIGKILL)
        worker.wait()

        wait_until(lambda: is_gone(horse), timeout=10, message=f"the horse (pid {horse.pid}) to die")
        wait_until(lambda: is_gone(scheduler[0]), timeout=10, message=f"the scheduler (pid {scheduler[0].pid}) to die")
    finally:
        if worker.poll() is None:
            descendants = psutil.Process(worker.pid).children(recursive=True)
        stop_process(worker)
        for process in descendants:  # the horse has a process group of its own; kill it by pid
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        redis_server.stop()
