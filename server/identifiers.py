"""Every way of reaching a paper maps to one canonical id, `scheme:value`.

    arxiv:2401.01234   arxiv:math/0502036   doi:10.1101/2024.01.02.573921   openreview:rJXMpikCZ
    acl:2023.acl-long.1   pmid:31452104   s2:<40 hex>   url:<16 hex of the normalized address>

The arXiv (or bioRxiv) version is not part of the id; it is returned beside it, so that every
version of a paper shares one cache entry. Explicit ids win over what the address says.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from server.errors import InvalidPaperIdError

SCHEMES = ("arxiv", "doi", "openreview", "acl", "pmid", "s2", "url")

# One grammar for ids in paths, query strings and bodies: ASCII digits only (Python's \d also
# matches ١٧٠٦, which would make a second id for the same paper), no space, control, invisible
# format character or lone surrogate in a DOI (the DOI Handbook allows other Unicode, and pages
# do carry such DOIs), and these lengths. The API's schemas and OpenAPI document take theirs from here.
MAX_ID_CHARS = 300  # `scheme:value` as sent, before it is parsed
MAX_DOI_CHARS = 256
MAX_VALUE_CHARS = {"arxiv": 64, "doi": MAX_DOI_CHARS, "openreview": 64, "acl": 64, "pmid": 16, "s2": 64}

ARXIV_NEW = r"[0-9]{4}\.[0-9]{4,5}"
ARXIV_OLD = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/[0-9]{7}"
_ARXIV = re.compile(rf"(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v(?P<version>[0-9]+))?(?![0-9])", re.I)
DOI_PREFIX = r"10\.[0-9]{4,9}/"
_DOI = re.compile(rf"{DOI_PREFIX}[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]+")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<rest>.+)", re.I)
_RXIV_DOI = re.compile(r"(?P<doi>10\.1101/(?:[0-9]{4}\.[0-9]{2}\.[0-9]{2}\.)?[0-9]{6,})(?:v(?P<version>[0-9]+))?")
_ACL = re.compile(r"(?P<id>[A-Z][0-9]{2}-[0-9]{4}|[0-9]{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.[0-9]+)", re.I)
_S2 = re.compile(r"[0-9a-f]{40}", re.I)
_OPENREVIEW = re.compile(r"[A-Za-z0-9_\-]{5,40}")
_PMID = re.compile(r"[0-9]{1,9}")
_URL_HASH = re.compile(r"[0-9a-f]{16}")
# What no address or id may hold: controls, spaces inside, and lone surrogates (JSON's "\ud800"
# decodes to one; no UTF-8 can hold it, so hashing or storing it would fail).
UNSAFE_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f-\x9f\ud800-\udfff]")

# Each scheme's values as the OpenAPI document publishes them (ECMA-262 syntax, each part bounded
# to fit MAX_VALUE_CHARS): canonical values, plus the arXiv versions clients add. Every id they
# match parses; they leave out DOIs beyond printable ASCII, and those with `%`, which parse_id reads
# percent-decoded.
VALUE_PATTERNS = {
    "arxiv": r"([0-9]{4}\.[0-9]{4,5}|[a-z]{1,12}(-[a-z]{1,12})?(\.[A-Z]{2})?/[0-9]{7})(v[1-9][0-9]{0,3})?",
    "doi": rf"{DOI_PREFIX}[!-$&-~]{{1,{MAX_DOI_CHARS - len('10.123456789/')}}}",
    "openreview": r"[A-Za-z0-9_-]{5,40}",
    "acl": r"([A-Z][0-9]{2}-[0-9]{4}|[0-9]{4}\.[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,2}\.[0-9]{1,6})",
    "pmid": r"[1-9][0-9]{0,8}",
    "s2": r"[0-9a-f]{40}",
    "url": r"[0-9a-f]{16}",
}
PAPER_ID_PATTERN = "^(" + "|".join(f"{scheme}:{pattern}" for scheme, pattern in VALUE_PATTERNS.items()) + ")$"

# Hosts whose paths carry an arXiv id, and the path prefixes that lead to it.
_ARXIV_HOSTS = {
    "arxiv.org": ("abs/", "pdf/", "html/", "format/", "ps/"),
    "export.arxiv.org": ("abs/", "pdf/", "html/"),
    "ar5iv.labs.arxiv.org": ("html/",),
    "ar5iv.org": ("html/", "abs/"),
    "alphaxiv.org": ("abs/", "pdf/", "overview/"),
    "huggingface.co": ("papers/",),
    "scirate.com": ("arxiv/",),
}
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|ref|source)$", re.I)


@dataclass(frozen=True)
class PaperRef:
    paper_id: str
    version: int | None = None


def identify(url: str, ids: dict[str, str] | None = None, version: int | None = None) -> PaperRef:
    """The canonical id for a paper sent as an address plus optional explicit ids."""
    for scheme in SCHEMES[:-1]:
        value = (ids or {}).get(scheme)
        if value:
            try:
                ref = parse_id(f"{scheme}:{value}")
            except InvalidPaperIdError as error:
                raise InvalidPaperIdError(error.message, {"ids": {scheme: [error.message]}}) from None
            return PaperRef(ref.paper_id, version or ref.version)
    ref = from_url(url)
    return PaperRef(ref.paper_id, version or ref.version)


def parse_id(text: str) -> PaperRef:
    """Parse `scheme:value` (as typed by a user or sent in a path) into its canonical form."""
    if len(text) > MAX_ID_CHARS:
        raise InvalidPaperIdError(f"a paper id has at most {MAX_ID_CHARS} characters; this one has {len(text)}")
    scheme, sep, value = text.strip().partition(":")
    scheme, value = scheme.lower(), value.strip()
    if not sep or not value:
        raise InvalidPaperIdError(f"{text!r} is not a paper id; expected scheme:value, e.g. arxiv:2401.01234")
    if len(value) > MAX_VALUE_CHARS.get(scheme, MAX_ID_CHARS):
        raise InvalidPaperIdError(f"a {scheme} id has at most {MAX_VALUE_CHARS.get(scheme, MAX_ID_CHARS)} characters; "
                                  f"this one has {len(value)}")
    if scheme == "arxiv":
        match = _ARXIV.fullmatch(value.removeprefix("arXiv:").removeprefix("arxiv:"))
        if not match:
            raise InvalidPaperIdError(f"{value!r} is not an arXiv id (like 2401.01234 or math/0502036)")
        return _arxiv_ref(match)
    if scheme == "doi":
        return _doi_ref(value)
    if scheme == "openreview" and _OPENREVIEW.fullmatch(value):
        return PaperRef(f"openreview:{value}")
    if scheme == "acl" and _ACL.fullmatch(value):
        return PaperRef(f"acl:{value}")
    if scheme == "pmid" and _PMID.fullmatch(value):
        return PaperRef(f"pmid:{int(value)}")
    if scheme == "s2" and _S2.fullmatch(value):
        return PaperRef(f"s2:{value.lower()}")
    if scheme == "url" and _URL_HASH.fullmatch(value):
        return PaperRef(f"url:{value}")
    if scheme not in SCHEMES:
        raise InvalidPaperIdError(f"unknown id scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    raise InvalidPaperIdError(f"{value!r} is not a valid {scheme} id")


def from_url(url: str) -> PaperRef:
    """The canonical id an address points at; any address gets at least a url: id."""
    unsafe = UNSAFE_IN_ADDRESS.search(url)
    if unsafe:
        raise InvalidPaperIdError(f"the address {url!r} holds {describe_char(unsafe.group())} at "
                                  f"position {unsafe.start()}; an address holds no spaces, controls or surrogates")
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path).lstrip("/")
    query = dict(parse_qsl(parts.query))

    for prefix in _ARXIV_HOSTS.get(host, ()):
        if path.startswith(prefix):
            match = _ARXIV.match(path[len(prefix):].removesuffix(".pdf"))
            if match:
                return _arxiv_ref(match)
    if host in ("doi.org", "dx.doi.org") and _DOI.fullmatch(path):
        return _doi_ref(path)
    if host in ("biorxiv.org", "medrxiv.org") and path.startswith("content/"):
        match = _RXIV_DOI.match(path.removeprefix("content/"))
        if match:
            return PaperRef(f"doi:{match['doi']}", _int(match["version"]))
    if host in ("openreview.net", "api.openreview.net", "api2.openreview.net") and query.get("id"):
        if _OPENREVIEW.fullmatch(query["id"]):
            return PaperRef(f"openreview:{query['id']}")
    if host == "aclanthology.org" or (host == "aclweb.org" and path.startswith("anthology/")):
        match = _ACL.fullmatch(path.removeprefix("anthology/").rstrip("/").removesuffix(".pdf").removesuffix(".bib"))
        if match:
            return PaperRef(f"acl:{match['id']}")
    if host == "pubmed.ncbi.nlm.nih.gov" and _PMID.fullmatch(path.rstrip("/")):
        return PaperRef(f"pmid:{int(path.rstrip('/'))}")
    if host == "ncbi.nlm.nih.gov" and re.fullmatch(r"pubmed/[0-9]{1,9}/?", path):
        return PaperRef(f"pmid:{int(path.split('/')[1])}")
    if host in ("semanticscholar.org", "api.semanticscholar.org") and path.startswith("paper/"):
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if _S2.fullmatch(last):
            return PaperRef(f"s2:{last.lower()}")
    return PaperRef(f"url:{url_hash(url)}")


def normalize_url(url: str) -> str:
    """One spelling per address: lower-case scheme and host, no fragment, no tracking
    parameters, sorted query, no trailing slash, http and https alike."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k))
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", urlencode(query), ""))


