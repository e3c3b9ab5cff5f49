"""Fill in what a client could not send: a PDF tab gives only the address, so the worker
asks the paper's own registry (arXiv for now) for title, abstract and authors."""
from __future__ import annotations

from server import store
from server.clients import arxiv


def complete_paper(redis, settings, paper: dict) -> dict:
    """The paper with its abstract resolved where a registry knows it; stored for everyone."""
    if paper.get("abstract") or not paper["paper_id"].startswith("arxiv:"):
        return paper
    fetched = arxiv.fetch_paper(
        paper["paper_id"].removeprefix("arxiv:"), settings.arxiv_api_url, settings.upstream_timeout_seconds
    )
    completed = {**paper, **{k: v for k, v in fetched.items() if v and not paper.get(k)}}
    store.replace_paper(redis, completed, settings.paper_ttl_seconds)
    return completed
