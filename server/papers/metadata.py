"""The registries' word on a paper: a worker fetches the record of a paper whose id has a
registry (arXiv; a DOI: Crossref, then DataCite; a PMID: PubMed's E-utilities; an OpenReview
forum: OpenReview's API), and it replaces whatever clients sent (papers/trust.py says why and
what is shown meanwhile).

arXiv's API is often busy (429, 503, timeouts); when it fails, though not when it says the
paper does not exist, the same record is asked of arXiv's OAI-PMH interface. Each source gets
one upstream timeout, so the chain takes at most about two; a 429's Retry-After is not waited
out (the fallback is asked at once).

The verified record is the cache: a paper is fetched once (two parts' jobs starting together
take a lock, and the second reads what the first stored). A listing page's arXiv papers are
fetched together, in one request, by a job queued ahead of theirs (fetch_listing_records). An
unverified paper is asked about again by each new job for it (jobs run when a part is queued:
at most once a `failure_ttl_seconds` for a failed one), and by a poll's verify job (parts.py)
after `failure_ttl_seconds` when the registry failed or `registry_recheck_seconds` when it said
"no such paper".
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager

from redis.exceptions import LockError

from server.corpus import store as corpus_store
from server.papers import store, trust
from server.clients import arxiv, arxiv_oai, crossref, datacite, openreview, pubmed
from server.errors import PaperNotFoundError, UpstreamUnavailableError

log = logging.getLogger(__name__)


def verify_paper(redis, settings, paper_id: str, *, from_poll: bool = False) -> dict | None:
    """The paper as everyone sees it, with its registry's record fetched first when it is due.
    Raises PaperNotFoundError (the registry has no such paper) or UpstreamUnavailableError (it
    did not answer) only when there is no text to fall back on; otherwise the paper stays
    provisional and is returned as it is."""
    paper = store.get_paper(redis, paper_id)
    if not trust.has_registry(paper_id) or not is_due(paper, settings, from_poll=from_poll):
        return paper
    with _asking_alone(redis, paper_id, settings):
        paper = store.get_paper(redis, paper_id)
        if not is_due(paper, settings, from_poll=from_poll):
            return paper  # the other part's job has just asked
        paper = paper or {"paper_id": paper_id, "url": trust.canonical_url(paper_id)}
        try:
            source, record = (harvested_record(redis, paper_id) or store.get_fetched_record(redis, paper_id)
                              or fetch_record(paper_id, settings))
        except (PaperNotFoundError, UpstreamUnavailableError) as error:
            missing = isinstance(error, PaperNotFoundError)
            if not (missing or store.get_paper(redis, paper_id)):
                raise  # nothing to keep: a paper only saved by id, and the registry did not answer
            checked = {**paper, "verified": False, "verification": "not_found" if missing else "pending",
                       "checked_at": time.time()}
            store.replace_paper(redis, checked, settings.paper_ttl_seconds)
            if not (paper.get("title") or paper.get("abstract")):
                raise
            log.warning("%s stays provisional: %s", paper_id, error.message)
            return checked
        scheme, _, value = paper_id.partition(":")
        # Nothing a client sent survives: not its text, its link, nor the other ids it claimed.
        verified = {**paper, **{k: v for k, v in record.items() if v is not None}, "ids": {scheme: value},
                    "url": trust.canonical_url(paper_id), "verified": True, "metadata_source": source,
                    "verification": "verified", "checked_at": time.time()}
        verified["version"] = record.get("version") or paper.get("version")
        store.replace_paper(redis, verified, settings.paper_ttl_seconds)
        return verified


# How long a job waits for the other part's job to finish asking, before asking itself: long
# enough for a registry answering as usual, short enough that a job killed mid-look-up (its lock
# held until the lock's own timeout) holds no one up for long.
LOCK_WAIT_SECONDS = 3.0


@contextmanager
def _asking_alone(redis, paper_id: str, settings):
    """Hold the paper's look-up lock if it comes within LOCK_WAIT_SECONDS; go on without it otherwise."""
    lock = _look_up_lock(redis, paper_id, settings)
    held = lock.acquire(blocking_timeout=LOCK_WAIT_SECONDS)
    try:
        yield
    finally:
        if held:
            _release(lock)


def _look_up_lock(redis, paper_id: str, settings):
    return redis.lock(store.verify_lock_key(paper_id), timeout=2 * settings.upstream_timeout_seconds + 5)


def _release(lock) -> None:
    try:
        lock.release()
    except LockError:  # it outlived its timeout, and another job's lock replaced it
        pass


def is_due(paper: dict | None, settings, *, from_poll: bool) -> bool:
    """Whether the registry should be asked about a paper now (see the module's comment)."""
    if paper is None:
        return True
    if paper.get("verified") or not trust.has_registry(paper["paper_id"]):
        return False
    if not from_poll:  # a job: unless the other part's job asked a moment ago, and left it some text
        if not (paper.get("title") or paper.get("abstract")):
            return True
        wait = 2 * settings.upstream_timeout_seconds
    elif "checked_at" not in paper:
        return False  # never asked: the jobs its submission queued are about to
    elif paper.get("verification") == "not_found":
        wait = settings.registry_recheck_seconds
    else:
        wait = settings.failure_ttl_seconds
    return time.time() - paper.get("checked_at", 0) >= wait


