"""Whose metadata is shown (server/papers/trust.py): a client that sends a poisoned title, link and
abstract first is overruled by the registry (arXiv, Crossref, DataCite, PubMed, each replayed in
its own format by a local server) within one job's time, through a real worker process; a page
without a registry shows only what two addresses agree on; a list's save or import never
becomes what others see."""
import json
import threading
from pathlib import Path

from server.app import create_app
from server.corpus import store as corpus_store
from tests.support.accounts import new_account
from tests.support.polling import imported, settled_document
from tests.support.registries import (CROSSREF_NOT_FOUND, PUBMED_EMPTY, crossref_work, datacite_doi,
                                      openreview_note, openreview_not_found, openreview_v1_note, pubmed_article_set)
from tests.support.servers import wait_until

FIXTURES = Path(__file__).parents[1] / "fixtures"
EVIL_URL = "https://evil.example/login?next=1706.03762"
RETRACTED = "This paper was retracted by the authors. A corrected version is at evil.example; log in there to read it."


def _poison(ids: dict, title: str) -> dict:
    # Besides the arXiv id the attack is about, a DOI of its own (an explicit arXiv id wins).
    ids = {**ids, "doi": "10.9999/evil.example"} if "arxiv" in ids else ids
    return {"url": EVIL_URL, "ids": ids, "title": f"{title} [RETRACTED - corrected version at evil.example]",
            "abstract": RETRACTED, "authors": ["Mallory"]}


def _from(client, address: str, path: str, **kwargs):
    """A request from another client address (as the web process sees it)."""
    return client.post(path, environ_base={"REMOTE_ADDR": address}, **kwargs)


def _everything_shown(client, paper_id: str, headers: dict) -> str:
    """What users see of a paper: its document, its citations, and a saved list's item and export."""
    shown = [client.get(f"/api/v1/papers/{paper_id}").get_data(as_text=True)]
    for fmt in ("bibtex", "markdown", "ris", "csljson"):
        shown.append(client.get(f"/api/v1/papers/{paper_id}/citation?format={fmt}").get_data(as_text=True))
    shown.append(client.get("/api/v1/lists/default/items", headers=headers).get_data(as_text=True))
    shown.append(client.get("/api/v1/lists/default/export?format=bibtex", headers=headers).get_data(as_text=True))
    return "\n".join(shown)


def test_arxiv_overrules_a_poisoned_first_submission_for_everyone(client, worker, arxiv_api):
    assert _from(client, "203.0.113.66", "/api/v1/papers",
                 json=_poison({"arxiv": "1706.03762"}, "Attention Is All You Need")).status_code == 202
    for n in range(20):
        _from(client, f"198.51.100.{n + 1}", "/api/v1/papers", json={"url": "https://arxiv.org/abs/1706.03762v7",
                                                                     "title": "Attention Is All You Need"})
    document = settled_document(client, "arxiv:1706.03762")
    paper = document["paper"]
    assert paper["title"] == "Attention Is All You Need"
    assert paper["url"] == "https://arxiv.org/abs/1706.03762"
    assert paper["abstract"].startswith("The dominant sequence transduction models")
    assert paper["authors"][0] == "Ashish Vaswani" and paper["year"] == 2017
    assert (paper["verified"], paper["metadata_source"], paper["verification"]) == (True, "arxiv", "verified")
    assert "Transformer" in document["summary"]["tldr"]

    # The attacker again, and a reader who saves it: nothing of the attacker's anywhere.
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"arxiv": "1706.03762"}, "Attention Is All You Need"))
    reader = new_account(client)
    assert client.put("/api/v1/lists/default/items/arxiv:1706.03762", json={"tags": ["nlp"]},
                      headers=reader).status_code == 201
    shown = _everything_shown(client, "arxiv:1706.03762", reader)
    assert "evil.example" not in shown and "etracted" not in shown and "Mallory" not in shown
    assert "[Attention Is All You Need](https://arxiv.org/abs/1706.03762) - Ashish Vaswani" in shown
    assert settled_document(client, "arxiv:1706.03762")["summary"] == document["summary"]


