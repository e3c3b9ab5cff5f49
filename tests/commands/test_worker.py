"""A worker killed with SIGKILL takes its children with it: the work horse and RQ's scheduler;
and the worker started in its place takes over the dead scheduler's lock at once.

RQ puts each horse in a process group of its own, so without server.commands.service.worker's
die_with_parent the horse of a worker killed by the OOM killer or a deploy ran on as an orphan,
holding its models and writing a result for a job RQ had counted as abandoned; the scheduler ran
on too, keeping the scheduler lock from the restarted worker. Even dead, a scheduler keeps its
lock for a minute, and RQ would have the new worker try for it again only minutes later: a retry
due in a second ran after 405 s."""
import signal
import time
from pathlib import Path

import psutil
from rq import Queue, Worker
from rq.scheduler import RQScheduler

from server.app import create_app
from server.commands.service.worker import release_abandoned_scheduler_locks
from server.papers.parts import QUEUE_NAMES
from tests.support.polling import settled_document
from tests.support.processes import is_gone, work_horse
from tests.support.servers import RedisServer, server_env, start_server_process, stop_process, wait_until

FIXTURE = Path(__file__).parents[1] / "fixtures" / "arxiv" / "1706.03762.xml"


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


def test_a_dead_schedulers_lock_is_released_and_a_live_ones_kept(tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    schedulers = {}
    try:
        for queue in ("summaries", "related"):  # real RQ schedulers, each in its own process
            scheduler = RQScheduler([queue], connection=redis)
            scheduler.acquire_locks()
            schedulers[queue] = scheduler.start()
        schedulers["summaries"].kill()  # SIGKILL: its lock stays, no longer renewed
        schedulers["summaries"].join()

        assert release_abandoned_scheduler_locks(redis, ["summaries", "related"]) == ["summaries"]
        assert redis.get(RQScheduler.get_locking_key("summaries")) is None
        assert redis.get(RQScheduler.get_locking_key("related")) is not None
    finally:
        for process in schedulers.values():
            process.kill()
            process.join()
        redis_server.stop()


def test_a_retry_due_in_a_second_runs_soon_after_the_worker_with_the_scheduler_was_killed(
        settings, arxiv_api, arxiv_oai, tmp_path):
    redis_server = RedisServer(tmp_path / "redis").start()
    redis = redis_server.client()
    env = server_env(REDIS_URL=redis_server.url, PAPERGIST_ARXIV_API_URL=settings.arxiv_api_url,
                     PAPERGIST_ARXIV_OAI_URL=settings.arxiv_oai_url, PAPERGIST_UPSTREAM_TIMEOUT_SECONDS=2,
                     PAPERGIST_JOB_RETRY_SECONDS=1)
    client = create_app(settings.replace(redis_url=redis_server.url, job_retry_seconds=(1,))).test_client()
    lock = RQScheduler.get_locking_key(QUEUE_NAMES["summary"])
    first = start_server_process(["worker", "--name", "first"], env, tmp_path / "first.log")
    second = None
    try:
        wait_until(lambda: redis.get(lock), timeout=180, message="the first worker's scheduler")
        first.send_signal(signal.SIGKILL)  # the worker alone, as the OOM killer would; its scheduler dies with it
        first.wait()
        second = start_server_process(["worker", "--name", "second"], env, tmp_path / "second.log")
        wait_until(lambda: "second" in {w.name for w in Worker.all(connection=redis)}, timeout=180,
                   message="the second worker")

        # arXiv fails once (and OAI-PMH has no such record): the summary is retried a second later.
        arxiv_api.route("/api/query", (500, "Internal Server Error"), (200, FIXTURE.read_bytes()),
                        when={"id_list": "2406.00001"})
        client.post("/api/v1/papers", json={"url": "https://arxiv.org/abs/2406.00001"})
        # Generous, and still well short of the minute the dead scheduler's lock would have held.
        document = settled_document(client, "arxiv:2406.00001", timeout=30)
        assert document["summary"]["status"] == document["related"]["status"] == "done"
        assert document["paper"]["title"] == "Attention Is All You Need"
        asked = [query for path, query in arxiv_api.requests if query.get("id_list") == "2406.00001"]
        assert len(asked) >= 2  # the failed try, then the retry's or the other part's
    finally:
        for process in (first, second):
            if process:
                stop_process(process)
        redis_server.stop()
