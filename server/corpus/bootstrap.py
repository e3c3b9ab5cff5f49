"""The corpus fills itself: a bootstrap harvest on first run, a daily harvest after, vectors behind.

A fresh install has an empty corpus, so its first related lists would be empty, then every
earlier submission whatever its topic. check() starts what the corpus needs; every worker calls
it at start and `python -m server cron` (RQ's CronScheduler) enqueues tick(), which calls it,
every `harvest_check_seconds`:

- a bootstrap, the last `corpus_bootstrap_days` days of the OAI-PMH set `harvest_set`, while
  no bootstrap has finished and the corpus holds fewer than BOOTSTRAP_BELOW papers;
- otherwise a daily harvest from `last_harvest_day` (the day the last complete harvest
  started: OAI-PMH dates are inclusive, so nothing falls between two), at most once a day (UTC);
- nothing while a run is under way, nor with `harvest` off.

Of any number of workers and cron processes checking at once one starts the run: the run is
claimed by compare-and-set on the status record (corpus/store.py), and each job id derives
from the run, so no job is enqueued twice (RQ's unique=True). A run is a chain of short jobs
on two queues of its own that every worker serves after summaries and related papers, so a
user's paper waits behind at most one of them (a few seconds):

    corpus        one OAI-PMH page per job; the next page is scheduled `harvest_delay_seconds`
                  later through RQ's scheduler, and a 503 is waited out the same way, so
                  arXiv's politeness pauses cost no worker time
    corpus-embed  MiniLM vectors for each page's papers, EMBED_JOB_PAPERS a job, then one job
                  that fills in whatever still lacks a vector and closes the run

Each page's papers join the corpus with embed=False as it arrives, so they rank by their TF-IDF
score at once and by meaning once their vectors land. Progress: the status record (GET
/api/v1/corpus, /readyz) and a worker log line per page. A failure (arXiv unreachable) is one
log line and the record's last_error, and the next check tries again; it never fails a job,
so RQ logs no traceback and retries nothing on its own.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from rq import get_current_job

from server import related
from server.config import load_settings
from server.jobs import state
from server.jobs.queues import CORPUS_QUEUES
from server.related import dense
from server.corpus import backfill
from server.corpus import store as corpus
from server.corpus.harvest import MAX_RETRIES, Busy, HarvestError, fetch_page, first_page_params, next_page_params

HARVEST_QUEUE, EMBED_QUEUE = CORPUS_QUEUES  # served in this order, after users' queues
# arXiv's page size: a corpus smaller than one page is a few users' submissions, not a corpus.
BOOTSTRAP_BELOW = 1000
# About 3 s of one worker (MiniLM on one core, ~12 papers/s): the longest a user's paper waits.
EMBED_JOB_PAPERS = 32
ADD_BATCH = 200  # papers per corpus write, as the harvest command writes them
# A page job waits at most 6 upstream timeouts for arXiv (corpus/harvest.py), then writes.
JOB_TIMEOUT_SECONDS = 300
FINISHED_JOB_TTL_SECONDS = 60  # a run leaves hundreds of jobs behind: they need not linger
FAILED_JOB_TTL_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


def check(redis, settings, today: dt.date | None = None) -> str:
    """Start what the corpus needs now (see the module's docstring); returns what was done."""
    status = corpus.read_status(redis)
    if not settings.harvest_on:
        if status.get("state") != "off":
            corpus.set_status(redis, state="off", updated_at=_now())
        return "harvesting is off (PAPERGIST_HARVEST=off)"
    today = today or dt.datetime.now(dt.timezone.utc).date()
    state = status.get("state")
    if state in corpus.ACTIVE_STATES and _alive(redis, settings, status.get("job")):
        return f"the {status.get('kind')} harvest is {state}"
    if state == "embedding":
        return _resume_embedding(redis, status)
    if (not status.get("bootstrapped_at") and settings.corpus_bootstrap_days > 0
            and corpus.size(redis) < BOOTSTRAP_BELOW):
        return _start(redis, settings, status, "bootstrap",
                      today - dt.timedelta(days=settings.corpus_bootstrap_days), today)
    last = status.get("last_harvest_day")
    if last and last >= today.isoformat():
        return f"the corpus was harvested today ({last})"
    since = dt.date.fromisoformat(last) if last else today - dt.timedelta(days=1)
    return _start(redis, settings, status, "daily", since, today)


def tick() -> str:
    """The cron job: check() from a worker."""
    redis, settings = get_current_job().connection, load_settings()
    done = check(redis, settings)
    log.info("corpus check: %s", done)
    return done


def status(redis) -> dict:
    """The harvest's status record with the corpus's size now (GET /api/v1/corpus)."""
    record = corpus.read_status(redis)
    with redis.pipeline(transaction=False) as pipe:
        pipe.llen(corpus.LOG_KEY)
        pipe.llen(corpus.embedded_key(dense.MODEL_NAME))
        papers, vectors = pipe.execute()
    numbers = {name: int(record[name]) for name in ("harvested", "added", "pages", "expected", "generation")
               if record.get(name)}
    times = {name: float(record[name]) for name in ("started_at", "updated_at", "harvested_at", "finished_at",
                                                      "last_error_at") if record.get(name)}
    return {"state": record.get("state", "idle"), "related": corpus.public_state(record), "kind": record.get("kind"),
            "papers": papers, "vectors": vectors, "harvested": 0, "added": 0, "pages": 0, "generation": 0,
            **numbers, **times, "set": record.get("set"), "from": record.get("from"),
            "last_harvest_day": record.get("last_harvest_day"), "last_error": record.get("last_error")}


# The jobs ----------------------------------------------------------------------------------

def harvest_page(run: str, params: dict, page: int, attempt: int = 0) -> None:
    _harvest_page(get_current_job().connection, load_settings(), run, params, page, attempt)


def embed_papers(ids: list[str]) -> None:
    backfill.embed_missing(get_current_job().connection, ids)


def finish_run(run: str, step: int, start: int = 0) -> None:
    _finish_run(get_current_job().connection, run, step, start)


def _harvest_page(redis, settings, run: str, params: dict, page: int, attempt: int) -> None:
    status = corpus.read_status(redis)
    if status.get("run") != run:
        return  # a newer run replaced this one
    kind = status.get("kind")
    if not settings.harvest_on:
        corpus.update_run(redis, run, {"state": "off", "updated_at": _now()})
        return
    try:
        got = fetch_page(settings, params, set(settings.harvest_categories) or None)
    except Busy as busy:
        if attempt < MAX_RETRIES:
            again = _page_job_id(run, page, attempt + 1)
            corpus.update_run(redis, run, {"job": again, "updated_at": _now()})
            _enqueue_page(redis, run, params, page, attempt + 1, busy.retry_after)
            log.info("corpus %s: page %d: %s; asking again then", kind, page + 1, busy)
            return
        return _fail(redis, settings, run, kind, "arXiv OAI-PMH stayed busy (503)")
    except HarvestError as error:
        return _fail(redis, settings, run, kind, str(error))
    added = sum(related.add_to_corpus(redis, got.papers[start:start + ADD_BATCH], embed=False)
                for start in range(0, len(got.papers), ADD_BATCH))
    fields = {"state": "harvesting", "updated_at": _now()}
    if page == 0:  # arXiv gives the whole list's size with the first page's token
        fields["expected"] = int(status.get("base") or 0) + (got.complete_list_size or got.records)
    if got.token:
        fields["job"] = _page_job_id(run, page + 1, 0)
    else:
        fields.update(state="embedding", harvested_at=_now(), last_harvest_day=status["day"],
                      job=_finish_job_id(run, 0))
        if kind == "bootstrap":
            fields["bootstrapped_at"] = _now()
    # Written before the next jobs are queued: another worker may run them at once.
    if not corpus.update_run(redis, run, fields, {"pages": 1, "harvested": len(got.papers), "added": added}):
        return
    ids = [paper["paper_id"] for paper in got.papers]
    for number, start in enumerate(range(0, len(ids), EMBED_JOB_PAPERS)):
        _enqueue(redis, EMBED_QUEUE, embed_papers, ids[start:start + EMBED_JOB_PAPERS],
                 job_id=f"corpus-embed-{run}-{page}-{number}", description=f"corpus vectors ({run})")
    if got.token:
        _enqueue_page(redis, run, next_page_params(got.token), page + 1, 0, settings.harvest_delay_seconds)
    else:
        _enqueue(redis, EMBED_QUEUE, finish_run, run, 0, 0, job_id=_finish_job_id(run, 0),
                 description=f"corpus vectors, the rest ({run})")
    harvested = int(status.get("harvested") or 0) + len(got.papers)
    expected = fields.get("expected") or status.get("expected")
    log.info("corpus %s: page %d: %d papers (%d new); %d of ~%s harvested; corpus: %d papers%s", kind, page + 1,
             len(got.papers), added, harvested, expected, corpus.size(redis),
             "" if got.token else "; harvest complete, vectors filling in")


def _finish_run(redis, run: str, step: int, start: int) -> None:
    """Embed the next papers still without a vector (the pages' jobs leave only those that
    joined another way, or whose job was lost) and, once there are none, close the run."""
    status = corpus.read_status(redis)
    if status.get("run") != run or status.get("state") != "embedding":
        return
    ids, following_start = backfill.next_missing(redis, start, EMBED_JOB_PAPERS)
    if ids:
        backfill.embed_missing(redis, ids)
        following = _finish_job_id(run, step + 1)
        if corpus.update_run(redis, run, {"job": following, "updated_at": _now()}, in_state="embedding"):
            _enqueue(redis, EMBED_QUEUE, finish_run, run, step + 1, following_start, job_id=following,
                     description=f"corpus vectors, the rest ({run})")
        return
    kind = status.get("kind")
    papers, vectors = corpus.size(redis), corpus.embedded_count(redis, dense.MODEL_NAME)
    # A finished bootstrap makes related lists computed before it stale (papers.get_document).
    if corpus.update_run(redis, run, {"state": "done", "finished_at": _now(), "updated_at": _now()},
                         {"generation": 1} if kind == "bootstrap" else None, in_state="embedding"):
        took = time.time() - float(status.get("started_at") or time.time())
        log.info("corpus %s done: %d papers, %d with vectors, %.0f s after it started", kind, papers, vectors, took)


def _resume_embedding(redis, status: dict) -> str:
    """The run harvested everything but its last job was lost (a worker killed mid-job)."""
    run, last = status["run"], status.get("job", "").rsplit("-", 1)[-1]
    step = int(last) + 1 if last.isdigit() else 0
    if corpus.update_run(redis, run, {"job": _finish_job_id(run, step), "updated_at": _now()}, in_state="embedding"):
        _enqueue(redis, EMBED_QUEUE, finish_run, run, step, 0, job_id=_finish_job_id(run, step),
                 description=f"corpus vectors, the rest ({run})")
    return f"vectors of the {status.get('kind')} harvest resumed"


def _start(redis, settings, status: dict, kind: str, since: dt.date, today: dt.date) -> str:
    run = f"{kind}-{today.isoformat()}-{uuid.uuid4().hex[:8]}"
    fields = {"kind": kind, "state": "queued", "set": settings.harvest_set, "from": since.isoformat(),
              "day": today.isoformat(), "base": corpus.size(redis), "started_at": _now(), "updated_at": _now(),
              "job": _page_job_id(run, 0, 0)}
    if not corpus.claim_run(redis, status.get("run", ""), run, fields):
        return "another process started a harvest just now"
    _enqueue_page(redis, run, first_page_params(since.isoformat(), None, settings.harvest_set), 0, 0, 0)
    log.info("corpus %s: harvesting set %s from %s (%s)", kind, settings.harvest_set, since.isoformat(),
             settings.arxiv_oai_url)
    return f"{kind} harvest of set {settings.harvest_set} from {since.isoformat()} queued"


def _fail(redis, settings, run: str, kind: str, message: str) -> None:
    message = " ".join(message.split())
    if corpus.update_run(redis, run, {"state": "failed", "last_error": message, "last_error_at": _now(),
                                      "updated_at": _now()}):
        log.warning("corpus %s failed: %s (papers harvested before it are kept; tried again at the next "
                    "check, every %d s, and when a worker starts)", kind, message, settings.harvest_check_seconds)


def _enqueue_page(redis, run: str, params: dict, page: int, attempt: int, delay: float) -> None:
    _enqueue(redis, HARVEST_QUEUE, harvest_page, run, params, page, attempt, job_id=_page_job_id(run, page, attempt),
             description=f"corpus page {page + 1} ({run})", delay=delay)


def _enqueue(redis, queue_name: str, func, *args, job_id: str, description: str, delay: float = 0) -> None:
    """A corpus job, once (ids derive from the run): no RQ retries, since a failed page is
    recorded and tried again by the next check."""
    state.enqueue_once(redis, queue_name, func, *args, job_id=job_id, description=description, delay=delay,
                       job_timeout=JOB_TIMEOUT_SECONDS, result_ttl=FINISHED_JOB_TTL_SECONDS,
                       failure_ttl=FAILED_JOB_TTL_SECONDS)


def _alive(redis, settings, job_id: str | None) -> bool:
    """Whether the run's current job will still run: queued, scheduled, or running on a live worker."""
    return bool(job_id) and state.status(redis, settings, state.fetch(redis, job_id)) in state.ACTIVE


def _page_job_id(run: str, page: int, attempt: int) -> str:
    return f"corpus-page-{run}-{page}" + (f"-retry{attempt}" if attempt else "")


def _finish_job_id(run: str, step: int) -> str:
    return f"corpus-finish-{run}-{step}"


def _now() -> float:
    return round(time.time(), 3)