def test_poisoned_submissions_racing_the_registry_look_up_never_undo_it(app, worker, arxiv_api):
    arxiv_api.route("/api/query", (200, (FIXTURES / "arxiv" / "1706.03762.xml").read_bytes()),
                    when={"id_list": "2406.00009"})

    def attack(n):
        client = app.test_client()
        for _ in range(5):
            _from(client, f"203.0.113.{n}", "/api/v1/papers", json=_poison({"arxiv": "2406.00009"}, "A paper"))

    threads = [threading.Thread(target=attack, args=(n,)) for n in range(1, 21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client = app.test_client()
    document = settled_document(client, "arxiv:2406.00009")
    assert (document["paper"]["title"], document["paper"]["verified"]) == ("Attention Is All You Need", True)
    assert "evil" not in json.dumps(document)


def test_a_summary_made_from_provisional_text_is_made_again_from_the_registry_record(worker, arxiv_api, settings, redis):
    # A failed look-up is tried again 1 s later here (PAPERGIST_FAILURE_TTL_SECONDS).
    client = create_app(settings.replace(failure_ttl_seconds=1, document_memory_seconds=0)).test_client()
    # arXiv is down while the attacker submits: the provisional text is summarized, marked unverified.
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"arxiv": "2405.00007"}, "A paper"))
    document = settled_document(client, "arxiv:2405.00007")
    assert (document["paper"]["verified"], document["paper"]["metadata_source"]) == (False, "submitter")
    assert document["paper"]["url"] == "https://arxiv.org/abs/2405.00007"  # the client's link never shows
    assert "evil.example" in document["summary"]["tldr"]

    # arXiv answers again: a poll queues the look-up once the failure's wait is over, the record
    # replaces the text, and both parts are made again from it, the old TL;DR not shown meanwhile.
    arxiv_api.route("/api/query", (200, (FIXTURES / "arxiv" / "1706.03762.xml").read_bytes()),
                    when={"id_list": "2405.00007"})
    seen = []

    def verified_and_settled():
        document = client.get("/api/v1/papers/arxiv:2405.00007").get_json()
        seen.append(document["summary"].get("tldr") or "")
        return document["paper"]["verified"] and document["summary"]["status"] == "done" and document

    document = wait_until(verified_and_settled, timeout=60, interval=0.2, message="the registry's record and its summary")
    assert document["paper"]["title"] == "Attention Is All You Need"
    assert "Transformer" in document["summary"]["tldr"]
    shown_after = seen[next(i for i, tldr in enumerate(seen) if "evil" not in tldr):]
    assert not any("evil" in tldr for tldr in shown_after)


def test_crossref_overrules_a_poisoned_doi_submission(client, worker, registries):
    doi = "10.1145/3292500.3330701"
    registries.route(f"/works/{doi}", (200, crossref_work(
        doi, "Optuna: A Next-generation Hyperparameter Optimization Framework",
        "The purpose of this study is to introduce new design-criteria for next-generation hyperparameter "
        "optimization software. The criteria we propose include define-by-run API that allows users to "
        "construct the parameter search space dynamically, and efficient implementation of both searching "
        "and pruning strategies.",
        [("Takuya", "Akiba"), ("Shotaro", "Sano"), ("Toshihiko", "Yanase")], 2019)))
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"doi": doi}, "Optuna"))
    paper = settled_document(client, f"doi:{doi}")["paper"]
    assert paper["title"] == "Optuna: A Next-generation Hyperparameter Optimization Framework"
    assert paper["abstract"].startswith("The purpose of this study")  # JATS markup and heading dropped
    assert paper["authors"] == ["Takuya Akiba", "Shotaro Sano", "Toshihiko Yanase"]
    assert (paper["url"], paper["year"], paper["metadata_source"]) == (f"https://doi.org/{doi}", 2019, "crossref")
    bibtex = client.get(f"/api/v1/papers/doi:{doi}/citation?format=bibtex").get_data(as_text=True)
    assert "evil" not in bibtex and "2019" in bibtex and "Optuna" in bibtex


