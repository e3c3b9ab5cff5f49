"""arXiv's API: the metadata of one paper by its id (Atom feed, export.arxiv.org/api/query).

The address fetched is the configured API URL plus an id that identifiers.py has validated:
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


def fetch_paper(arxiv_id: str, api_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "version", "year"} for an arXiv id (without version)."""
    try:
        response = requests.get(api_url, params={"id_list": arxiv_id, "max_results": 1}, timeout=timeout)
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
    entry = feed.find(f"{ATOM}entry")
    # arXiv answers an unknown id with an entry titled "Error" (or no entry at all).
    if entry is None or entry.findtext(f"{ATOM}title", "").strip() == "Error":
        raise PaperNotFoundError(f"arXiv has no paper {arxiv_id}")
    version = _VERSION.search(entry.findtext(f"{ATOM}id", ""))
    published = entry.findtext(f"{ATOM}published", "")[:4]
    return {
        "title": clean(entry.findtext(f"{ATOM}title", "")),
        "abstract": clean(entry.findtext(f"{ATOM}summary", "")),
        "authors": [clean(a.findtext(f"{ATOM}name", "")) for a in entry.findall(f"{ATOM}author")],
        "version": int(version.group(1)) if version else None,
        "year": int(published) if published.isdigit() else None,
    }
