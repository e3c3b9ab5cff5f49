"""arXiv's OAI-PMH interface: the metadata of one paper (GetRecord, metadataPrefix=arXiv).

The fallback for when arXiv's API (clients/arxiv.py) fails: one request, one upstream
timeout, no waiting out a Retry-After, so API plus fallback stay within two timeouts. The
answer has the API client's shape; the arXiv metadata format carries no version number, so
"version" is None. Parsing is the harvester's (related/harvest.py), the same record format.
"""
from __future__ import annotations

import requests

from server.errors import PaperNotFoundError, UpstreamUnavailableError
from server.related.harvest import OAI, HarvestError, OaiError, read_record, read_response


def fetch_paper(arxiv_id: str, oai_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "version"} for an arXiv id (without version)."""
    params = {"verb": "GetRecord", "identifier": f"oai:arXiv.org:{arxiv_id}", "metadataPrefix": "arXiv"}
    try:
        response = requests.get(oai_url, params=params, timeout=timeout)
    except requests.RequestException as error:
        raise UpstreamUnavailableError(f"arXiv OAI-PMH did not answer: {error.__class__.__name__}") from error
    try:
        root = read_response(response)
    except OaiError as error:
        if error.code == "idDoesNotExist":
            raise PaperNotFoundError(f"arXiv has no paper {arxiv_id}") from error
        raise UpstreamUnavailableError(str(error)) from error
    except HarvestError as error:
        raise UpstreamUnavailableError(str(error)) from error
    record = root.find(f"{OAI}GetRecord/{OAI}record")
    paper = read_record(record) if record is not None else None
    if paper is None:  # a deleted record, or a GetRecord with nothing in it
        raise PaperNotFoundError(f"arXiv has no paper {arxiv_id}")
    return {"title": paper["title"], "abstract": paper["abstract"], "authors": paper["authors"], "version": None}