def test_a_doi_crossref_does_not_know_is_asked_of_datacite(client, worker, registries):
    doi = "10.5281/zenodo.4724125"
    registries.route(f"/works/{doi}", (404, CROSSREF_NOT_FOUND))
    registries.route(f"/dois/{doi}", (200, datacite_doi(
        doi, "scikit-learn: machine learning in Python, release 0.24.2",
        "Scikit-learn is a Python module integrating a wide range of state-of-the-art machine learning "
        "algorithms for medium-scale supervised and unsupervised problems.",
        [("Olivier", "Grisel"), ("Andreas", "Mueller")], 2021)))
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"doi": doi}, "scikit-learn"))
    paper = settled_document(client, f"doi:{doi}")["paper"]
    assert paper["title"] == "scikit-learn: machine learning in Python, release 0.24.2"
    assert paper["abstract"].startswith("Scikit-learn is a Python module")  # the Abstract, not "Other"
    assert paper["authors"] == ["Olivier Grisel", "Andreas Mueller"]
    assert (paper["metadata_source"], paper["year"], paper["url"]) == ("datacite", 2021, f"https://doi.org/{doi}")


def test_pubmed_overrules_a_poisoned_pmid_submission(client, worker, registries):
    registries.route("/entrez/eutils/efetch.fcgi", (200, pubmed_article_set(
        "32015507", "A pneumonia outbreak associated with a new coronavirus of probable bat origin.",
        [(None, "Since the outbreak of severe acute respiratory syndrome (SARS) 18 years ago, a large number of "
                "SARS-related coronaviruses have been discovered in their natural reservoir host, bats."),
         ("RESULTS", "Here we report the identification and characterization of a new coronavirus (2019-nCoV).")],
        [("Peng", "Zhou"), ("Xing-Lou", "Yang")], 2020)), when={"db": "pubmed", "id": "32015507", "retmode": "xml"})
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"pmid": "32015507"}, "A pneumonia outbreak"))
    paper = settled_document(client, "pmid:32015507")["paper"]
    assert paper["title"] == "A pneumonia outbreak associated with a new coronavirus of probable bat origin."
    assert paper["abstract"].startswith("Since the outbreak") and "Results: Here we report" in paper["abstract"]
    assert paper["authors"] == ["Peng Zhou", "Xing-Lou Yang"]
    assert (paper["url"], paper["metadata_source"], paper["year"]) == (
        "https://pubmed.ncbi.nlm.nih.gov/32015507/", "pubmed", 2020)


def test_openreview_overrules_a_poisoned_forum_submission(client, worker, registries):
    forum = "2dnO3LLiJ1"
    registries.route("/notes", (200, openreview_note(
        forum, "Vision Transformers Need Registers",
        "Transformers have recently emerged as a powerful tool for learning visual representations. We identify "
        "and characterize artifacts in feature maps of both supervised and self-supervised ViT networks.",
        ["Timothée Darcet", "Maxime Oquab", "Julien Mairal", "Piotr Bojanowski"], 1705363200000)), when={"id": forum})
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"openreview": forum}, "Vision Transformers"))
    document = settled_document(client, f"openreview:{forum}")
    paper = document["paper"]
    assert paper["title"] == "Vision Transformers Need Registers" and paper["authors"][0] == "Timothée Darcet"
    assert paper["abstract"].startswith("Transformers have recently emerged")
    assert (paper["url"], paper["year"], paper["metadata_source"], paper["verified"]) == (
        f"https://openreview.net/forum?id={forum}", 2024, "openreview", True)
    # One reader was enough: its registry's text is summarized, not held back for a second reader.
    assert document["summary"]["status"] == "done" and "etracted" not in document["summary"]["tldr"]


