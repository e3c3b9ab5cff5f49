"""arXiv OAI-PMH responses in their real format (metadataPrefix=arXiv, as arXiv's
oaipmh service renders them): ListRecords pages for the harvester, GetRecord and its
idDoesNotExist error for the metadata fallback. One record builder serves both."""
from __future__ import annotations

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2026-07-03T08:12:40Z</responseDate>
"""
HEAD = ENVELOPE + """<request verb="ListRecords" metadataPrefix="arXiv" set="cs" from="2026-07-01">http://oaipmh.arxiv.org/oai</request>
<ListRecords>
"""
OAI = {"Content-Type": "text/xml"}


def record(arxiv_id: str, title: str, categories: str, deleted: bool = False, abstract: str | None = None,
           authors: tuple[tuple[str, str], ...] = (("Doe", "Jane"),)) -> str:
    """One <record>; authors are (keyname, forenames) pairs."""
    if deleted:
        return f"""<record><header status="deleted"><identifier>oai:arXiv.org:{arxiv_id}</identifier><datestamp>2026-07-01</datestamp><setSpec>cs</setSpec></header></record>"""
    if abstract is None:
        abstract = f"""  We study {title.lower()}
  across several benchmarks.
"""
    names = "".join(f"<author><keyname>{keyname}</keyname><forenames>{forenames}</forenames></author>"
                    for keyname, forenames in authors)
    return f"""<record>
<header><identifier>oai:arXiv.org:{arxiv_id}</identifier><datestamp>2026-07-01</datestamp><setSpec>cs</setSpec></header>
<metadata>
<arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">
<id>{arxiv_id}</id><created>2026-06-30</created><authors>{names}</authors>
<title>{title}</title><categories>{categories}</categories><license>http://creativecommons.org/licenses/by/4.0/</license>
<abstract>{abstract}</abstract></arXiv>
</metadata>
</record>"""


def list_records(records: list[str], token: str | None = None, cursor: int = 0,
                 complete_list_size: int | None = None) -> str:
    """One ListRecords page. arXiv ends every page but a lone one with a resumptionToken carrying
    the list's completeListSize and the page's cursor; on the last page the token is empty."""
    size = complete_list_size if complete_list_size is not None else cursor + len(records)
    tail = (f'<resumptionToken cursor="{cursor}" completeListSize="{size}">{token or ""}</resumptionToken>\n'
            if token is not None or cursor else "")
    return HEAD + "\n".join(records) + "\n" + tail + "</ListRecords>\n</OAI-PMH>"


def get_record(arxiv_id: str, title: str, abstract: str, authors: tuple[tuple[str, str], ...]) -> str:
    return ENVELOPE + _request(arxiv_id) + "<GetRecord>\n" \
        + record(arxiv_id, title, "cs.CL cs.LG", abstract=abstract, authors=authors) + "\n</GetRecord>\n</OAI-PMH>"


def id_does_not_exist(arxiv_id: str) -> str:
    return ENVELOPE + _request(arxiv_id) + '<error code="idDoesNotExist">Nothing found for this ID</error>\n</OAI-PMH>'


def _request(arxiv_id: str) -> str:
    return (f'<request verb="GetRecord" identifier="oai:arXiv.org:{arxiv_id}" metadataPrefix="arXiv">'
            "http://oaipmh.arxiv.org/oai</request>\n")
