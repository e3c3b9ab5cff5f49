"""A Markdown link to cite a paper in notes or chat, one line per paper:
`[Title](url) - Ashish Vaswani, Noam Shazeer (2017)`, the authors and year when known
(more than three authors: the first, "et al."). Characters Markdown reads in a link's text
are escaped; the address's parentheses, spaces and angle brackets are percent-encoded."""
from __future__ import annotations

import re

from server.citations import records

_LINK_TEXT_SPECIALS = re.compile(r"([\\`*_\[\]<>])")
_URL_SPECIALS = {"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"}
MAX_AUTHORS = 3


def write(items: list[dict], list_name: str) -> str:
    return "".join(_line(item) + "\n" for item in items)


def _line(item: dict) -> str:
    title = _LINK_TEXT_SPECIALS.sub(r"\\\1", " ".join(records.title_of(item).split()))
    url = records.url(item)
    line = f"[{title}]({''.join(_URL_SPECIALS.get(c, c) for c in url)})" if url else title
    names = records.authors(item)
    byline = ", ".join(names) if len(names) <= MAX_AUTHORS else f"{names[0]} et al."
    year = f"({records.year(item)})" if records.year(item) else ""
    tail = " ".join(part for part in (byline, year) if part)
    return f"{line} - {tail}" if tail else line
