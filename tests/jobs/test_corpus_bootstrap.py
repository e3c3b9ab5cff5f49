"""The corpus bootstraps itself on first run, then is harvested daily, against a local server
replaying arXiv's OAI-PMH pages in their real format (resumption tokens, completeListSize), with
real worker processes and RQ's real cron scheduler on a Redis of this module's own (the session's
worker does not harvest, and would take these jobs)."""
from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, Worker
from rq.registry import ScheduledJobRegistry

from server.app import create_app
from server.config import Settings
from server.corpus import bootstrap as corpus_jobs
from server.corpus import store as corpus
from tests.support.arxiv_oai import OAI, get_record, list_records, record
from tests.support.polling import settled_document
from tests.support.servers import (UNLIMITED, RedisServer, ReplayServer, server_env, start_server_process,
                                   stop_process, wait_until)

LANGUAGE = [
    ("Transformer language models for machine translation",
     "We train transformer language models with attention for machine translation between languages."),
    ("Multilingual pre-training of language models",
     "Pre-training one language model on many languages improves translation and language understanding."),
    ("Low-resource machine translation with back-translation",
     "Back-translation with a transformer translation model helps machine translation of low-resource languages."),
    ("Instruction tuning of large language models",
     "Instruction tuning makes large language models follow instructions across language tasks."),
    ("Evaluating machine translation with language models",
     "Language models judge machine translation quality better than overlap metrics for many languages."),
    ("Speech translation with transformer encoders",
     "A transformer encoder translates speech into text in other languages without a separate recognizer."),
    ("Attention heads in neural machine translation",
     "We analyse which attention heads of transformer translation models matter for machine translation."),
    ("Tokenization for multilingual language models",
     "Subword tokenization choices change how multilingual language models handle rare languages."),
]
VISION = [
    ("Image segmentation with diffusion models",
     "Denoising diffusion models produce semantic segmentation masks for natural images."),
    ("Medical image segmentation with convolutional networks",
     "Convolutional networks segment organs in medical images such as CT and MRI scans."),
    ("Panoptic segmentation of street scenes",
     "A panoptic segmentation network labels every pixel of street scene images with objects and stuff."),
    ("Self-supervised features for image segmentation",
     "Self-supervised vision transformer features give unsupervised image segmentation masks."),
    ("Video object segmentation with memory",
     "A memory of past frames lets the network segment objects through a whole video."),
    ("Few-shot semantic segmentation of images",
     "Few-shot segmentation labels new object classes in images from a handful of annotated masks."),
    ("Point cloud segmentation for autonomous driving",
     "Lidar point clouds are segmented into road, cars and pedestrians for autonomous driving."),
    ("Interactive image segmentation from clicks",
     "A user's clicks guide an interactive image segmentation model to the object's mask."),
]
OTHER = [
    ("Query optimization in relational databases",
     "A cost-based optimizer chooses join orders for SQL queries in a relational database."),
    ("Consensus in asynchronous distributed systems",
     "We give a consensus protocol for asynchronous distributed systems with crash failures."),
    ("Formal verification of smart contracts",
     "Smart contracts are verified against their specifications with an SMT-based model checker."),
    ("Scheduling jobs on heterogeneous clusters",
     "A scheduler places jobs on heterogeneous clusters of CPUs and GPUs to cut completion time."),
]
TOPICS = LANGUAGE + VISION + OTHER


def _records(first: int, rows: list[tuple[str, str]], categories: str) -> list[str]:
    return [record(f"2607.{first + n:05d}", title, categories, abstract=abstract)
            for n, (title, abstract) in enumerate(rows)]


# Three pages as arXiv serves them: tokens carry the cursor and the whole list's size, the last
# page's token is empty; the first page also has a deleted record (counted in completeListSize).
RECORDS = (_records(1, LANGUAGE, "cs.CL cs.LG") + [record("2607.00090", "", "cs.CL", deleted=True)]
           + _records(101, VISION, "cs.CV") + _records(201, OTHER, "cs.DB cs.DC"))
