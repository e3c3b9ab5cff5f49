"""New arXiv papers from arXiv's OAI-PMH interface (ListRecords, metadataPrefix=arXiv).

One request per page, `harvest_delay_seconds` apart as arXiv asks of robots; a 503 with
Retry-After is waited out (a few times at most); pages are followed by resumption token.
Records are kept when one of their categories is wanted; deleted records are skipped. The
answers are read by clients/arxiv_oai.py, which also fetches single records when arXiv's API fails.

harvest() walks every page in one call (the `harvest` command); fetch_page() reads one page
and leaves the waiting to its caller, so the workers' corpus jobs (corpus/bootstrap.py) can give
each page a job of its own and spend the pauses on users' work instead of sleeping.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from server.clients.arxiv_oai import OAI, OaiPmhError, read_record, read_response

MAX_RETRIES = 3
DEFAULT_RETRY_AFTER_SECONDS = 10.0


class HarvestError(RuntimeError):
    pass


class Busy(HarvestError):
    """arXiv answered 503: ask again after `retry_after` seconds."""

    def __init__(self, retry_after: float):
        super().__init__(f"arXiv OAI-PMH is busy (503, Retry-After {retry_after:g} s)")
        self.retry_after = retry_after


@dataclass
class Page:
    papers: list[dict]                 # the wanted records of the page, deleted ones left out
    records: int                       # every record on the page, deleted and unwanted included
    token: str | None                  # resumption token of the next page; None on the last
    complete_list_size: int | None     # records in the whole list, when arXiv says (it does)


def first_page_params(date_from: str, date_until: str | None = None, set_spec: str = "cs") -> dict:
    params = {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": set_spec, "from": date_from}
    if date_until:
        params["until"] = date_until
    return params


def next_page_params(token: str) -> dict:
    return {"verb": "ListRecords", "resumptionToken": token}


def harvest(settings, date_from: str, date_until: str | None = None, set_spec: str = "cs",
            categories: set[str] | None = None, sleep=time.sleep) -> Iterator[dict]:
    """Paper dicts ({"paper_id", "title", "abstract", "url", "categories", "date"}) in arXiv's order."""
    params = first_page_params(date_from, date_until, set_spec)
    first = True
    while params:
        if not first:
            sleep(settings.harvest_delay_seconds)
        first = False
        page = _fetch_waiting(settings, params, categories, sleep)
        yield from page.papers
        params = next_page_params(page.token) if page.token else None


def fetch_page(settings, params: dict, categories: set[str] | None = None) -> Page:
    """One ListRecords page: Busy on a 503, HarvestError when arXiv cannot be read."""
    timeout = settings.upstream_timeout_seconds * 6
    try:
        response = requests.get(settings.arxiv_oai_url, params=params, timeout=timeout)
    # requests' own messages run to several lines of pool and socket detail: a log line and the
    # corpus status say what happened in words.
    except requests.Timeout:
        raise HarvestError(f"arXiv OAI-PMH did not answer within {timeout:g} s") from None
    except requests.ConnectionError:
        host = urlsplit(settings.arxiv_oai_url).netloc
        raise HarvestError(f"arXiv OAI-PMH is unreachable (no connection to {host})") from None
    except requests.RequestException as error:
        raise HarvestError(f"arXiv OAI-PMH is unreachable ({error.__class__.__name__})") from None
    if response.status_code == 503:
        raise Busy(float(response.headers.get("Retry-After", "") or DEFAULT_RETRY_AFTER_SECONDS))
    try:
        root = read_response(response)
    except OaiPmhError as error:
        raise HarvestError(str(error)) from None
    papers, records = [], 0
    for record in root.iter(f"{OAI}record"):
        records += 1
        paper = read_record(record)
        if paper and (not categories or categories & set(paper["categories"])):
            papers.append(paper)
    token = root.find(f"{OAI}ListRecords/{OAI}resumptionToken")
    size = token.get("completeListSize") if token is not None else None
    return Page(papers=papers, records=records,
                token=token.text.strip() if token is not None and token.text and token.text.strip() else None,
                complete_list_size=int(size) if size and size.isdigit() else None)


def _fetch_waiting(settings, params: dict, categories, sleep) -> Page:
    for attempt in range(MAX_RETRIES + 1):
        try:
            return fetch_page(settings, params, categories)
        except Busy as busy:
            if attempt == MAX_RETRIES:
                break
            sleep(busy.retry_after)
    raise HarvestError("arXiv OAI-PMH stayed busy (503)")
