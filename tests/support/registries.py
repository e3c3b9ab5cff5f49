"""Registry records in each registry's own response format, for a ReplayServer to answer with:
arXiv's API (Atom), Crossref's REST API (works JSON), DataCite's REST API (JSON:API) and PubMed's
E-utilities efetch (PubmedArticleSet XML), with the registries' own element and field names and
the neighbouring fields a real answer carries (which the clients must ignore)."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape

ARXIV_PATH = "/api/query"


def arxiv_feed(arxiv_id: str, title: str, abstract: str, authors: list[str], version: int = 1,
               published: str = "2019-07-26T17:48:29Z") -> bytes:
    """The arXiv API's answer to ?id_list=<arxiv_id>&max_results=1."""
    return arxiv_listing_feed([arxiv_id], [(arxiv_id, title, abstract, authors, version, published)])


def arxiv_listing_feed(asked: list[str], entries: list[tuple]) -> bytes:
    """The arXiv API's answer to ?id_list=<asked, comma-separated>&max_results=<len(asked)>: an
    entry for each (arxiv_id, title, abstract, authors[, version[, published]]) in `entries`."""
    id_list, entries_xml = ",".join(asked), "".join(_arxiv_entry(*entry) for entry in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D%26id_list%3D{id_list}%26start%3D0%26max_results%3D{len(asked)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list={id_list}&amp;start=0&amp;max_results={len(asked)}</title>
  <id>http://arxiv.org/api/0eXjcYmUwd0mRbFzR0WbWX8kVoM</id>
  <updated>2024-05-01T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:itemsPerPage>{entries_xml}
</feed>
""".encode()


def _arxiv_entry(arxiv_id: str, title: str, abstract: str, authors: list[str], version: int = 1,
                 published: str = "2019-07-26T17:48:29Z") -> str:
    names = "".join(f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in authors)
    return f"""
  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}v{version}</id>
    <updated>{published}</updated>
    <published>{published}</published>
    <title>{escape(title)}</title>
    <summary>  {escape(abstract)}
</summary>{names}
    <link href="http://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v{version}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""


def route_arxiv(replay, paper: dict) -> None:
    """Let the replayed arXiv API know a test paper ({url: arxiv.org/abs/<id>, title, abstract,
    authors}), so that a worker verifies it as the real arXiv would."""
    arxiv_id = paper["url"].rsplit("/", 1)[1].split("v")[0]
    replay.route(ARXIV_PATH, (200, arxiv_feed(arxiv_id, paper["title"], paper.get("abstract", ""),
                                              paper.get("authors") or ["A. Author"])),
                 when={"id_list": arxiv_id})


def crossref_work(doi: str, title: str, abstract: str | None, authors: list[tuple[str, str]], year: int) -> bytes:
    """api.crossref.org/works/<doi>: `authors` as (given, family); the abstract is JATS."""
    message = {
        "indexed": {"date-parts": [[2024, 3, 1]], "date-time": "2024-03-01T10:21:14Z", "timestamp": 1709288474000},
        "reference-count": 31, "publisher": "ACM", "content-domain": {"domain": ["dl.acm.org"], "crossmark-restriction": True},
        "published-print": {"date-parts": [[year, 7, 25]]}, "DOI": doi, "type": "proceedings-article",
        "created": {"date-parts": [[year, 7, 26]], "date-time": f"{year}-07-26T12:32:24Z", "timestamp": 1564144344000},
        "source": "Crossref", "is-referenced-by-count": 4127, "title": [title], "prefix": doi.split("/")[0],
        "author": [{"given": given, "family": family, "sequence": "first" if i == 0 else "additional", "affiliation": []}
                   for i, (given, family) in enumerate(authors)],
        "member": "320", "container-title": ["Proceedings of the 25th ACM SIGKDD International Conference"],
        "issued": {"date-parts": [[year, 7, 25]]}, "URL": f"https://doi.org/{doi}", "language": "en",
    }
    if abstract is not None:
        message["abstract"] = f"<jats:title>Abstract</jats:title><jats:p>{escape(abstract)}</jats:p>"
    return json.dumps({"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}).encode()


CROSSREF_NOT_FOUND = b"Resource not found."
DATACITE_NOT_FOUND = json.dumps({"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}).encode()


def datacite_doi(doi: str, title: str, abstract: str, creators: list[tuple[str, str]], year: int) -> bytes:
    """api.datacite.org/dois/<doi>: `creators` as (given, family)."""
    attributes = {
        "doi": doi, "prefix": doi.split("/")[0], "suffix": doi.split("/", 1)[1],
        "identifiers": [], "alternateIdentifiers": [],
        "creators": [{"name": f"{family}, {given}", "nameType": "Personal", "givenName": given, "familyName": family,
                      "affiliation": [], "nameIdentifiers": []} for given, family in creators],
        "titles": [{"title": title}], "publisher": "Zenodo", "container": {}, "publicationYear": year,
        "subjects": [], "contributors": [], "dates": [{"date": f"{year}-05-04", "dateType": "Issued"}],
        "language": "en", "types": {"ris": "COMP", "bibtex": "misc", "citeproc": "article", "schemaOrg": "SoftwareSourceCode",
                                    "resourceTypeGeneral": "Software"},
        "descriptions": [{"description": abstract, "descriptionType": "Abstract"},
                         {"description": "Zenodo record", "descriptionType": "Other"}],
        "url": f"https://zenodo.org/record/{doi.rsplit('.', 1)[-1]}", "state": "findable", "isActive": True,
    }
    return json.dumps({"data": {"id": doi, "type": "dois", "attributes": attributes,
                                "relationships": {"client": {"data": {"id": "cern.zenodo", "type": "clients"}}}}}).encode()


def pubmed_article_set(pmid: str, title: str, sections: list[tuple[str | None, str]],
                       authors: list[tuple[str, str]], year: int) -> bytes:
    """efetch.fcgi?db=pubmed&id=<pmid>&retmode=xml: `sections` as (Label or None, text),
    `authors` as (ForeName, LastName)."""
    abstract = "".join(f"<AbstractText{_label(label)}>{escape(text)}</AbstractText>" for label, text in sections)
    names = "".join(f'<Author ValidYN="Y"><LastName>{escape(last)}</LastName><ForeName>{escape(fore)}</ForeName>'
                    f'<Initials>{fore[:1]}</Initials></Author>' for fore, last in authors)
    return f"""<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Manual"><PMID Version="1">{pmid}</PMID><DateCompleted><Year>{year}</Year><Month>03</Month><Day>10</Day></DateCompleted><Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">1476-4687</ISSN><JournalIssue CitedMedium="Internet"><Volume>579</Volume><Issue>7798</Issue><PubDate><Year>{year}</Year><Month>Mar</Month></PubDate></JournalIssue><Title>Nature</Title><ISOAbbreviation>Nature</ISOAbbreviation></Journal><ArticleTitle>{escape(title)}</ArticleTitle><Pagination><StartPage>270</StartPage><EndPage>273</EndPage><MedlinePgn>270-273</MedlinePgn></Pagination><Abstract>{abstract}</Abstract><AuthorList CompleteYN="Y">{names}</AuthorList><Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article><MedlineJournalInfo><Country>England</Country><MedlineTA>Nature</MedlineTA></MedlineJournalInfo></MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
</PubmedArticleSet>
""".encode()


def _label(label: str | None) -> str:
    return f' Label="{label}" NlmCategory="{label}"' if label else ""


PUBMED_EMPTY = b"""<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet></PubmedArticleSet>
"""


def openreview_note(forum_id: str, title: str, abstract: str, authors: list[str], published_ms: int,
                    venue: str = "ICLR 2024 poster") -> bytes:
    """api2.openreview.net/notes?id=<forum_id>: a submission, each content value wrapped in {"value"}."""
    venue_id = "ICLR.cc/2024/Conference"
    content = {"title": title, "authors": authors, "authorids": [f"~{a.replace(' ', '_')}1" for a in authors],
               "keywords": ["representation learning"], "abstract": abstract, "primary_area": "representation learning",
               "venue": venue, "venueid": venue_id, "pdf": f"/pdf/{forum_id}.pdf",
               "_bibtex": f"@inproceedings{{\nanonymous2024,\ntitle={{{title}}},\nurl={{https://openreview.net/forum?id={forum_id}}}\n}}"}
    note = {"content": {key: {"value": value} for key, value in content.items()}, "id": forum_id, "forum": forum_id,
            "number": 7384, "cdate": published_ms - 120 * 86_400_000, "pdate": published_ms,
            "odate": published_ms - 100 * 86_400_000, "mdate": published_ms + 86_400_000, "tcdate": published_ms - 120 * 86_400_000,
            "tmdate": published_ms + 86_400_000, "signatures": [f"{venue_id}/Submission7384/Authors"],
            "readers": ["everyone"], "writers": [venue_id, f"{venue_id}/Submission7384/Authors"],
            "invitations": [f"{venue_id}/-/Submission", f"{venue_id}/-/Post_Submission", f"{venue_id}/-/Edit"],
            "domain": venue_id, "version": 2}
    return json.dumps({"notes": [note], "count": 1}).encode()


def openreview_v1_note(forum_id: str, title: str, abstract: str, authors: list[str], created_ms: int) -> bytes:
    """api.openreview.net/notes?id=<forum_id> (API 1, venues before 2023): content values bare."""
    note = {"id": forum_id, "original": None, "number": 479, "cdate": created_ms, "mdate": None, "ddate": None,
            "tcdate": created_ms, "tmdate": created_ms + 86_400_000, "tddate": None, "forum": forum_id,
            "replyto": None, "invitation": "ICLR.cc/2018/Conference/-/Blind_Submission",
            "content": {"title": title, "authors": authors, "authorids": [], "keywords": ["graph neural networks"],
                        "TL;DR": "", "abstract": abstract, "pdf": f"/pdf/{forum_id}.pdf",
                        "paperhash": "|".join(title.lower().split()[:3]),
                        "_bibtex": f"@inproceedings{{\nanonymous2018,\ntitle={{{title}}}\n}}"},
            "signatures": ["ICLR.cc/2018/Conference"], "readers": ["everyone"], "nonreaders": [],
            "writers": ["ICLR.cc/2018/Conference"]}
    return json.dumps({"notes": [note]}).encode()


def openreview_not_found(forum_id: str) -> bytes:
    return json.dumps({"name": "NotFoundError", "message": f"The Note {forum_id} was not found", "status": 404,
                       "details": {"path": "id", "value": forum_id}}).encode()