def url_hash(url: str) -> str:
    return hashlib.sha256(normalize_url(url).encode()).hexdigest()[:16]


def describe_char(char: str) -> str:
    """How an error names a character no id or text may hold."""
    if "\ud800" <= char <= "\udfff":
        return f"a lone surrogate (U+{ord(char):04X})"
    return "a space" if char == " " else f"the control character U+{ord(char):04X}"


def _arxiv_ref(match: re.Match) -> PaperRef:
    arxiv_id = match["id"]
    if "/" in arxiv_id:  # old style: archive lower-case, subject class upper-case (math.GT/0309136)
        archive, number = arxiv_id.split("/")
        name, _, subject = archive.partition(".")
        arxiv_id = f"{name.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    return PaperRef(f"arxiv:{arxiv_id}", _int(match["version"]))


def _doi_ref(value: str) -> PaperRef:
    doi = unquote(value).strip().removeprefix("https://doi.org/").removeprefix("doi:")
    if not _DOI.fullmatch(doi):
        raise InvalidPaperIdError(f"{value!r} is not a DOI (like 10.1145/3292500.3330701)")
    arxiv = _ARXIV_DOI.fullmatch(doi)
    if arxiv and _ARXIV.fullmatch(arxiv["rest"]):
        return _arxiv_ref(_ARXIV.fullmatch(arxiv["rest"]))
    rxiv = _RXIV_DOI.fullmatch(doi)
    if rxiv:
        return PaperRef(f"doi:{rxiv['doi']}", _int(rxiv["version"]))
    return PaperRef(f"doi:{doi.lower()}")


def _int(text: str | None) -> int | None:
    return int(text) if text else None
