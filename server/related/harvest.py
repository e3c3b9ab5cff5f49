"""New arXiv papers from arXiv's OAI-PMH interface (ListRecords, metadataPrefix=arXiv).

One request per page, `harvest_delay_seconds` apart as arXiv asks of robots; a 503 with
Retry-After is waited out (a few times at most); pages are followed by resumption token.
Records are kept when one of their categories is wanted; deleted records are skipped.
read_response() and read_record() are this module's OAI-PMH parser, also used for single
records (GetRecord) by clients/arxiv_oai.py when arXiv's API fails.
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import requests

from server.related.text import clean

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
MAX_RETRIES = 3


class HarvestError(RuntimeError):
    pass


class OaiError(HarvestError):
    """The endpoint answered with an OAI-PMH <error> element (badArgument, idDoesNotExist, ...)."""

    def __init__(self, code: str, text: str):
        super().__init__(f"arXiv OAI-PMH error {code}: {text}")
        self.code = code


def harvest(settings, date_from: str, date_until: str | None = None, set_spec: str = "cs",
            categories: set[str] | None = None, sleep=time.sleep) -> Iterator[dict]:
    """Paper dicts ({"paper_id", "title", "abstract", "url", "categories", "date"}) in arXiv's order."""
    params = {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": set_spec, "from": date_from}
    if date_until:
        params["until"] = date_until
    first = True
    while params:
        if not first:
            sleep(settings.harvest_delay_seconds)
        first = False
        root = _fetch(settings, params, sleep)
        for record in root.iter(f"{OAI}record"):
            paper = read_record(record)
            if paper and (not categories or categories & set(paper["categories"])):
                yield paper
        token = root.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        params = {"verb": "ListRecords", "resumptionToken": token.text.strip()} if token is not None and token.text else None


def _fetch(settings, params: dict, sleep) -> ET.Element:
    for attempt in range(MAX_RETRIES + 1):
        try:
            response = requests.get(settings.arxiv_oai_url, params=params, timeout=settings.upstream_timeout_seconds * 6)
        except requests.RequestException as error:
            raise HarvestError(f"arXiv OAI-PMH is unreachable: {error}") from None
        if response.status_code == 503 and attempt < MAX_RETRIES:
            sleep(float(response.headers.get("Retry-After", "10") or 10))
            continue
        return read_response(response)
    raise HarvestError("arXiv OAI-PMH stayed busy (503)")


def read_response(response: requests.Response) -> ET.Element:
    """The OAI-PMH document of a 200 answer; HarvestError for anything else, OaiError for an
    <error> element (except noRecordsMatch, which is an empty list)."""
    if response.status_code != 200:
        raise HarvestError(f"arXiv OAI-PMH answered HTTP {response.status_code}")
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as error:
        raise HarvestError(f"arXiv OAI-PMH sent unreadable XML: {error}") from None
    if root.tag != f"{OAI}OAI-PMH":  # e.g. a maintenance page that happens to be XHTML
        raise HarvestError("arXiv OAI-PMH sent a page that is not an OAI-PMH response")
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
    parts = (author.findtext(f"{ARXIV}{part}") for part in ("forenames", "keyname", "suffix"))
    return " ".join(clean(part) for part in parts if clean(part))
