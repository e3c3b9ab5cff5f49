"""DataCite's REST API: one DOI it registered (api.datacite.org/dois/{doi}, JSON:API).

The answer is {"data": {"id", "type": "dois", "attributes": {"titles": [{"title"}], "creators":
[{"name", "givenName", "familyName"}], "descriptions": [{"description", "descriptionType"}],
"publicationYear": 2020, ...}}}; an unknown DOI is a 404 with {"errors": [...]}.
"""
from __future__ import annotations

from urllib.parse import quote

from server.clients.registry_http import get, json_of
from server.papers.text import clean
from server.errors import UpstreamUnavailableError

NAME = "DataCite"


def fetch_paper(doi: str, api_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "year"} of a DOI DataCite registered."""
    response = get(f"{api_url.rstrip('/')}/{quote(doi, safe='/')}", registry=NAME, what=f"doi:{doi}",
                   timeout=timeout, accept="application/vnd.api+json")
    attributes = (json_of(response, NAME).get("data") or {}).get("attributes") or {}
    titles = [clean(t.get("title")) for t in attributes.get("titles") or [] if t.get("title")]
    if not titles:
        raise UpstreamUnavailableError(f"{NAME} sent a record without a title")
    abstracts = [clean(d.get("description")) for d in attributes.get("descriptions") or []
                 if d.get("descriptionType") == "Abstract" and d.get("description")]
    year = attributes.get("publicationYear")
    return {
        "title": titles[0],
        "abstract": abstracts[0] if abstracts else "",
        "authors": [_name(c) for c in attributes.get("creators") or [] if c.get("name") or c.get("familyName")],
        "year": int(year) if str(year or "").isdigit() else None,
    }


def _name(creator: dict) -> str:
    if creator.get("givenName") and creator.get("familyName"):
        return clean(f"{creator['givenName']} {creator['familyName']}")
    return clean(creator.get("name") or creator.get("familyName"))
