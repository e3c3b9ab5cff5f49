"""Related-papers engine: a paper in, the most similar papers of the corpus out.

The corpus lives in Redis (corpus.py); each process keeps an in-memory index of it
(index.py) that it brings up to date from Redis before every search, so a paper added through
one worker is found through any other. Ranking (ranking.py) fuses a TF-IDF cosine with a
MiniLM cosine and refines the query with its best neighbours; an optional online source
(semantic_scholar.py) is merged in. Nothing here knows Flask or RQ.

Why Redis plus an in-memory copy: Redis is already the service's shared, persistent store, so
the corpus and its vectors survive restarts there (no re-embedding) and every worker sees the
same append-only logs; searching needs the vectors in process memory anyway (a Redis round
trip per row would be far too slow), and tailing a log costs one LRANGE per search when
nothing changed. Memory per worker at 74,728 papers: ~110 MiB of vectors + ~280 MiB of TF-IDF
rows; at 1,000,000: ~1.5 GiB of vectors + ~1.6 GiB for the HNSW copy (`bench related`).
A forking RQ worker should call refresh() in the parent between jobs (or warm_up with Redis
at start), so a work horse only reads what arrived since.

Contract (the related job, `related-file` and `eval related` rely on it):
    find_related(redis, paper, limit=10, settings=None) -> [
        {"paper_id", "title", "url", "score": float | None, "why": [str], "source": "local" | "semantic_scholar",
         "authors": [str] (first three), "author_count": int, "year": int | None, "venue": str | None,
         "relevance": "very close" | "close" | "related" | None}   # from citation-trained bands (learned.py)
    ]   # best first, never the paper itself (under any id: dedupe.py), never one paper twice, at
        # most `limit`, fewer where relevance falls off (no item below "related"); score is the
        # local engine's ranking score (comparable within one list), None
        # for an item only Semantic Scholar suggested. `settings` defaults to load_settings().
        # cut=False (list recommendations): the list is not ended where relevance falls off.
    add_to_corpus(redis, papers, embed=None) -> int   # papers: {"paper_id", "title", "abstract", "url"};
        # returns how many were new (a paper with neither title nor abstract has nothing to
        # match on and is not added). embed=None embeds them at once when the model is loaded in
        # this process and the batch is small (the related job); otherwise `python -m server
        # embed` fills their vectors in later, and until then they rank by their lexical score.
    engine_version() -> str        # part of the cache key; bump it to invalidate
    warm_up(settings, redis=None)  # load the model and the index (from settings.redis_url): once per worker, before RQ forks
    refresh(redis)                 # bring this process's index up to date (call between jobs in a forking worker)
"""
from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from typing import TYPE_CHECKING

from server.config import load_settings
from server.related import dense, semantic_scholar
from server.corpus import store as corpus
from server.papers.text import paper_text

if TYPE_CHECKING:
    from server.related.engine import RelatedEngine
# The engine and explain modules are imported where they are used: they bring in scikit-learn
# (about 65 MiB per process), and a web process, which only needs engine_version(), never
# searches. tests/test_web_footprint.py keeps it so.

ENGINE = "hybrid-minilm-tfidf@4"  # plus the learned fusion's digest (engine_version)
EMBED_AT_ONCE = 64  # a batch this small is embedded on the spot by a warm process
# Rows asked of the engine beyond `limit`, so that a list still fills up after copies of one
# paper (and the paper itself under another id) are dropped.
SPARE = 5
log = logging.getLogger(__name__)
_engine: RelatedEngine | None = None
_online: tuple[int, ThreadPoolExecutor] | None = None  # (pid, pool): threads do not survive a fork


def engine_version() -> str:
    """The engine and the fusion file it ranks with: retraining recomputes cached lists."""
    global _version
    if _version is None:
        from pathlib import Path
        import hashlib

        fusion = Path(__file__).with_name("fusion.json")
        _version = ENGINE + (f"+fusion-{hashlib.sha256(fusion.read_bytes()).hexdigest()[:8]}" if fusion.exists() else "")
    return _version


_version: str | None = None


def get_engine(settings=None) -> RelatedEngine:
    """This process's engine (one index per process, shared by every call in it)."""
    global _engine
    if _engine is None:
        from server.related.engine import RelatedEngine

        settings = settings or load_settings()
        _engine = RelatedEngine(exact_limit=settings.related_exact_limit)
    return _engine


def warm_up(settings=None, redis=None) -> None:
    """Load the model and read the whole corpus into this process's index (settings.redis_url
    is used when no connection is given), so forked jobs start with both ready."""
    from server.related import explain  # noqa: F401  (imported here so that no forked job pays for it)

    settings = settings or load_settings()
    dense.load_model()
    engine = get_engine(settings)
    if redis is None and settings.redis_url:
        from server.redis_connection import connect

        redis = connect(settings)
    if redis is not None:
        started = time.perf_counter()
        added = engine.sync(redis)
        log.info("related index: %d papers read in %.1f s; search: %s", added, time.perf_counter() - started,
                 "exact" if engine.index.dense.hnsw is None else "HNSW")


def refresh(redis) -> int:
    return get_engine().sync(redis)


def add_to_corpus(redis, papers, embed: bool | None = None) -> int:
    papers = [p for p in papers if paper_text(p)]
    added = corpus.add_papers(redis, papers)
    if embed is None:
        embed = dense.is_loaded() and len(papers) <= EMBED_AT_ONCE
    if embed and papers:
        ids = [p["paper_id"] for p in papers]
        missing = [p for p, has in zip(papers, corpus.has_vectors(redis, dense.MODEL_NAME, ids)) if not has]
        if missing:
            vectors = dense.embed([paper_text(p) for p in missing])
            corpus.add_vectors(redis, dense.MODEL_NAME, [p["paper_id"] for p in missing], vectors)
    return added


def find_related(redis, paper: dict, limit: int = 10, settings=None, cut: bool = True) -> list[dict]:
    settings = settings or load_settings()
    online = None
    if settings.semantic_scholar_url:
        online = _online_pool().submit(semantic_scholar.recommend, settings, paper["paper_id"], limit + 1)
    local = local_related(redis, paper, limit, settings, cut)
    if online is None:
        return local
    try:
        remote = online.result(timeout=settings.semantic_scholar_timeout_seconds)
    except FutureTimeout:
        log.warning("Semantic Scholar took over %.1f s; local results only", settings.semantic_scholar_timeout_seconds)
        remote = []
    from server.related.explain import shared_terms, term_weights

    idf = get_engine(settings).index.lexical.idf
    query_terms = term_weights(paper_text(paper), idf)
    from server.related.dedupe import same_paper

    remote = [r for r in remote if not same_paper(r, paper) and not any(same_paper(r, item) for item in local)]
    for item in remote:
        item["why"] = shared_terms(query_terms, paper_text(item), idf)
    return semantic_scholar.merge(local, remote, paper, limit)


def _online_pool() -> ThreadPoolExecutor:
    """A thread pool of this process; a forked work horse makes its own."""
    global _online
    if _online is None or _online[0] != os.getpid():
        _online = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="semantic-scholar"))
    return _online[1]


def local_related(redis, paper: dict, limit: int, settings=None, cut: bool = True) -> list[dict]:
    from server.related.listing import build_items

    engine = get_engine(settings)
    engine.sync(redis)
    ranked = engine.related_with_closeness(paper, limit=limit + SPARE)
    return build_items(engine, paper, ranked, corpus.get_papers(redis, [row[0] for row in ranked]), limit, cut)