def harvested_record(redis, paper_id: str) -> tuple[str, dict] | None:
    """("arxiv", record) when the corpus holds the paper as the OAI-PMH harvest read it from arXiv
    (a listing page's papers mostly are: no request to arXiv, which asks for one every 3 s).
    Harvested records carry arXiv's categories, which no client can send; a paper that joined
    the corpus from a submission has none."""
    if not paper_id.startswith("arxiv:"):
        return None
    [record] = corpus_store.get_papers(redis, [paper_id])
    if not _harvested(record):
        return None
    log.info("metadata of %s from the harvested corpus", paper_id)
    return "arxiv", {"title": record["title"], "abstract": record.get("abstract") or "",
                     "authors": record.get("authors") or [], "year": record.get("year")}


def _harvested(record: dict | None) -> bool:
    return bool(record and record.get("categories") and record.get("title"))


# How long records fetched for a listing's papers wait for those papers' jobs: a page's jobs queue
# behind every single paper and every earlier page, so minutes on a busy service.
FETCHED_TTL_SECONDS = 30 * 60


def fetch_listing_records(redis, settings, paper_ids: list[str]) -> int:
    """Ask arXiv once for the listing's papers that its jobs would each ask about (unverified,
    not harvested), and keep the records for those jobs (verify_paper): one request a page
    instead of one a paper. Whatever it does not get, each paper's job asks for as before.
    Returns how many records it kept."""
    arxiv_ids = [paper_id for paper_id in paper_ids if paper_id.startswith("arxiv:")]
    papers, corpus = store.get_papers(redis, arxiv_ids), corpus_store.get_papers(redis, arxiv_ids)
    due = [paper_id for paper_id, record in zip(arxiv_ids, corpus)
           if is_due(papers.get(paper_id), settings, from_poll=False) and not _harvested(record)]
    # Each paper's look-up lock, as its own job would take it: a job another worker starts
    # meanwhile waits for this request (LOCK_WAIT_SECONDS) instead of making its own. A paper
    # whose lock is taken is being asked about already.
    locks = {paper_id: _look_up_lock(redis, paper_id, settings) for paper_id in due}
    locks = {paper_id: lock for paper_id, lock in locks.items() if lock.acquire(blocking=False)}
    try:
        if len(locks) < 2:
            return 0  # one paper's own job asks as cheaply
        arxiv_ids = [paper_id.partition(":")[2] for paper_id in locks]
        try:
            fetched = arxiv.fetch_papers(arxiv_ids, settings.arxiv_api_url, settings.upstream_timeout_seconds)
        except UpstreamUnavailableError as error:
            log.warning("arXiv API failed for a listing's %d papers (%s); each paper's job asks",
                        len(arxiv_ids), error.message)
            return 0
        store.save_fetched_records(redis, {f"arxiv:{arxiv_id}": ("arxiv", record)
                                           for arxiv_id, record in fetched.items()}, FETCHED_TTL_SECONDS)
        log.info("metadata of %d of a listing's %d papers from one arXiv API request", len(fetched), len(arxiv_ids))
        return len(fetched)
    finally:
        for lock in locks.values():
            _release(lock)


def fetch_record(paper_id: str, settings) -> tuple[str, dict]:
    """(source, {"title", "abstract", "authors", "year"[, "version"]}) from the paper's registry."""
    scheme, _, value = paper_id.partition(":")
    timeout = settings.upstream_timeout_seconds
    if scheme == "arxiv":
        return "arxiv", fetch_arxiv_paper(value, settings)
    if scheme == "pmid":
        return "pubmed", pubmed.fetch_paper(value, settings.pubmed_efetch_url, timeout)
    if scheme == "openreview":
        return "openreview", openreview.fetch_paper(value, settings.openreview_api_url,
                                                    settings.openreview_v1_api_url, timeout)
    try:
        return "crossref", crossref.fetch_paper(value, settings.crossref_api_url, timeout)
    except PaperNotFoundError:
        # Crossref registers most papers' DOIs; DataCite those of preprint servers, data and software.
        try:
            return "datacite", datacite.fetch_paper(value, settings.datacite_api_url, timeout)
        except PaperNotFoundError:
            raise PaperNotFoundError(f"Neither Crossref nor DataCite has a record of {paper_id}") from None


def fetch_arxiv_paper(arxiv_id: str, settings) -> dict:
    """{"title", "abstract", "authors", "version"} from arXiv's API, or from OAI-PMH when the
    API fails. PaperNotFoundError from whichever answered; UpstreamUnavailableError if neither did."""
    timeout = settings.upstream_timeout_seconds
    try:
        fetched = arxiv.fetch_paper(arxiv_id, settings.arxiv_api_url, timeout)
    except UpstreamUnavailableError as api_error:
        log.warning("arXiv API failed for %s (%s); asking OAI-PMH", arxiv_id, api_error.message)
        try:
            fetched = arxiv_oai.fetch_paper(arxiv_id, settings.arxiv_oai_url, timeout)
        except UpstreamUnavailableError as oai_error:
            raise UpstreamUnavailableError(
                f"PaperGist could not get this paper's title and abstract from arXiv (its API and OAI-PMH "
                f"both failed: {api_error.message}; {oai_error.message}). Open the paper's abstract page, "
                f"https://arxiv.org/abs/{arxiv_id}, so that the extension sends them itself, or check that "
                "this server can reach arXiv; the next visit tries again.") from oai_error
        log.info("metadata of %s from arXiv OAI-PMH", arxiv_id)
        return fetched
    log.info("metadata of %s from the arXiv API", arxiv_id)
    return fetched