LISTED = len(RECORDS)  # 21
PAGE_2_SECONDS = 4  # how long the second page takes to come: a window in which progress is seen
PAGES = [
    (200, list_records(RECORDS[:9], token="7284519|1001", cursor=0, complete_list_size=LISTED), OAI),
    (200, list_records(RECORDS[9:17], token="7284519|2001", cursor=1000, complete_list_size=LISTED),
     PAGE_2_SECONDS, OAI),
    (200, list_records(RECORDS[17:], token=None, cursor=2000, complete_list_size=LISTED), OAI),
]
LANGUAGE_IDS = {f"arxiv:2607.{1 + n:05d}" for n in range(len(LANGUAGE))}
QUERY = {"url": "https://arxiv.org/abs/2607.09999", "title": "Document-level machine translation with language models",
         "abstract": "We extend transformer language models to translate whole documents, so that machine "
                     "translation between languages keeps context across sentences."}
KEEP = (b"rq:worker", b"rq:workers", b"rq:scheduler", b"rq:pubsub")


@pytest.fixture(scope="module")
def oai():
    server = ReplayServer()
    server.route("/oai", PAGES[0], when={"verb": "ListRecords", "set": "cs"})
    server.route("/oai", PAGES[1], when={"resumptionToken": "7284519|1001"})
    server.route("/oai", PAGES[2], when={"resumptionToken": "7284519|2001"})
    # The reader's paper, as arXiv knows it (asked when its API, closed here, fails): only a
    # registry's record joins the corpus.
    server.route("/oai", (200, get_record("2607.09999", QUERY["title"], QUERY["abstract"], (("Ada", "Lovelace"),))),
                 when={"verb": "GetRecord", "identifier": "oai:arXiv.org:2607.09999"})
    yield server
    server.close()


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("corpus-redis")).start()
    yield server
    server.stop()


def _env(own_redis, oai, **more) -> dict:
    return server_env(REDIS_URL=own_redis.url, PAPERGIST_ARXIV_OAI_URL=f"{oai.url}/oai", PAPERGIST_HARVEST="on",
                      PAPERGIST_HARVEST_DELAY_SECONDS=0.5, **more)


@contextmanager
def _process(args, env, log: Path, redis, ready):
    process = start_server_process(args, env, log)
    try:
        wait_until(lambda: ready(redis), timeout=180, message=f"python -m server {' '.join(args)} (log: {log})")
        yield process
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def harvest_worker(own_redis, oai, tmp_path_factory):
    """A worker for users' papers and the corpus pages, but not the corpus's vectors: those wait
    for embed_worker, so a test sees the corpus searchable by its words alone first."""
    log = tmp_path_factory.mktemp("harvest-worker") / "worker.log"
    redis = own_redis.client()
    with _process(["worker", "--name", "harvest", "--queues", "summaries,related,corpus"], _env(own_redis, oai),
                  log, redis, lambda r: Worker.count(connection=r) > 0) as process:
        process.log = log
        yield process


@pytest.fixture
def fresh(own_redis, harvest_worker):
    """This module's Redis emptied of everything but RQ's worker records."""
    client = own_redis.client()
    for key in client.scan_iter():
        if not key.startswith(KEEP):
            client.delete(key)
    return client


def _client(own_redis):
    return create_app(Settings(redis_url=own_redis.url, document_memory_seconds=0, **UNLIMITED)).test_client()


def _tick(redis) -> str:
    job = Queue(corpus_jobs.HARVEST_QUEUE, connection=redis).enqueue(corpus_jobs.tick)
    wait_until(lambda: job.get_status(refresh=True) in ("finished", "failed"), timeout=30, message="the corpus check")
    return job.latest_result().return_value


