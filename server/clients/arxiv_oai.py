"""arXiv's OAI-PMH interface: reading its answers (records in the arXiv metadata format), and
the metadata of one paper (GetRecord, metadataPrefix=arXiv).

One paper is the fallback for when arXiv's API (clients/arxiv.py) fails: one request, one
upstream timeout, no waiting out a Retry-After, so API plus fallback stay within two timeouts.
Its answer has the API client's shape; the arXiv metadata format carries no version number, so
"version" is None. The harvester (corpus/harvest.py) reads its ListRecords pages with the same
read_response() and read_record().
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import requests

from server.papers.text import clean
from server.errors import PaperNotFoundError, UpstreamUnavailableError

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"


class OaiPmhError(RuntimeError):
    """The endpoint's answer was not a usable OAI-PMH document."""


class OaiError(OaiPmhError):
    """The endpoint answered with an OAI-PMH <error> element (badArgument, idDoesNotExist, ...)."""

    def __init__(self, code: str, text: str):
        super().__init__(f"arXiv OAI-PMH error {code}: {text}")
        self.code = code


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
    except OaiPmhError as error:
        raise UpstreamUnavailableError(str(error)) from error
    record = root.find(f"{OAI}GetRecord/{OAI}record")
    paper = read_record(record) if record is not None else None
    if paper is None:  # a deleted record, or a GetRecord with nothing in it
        raise PaperNotFoundError(f"arXiv has no paper {arxiv_id}")
    return {"title": paper["title"], "abstract": paper["abstract"], "authors": paper["authors"], "version": None, "year": None}


def read_response(response: requests.Response) -> ET.Element:
    """The OAI-PMH document of a 200 answer; OaiPmhError for anything else, OaiError for an
    <error> element (except noRecordsMatch, which is an empty list)."""
    if response.status_code != 200:
        raise OaiPmhError(f"arXiv OAI-PMH answered HTTP {response.status_code}")
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as error:
        raise OaiPmhError(f"arXiv OAI-PMH sent unreadable XML: {error}") from None
    if root.tag != f"{OAI}OAI-PMH":  # e.g. a maintenance page that happens to be XHTML
        raise OaiPmhError("arXiv OAI-PMH sent a page that is not an OAI-PMH response")
    error = root.find(f"{OAI}error")
    if error is not None and error.get("code") != "noRecordsMatch":
        raise OaiError(error.get("code") or "unknown", clean(error.text))
    return root


def read_record(record: ET.Element) -> dict | None:
    """{"paper_id", "title", "abstract", "authors", "url", "categories", "date"} of an
    <record> in the arXiv metadata format; None for a deleted or empty record."""
    header = record.find(f"{OAI}header")
    meta = record.find(f"{OAI}metadata/{ARXIV}arXiv")
    if (header is not None and header.get("status") == "deleted") or meta is None:
        return None
    arxiv_id = clean(meta.findtext(f"{ARXIV}id"))
    if not arxiv_id:
        return None
    return {
        "paper_id": f"arxiv:{arxiv_id}",
        "title": clean(meta.findtext(f"{ARXIV}title")),
        "abstract": clean(meta.findtext(f"{ARXIV}abstract")),
        "authors": [_author_name(author) for author in meta.iterfind(f"{ARXIV}authors/{ARXIV}author")],
        "url": f"https://arxiv.org/abs/{arxiv_id}",
        "categories": clean(meta.findtext(f"{ARXIV}categories")).split(),
        "date": clean(header.findtext(f"{OAI}datestamp")) if header is not None else "",
    }


def _author_name(author: ET.Element) -> str:
    """"Forenames Keyname Suffix", as arXiv's API writes names ("Aidan N. Gomez")."""
    parts = (clean(author.findtext(f"{ARXIV}{part}")) for part in ("forenames", "keyname", "suffix"))
    return " ".join(part for part in parts if part)
