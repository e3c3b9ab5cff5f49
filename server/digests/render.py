"""A digest as people read it: the templates (templates/) of the email's two parts, the feed
entries' HTML and the page a signed link opens, and the sentence saying why a paper was picked.
Jinja2, which Flask brings, escapes the HTML ones; workers render them without Flask."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.digests import links

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render(name: str, **context) -> str:
    return TEMPLATES.get_template(name).render(context)


def papers_with_links(redis, settings, account_id: str, digest: dict) -> list[dict]:
    """The digest's papers with why each was picked and their signed links (email and feed)."""
    list_name = digest["list"]
    return [{**item, "why_text": why_text(item),
             "save": links.link_url(redis, settings, "save", account_id, list_name, item["paper_id"]),
             "not_relevant": links.link_url(redis, settings, "not_relevant", account_id, list_name, item["paper_id"])}
            for item in digest["items"]]


def why_text(item: dict) -> str:
    """Why a paper was picked, in a sentence."""
    if not item["like"]:
        return ""
    titles = " and ".join(f"“{like['title']}”" for like in item["like"][:2])
    shared = f" (both about {', '.join(item['why'])})" if item["why"] else ""
    return f"Like {titles} in your list{shared}."
