"""arXiv's API: the metadata of papers by their ids (Atom feed, export.arxiv.org/api/query).

The address fetched is the configured API URL plus ids that identifiers.py has validated:
never an address a client sent, so the service cannot be pointed at other hosts.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import requests

from server.papers.text import clean
from server.errors import PaperNotFoundError, UpstreamUnavailableError

ATOM = "{http://www.w3.org/2005/Atom}"
_VERSION = re.compile(r"v(\d+)$")
# An entry's <id>: http://arxiv.org/abs/2606.12345v2, or an old-style .../abs/math/0502036v1.
_ENTRY_ID = re.compile(r"/abs/(.+?)(?:v\d+)?$")


def fetch_paper(arxiv_id: str, api_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "version", "year"} for an arXiv id (without version)."""
    entries = _feed_entries(api_url, {"id_list": arxiv_id, "max_results": 1}, timeout)
    # arXiv answers an unknown id with an entry titled "Error" (or no entry at all).
    if not entries or _is_error(entries[0]):
        raise PaperNotFoundError(f"arXiv has no paper {arxiv_id}")
    return _record(entries[0])


def fetch_papers(arxiv_ids: list[str], api_url: str, timeout: float) -> dict[str, dict]:
    """{arxiv_id: record as fetch_paper gives it} for those of the ids arXiv answers about, in
    one request (a listing page's papers: arXiv asks for no more than one request every 3 s).
    An id missing from the answer is left to fetch_paper, which tells an unknown id apart."""
    entries = _feed_entries(api_url, {"id_list": ",".join(arxiv_ids), "max_results": len(arxiv_ids)}, timeout)
    records = {}
    for entry in entries:
        found = _ENTRY_ID.search(entry.findtext(f"{ATOM}id", "").strip())
        if found and not _is_error(entry) and found.group(1) in arxiv_ids:
            records[found.group(1)] = _record(entry)
    return records


def _feed_entries(api_url: str, params: dict, timeout: float) -> list[ET.Element]:
    try:
        response = requests.get(api_url, params=params, timeout=timeout)
    except requests.RequestException as error:
        raise UpstreamUnavailableError(f"arXiv did not answer: {error.__class__.__name__}") from error
    if response.status_code != 200:
        raise UpstreamUnavailableError(f"arXiv answered HTTP {response.status_code}")
    try:
        feed = ET.fromstring(response.content)
    except ET.ParseError as error:
        raise UpstreamUnavailableError("arXiv sent a response that is not valid XML") from error
    if feed.tag != f"{ATOM}feed":  # e.g. a maintenance page served with status 200
        raise UpstreamUnavailableError("arXiv sent a page that is not an Atom feed")
    return feed.findall(f"{ATOM}entry")


def _is_error(entry: ET.Element) -> bool:
    return entry.findtext(f"{ATOM}title", "").strip() == "Error"


def _record(entry: ET.Element) -> dict:
    version = _VERSION.search(entry.findtext(f"{ATOM}id", ""))
    published = entry.findtext(f"{ATOM}published", "")[:4]
    return {
        "title": clean(entry.findtext(f"{ATOM}title", "")),
        "abstract": clean(entry.findtext(f"{ATOM}summary", "")),
        "authors": [clean(a.findtext(f"{ATOM}name", "")) for a in entry.findall(f"{ATOM}author")],
        "version": int(version.group(1)) if version else None,
        "year": int(published) if published.isdigit() else None,
    }
