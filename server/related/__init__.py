"""Related-papers engine: a paper in, the most similar papers of the corpus out.

The walking skeleton's first engine: TF-IDF cosine over every paper the corpus holds.
It knows no Flask or RQ; it reads the corpus through the Redis connection it is given.

Contract (the related job and `related-file` rely on it):
    find_related(redis, paper, limit=10) -> [
        {"paper_id", "title", "url", "score": float, "why": [str], "source": "local"}
    ]                                   # never the paper itself, best first
    add_to_corpus(redis, papers)        # papers: iterable of {"paper_id", "title", "abstract", "url"}
    engine_version() -> str             # part of the cache key; bump it to invalidate
    warm_up(settings)                   # load models/indexes once per worker, before RQ forks
"""
from __future__ import annotations

import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ENGINE = "tfidf@1"
CORPUS_KEY = "papergist:v1:corpus"  # hash: paper_id -> {"title", "abstract", "url"}


def engine_version() -> str:
    return ENGINE


def warm_up(settings=None) -> None:
    """Nothing to load for TF-IDF."""


def add_to_corpus(redis, papers) -> int:
    entries = {
        p["paper_id"]: json.dumps({k: p.get(k) or "" for k in ("title", "abstract", "url")})
        for p in papers
    }
    if entries:
        redis.hset(CORPUS_KEY, mapping=entries)
    return len(entries)


def find_related(redis, paper: dict, limit: int = 10) -> list[dict]:
    corpus = {pid.decode(): json.loads(raw) for pid, raw in redis.hgetall(CORPUS_KEY).items()}
    corpus.pop(paper["paper_id"], None)
    if not corpus:
        return []
    ids = sorted(corpus)  # Redis hash order differs between servers; results must not
    texts = [f"{corpus[i]['title']} {corpus[i]['abstract']}" for i in ids]
    query = f"{paper.get('title') or ''} {paper.get('abstract') or ''}"
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform(texts + [query])
    scores = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    vocabulary = np.array(vectorizer.get_feature_names_out())
    results = []
    for index in np.argsort(-scores, kind="stable")[:limit]:
        if scores[index] <= 0:
            break
        shared = matrix[index].multiply(matrix[-1]).toarray().ravel()
        why = [str(vocabulary[j]) for j in np.argsort(-shared, kind="stable")[:5] if shared[j] > 0]
        entry = corpus[ids[index]]
        results.append({
            "paper_id": ids[index],
            "title": entry["title"],
            "url": entry["url"],
            "score": round(float(scores[index]), 4),
            "why": why,
            "source": "local",
        })
    return results
