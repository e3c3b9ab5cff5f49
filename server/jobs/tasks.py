"""The paper parts' old address. RQ stores a job's function by dotted path, so jobs queued
before the tasks moved to server/papers/tasks.py still name this one; it is kept for one
release so that they run after an upgrade (tests/jobs/test_old_job_paths.py)."""
from server.papers.tasks import relate_paper, summarize_paper  # noqa: F401
