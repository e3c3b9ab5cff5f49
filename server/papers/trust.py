"""Whose metadata is shown: the rules that keep one client from rewriting what others see.

Every paper record carries where its title, abstract and authors came from (`metadata_source`),
whether they were checked (`verified`) and how the check stands (`verification`):

- A paper with a registry (arXiv; a DOI: Crossref, then DataCite; a PMID: PubMed; an OpenReview
  forum: OpenReview) shows the registry's record as soon as a worker has fetched it
  (metadata.verify_paper), and nothing a client sends changes it afterwards. Until then the
  first client's text fills in, marked provisional (`verified: false`, `metadata_source:
  "submitter"`, `verification: "pending"`); an id the registry does not know stays unverified
  (`verification: "not_found"`). When the
  registry's text differs, the summary and related list are computed again (parts.py compares
  each result's `text` stamp with the paper's). The address shown is the scheme's own
  (https://arxiv.org/abs/…, https://doi.org/…, https://pubmed.ncbi.nlm.nih.gov/…/,
  https://openreview.net/forum?id=…), never a client's.
- A paper without a registry (url:, acl:, s2:) shows a title, abstract and authors only once
  two independent submitters (two client addresses) have sent the same ones; until
  then it shows its address alone (`verification: "unconfirmed"`), and it gets no summary, since
  a summary would show one client's text to everyone. First-writer-wins would let the first
  client decide for everyone; two agreeing addresses stop a single client, not a crowd.
- A list's save or import never writes the public record: the account keeps its own copy of
  what it sent, shown to it alone (lists/service.py), so deleting the account leaves nothing
  behind either.
"""
from __future__ import annotations

import hashlib
import json

from server.identifiers import normalize_url, url_hash
from server.papers import store

REGISTRY_SCHEMES = ("arxiv", "doi", "pmid", "openreview")
TEXT_FIELDS = ("title", "abstract", "authors")
# Submitters whose claims a paper without a registry keeps (papers/store.py add_claim).
MAX_CLAIMS = 32
AGREEING_SUBMITTERS = 2


def has_registry(paper_id: str) -> bool:
    return paper_id.partition(":")[0] in REGISTRY_SCHEMES


def canonical_url(paper_id: str, submitted_url: str | None = None) -> str | None:
    """The address users are shown for a paper: its scheme's own page, or for a url: paper the
    normalized address its id was made from (None when the address sent is not that one)."""
    scheme, _, value = paper_id.partition(":")
    if scheme == "url":
        return normalize_url(submitted_url) if submitted_url and url_hash(submitted_url) == value else None
    return {
        "arxiv": f"https://arxiv.org/abs/{value}",
        "doi": f"https://doi.org/{value}",
        "pmid": f"https://pubmed.ncbi.nlm.nih.gov/{value}/",
        "openreview": f"https://openreview.net/forum?id={value}",
        "acl": f"https://aclanthology.org/{value}/",
        "s2": f"https://www.semanticscholar.org/paper/{value}",
    }[scheme]


def text_digest(paper: dict | None) -> str:
    """A stamp of the text a summary or related list is computed from (title and abstract)."""
    text = json.dumps([(paper or {}).get("title") or "", (paper or {}).get("abstract") or ""])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def submitter_id(address: str) -> str:
    """Who sent a claim, without keeping the address itself."""
    return hashlib.sha256(f"papergist-submitter|{address}".encode()).hexdigest()[:16]


def accept_submission(redis, settings, paper_id: str, version: int | None, submission: dict, submitter: str) -> None:
    """Store what a client sent for a paper (POST /papers), by the rules above."""
    text = {field: submission[field] for field in TEXT_FIELDS if submission.get(field)}
    url = canonical_url(paper_id, submission.get("url"))
    if has_registry(paper_id):
        provisional = {"verified": False, "verification": "pending",
                       "metadata_source": "submitter" if text else None}
        store.save_paper(redis, {"paper_id": paper_id, "url": url, "ids": submission.get("ids"), "version": version,
                                 **text, **provisional}, settings.paper_ttl_seconds)
        return
    stored = store.get_paper(redis, paper_id) or {}
    claims = (store.add_claim(redis, paper_id, submitter, _claim(text), settings.paper_ttl_seconds, MAX_CLAIMS)
              if text else {})
    agreed = agreed_text(claims)
    if not agreed and stored.get("verified"):
        return  # readers agreed earlier (their claims have since expired): that text stays
    record = {"paper_id": paper_id, "url": url or stored.get("url"), "ids": submission.get("ids") or stored.get("ids"),
              **(agreed or {}), "verified": bool(agreed), "metadata_source": "readers" if agreed else None,
              "verification": "confirmed" if agreed else "unconfirmed"}
    store.replace_paper(redis, {k: v for k, v in record.items() if v is not None}, settings.paper_ttl_seconds)


def agreed_text(claims: dict[str, dict]) -> dict | None:
    """The title, abstract and authors that most submitters sent alike, if at least two did."""
    counts: dict[str, list] = {}
    for claim in claims.values():
        key = json.dumps(claim, sort_keys=True)
        counts.setdefault(key, [0, claim])[0] += 1
    best = max(counts.values(), key=lambda entry: entry[0], default=None)
    return best[1] if best and best[0] >= AGREEING_SUBMITTERS else None


def _claim(text: dict) -> dict:
    """A claim with its whitespace normalized, so that the same page read twice agrees."""
    claim = {field: " ".join(text[field].split()) for field in ("title", "abstract") if field in text}
    if text.get("authors"):
        claim["authors"] = [" ".join(a.split()) for a in text["authors"] if a.strip()]
    return claim
