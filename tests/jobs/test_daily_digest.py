"""A list's daily digest from end to end: a replayed day of new arXiv papers is harvested over
OAI-PMH, ranked against the list by a real worker, served as Atom (read back with feedparser) and
emailed once through a local SMTP server that requires STARTTLS and refuses the first try; a
signed "not relevant" link from that email changes the next day's digest. The module has its
own Redis, replay server, SMTP server and worker (with SMTP settings the session's has not)."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import feedparser
import pytest
from rq import Queue, Worker
from rq.job import Job

from server.app import create_app
from server.config import Settings
from server.corpus import bootstrap as corpus_jobs
from server.corpus import store as corpus
from server.digests import confirmation
from server.digests import jobs as digest_jobs
from server.digests import store as digest_store
from server.jobs.queues import DIGEST_QUEUE
from tests.support.accounts import new_account
from tests.support.arxiv_oai import OAI, get_record, list_records, record
from tests.support.servers import (UNLIMITED, RedisServer, ReplayServer, server_env, start_server_process,
                                   stop_process, wait_until)
from tests.support.smtp import LocalSmtp

PUBLIC_URL = "http://papergist.test"
TODAY = dt.datetime.now(dt.timezone.utc).date()
# The last harvest was today, so the worker's own check at start harvests nothing; the test's
# two days come after it, each harvested from the one before (OAI-PMH dates are inclusive).
DAY_0, DAY_1, DAY_2 = (TODAY + dt.timedelta(days=n) for n in range(3))
SEEDS = [
    ("arxiv:2606.00001", "Low-resource machine translation with back-translation",
     "Back-translation with a transformer translation model helps machine translation of low-resource languages."),
    ("arxiv:2606.00002", "Transformer language models for machine translation",
     "We train transformer language models with attention for machine translation between languages."),
    ("arxiv:2606.00003", "Evaluating machine translation with language models",
     "Language models judge machine translation quality better than overlap metrics for many languages."),
]
BACKGROUND = [
    ("Image segmentation with diffusion models", "Denoising diffusion models produce segmentation masks for images."),
    ("Medical image segmentation with convolutional networks", "Convolutional networks segment organs in CT scans."),
    ("Query optimization in relational databases", "A cost-based optimizer chooses join orders for SQL queries."),
    ("Consensus in asynchronous distributed systems", "A consensus protocol for asynchronous systems with crashes."),
    ("Formal verification of smart contracts", "Smart contracts are verified with an SMT-based model checker."),
    ("Scheduling jobs on heterogeneous clusters", "A scheduler places jobs on CPUs and GPUs to cut completion time."),
]
SPEECH_1 = ("2612.10002", "Speech translation with transformer encoders",
            "A transformer encoder translates speech audio into text in other languages without a speech recognizer.")
SPEECH_2 = ("2612.20002", "End-to-end speech translation from audio",
            "Speech audio is translated into text in other languages by one transformer trained on speech audio.")
DAY_1_RECORDS = [
    ("2612.10001", "Multilingual neural machine translation with language models",
     "One transformer language model translates between many languages, helping low-resource machine translation."),
    SPEECH_1,
    *((f"2612.1{n + 10:04d}", title, abstract) for n, (title, abstract) in enumerate(BACKGROUND)),
]
DAY_2_RECORDS = [
    ("2612.20001", "Document-level machine translation with large language models",
     "Large language models translate whole documents, keeping context across sentences in machine translation."),
    SPEECH_2,
    ("2612.20003", "Panoptic segmentation of street scenes", "A network labels every pixel of street images."),
]


def _page(rows) -> str:
    return list_records([record(arxiv_id, title, "cs.CL", abstract=abstract) for arxiv_id, title, abstract in rows])


@pytest.fixture(scope="module")
def smtp(tmp_path_factory):
    server = LocalSmtp(tmp_path_factory.mktemp("smtp")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def oai():
    server = ReplayServer()
    server.route("/oai", (200, _page(DAY_1_RECORDS), OAI), when={"verb": "ListRecords", "from": DAY_0.isoformat()})
    server.route("/oai", (200, _page(DAY_2_RECORDS), OAI), when={"verb": "ListRecords", "from": DAY_1.isoformat()})
    yield server
    server.close()


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("digest-redis")).start()
    # A corpus bootstrapped and harvested today: the worker's check at start does nothing.
    corpus.set_status(server.client(), state="done", kind="bootstrap", run="bootstrap-earlier", bootstrapped_at=1,
                      generation=1, last_harvest_day=DAY_0.isoformat())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def digest_worker(own_redis, oai, smtp, tmp_path_factory):
    log = tmp_path_factory.mktemp("digest-worker") / "worker.log"
    env = server_env(REDIS_URL=own_redis.url, PAPERGIST_ARXIV_OAI_URL=f"{oai.url}/oai", PAPERGIST_HARVEST="on",
                     PAPERGIST_HARVEST_DELAY_SECONDS=0.5, PAPERGIST_PUBLIC_URL=PUBLIC_URL,
                     PAPERGIST_JOB_RETRY_SECONDS="1,1", **smtp.env())
    process = start_server_process(["worker", "--name", "digest"], env, log)
    redis = own_redis.client()
    wait_until(lambda: Worker.count(connection=redis) > 0, timeout=180, message=f"the worker (log: {log})")
    process.log = log
    yield process
    stop_process(process)


def _harvest(redis, settings, day: dt.date) -> None:
    assert corpus_jobs.check(redis, settings, today=day).startswith("daily harvest of set cs from ")
    wait_until(lambda: (s := corpus.read_status(redis)).get("last_harvest_day") == day.isoformat()
               and s.get("state") == "done", timeout=120, message=f"the harvest of {day}")


def _deliver(redis, settings, accounts: list[tuple[str, str]], day: dt.date) -> list[str]:
    """The digest check for `day`, then each list's job's outcome."""
    assert digest_jobs.check(redis, settings, today=day) == f"{len(accounts)} digest jobs queued for {day}"
    jobs = [Job.fetch(digest_jobs.job_id(account, name, day.isoformat()), connection=redis) for account, name in accounts]
    wait_until(lambda: all(job.get_status(refresh=True) == "finished" for job in jobs), timeout=120,
               message=f"the digests of {day}")
    return [job.latest_result().return_value for job in jobs]


def _ids(digest: dict) -> list[str]:
    return [item["paper_id"] for item in digest["items"]]


def test_a_replayed_day_becomes_a_feed_and_one_email_and_a_not_relevant_link_changes_the_next(
        own_redis, oai, smtp, digest_worker):
    redis = own_redis.client()
    settings = Settings(redis_url=own_redis.url, arxiv_oai_url=f"{oai.url}/oai", harvest_delay_seconds=0.5,
                        public_url=PUBLIC_URL, **smtp.settings(), **UNLIMITED)
    client = create_app(settings).test_client()
    auth = new_account(client)
    for name in ("Translation", "Control"):
        for paper_id, title, abstract in SEEDS:
            saved = client.put(f"/api/v1/lists/{name}/items/{paper_id}", headers=auth, json={"paper": {
                "url": f"https://arxiv.org/abs/{paper_id[6:]}", "title": title, "abstract": abstract}})
            assert saved.status_code == 201
    subscribed = client.put("/api/v1/lists/Translation/digest", headers=auth,
                            json={"email": "reader@example.org", "trending": True})
    assert subscribed.status_code == 201 and subscribed.get_json()["email_confirmed"] is False
    # Control's address is never confirmed: it gets the confirmation email and nothing else.
    assert client.put("/api/v1/lists/Control/digest", headers=auth, json={"email": "other@example.org"}).status_code == 201
    account = next(iter(digest_store.subscribers(redis)))[0]
    lists = [(account, "Translation"), (account, "Control")]
    wait_until(lambda: len(smtp.messages) == 2, timeout=60, message="the confirmation emails")
    [confirm] = [mail for mail in smtp.messages if mail["To"] == "reader@example.org"]
    assert confirm["Subject"] == "PaperGist: confirm the daily digest of “Translation”"
    link = urlsplit(re.search(r"https?://\S+", confirm.get_content()).group(0)).path
    assert "Get the daily digest of “Translation” at reader@example.org?" in client.get(link).get_data(as_text=True)
    assert client.post(link).status_code == 200
    assert client.get("/api/v1/lists/Translation/digest", headers=auth).get_json()["email_confirmed"] is True
    # Asking again for Control's address, from another list, sends nothing more the same day.
    assert client.put("/api/v1/lists/Third", headers=auth).status_code == 201
    assert client.put("/api/v1/lists/Third/digest", headers=auth, json={"email": "other@example.org"}).status_code == 201
    again = Job.fetch(confirmation.confirmation_job_id(account, "Third", "other@example.org"), connection=redis)
    wait_until(lambda: again.get_status(refresh=True) == "finished", timeout=30, message="the second confirmation")
    assert again.latest_result().return_value == "this address was asked to confirm less than a day ago"
    assert len(smtp.messages) == 2
    assert client.delete("/api/v1/lists/Third", headers=auth).status_code == 204  # and its subscription
    smtp.messages.clear()

    # Day 1: the harvest lands eight papers; each list's digest ranks them. The relay refuses
    # the first try (451): RQ's retry sends it, once.
    _harvest(redis, settings, DAY_1)
    smtp.fail_next = 1
    assert _deliver(redis, settings, lists, DAY_1) == ["2 papers in the feed and sent by email", "2 papers in the feed"]
    state = client.get("/api/v1/lists/Translation/digest", headers=auth).get_json()
    day_1 = state["latest"]
    assert (day_1["day"], day_1["new_papers"], state["last_day"]) == (DAY_1.isoformat(), 8, DAY_1.isoformat())
    assert set(_ids(day_1)) == {"arxiv:2612.10001", f"arxiv:{SPEECH_1[0]}"}  # no vision, no databases
    first = day_1["items"][0]
    assert first["paper_id"] == "arxiv:2612.10001" and first["tldr"] and first["url"].startswith("https://arxiv.org/abs/")
    assert first["like"] and first["like"][0]["title"] in {title for _, title, _ in SEEDS} and first["why"]
    assert smtp.refused == 1 and len(smtp.messages) == 1
    [mail] = smtp.messages
    assert mail["To"] == "reader@example.org" and mail["From"] == "PaperGist <digest@papergist.test>"
    assert mail["Subject"] == f"PaperGist: 2 new papers for “Translation” ({DAY_1.isoformat()})"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
    assert first["title"] in text and first["tldr"] in text and "Why: Like “" in text
    assert f'<a href="{first["url"]}">' in html and "Not relevant</a>" in html
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", mail["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith(f"{PUBLIC_URL}/api/v1/digest-links/")

    # The feed: valid Atom with the day's papers, their TL;DRs and links.
    feed_url = state["feed_url"]
    assert feed_url.startswith(f"{PUBLIC_URL}/feeds/") and feed_url.endswith(".atom")
    served = client.get(urlsplit(feed_url).path)
    assert served.status_code == 200 and served.mimetype == "application/atom+xml"
    feed = feedparser.parse(served.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "PaperGist: new papers for “Translation”"
    assert [entry.title for entry in feed.entries] == [item["title"] for item in day_1["items"]]
    assert feed.entries[0].link == first["url"] and feed.entries[0].summary == first["tldr"]

    # A second run the same day sends nothing, whether through the check or the job itself.
    assert digest_jobs.check(redis, settings, today=DAY_1) == f"0 digest jobs queued for {DAY_1}"
    again = Queue(DIGEST_QUEUE, connection=redis).enqueue(digest_jobs.deliver_digest, account, "Translation",
                                                           DAY_1.isoformat())
    wait_until(lambda: again.get_status(refresh=True) == "finished", timeout=30, message="the second run")
    assert again.latest_result().return_value == "already sent" and len(smtp.messages) == 1

    # The email's "not relevant" link for the speech paper: a page with a button, then its POST.
    speech = f"arxiv:{SPEECH_1[0]}"
    block = text[text.index(SPEECH_1[1]):]
    link = re.search(r"Not relevant: (\S+)", block).group(1)
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200 and f"Mark “{SPEECH_1[1]}” as not relevant" in page.get_data(as_text=True)
    assert '<form method="post">' in page.get_data(as_text=True)
    done = client.post(urlsplit(link).path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Marked as not relevant" in done.get_data(as_text=True)
    tampered = client.post(urlsplit(link).path[:-2] + "xx")
    assert tampered.status_code == 404 and "not a PaperGist digest link" in tampered.get_json()["error"]["message"]

    # Two readers open a paper: it is trending, and the list that asked for it shows it. arXiv
    # knows it (its OAI-PMH answers, the API being closed here): only a registry's record joins the corpus.
    hot = {"url": "https://arxiv.org/abs/2612.00777", "title": "A paper everyone opens today",
           "abstract": "Everyone on this server opened this paper about evaluation of language models."}
    oai.route("/oai", (200, get_record("2612.00777", hot["title"], hot["abstract"], (("Ada", "Lovelace"),)), OAI),
              when={"verb": "GetRecord", "identifier": "oai:arXiv.org:2612.00777"})
    for address in ("10.0.0.1", "10.0.0.2"):
        assert client.post("/api/v1/papers", json=hot, environ_base={"REMOTE_ADDR": address}).status_code == 202

    # Day 2: the speech paper's negative weighs on the speech paper of the day, in this list only.
    _harvest(redis, settings, DAY_2)
    assert _deliver(redis, settings, lists, DAY_2)[0].endswith("sent by email")
    translation, control = (client.get(f"/api/v1/lists/{name}/digest", headers=auth).get_json()["latest"]
                            for name in ("Translation", "Control"))
    assert translation["day"] == control["day"] == DAY_2.isoformat()
    # Only what joined since day 1: the day's three and the paper the readers submitted.
    assert translation["new_papers"] == control["new_papers"] == 4
    score = {name: {item["paper_id"]: item["score"] for item in digest["items"]}
             for name, digest in (("Translation", translation), ("Control", control))}
    speech_2 = f"arxiv:{SPEECH_2[0]}"
    assert speech_2 in score["Control"]
    assert score["Translation"].get(speech_2, 0) < score["Control"][speech_2] - 0.1
    assert len(smtp.messages) == 2 and speech not in _ids(translation)
    assert translation["trending"] == [{"paper_id": "arxiv:2612.00777", "title": hot["title"], "url": hot["url"],
                                        "opens": 2, "saves": 0}] and control["trending"] == []
    assert "Trending on this server" in smtp.messages[1].get_body(("plain",)).get_content()
    assert [entry.title for entry in feedparser.parse(client.get(urlsplit(feed_url).path).data).entries] == \
        [item["title"] for item in translation["items"]] + [f"Trending on this server, {DAY_2}"] + \
        [item["title"] for item in day_1["items"]]

    # One-click unsubscribe (RFC 8058) from the email's header: the emails stop, the feed stays.
    stopped = client.post(urlsplit(unsubscribe).path, data="List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")
    assert stopped.status_code == 200
    after = client.get("/api/v1/lists/Translation/digest", headers=auth).get_json()
    assert after["subscribed"] and after["email"] is None and after["email_confirmed"] is False
    assert client.get(urlsplit(feed_url).path).status_code == 200

    # A day that brings nothing new makes no digest: the feed and the latest stay as they were.
    day_3 = (DAY_2 + dt.timedelta(days=1)).isoformat()
    assert digest_jobs.deliver(redis, settings, account, "Translation", day_3) == "nothing new"
    quiet = client.get("/api/v1/lists/Translation/digest", headers=auth).get_json()
    assert quiet["last_day"] == day_3 and quiet["latest"] == translation


def test_the_check_waits_for_the_days_harvest_and_queues_each_list_once(tmp_path):
    """check() in this process, on a Redis no worker serves."""
    lonely = RedisServer(tmp_path / "redis").start()
    try:
        redis = lonely.client()
        settings = Settings(redis_url=lonely.url, **UNLIMITED)
        client = create_app(settings).test_client()
        auth, gone = new_account(client), new_account(client)
        for headers in (auth, gone):
            assert client.put("/api/v1/lists/default/digest", headers=headers, json={}).status_code == 201
        assert client.delete("/api/v1/accounts/me", headers=gone).status_code == 204
        corpus.set_status(redis, state="embedding", last_harvest_day=TODAY.isoformat())
        assert digest_jobs.check(redis, settings) == f"waiting for the corpus harvest of {TODAY}"
        corpus.set_status(redis, state="done")
        assert digest_jobs.check(redis, settings) == f"1 digest job queued for {TODAY}"
        assert len(digest_store.subscribers(redis)) == 1  # the deleted account's entry is gone
        assert digest_jobs.check(redis, settings) == f"0 digest jobs queued for {TODAY}"
        [job] = Queue(DIGEST_QUEUE, connection=redis).get_jobs()
        assert job.args[1:] == ("default", TODAY.isoformat())
        # Harvesting off: nothing to wait for; tomorrow is another job.
        tomorrow = TODAY + dt.timedelta(days=1)
        assert digest_jobs.check(redis, settings.replace(harvest="off"), today=tomorrow) == \
            f"1 digest job queued for {tomorrow}"
    finally:
        lonely.stop()
