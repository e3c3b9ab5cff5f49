"""PubMed through NCBI's E-utilities: one article by its PMID (efetch.fcgi?db=pubmed&retmode=xml).

The answer is a PubmedArticleSet with one PubmedArticle (MedlineCitation/Article: ArticleTitle,
Abstract/AbstractText, possibly several with a Label each, AuthorList/Author with LastName and
ForeName or CollectiveName, Journal/JournalIssue/PubDate/Year); an unknown PMID gives an empty set.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from server.clients.registry_http import get
from server.papers.text import clean
from server.errors import PaperNotFoundError, UpstreamUnavailableError

NAME = "PubMed"


def fetch_paper(pmid: str, efetch_url: str, timeout: float) -> dict:
    """{"title", "abstract", "authors", "year"} of a PubMed article."""
    response = get(efetch_url, registry=NAME, what=f"pmid:{pmid}", timeout=timeout, accept="application/xml",
                   params={"db": "pubmed", "id": pmid, "retmode": "xml"})
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as error:
        raise UpstreamUnavailableError(f"{NAME} sent a response that is not valid XML") from error
    if root.tag != "PubmedArticleSet":  # e.g. an <eFetchResult><ERROR> page
        raise UpstreamUnavailableError(f"{NAME} sent a page that is not a PubmedArticleSet")
    article = root.find("PubmedArticle/MedlineCitation/Article")
    if article is None:
        raise PaperNotFoundError(f"{NAME} has no record of pmid:{pmid}")
    sections = []
    for text in article.findall("Abstract/AbstractText"):
        body = clean("".join(text.itertext()))
        sections.append(f"{text.get('Label').capitalize()}: {body}" if text.get("Label") else body)
    year = article.findtext("Journal/JournalIssue/PubDate/Year") or article.findtext("ArticleDate/Year")
    return {
        "title": clean("".join(article.find("ArticleTitle").itertext())) if article.find("ArticleTitle") is not None else "",
        "abstract": " ".join(sections),
        "authors": [_name(a) for a in article.findall("AuthorList/Author") if _name(a)],
        "year": int(year) if year and year.isdigit() else None,
    }


def _name(author: ET.Element) -> str:
    if author.findtext("CollectiveName"):
        return clean(author.findtext("CollectiveName"))
    return clean(f"{author.findtext('ForeName') or ''} {author.findtext('LastName') or ''}")
