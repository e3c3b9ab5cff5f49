"""What the workers run: one function per part, JSON-friendly arguments, a few lines each.

A task loads the paper (with its registry's record fetched first, when it has one and it is
due: papers/metadata.py), calls one engine and writes the result through store.py, stamped with
the text it was computed from (parts.py computes it again when the paper's text changes).
Errors the user should read (arXiv has no such paper) are stored as a failed result; anything
else is raised so that RQ retries it and, in the end, marks the job failed.
"""
from __future__ import annotations

from rq import get_current_job

from server import related, summaries
from server.papers import metadata, store, trust
from server.config import load_settings
from server.errors import PaperGistError, PaperNotFoundError
from server.related import dense
from server.corpus import store as corpus

# What a paper without a registry shows while only one reader has sent its text (trust.py).
UNCONFIRMED = ("Nothing to summarize yet: this page has no registry (arXiv, Crossref, DataCite, PubMed, "
               "OpenReview) to check its title and abstract against, and PaperGist shows a page's own text "
               "only once two readers have sent the same. It is tried again when the next reader opens it.")


def summarize_paper(paper_id: str) -> None:
    redis, settings = get_current_job().connection, load_settings()
    engine = summaries.engine_version(settings)
    try:
        paper = _paper_with_text(redis, settings, paper_id)
    except PaperNotFoundError as error:
        return _save_failure(redis, settings, "summary", engine, paper_id, error)
    summary = summaries.summarize(paper.get("title") or "", paper.get("abstract") or "", settings)
    result = {"status": "done", **summary, "text": trust.text_digest(paper)}
    store.save_result(redis, "summary", engine, paper_id, result, settings.summary_ttl_seconds)


def relate_paper(paper_id: str) -> None:
    redis, settings = get_current_job().connection, load_settings()
    engine = related.engine_version()
    try:
        paper = _paper_with_text(redis, settings, paper_id)
    except PaperNotFoundError as error:
        return _save_failure(redis, settings, "related", engine, paper_id, error)
    if paper.get("verified"):
        # Only checked text joins the corpus that everyone's related lists come from: the corpus
        # keeps a paper's first text for good.
        related.add_to_corpus(redis, [paper])
    items = related.find_related(redis, paper, limit=settings.related_limit, settings=settings)
    # The corpus it was computed from: a poll computes it again once that is stale, and the
    # popup says why a list is short while the corpus loads.
    result = {"status": "done", "engine": engine, "items": items, "corpus": corpus.describe(redis, dense.MODEL_NAME),
              "text": trust.text_digest(paper)}
    store.save_result(redis, "related", engine, paper_id, result, settings.related_ttl_seconds)


def verify_paper(paper_id: str) -> None:
    """Ask a paper's registry again (queued by a poll: parts.py queue_verification_if_due); an
    answer that is not the record is kept on the paper, and the next poll tells."""
    redis, settings = get_current_job().connection, load_settings()
    try:
        # The poll that queued it judged it due; as a job it only skips a look-up made just now.
        metadata.verify_paper(redis, settings, paper_id)
    except PaperGistError:
        pass


def fetch_listing_records(paper_ids: list[str]) -> None:
    """Ask arXiv about a listing's papers in one request, ahead of their parts' jobs (queued by
    parts.py queue_listing_look_up; metadata.fetch_listing_records)."""
    redis, settings = get_current_job().connection, load_settings()
    metadata.fetch_listing_records(redis, settings, paper_ids)


def _paper_with_text(redis, settings, paper_id: str) -> dict:
    paper = metadata.verify_paper(redis, settings, paper_id)
    if paper is None:
        raise PaperNotFoundError(f"No paper {paper_id} has been submitted.")
    if not (paper.get("title") or paper.get("abstract")) and paper.get("verification") == "unconfirmed":
        raise PaperNotFoundError(UNCONFIRMED)
    return paper


def _save_failure(redis, settings, part, engine, paper_id, error) -> None:
    result = {"status": "failed", "engine": engine, "error": error.message}
    store.save_result(redis, part, engine, paper_id, result, settings.failure_ttl_seconds)