def test_a_first_worker_bootstraps_the_corpus_searchable_by_words_first_then_by_meaning(own_redis, oai, harvest_worker,
                                                                                         tmp_path):
    redis = own_redis.client()
    client = _client(own_redis)
    # The worker checked the empty corpus as it started: the first page is in, the second coming.
    first_page = wait_until(lambda: (s := client.get("/api/v1/corpus").get_json())["pages"] == 1 and s,
                            timeout=60, message="the first page")
    assert (first_page["state"], first_page["kind"], first_page["related"]) == ("harvesting", "bootstrap", "loading")
    assert (first_page["harvested"], first_page["papers"], first_page["expected"]) == (8, 8, LISTED)
    started_on = dt.date.fromisoformat(corpus.read_status(redis)["day"])
    assert first_page["from"] == (started_on - dt.timedelta(days=30)).isoformat()  # the default depth
    assert oai.requests[0] == ("/oai", {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs",
                                        "from": first_page["from"]})
    ready = client.get("/readyz")
    assert ready.status_code == 200  # loading is no reason to be unready
    assert ready.get_json()["corpus"] == {"state": "harvesting", "papers": 8, "expected": LISTED, "vectors": 0}

    harvested = wait_until(lambda: (s := client.get("/api/v1/corpus").get_json())["state"] == "embedding" and s,
                           timeout=60, message="the last page")
    assert (harvested["pages"], harvested["harvested"], harvested["papers"], harvested["vectors"]) == (3, 20, 20, 0)
    assert [query.get("resumptionToken") for _, query in oai.requests] == [None, "7284519|1001", "7284519|2001"]

    # No corpus paper has a vector yet, and the related list is there, by TF-IDF, on topic.
    client.post("/api/v1/papers", json=QUERY)
    loading = settled_document(client, "arxiv:2607.09999", timeout=60)["related"]
    assert loading["corpus"] == {"papers": 21, "vectors": 1, "expected": LISTED, "state": "embedding"}  # 1: the query's
    ids = [item["paper_id"] for item in loading["items"]]
    assert ids and set(ids) <= LANGUAGE_IDS

    with _process(["worker", "--name", "embed", "--queues", "corpus-embed"], _env(own_redis, oai),
                  tmp_path / "embed.log", redis, lambda r: Worker.count(connection=r) > 1):
        done = wait_until(lambda: (s := client.get("/api/v1/corpus").get_json())["state"] == "done" and s,
                          timeout=120, message="the vectors")
        assert (done["papers"], done["vectors"], done["generation"], done["related"]) == (21, 21, 1, "ready")
        assert done["finished_at"] >= done["harvested_at"] >= done["started_at"]
        # The list made while the corpus loaded is stale now: the next ask computes it again.
        assert client.get("/api/v1/papers/arxiv:2607.09999").get_json()["related"]["status"] in ("queued", "running")
        again = settled_document(client, "arxiv:2607.09999", timeout=60)["related"]
        assert again["corpus"] == {"papers": 21, "vectors": 21, "expected": None, "state": "ready"}
        assert set(item["paper_id"] for item in again["items"]) <= LANGUAGE_IDS
    log = harvest_worker.log.read_text()
    assert "corpus bootstrap: page 1: 8 papers (8 new); 8 of ~21 harvested" in log
    assert "corpus bootstrap: page 3: 4 papers (4 new); 20 of ~21 harvested" in log


def test_the_daily_harvest_is_scheduled_by_rq_cron_and_runs_once_a_day(own_redis, oai, fresh, tmp_path):
    today = dt.datetime.now(dt.timezone.utc).date()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    corpus.set_status(fresh, state="done", kind="bootstrap", run="bootstrap-earlier", bootstrapped_at=1,
                      generation=1, last_harvest_day=yesterday)
    new = [record("2607.00301", "Sparse attention for long documents", "cs.CL",
                  abstract="Sparse attention lets transformers read long documents.")]
    oai.route("/oai", (200, list_records(new), OAI), when={"verb": "ListRecords", "from": yesterday})
    with _process(["cron", "--name", "test-cron"], server_env(REDIS_URL=own_redis.url, PAPERGIST_HARVEST_CHECK_SECONDS=1),
                  tmp_path / "cron.log", fresh, lambda r: r.zscore("rq:cron_schedulers", "test-cron") is not None):
        scheduled = json.loads(fresh.hget("rq:cron_scheduler:test-cron", "cron_jobs"))
        assert [(job["func_name"], job["queue_name"], job["interval"]) for job in scheduled] == [
            ("server.corpus.bootstrap.tick", "corpus", 1), ("server.digests.jobs.tick", "digests", 1)]
        daily = wait_until(lambda: (s := corpus.read_status(fresh)).get("last_harvest_day") == today.isoformat() and s,
                           timeout=60, message="the daily harvest")
        assert (daily["kind"], daily["from"], daily["harvested"]) == ("daily", yesterday, "1")
        assert corpus.size(fresh) == 1
        # More checks the same day harvest nothing more, however many there are.
        checks = fresh.zcard("rq:cron_job:corpus-check:jobs")
        wait_until(lambda: fresh.zcard("rq:cron_job:corpus-check:jobs") >= checks + 3, timeout=30,
                   message="three more checks")
    asked = [query for _, query in oai.requests if query.get("from") == yesterday]
    assert asked == [{"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs", "from": yesterday}]
    assert corpus.read_status(fresh)["run"] == daily["run"]
    assert fresh.hget(corpus.STATUS_KEY, "generation") == b"1"  # a daily harvest leaves earlier lists be


