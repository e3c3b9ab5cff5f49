"""Writes the listing-page fixtures from real arXiv records (CC0), in each site's markup:
Hugging Face Daily Papers (its page carries the day's papers as JSON in the data-props of
`div[data-target=DailyPapers]`, and renders one <article> card per paper) and arXiv's
/list/<category>/new (a <dl id="articles"> of <dt> links and <dd> metadata with the abstract).

    python -m tests.support.listing_pages ../shared/data/arxiv/arxiv_cs_2025_2026.jsonl.gz

Run once; the pages are committed (the tests run without ../shared). Papers of one listing
day: the Hugging Face page takes the day's first papers outside cs.CL, the arXiv page its
first cs.CL papers, so that neither page finds the other's papers already done. The unit
fixtures for ACL Anthology volumes and OpenReview venues take real papers (titles, abstracts,
ids) from ../shared/data/citations/acl and scitldr; those files name no authors, so each paper
there shows two placeholder authors.
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
    shared = Path(data).resolve().parents[1]
    acl = [json.loads(line) for line in gzip.open(shared / "citations" / "acl" / "papers.jsonl.gz", "rt")]
    _write(UNIT_PAGES / "acl-anthology-listing-volume.html",
           acl_volume_page(sorted((p for p in acl if p["id"].startswith("P18-10")), key=lambda p: p["id"])[:3]))
    scitldr = [json.loads(line) for line in open(shared / "scitldr" / "dev.jsonl")][:3]
    _write(UNIT_PAGES / "openreview-group-venue.html", openreview_group_page(scitldr))
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


def acl_volume_page(papers: list[dict]) -> str:
    """The volume page as the Anthology's Hugo templates write it: a row per paper (buttons, then
    title and authors), its abstract in the collapsed card that follows."""
    rows = ['''<div class="d-sm-flex align-items-stretch mb-3"><div class="d-block me-2 list-button-row"><a class="badge text-bg-primary align-middle me-1" href=https://aclanthology.org/P18-1.pdf>pdf&nbsp;(full)</a><br class="d-none d-sm-inline-block"><a class="badge text-bg-secondary align-middle me-1" href=/P18-1.bib>bib&nbsp;(full)</a></div><span class=d-block><strong><a class=align-middle href=/P18-1000/>Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)</a></strong><br><a href=/people/i/iryna-gurevych/>Iryna Gurevych</a>
|
<a href=/people/y/yusuke-miyao/>Yusuke Miyao</a></span></div>''']
    for p in papers:
        key = p["id"].replace("-", "--")
        rows.append(f'''<div class="d-sm-flex align-items-stretch mb-3"><div class="d-block me-2 list-button-row"><a class="badge text-bg-primary align-middle me-1" href=https://aclanthology.org/{p["id"]}.pdf>pdf</a>
<a class="badge text-bg-secondary align-middle me-1" href=/{p["id"]}.bib>bib</a>
<a class="badge text-bg-info align-middle me-1" href=#abstract-{key} data-bs-toggle=collapse aria-expanded=false aria-controls=abstract-{key} title="Show Abstract">abs</a></div><span class=d-block><strong><a class=align-middle href=/{p["id"]}/>{html.escape(p["title"])}</a></strong><br><a href=/people/a/ada-example/>Ada Example</a>
|
<a href=/people/b/ben-sample/>Ben Sample</a></span></div><div class="card bg-light mb-2 mb-lg-3 collapse abstract-collapse" id=abstract-{key}><div class="card-body p-3 small">{html.escape(p["abstract"])}</div></div>''')
    body = "\n".join(rows)
    return f'''<!doctype html><html lang=en-us><head><meta charset=utf-8><title>Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers) - ACL Anthology</title></head>
<body><main role=main><section id=main><h2 id=title>Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)</h2>
<div id=P18-1>{body}</div></section></main></body></html>
'''


def openreview_group_page(papers: list[dict]) -> str:
    """A venue's tab of accepted papers as openreview-web renders it (components/Note.js,
    NoteTitle.js, NoteContent.js): one div.note per paper in ul.submissions-list."""
    notes = "\n".join(f'''<li><div class="note "><h4><a href="/forum?id={p["paper_id"]}">{html.escape(p["title"])}</a><a class="pdf-link" title="Download PDF" target="_blank" href="/pdf?id={p["paper_id"]}"><img src="/images/pdf_icon_blue.svg" alt="pdf icon"></a></h4>
<div class="note-authors"><a href="/profile?id=~Ada_Example1" data-toggle="tooltip" data-placement="top" title="~Ada_Example1">Ada Example</a>, <a href="/profile?id=~Ben_Sample2" data-toggle="tooltip" data-placement="top" title="~Ben_Sample2">Ben Sample</a></div>
<ul class="note-meta-info list-inline"><li>Published: 20 Dec 2019, Last Modified: 05 May 2023</li><li>ICLR 2020 Conference Blind Submission</li><li class="readers">Readers: <span class="readers-icon glyphicon glyphicon-globe"></span> Everyone</li></ul>
<div class="collapse-widget"><a class="collapse-link" href="#">Show details</a><div class="collapse"><ul class="list-unstyled note-content"><li><strong class="note-content-field disable-tex-rendering">Abstract:</strong> <div class="note-content-value markdown-rendered">{html.escape(" ".join(p["source"]))}</div></li></ul></div></div></div></li>''' for p in papers)
    return f'''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ICLR 2020 Conference | OpenReview</title></head>
<body><div id="__next"><main id="content" class="container"><div id="group-container"><div class="venue-header"><h1>International Conference on Learning Representations</h1></div>
<div class="tabs-container"><div class="tab-content"><div class="tab-pane active" id="accept-poster" role="tabpanel">
<ul class="list-unstyled submissions-list">
{notes}
</ul></div></div></div></div></main></div></body></html>
'''


if __name__ == "__main__":
    main(sys.argv[1])
