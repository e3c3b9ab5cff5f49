"""Semantic Scholar's recommendations API as an optional second source of related papers.

GET {base}/recommendations/v1/papers/forpaper/{id}?fields=...&limit=N, with the key (if any)
in the x-api-key header. Any failure (outage, 429 rate limit, bad JSON, an id S2 cannot take)
gives an empty list and a log line: the local engine's list then stands alone.
"""
from __future__ import annotations

import logging
from urllib.parse import quote

import requests

FIELDS = "title,url,abstract,externalIds"
log = logging.getLogger(__name__)

# PaperGist id scheme -> the prefix S2 takes for it (openreview ids have none).
_S2_PREFIX = {"arxiv": "arXiv:", "doi": "DOI:", "pmid": "PMID:", "acl": "ACL:", "s2": ""}


def s2_id(paper_id: str) -> str | None:
    scheme, _, value = paper_id.partition(":")
    prefix = _S2_PREFIX.get(scheme)
    return None if prefix is None else prefix + value


def paper_id_of(item: dict) -> str:
    """The PaperGist id of an S2 paper: its arXiv id when it has one, then DOI, else s2:<id>."""
    external = item.get("externalIds") or {}
    if external.get("ArXiv"):
        return f"arxiv:{external['ArXiv']}"
    if external.get("DOI"):
        return f"doi:{external['DOI'].lower()}"
    return f"s2:{item.get('paperId')}"


def recommend(settings, paper_id: str, limit: int) -> list[dict]:
    """Recommended papers as {"paper_id", "title", "abstract", "url"}; [] on any failure."""
    target = s2_id(paper_id)
    if target is None:
        return []
    url = f"{settings.semantic_scholar_url.rstrip('/')}/recommendations/v1/papers/forpaper/{quote(target, safe=':')}"
    headers = {"x-api-key": settings.semantic_scholar_api_key} if settings.semantic_scholar_api_key else {}
    timeout = settings.semantic_scholar_timeout_seconds
    try:
        response = requests.get(url, params={"fields": FIELDS, "limit": limit}, headers=headers, timeout=timeout)
        if response.status_code != 200:
            log.warning("Semantic Scholar answered %s for %s; local results only", response.status_code, paper_id)
            return []
        papers = response.json().get("recommendedPapers") or []
    except (requests.RequestException, ValueError, AttributeError) as error:
        log.warning("Semantic Scholar failed for %s (%s); local results only", paper_id, error)
        return []
    return [{"paper_id": paper_id_of(p), "title": p.get("title") or "", "abstract": p.get("abstract") or "",
             "url": p.get("url") or f"https://www.semanticscholar.org/paper/{p.get('paperId')}"}
            for p in papers if isinstance(p, dict) and p.get("paperId")]


def merge(local: list[dict], remote: list[dict], paper: dict, limit: int) -> list[dict]:
    """Alternate local and S2 items (local first), dropping repeats and the paper itself."""
    merged, seen = [], {paper["paper_id"]}
    for position in range(max(len(local), len(remote))):
        for items, source in ((local, "local"), (remote, "semantic_scholar")):
            if position < len(items) and items[position]["paper_id"] not in seen:
                item = items[position]
                seen.add(item["paper_id"])
                merged.append(item if source == "local" else {
                    "paper_id": item["paper_id"], "title": item["title"], "url": item["url"],
                    "score": None, "why": item.get("why", []), "source": source})
    return merged[:limit]
