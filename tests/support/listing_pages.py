"""Writes the listing-page fixtures from real arXiv records (CC0), in each site's markup:
Hugging Face Daily Papers (its page carries the day's papers as JSON in the data-props of
`div[data-target=DailyPapers]`, and renders one <article> card per paper) and arXiv's
/list/<category>/new (a <dl id="articles"> of <dt> links and <dd> metadata with the abstract).

    python -m tests.support.listing_pages ../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz

Run once; the pages are committed (the tests run without ../shared). Papers of one listing
day: the Hugging Face page takes the day's first papers outside cs.CL, the arXiv page its
first cs.CL papers, so that neither page finds the other's papers already done.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import sys
from pathlib import Path

DAY = "2026-07-01"
ROOT = Path(__file__).resolve().parents[1]
E2E_PAGES = ROOT / "e2e" / "pages"
UNIT_PAGES = ROOT / "extension" / "fixtures" / "pages"
CATEGORY_NAMES = {"cs.CL": "Computation and Language", "cs.CV": "Computer Vision and Pattern Recognition",
                  "cs.AI": "Artificial Intelligence", "cs.LG": "Machine Learning"}


def main(data: str) -> None:
    day = [json.loads(line) for line in gzip.open(data, "rt")]
    day = [paper for paper in day if paper["date"] == DAY]
    hugging = [paper for paper in day if paper["categories"][0] != "cs.CL"][:14]
    listing = [paper for paper in day if paper["categories"][0] == "cs.CL"][:14]
    _write(E2E_PAGES / "huggingface.co" / "papers" / "date" / f"{DAY}.html", daily_papers_page(hugging))
    _write(E2E_PAGES / "arxiv.org" / "list" / "cs.CL" / "new.html", arxiv_list_page(listing))
    _write(UNIT_PAGES / "huggingface-daily-papers-date.html", daily_papers_page(hugging[:3]))
    _write(UNIT_PAGES / "arxiv-listing-new.html", arxiv_list_page(listing[:3]))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"{path.relative_to(ROOT)}: {len(text):,} characters")


def _hex(text: str) -> str:
    """A 24-hex id like Hugging Face's, the same on every run."""
    return hashlib.sha1(text.encode()).hexdigest()[:24]


def daily_papers_page(papers: list[dict]) -> str:
    entries = [{
        "paper": {"id": p["id"], "title": p["title"], "summary": p["abstract"], "upvotes": 40 - i,
                  "authors": [{"_id": _hex(name), "name": name, "hidden": False}
                              for name in p["authors"]],
                  "publishedAt": f"{DAY}T17:59:{i:02d}.000Z", "submittedOnDailyAt": f"{DAY}T20:12:{i:02d}.000Z",
                  "discussionId": _hex(p["id"]), "ai_keywords": []},
        "publishedAt": f"{DAY}T17:59:{i:02d}.000Z", "title": p["title"], "numComments": i % 3,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{p['id']}.png",
        "submittedBy": {"name": "akhaliq", "fullname": "AK", "type": "user"}, "isAuthorParticipating": False,
    } for i, p in enumerate(papers)]
    props = {"dailyPapers": entries, "dateString": DAY, "periodType": "day", "prevDate": "2026-06-30",
             "nextDate": "2026-07-02", "query": {}}
    cards = "\n".join(
        f'''<article class="relative flex flex-col overflow-hidden rounded-xl border">
 <a href="/papers/{p["id"]}" class="shadow-alternate-sm peer relative block h-56 w-full cursor-pointer overflow-hidden rounded-xl bg-white md:h-64"><img src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{p["id"]}.png" class="absolute inset-0 h-full w-full object-cover" alt="" loading="lazy"></a>
 <div class="from-gray-50-to-white -mt-2 flex bg-linear-to-b px-6 pt-6 pb-4 rounded-b-xl"><div class="w-full"><h3 class="mb-1 text-lg/6 font-semibold hover:underline peer-hover:underline md:text-lg/6 lg:text-xl/6">
 <a href="/papers/{p["id"]}" class="line-clamp-3 cursor-pointer text-balance">{html.escape(p["title"])}</a></h3>
 <div class="flex items-center justify-between"><ul class="flex items-center flex-row-reverse text-sm"></ul><div class="text-sm text-gray-400">{len(p["authors"])} authors</div></div></div></div>
</article>''' for p in papers)
    return f'''<!doctype html>
<html class="">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=no">
<meta name="description" content="Your daily dose of AI research from AK">
<meta property="og:title" content="Daily Papers - Hugging Face">
<meta property="og:type" content="website">
<meta property="og:url" content="https://huggingface.co/papers/date/{DAY}">
<title>Daily Papers - Hugging Face</title>
</head>
<body class="flex flex-col min-h-dvh bg-white dark:bg-gray-950 text-black DailyPapersPage">
<div class="flex min-h-dvh flex-col">
<header class="border-b border-gray-100"><div class="w-full px-4 container flex h-16 items-center"><a class="mr-5 flex flex-none items-center lg:mr-6" href="/"><span class="hidden whitespace-nowrap text-lg font-bold md:block">Hugging Face</span></a></div></header>
<main class="flex flex-1 flex-col">
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{html.escape(json.dumps(props, ensure_ascii=False))}">
<section class="container relative mb-20 mt-8 md:mt-14">
<div class="mb-12 flex flex-wrap items-center gap-x-4 gap-y-2"><h1 class="text-2xl font-bold md:text-3xl"><a href="/papers" class="hover:text-gray-600">Daily Papers</a></h1></div>
<div class="relative grid grid-cols-1 gap-14 lg:grid-cols-2">
{cards}
</div>
</section>
</div>
</main>
</div>
</body>
</html>
'''


