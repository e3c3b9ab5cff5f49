"""New arXiv papers from arXiv's OAI-PMH interface (ListRecords, metadataPrefix=arXiv).

One request per page, `harvest_delay_seconds` apart as arXiv asks of robots; a 503 with
Retry-After is waited out (a few times at most); pages are followed by resumption token.
Records are kept when one of their categories is wanted; deleted records are skipped. The
answers are read by clients/arxiv_oai.py, which also fetches single records when arXiv's API fails.
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import requests

from server.clients.arxiv_oai import OAI, OaiPmhError, read_record, read_response

MAX_RETRIES = 3


class HarvestError(RuntimeError):
    pass


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
        try:
            return read_response(response)
        except OaiPmhError as error:
            raise HarvestError(str(error)) from None
    raise HarvestError("arXiv OAI-PMH stayed busy (503)")
