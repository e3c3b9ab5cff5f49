"""The recommendation job's old address. RQ stores a job's function by dotted path, so jobs
queued before the job moved to server/lists/recommendations.py still name this one; it is kept
for one release so that they run after an upgrade (tests/jobs/test_old_job_paths.py)."""
from server.lists.recommendations import recommend_for_list  # noqa: F401