def arxiv_list_page(papers: list[dict]) -> str:
    category = papers[0]["categories"][0]
    name = CATEGORY_NAMES.get(category, category)
    entries = []
    for i, p in enumerate(papers, start=1):
        authors = ", ".join(
            f'<a href="https://arxiv.org/search/cs?searchtype=author&amp;query={html.escape(a.split()[-1])},+{html.escape(a[0])}">{html.escape(a)}</a>'
            for a in p["authors"])
        subjects = "; ".join(f"{CATEGORY_NAMES.get(c, c)} ({c})" for c in p["categories"][1:])
        comments = (f"""    <div class='list-comments mathjax'><span class='descriptor'>Comments:</span>
      {html.escape(p["comment"])}
    </div>\n""" if p.get("comment") else "")
        entries.append(f'''<dt>
  <a name='item{i}'>[{i}]</a>
  <a href ="/abs/{p["id"]}" title="Abstract" id="{p["id"]}">
    arXiv:{p["id"]}
  </a>
  [<a href="/pdf/{p["id"]}" title="Download PDF" id="pdf-{p["id"]}" aria-labelledby="pdf-{p["id"]}">pdf</a>, <a href="https://arxiv.org/html/{p["id"]}v1" title="View HTML" id="html-{p["id"]}" aria-labelledby="html-{p["id"]}" rel="noopener noreferrer" target="_blank">html</a>, <a href="/format/{p["id"]}" title="Other formats" id="oth-{p["id"]}" aria-labelledby="oth-{p["id"]}">other</a>]
</dt>
<dd>
  <div class='meta'>
    <div class='list-title mathjax'><span class='descriptor'>Title:</span>
      {html.escape(p["title"])}
    </div>
    <div class='list-authors'>{authors}</div>
{comments}    <div class='list-subjects'><span class='descriptor'>Subjects:</span>
      <span class="primary-subject">{name} ({category})</span>{"; " + subjects if subjects else ""}
    </div>
    <p class='mathjax'>
      {html.escape(p["abstract"])}
    </p>
  </div>
</dd>''')
    body = "\n".join(entries)
    return f'''<!DOCTYPE html>
<html lang="en">
<head>  <title>{name}  new submissions</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" type="text/css" media="screen" href="https://static.arxiv.org/static/browse/0.3.4/css/arXiv.css?v=20241206" />
</head>
<body  class="with-cu-identity">
<div class="flex-wrap-footer">
<header><a href="#content" class="is-sr-only">Skip to main content</a></header>
<main>
<div id="content">
<div id='content-inner'>
  <div id='dlpage'>
    <h1>{name}</h1>
    <ul>
      <li><a href="#item1">New submissions</a></li>
    </ul>
    <h3>Showing new listings for Wednesday, 1 July 2026</h3>
    <div class='paging'>Total of {len(papers)} entries</div>
    <dl id='articles'>
    <h3>New submissions (showing {len(papers)} of {len(papers)} entries)</h3>
{body}
    </dl>
  </div>
</div>
</div>
</main>
</div>
</body>
</html>
'''


if __name__ == "__main__":
    main(sys.argv[1])
