"""A list's digests as an Atom feed (RFC 4287): one entry per picked paper, the newest day
first, plus one for a day's trending papers.

Written with xml.etree rather than feedgen: Atom's few required elements fit in forty lines,
ElementTree escapes text and attributes, and feedgen (last release 2023) would bring lxml into
every web process for it. tests/api/test_digests_api.py reads the result with feedparser.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from server.digests.render import papers_with_links, render

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
ET.register_namespace("", ATOM)


def feed(redis, settings, account_id: str, list_name: str, subscription: dict, digests: list[dict],
         self_url: str) -> bytes:
    # The feed's id must stay the same when its address (token) is rotated, and not reveal it.
    tag = f"tag:{urlsplit(settings.base_url).hostname or 'localhost'},2026:digest:" \
          + hashlib.sha256(f"{account_id}|{list_name}".encode()).hexdigest()[:24]
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", tag)
    _text(root, "title", f"PaperGist: new papers for “{list_name}”")
    _text(root, "subtitle", "Papers new to the corpus each day, ranked against the list")
    _text(root, "updated", _time(digests[0]["built_at"] if digests else subscription["subscribed_at"]))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type=MEDIA_TYPE, href=self_url)
    _text(ET.SubElement(root, f"{{{ATOM}}}author"), "name", "PaperGist")
    _text(root, "generator", "PaperGist")
    for digest in digests:
        updated = _time(digest["built_at"])
        for paper in papers_with_links(redis, settings, account_id, digest):
            entry = _entry(root, f"{tag}:{digest['day']}:{paper['paper_id']}", paper["title"], updated)
            if paper["url"]:
                ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=paper["url"])
            for name in paper["authors"]:
                _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
            if paper["tldr"]:
                _text(entry, "summary", paper["tldr"])
            _text(entry, "content", render("entry.html", paper=paper, list=list_name), type="html")
            ET.SubElement(entry, f"{{{ATOM}}}category", term=digest["day"], label=f"digest of {digest['day']}")
        if digest.get("trending"):
            entry = _entry(root, f"{tag}:{digest['day']}:trending", f"Trending on this server, {digest['day']}",
                           updated)
            _text(entry, "content", render("trending.html", trending=digest["trending"]), type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _entry(root, id_: str, title: str, updated: str):
    entry = ET.SubElement(root, f"{{{ATOM}}}entry")
    _text(entry, "id", id_)
    _text(entry, "title", title)
    _text(entry, "updated", updated)
    return entry


def _text(parent, name: str, text: str, **attributes):
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", **attributes)
    element.text = text
    return element


def _time(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isoformat(timespec="seconds")