def test_a_failed_bootstrap_is_one_log_line_and_is_tried_again_at_the_next_check(oai, fresh, harvest_worker):
    oai.route("/oai", (500, "Internal Server Error"), PAGES[0], when={"verb": "ListRecords", "set": "cs"})
    assert _tick(fresh).startswith("bootstrap harvest of set cs from ")
    failed = wait_until(lambda: (s := corpus.read_status(fresh)).get("state") == "failed" and s, timeout=30,
                        message="the failure")
    assert failed["last_error"] == "arXiv OAI-PMH answered HTTP 500"
    log = harvest_worker.log.read_text()
    assert log.count("arXiv OAI-PMH answered HTTP 500") == 1 and "Traceback" not in log
    assert harvest_worker.poll() is None and Worker.count(connection=fresh) >= 1

    assert _tick(fresh).startswith("bootstrap harvest of set cs from ")
    again = wait_until(lambda: (s := corpus.read_status(fresh)).get("pages") == "3" and s, timeout=60,
                       message="the second try")
    assert again["run"] != failed["run"] and again["state"] in ("embedding", "done")
    assert again["last_error"] == "arXiv OAI-PMH answered HTTP 500"  # still on show, with its time
    assert corpus.size(fresh) == 20


def test_one_run_at_a_time_and_the_polite_pause_is_spent_in_rqs_scheduler(tmp_path, oai):
    """check() and a page job in this process, on a Redis no worker serves."""
    lonely = RedisServer(tmp_path / "redis").start()
    try:
        redis = lonely.client()
        settings = Settings(redis_url=lonely.url, arxiv_oai_url=f"{oai.url}/oai", harvest_delay_seconds=3)
        assert check_twice(redis, settings)[1] == "the bootstrap harvest is queued"
        queue = Queue(corpus_jobs.HARVEST_QUEUE, connection=redis)
        [job] = queue.get_jobs()
        before = dt.datetime.now(dt.timezone.utc)
        corpus_jobs._harvest_page(redis, settings, *job.args)
        assert corpus.size(redis) == 8 and corpus.embedded_count(redis, "all-MiniLM-L6-v2") == 0
        # The next page waits out the delay in RQ's scheduled registry, not in a sleeping job
        # (the registry keeps whole seconds).
        scheduled = ScheduledJobRegistry(queue=queue)
        [next_page] = scheduled.get_job_ids()
        assert next_page.endswith("-1")
        assert scheduled.get_scheduled_time(next_page) >= before + dt.timedelta(seconds=settings.harvest_delay_seconds - 1)
        assert len(Queue(corpus_jobs.EMBED_QUEUE, connection=redis).get_jobs()) == 1  # 8 papers: one job
        assert check_twice(redis, settings.replace(harvest="off"))[0] == "harvesting is off (PAPERGIST_HARVEST=off)"
        assert corpus.read_status(redis)["state"] == "off"
    finally:
        lonely.stop()


def check_twice(redis: Redis, settings: Settings) -> list[str]:
    return [corpus_jobs.check(redis, settings), corpus_jobs.check(redis, settings)]


def test_without_network_the_bootstrap_fails_with_a_readable_error_and_keeps_the_corpus(tmp_path, caplog):
    lonely = RedisServer(tmp_path / "redis").start()
    try:
        redis = lonely.client()
        offline = Settings(redis_url=lonely.url, arxiv_oai_url="http://127.0.0.1:9/oai", upstream_timeout_seconds=1)
        corpus_jobs.check(redis, offline)
        [job] = Queue(corpus_jobs.HARVEST_QUEUE, connection=redis).get_jobs()
        corpus_jobs._harvest_page(redis, offline, *job.args)
        status = corpus.read_status(redis)
        assert status["state"] == "failed"
        assert status["last_error"] == "arXiv OAI-PMH is unreachable (no connection to 127.0.0.1:9)"
        [line] = [r for r in caplog.records if r.name == "server.corpus.bootstrap" and r.levelname == "WARNING"]
        assert line.getMessage().startswith("corpus bootstrap failed: arXiv OAI-PMH is unreachable (no connection")
        assert "\n" not in line.getMessage() and line.exc_info is None
        assert corpus.size(redis) == 0
        assert not ScheduledJobRegistry(queue=Queue(corpus_jobs.HARVEST_QUEUE, connection=redis)).get_job_ids()
        assert corpus_jobs.check(redis, offline).startswith("bootstrap harvest of set cs")  # the next check tries again
    finally:
        lonely.stop()