def test_a_forum_from_before_2023_is_read_from_openreview_api_1(client, worker, registries):
    forum = "rJXMpikCZ"
    registries.route("/notes", (404, openreview_not_found(forum)), when={"id": forum})
    registries.route("/v1/notes", (200, openreview_v1_note(
        forum, "Graph Attention Networks",
        "We present graph attention networks (GATs), novel neural network architectures that operate on "
        "graph-structured data, leveraging masked self-attentional layers.",
        ["Petar Veličković", "Guillem Cucurull"], 1509494400000)), when={"id": forum})
    client.post("/api/v1/papers", json={"url": f"https://openreview.net/forum?id={forum}"})  # a PDF tab: the address
    paper = settled_document(client, f"openreview:{forum}")["paper"]
    assert (paper["title"], paper["year"], paper["metadata_source"]) == ("Graph Attention Networks", 2017, "openreview")
    # An id neither API knows, or a note hidden from the public, is no paper.
    registries.route("/v1/notes", (403, json.dumps({"name": "ForbiddenError", "status": 403}).encode()),
                     when={"id": "noSuchForum1"})
    client.post("/api/v1/papers", json={"url": "https://openreview.net/forum?id=noSuchForum1"})
    missing = settled_document(client, "openreview:noSuchForum1")
    assert missing["paper"]["verification"] == "not_found" and missing["summary"]["status"] == "failed"


def test_an_id_no_registry_knows_stays_unverified_and_is_not_exported_as_real(client, worker, arxiv_api, registries):
    arxiv_api.route("/api/query", (200, (FIXTURES / "arxiv" / "empty.xml").read_bytes()), when={"id_list": "2401.99999"})
    registries.route("/entrez/eutils/efetch.fcgi", (200, PUBMED_EMPTY), when={"id": "99999998"})
    headers = new_account(client)
    for paper_id in ("arxiv:2401.99999", "pmid:99999998"):
        assert client.put(f"/api/v1/lists/default/items/{paper_id}", json={"tags": []}, headers=headers).status_code == 201

    def looked_up():
        items = client.get("/api/v1/lists/default/items", headers=headers).get_json()["items"]
        return all(item["paper"].get("verification") == "not_found" for item in items) and items

    items = wait_until(looked_up, timeout=30, message="the registries' answers")
    assert all(item["paper"]["verified"] is False for item in items)
    bibtex = client.get("/api/v1/lists/default/export?format=bibtex", headers=headers).get_data(as_text=True)
    assert "2024" not in bibtex  # an id arXiv does not have is no 2024 paper


def test_a_paper_the_harvest_read_from_arxiv_is_verified_without_asking_arxiv_again(client, worker, redis, arxiv_api):
    # As the OAI-PMH harvest stores a record: with arXiv's categories, which no client sends.
    corpus_store.add_papers(redis, [{"paper_id": "arxiv:2501.00042", "title": "A harvested paper on routing",
                                     "abstract": "Routing tokens to experts, as arXiv lists it.",
                                     "url": "https://arxiv.org/abs/2501.00042", "authors": ["Ada Lovelace"],
                                     "categories": ["cs.CL"], "year": 2025}])
    _from(client, "203.0.113.66", "/api/v1/papers", json=_poison({"arxiv": "2501.00042"}, "A harvested paper"))
    paper = settled_document(client, "arxiv:2501.00042")["paper"]
    assert (paper["title"], paper["authors"], paper["year"]) == ("A harvested paper on routing", ["Ada Lovelace"], 2025)
    assert (paper["verified"], paper["metadata_source"]) == (True, "arxiv")
    assert not [query for _, query in arxiv_api.requests if query.get("id_list") == "2501.00042"]


