"""What the workers run: one function per part, JSON-friendly arguments, a few lines each.

A task loads the paper, calls one engine and writes the result through store.py. Errors the
user should read (arXiv has no such paper) are stored as a failed result; anything else is
raised so that RQ retries it and, in the end, marks the job failed.
"""
from __future__ import annotations

from rq import get_current_job

from server import related, summaries
from server.papers import metadata
from server.papers import store
from server.config import load_settings
from server.errors import PaperNotFoundError
from server.related import dense
from server.corpus import store as corpus


def summarize_paper(paper_id: str) -> None:
    redis, settings = get_current_job().connection, load_settings()
    engine = summaries.engine_version(settings)
    try:
        paper = metadata.complete_paper(redis, settings, store.get_paper(redis, paper_id))
    except PaperNotFoundError as error:
        return _save_failure(redis, settings, "summary", engine, paper_id, error)
    summary = summaries.summarize(paper.get("title") or "", paper.get("abstract") or "", settings)
    store.save_result(redis, "summary", engine, paper_id, {"status": "done", **summary}, settings.summary_ttl_seconds)


def relate_paper(paper_id: str) -> None:
    redis, settings = get_current_job().connection, load_settings()
    engine = related.engine_version()
    try:
        paper = metadata.complete_paper(redis, settings, store.get_paper(redis, paper_id))
    except PaperNotFoundError as error:
        return _save_failure(redis, settings, "related", engine, paper_id, error)
    related.add_to_corpus(redis, [paper])
    items = related.find_related(redis, paper, limit=settings.related_limit, settings=settings)
    # The corpus it was computed from: a poll computes it again once that is stale, and the
    # popup says why a list is short while the corpus loads.
    result = {"status": "done", "engine": engine, "items": items, "corpus": corpus.describe(redis, dense.MODEL_NAME)}
    store.save_result(redis, "related", engine, paper_id, result, settings.related_ttl_seconds)


def _save_failure(redis, settings, part, engine, paper_id, error) -> None:
    result = {"status": "failed", "engine": engine, "error": error.message}
    store.save_result(redis, part, engine, paper_id, result, settings.failure_ttl_seconds)
