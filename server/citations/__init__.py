"""Citation formats: lists out as BibTeX, RIS, CSL-JSON or PaperGist JSON, and back in from
each; one paper out as BibTeX, RIS, CSL-JSON or a Markdown link. Plain data in and out (list
items as lists.with_papers() gives them)."""
from __future__ import annotations

from typing import Callable, NamedTuple

from server.citations import bibtex, csljson, markdown, papergist_json, ris


class Exporter(NamedTuple):
    write: Callable[[list[dict], str], str]
    media_type: str
    extension: str


EXPORTERS = {
    "bibtex": Exporter(bibtex.write, "application/x-bibtex", "bib"),
    "ris": Exporter(ris.write, "application/x-research-info-systems", "ris"),
    "csljson": Exporter(csljson.write, "application/vnd.citationstyles.csl+json", "json"),
    "json": Exporter(papergist_json.write, "application/json", "json"),
}
# One paper's citation (GET /api/v1/papers/{paper_id}/citation): the list exporters of the
# citation formats, plus a Markdown link for notes.
CITATION_FORMATS = {
    **{name: EXPORTERS[name] for name in ("bibtex", "ris", "csljson")},
    "markdown": Exporter(markdown.write, "text/markdown", "md"),
}
READERS = {"bibtex": bibtex.read, "ris": ris.read, "csljson": csljson.read, "json": papergist_json.read}


def import_entries(format_: str, content: str, max_entries: int) -> tuple[list, list[dict]]:
    """([(label, paper_id, item)], [{"entry", "message"}]); past max_entries every further
    entry is reported, not dropped."""
    entries, errors = READERS[format_](content)
    for label, _, _ in entries[max_entries:]:
        errors.append({"entry": label, "message": f"an import reads at most {max_entries} entries"})
    return entries[:max_entries], errors