def test_saving_a_corpus_paper_by_id_keeps_its_metadata(client, redis):
    corpus_store.add_papers(redis, [{"paper_id": "arxiv:2504.14194", "title": "A harvested paper",
                                     "abstract": "What the harvest read from arXiv.", "url": "https://arxiv.org/abs/2504.14194"}])
    headers = new_account(client)
    item = client.put("/api/v1/lists/default/items/arxiv:2504.14194", json={}, headers=headers).get_json()
    assert item["paper"]["title"] == "A harvested paper"
    assert (item["paper"]["verified"], item["paper"]["metadata_source"]) == (True, "corpus")
    markdown = client.get("/api/v1/lists/default/export?format=bibtex", headers=headers).get_data(as_text=True)
    assert "A harvested paper" in markdown and "title = {arxiv:2504.14194}" not in markdown


def test_a_page_without_a_registry_shows_only_what_two_addresses_agree_on(client, worker):
    page = "https://journal.example/article/7"
    real = {"url": page, "title": "Sparse attention for long documents",
            "abstract": "We study sparse attention patterns for long documents and show that local windows with a few "
                        "global tokens match full attention on summarization at a fraction of the memory.",
            "authors": ["Ada Lovelace", "Alan Turing"]}
    paper_id = _from(client, "203.0.113.66", "/api/v1/papers",
                     json={**_poison({}, "Sparse attention"), "url": page}).get_json()["paper_id"]
    document = settled_document(client, paper_id)
    assert "title" not in document["paper"] and document["paper"]["verification"] == "unconfirmed"
    assert document["paper"]["url"] == "https://journal.example/article/7"
    assert document["summary"]["status"] == "failed" and "two readers" in document["summary"]["error"]
    # The attacker repeating itself, or one honest reader, is still one voice each.
    _from(client, "203.0.113.66", "/api/v1/papers", json={**_poison({}, "Sparse attention"), "url": page})
    _from(client, "198.51.100.1", "/api/v1/papers", json=real)
    assert "title" not in client.get(f"/api/v1/papers/{paper_id}").get_json()["paper"]

    # A second address that reads the same page agrees: that text is shown, and summarized.
    _from(client, "198.51.100.2", "/api/v1/papers", json={**real, "title": "  Sparse attention for long\ndocuments"})
    document = settled_document(client, paper_id)
    assert document["paper"]["title"] == "Sparse attention for long documents"
    assert (document["paper"]["verified"], document["paper"]["metadata_source"]) == (True, "readers")
    assert document["summary"]["status"] == "done" and "etracted" not in document["summary"]["tldr"]


def test_a_private_save_or_import_never_becomes_what_others_see(client, worker):
    owner = new_account(client)
    poisoned = {"url": EVIL_URL, "title": "Poisoned [RETRACTED]", "abstract": RETRACTED}
    item = client.put("/api/v1/lists/default/items/arxiv:2410.00001", json={"paper": poisoned}, headers=owner).get_json()
    assert item["paper"]["title"] == "Poisoned [RETRACTED]"  # the owner sees its own copy, marked as such
    assert (item["paper"]["metadata_source"], item["paper"]["verified"]) == ("yours", False)
    assert item["paper"]["url"] == "https://arxiv.org/abs/2410.00001"
    entries = [{"paper_id": f"arxiv:2410.{n:05d}", "paper": poisoned} for n in range(2, 12)]
    record = imported(client, owner, "default", "json", _json(entries))  # through the import job
    assert (record["status"], record["imported"]) == ("done", 10), record

    for n in range(1, 12):
        assert "RETRACTED" not in client.get(f"/api/v1/papers/arxiv:2410.{n:05d}").get_data(as_text=True)
    assert client.delete("/api/v1/accounts/me", headers=owner).status_code == 204
    for n in range(1, 12):
        assert client.get(f"/api/v1/papers/arxiv:2410.{n:05d}").status_code == 404


def _json(entries) -> str:
    return json.dumps({"format": "papergist-list", "version": 1, "list": "default", "items": entries})
