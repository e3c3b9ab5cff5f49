"""Ranking from files, through the same engine as the related job: load a corpus file into a
private in-memory index (no Redis), embed it (with a progress bar, cached on disk by content),
then rank each query's candidates or the whole corpus."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from tqdm import tqdm

from server.related import dense
from server.related.engine import RelatedEngine
from server.corpus.records import BadRecordError, read_json_lines, to_paper
from server.papers.text import paper_text

EMBED_BATCH = 64


def load_corpus(path: Path) -> list[dict]:
    papers, seen = [], set()
    for number, record in read_json_lines(path):
        paper = to_paper(record, path, number, plain_ids=True)
        if paper["paper_id"] in seen:
            raise BadRecordError(path, number, f"duplicate id {paper['paper_id']!r}")
        seen.add(paper["paper_id"])
        papers.append(paper)
    return papers


def embed_papers(papers: list[dict], cache_dir: Path | None) -> np.ndarray:
    """Vectors of the papers; reuses a cached matrix for the very same texts."""
    texts = [paper_text(p) for p in papers]
    digest = hashlib.sha256("\n".join([dense.MODEL_NAME, *texts]).encode()).hexdigest()[:24]
    cached = Path(cache_dir) / f"vectors-{digest}.npy" if cache_dir else None
    if cached and cached.exists():
        return np.load(cached)
    vectors = np.zeros((len(texts), dense.DIM), dtype=np.float32)
    with tqdm(total=len(texts), desc="embed", unit="paper") as bar:
        for start in range(0, len(texts), EMBED_BATCH):
            vectors[start:start + EMBED_BATCH] = dense.embed(texts[start:start + EMBED_BATCH])
            bar.update(len(texts[start:start + EMBED_BATCH]))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return vectors


def engine_for(papers: list[dict], cache_dir: Path | None = None, **engine_options) -> RelatedEngine:
    engine = RelatedEngine(**engine_options)
    engine.add(papers, embed_papers(papers, cache_dir))
    return engine


def read_queries(path: Path, engine: RelatedEngine) -> list[tuple[str, list[str] | None]]:
    """(query id, candidate ids or None) per line; every id must be in the corpus."""
    queries = []
    for number, record in read_json_lines(path):
        query_id = record.get("id", record.get("query"))
        candidates = record.get("candidates")
        if candidates is None and "positives" in record:
            candidates = list(record["positives"]) + list(record.get("negatives", []))
        if not isinstance(query_id, str) or not query_id:
            raise BadRecordError(path, number, 'missing "id" (a non-empty string)')
        if candidates is not None and not (isinstance(candidates, list) and all(isinstance(c, str) for c in candidates)):
            raise BadRecordError(path, number, '"candidates" must be a list of id strings')
        unknown = [i for i in [query_id, *(candidates or [])] if i not in engine.index.row_of]
        if unknown:
            raise BadRecordError(path, number, f"id(s) not in the corpus: {', '.join(unknown[:5])}")
        queries.append((query_id, candidates))
    return queries


def rank_query(engine: RelatedEngine, papers_by_id: dict[str, dict], query_id: str,
               candidates: list[str] | None, limit: int) -> list[str]:
    paper = papers_by_id[query_id]
    if candidates is not None:
        return engine.rank_candidates(paper, [c for c in candidates if c != query_id])
    return [paper_id for paper_id, _ in engine.related(paper, limit=limit)]
