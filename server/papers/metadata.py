"""Fill in what a client could not send: a PDF tab gives only the address, so the worker
asks the paper's own registry (arXiv for now) for title, abstract and authors.

arXiv's API is often busy (429, 503, timeouts); when it fails, though not when it says the
paper does not exist, the same record is asked of arXiv's OAI-PMH interface. Each source gets
one upstream timeout, so the chain takes at most about two; a 429's Retry-After is not waited
out (the fallback is asked at once). When both fail the job fails, saying so, and RQ retries it.
"""
from __future__ import annotations

import logging

from server.papers import store
from server.clients import arxiv, arxiv_oai
from server.errors import UpstreamUnavailableError

log = logging.getLogger(__name__)


def complete_paper(redis, settings, paper: dict) -> dict:
    """The paper with its abstract resolved where a registry knows it; stored for everyone."""
    if paper.get("abstract") or not paper["paper_id"].startswith("arxiv:"):
        return paper
    fetched = fetch_arxiv_paper(paper["paper_id"].removeprefix("arxiv:"), settings)
    completed = {**paper, **{k: v for k, v in fetched.items() if v and not paper.get(k)}}
    store.replace_paper(redis, completed, settings.paper_ttl_seconds)
    return completed


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
