"""Recommendations for a list: papers like the list's papers and unlike those marked not relevant.

Relevance feedback in the manner of Rocchio: a candidate's score is its mean similarity to the
list's papers minus half its mean similarity to the rejected ones (the weights Rocchio's method
commonly gives positive and negative examples are of this order: negatives count, but less).
Similarities come from the related-papers engine, through a `related_to(paper, limit)` callable,
so this module works with whichever engine is installed and knows nothing of Redis or RQ.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

NAME = "rocchio@1"
NEGATIVE_WEIGHT = 0.5
# Each paper's neighbours are asked for a few times the answer's size, so that a candidate
# near several of the list's papers is seen by each of them.
FAN_OUT = 3

RelatedTo = Callable[[dict, int], list[dict]]


def engine_version(related_engine: str) -> str:
    return f"{NAME}+{related_engine}"


def recommend(related_to: RelatedTo, seeds: list[dict], negatives: list[dict],
              exclude: set[str], limit: int) -> list[dict]:
    """The best `limit` candidates, best first, each {paper_id, title, url, score, why, because, source};
    never a paper of `exclude` (the list's own and the rejected ones)."""
    if not seeds:
        return []
    ask = limit * FAN_OUT + len(exclude)
    scores, found, because = defaultdict(float), {}, defaultdict(list)
    for seed in seeds:
        for hit in related_to(seed, ask):
            if hit["paper_id"] not in exclude:
                scores[hit["paper_id"]] += hit["score"] / len(seeds)
                found.setdefault(hit["paper_id"], hit)
                because[hit["paper_id"]].append(seed["paper_id"])
    for negative in negatives:
        for hit in related_to(negative, ask):
            if hit["paper_id"] in scores:
                scores[hit["paper_id"]] -= NEGATIVE_WEIGHT * hit["score"] / len(negatives)
    ranked = sorted((pid for pid in scores if scores[pid] > 0), key=lambda pid: (-scores[pid], pid))
    return [{**found[pid], "score": round(scores[pid], 4), "because": because[pid][:5]} for pid in ranked[:limit]]
