"""A worker process: runs summary and related-paper jobs (what the Procfile's `worker` runs)."""
import logging

from rq import Queue, Worker

from server import related, summaries
from server.config import load_settings
from server.jobs.queues import QUEUE_NAMES
from server.redis_connection import connect

NAME = "worker"
HELP = "run an RQ worker for the summary and related-paper queues (needs REDIS_URL)"


def add_arguments(parser):
    parser.add_argument("--burst", action="store_true", help="exit once the queues are empty")
    parser.add_argument("--name", help="worker name shown in RQ (default: generated)")


class PaperGistWorker(Worker):
    """RQ's forking worker, keeping the related-papers index in the parent up to date: each
    work horse starts from the parent's copy, so without this every job would re-read all
    papers added since the worker started."""

    def execute_job(self, job, queue):
        related.refresh(self.connection)
        return super().execute_job(job, queue)


def main(args):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    redis = connect(settings.redis_url)
    # Load models and indexes here, in the parent: every forked job inherits them ready.
    summaries.warm_up(settings)
    related.warm_up(settings)
    queues = [Queue(name, connection=redis) for name in QUEUE_NAMES.values()]
    worker = PaperGistWorker(queues, connection=redis, name=args.name,
                    job_monitoring_interval=settings.worker_heartbeat_seconds,
                    maintenance_interval=settings.worker_maintenance_seconds)
    worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")
