"""One paper's citation: the list exporters' formats plus a Markdown link, for arXiv ids and
DOIs with slashes; 404 for an unknown paper, 422 for an unknown format."""
import json

import bibtexparser
import rispy

from server.app import create_app
from tests.support.servers import wait_until

ATTENTION = {"url": "https://arxiv.org/abs/1706.03762v7", "title": "Attention Is All You Need",
             "authors": ["Ashish Vaswani", "Noam Shazeer"], "abstract": "We propose the Transformer."}
# arXiv's record (tests/fixtures/arxiv/1706.03762.xml), which replaces the client's shorter list.
ATTENTION_AUTHORS = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                     "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"]
BIORXIV = {"url": "https://www.biorxiv.org/content/10.1101/2024.01.02.573921v1",
           "title": "Single-cell atlas of [mouse] cortex_development",
           "authors": ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]}
DOI = "doi:10.1101/2024.01.02.573921"


def _verified(client, paper: dict, paper_id: str) -> None:
    """Submit a paper and wait for its registry's record to replace what the client sent: the
    session's worker may verify it at any moment, so reads before that would race the swap."""
    assert client.post("/api/v1/papers", json=paper).status_code in (200, 202)
    wait_until(lambda: client.get(f"/api/v1/papers/{paper_id}").get_json()["paper"]["verified"],
               timeout=30, message=f"the registry's record of {paper_id}")


def _cite(client, paper_id, fmt):
    response = client.get(f"/api/v1/papers/{paper_id}/citation?format={fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_an_arxiv_paper_in_every_format(client, worker):
    _verified(client, ATTENTION, "arxiv:1706.03762")

    bibtex = _cite(client, "arxiv:1706.03762", "bibtex")
    assert bibtex.mimetype == "application/x-bibtex"
    library = bibtexparser.parse_string(bibtex.get_data(as_text=True))
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.key == "vaswani2017attention" and entry.entry_type == "misc"
    assert entry["title"] == "Attention Is All You Need"
    assert entry["author"] == " and ".join(ATTENTION_AUTHORS)
    assert (entry["eprint"], entry["archiveprefix"], entry["year"]) == ("1706.03762", "arXiv", "2017")
    assert entry["url"] == "https://arxiv.org/abs/1706.03762"

    ris = _cite(client, "arxiv:1706.03762", "ris")
    assert ris.mimetype == "application/x-research-info-systems"
    [reference] = rispy.loads(ris.get_data(as_text=True))
    assert reference["type_of_reference"] == "UNPB" and reference["title"] == "Attention Is All You Need"
    assert reference["authors"][:2] == ["Vaswani, Ashish", "Shazeer, Noam"] and len(reference["authors"]) == 8

    csl = _cite(client, "arxiv:1706.03762", "csljson")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    [record] = json.loads(csl.get_data(as_text=True))
    assert record["title"] == "Attention Is All You Need" and record["number"] == "arXiv:1706.03762"
    assert record["issued"] == {"date-parts": [[2017]]}

    markdown = _cite(client, "arxiv:1706.03762", "markdown")
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert markdown.get_data(as_text=True) == (
        "[Attention Is All You Need](https://arxiv.org/abs/1706.03762) - Ashish Vaswani et al. (2017)\n")


def test_bibtex_is_the_default_and_matches_the_list_export(client, worker):
    _verified(client, ATTENTION, "arxiv:1706.03762")
    default = client.get("/api/v1/papers/arxiv:1706.03762/citation")
    assert default.mimetype == "application/x-bibtex"
    token = client.post("/api/v1/accounts").get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    client.put("/api/v1/lists/default/items/arxiv:1706.03762", json={}, headers=auth)
    exported = client.get("/api/v1/lists/default/export?format=bibtex", headers=auth)
    assert default.get_data() == exported.get_data()  # one BibTeX writer


def test_a_doi_with_slashes_in_every_format(client):
    assert client.post("/api/v1/papers", json=BIORXIV).get_json()["paper_id"] == DOI
    for path in (DOI, "doi%3A10.1101%2F2024.01.02.573921"):
        library = bibtexparser.parse_string(_cite(client, path, "bibtex").get_data(as_text=True))
        [entry] = library.entries
        assert entry["doi"] == "10.1101/2024.01.02.573921"
        assert entry["url"] == "https://doi.org/10.1101/2024.01.02.573921"  # the DOI's own address, not a client's
        assert entry["title"] == "Single-cell atlas of [mouse] cortex\\_development"
        assert entry["year"] == "2024"  # a bioRxiv DOI carries the day the paper was posted

    [reference] = rispy.loads(_cite(client, DOI, "ris").get_data(as_text=True))
    assert reference["type_of_reference"] == "JOUR" and reference["doi"] == "10.1101/2024.01.02.573921"
    [record] = json.loads(_cite(client, DOI, "csljson").get_data(as_text=True))
    assert record["DOI"] == "10.1101/2024.01.02.573921" and len(record["author"]) == 4
    assert _cite(client, DOI, "markdown").get_data(as_text=True) == (
        "[Single-cell atlas of \\[mouse\\] cortex\\_development]"
        "(https://doi.org/10.1101/2024.01.02.573921) - Ada Lovelace et al. (2024)\n")
    # The paper's own route still answers for the same id.
    assert client.get(f"/api/v1/papers/{DOI}").get_json()["paper_id"] == DOI


def test_an_unknown_paper_is_404_in_the_error_shape(client):
    # A DOI no other test sends: another test's look-up job still running in the session's worker
    # may store its paper after this test's Redis was cleared.
    unknown = "doi:10.1101/2099.12.31.999999"
    response = client.get(f"/api/v1/papers/{unknown}/citation?format=bibtex")
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "not_found" and unknown in error["message"]


def test_an_unknown_format_is_422_naming_the_allowed_ones(client):
    client.post("/api/v1/papers", json=ATTENTION)
    response = client.get("/api/v1/papers/arxiv:1706.03762/citation?format=docx")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_request"
    for allowed in ("bibtex", "ris", "csljson", "markdown"):
        assert allowed in error["message"] and allowed in " ".join(error["details"]["format"])


def test_a_malformed_id_is_422(client):
    assert client.get("/api/v1/papers/nonsense:/citation").status_code == 422


def test_citations_count_against_the_address_rate_limit(settings, redis):
    client = create_app(settings.replace(rate_limit="2/minute")).test_client()
    statuses = [client.get(f"/api/v1/papers/{DOI}/citation").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
