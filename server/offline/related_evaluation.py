"""Offline quality check in the SciDocs "cite" shape: for each query, rank its candidates and
score the ranking with MAP and nDCG (binary relevance, the whole candidate list), in percent."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for position, paper_id in enumerate(ranked, start=1):
        if paper_id in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant) if relevant else 0.0


def ndcg(ranked: list[str], relevant: set[str]) -> float:
    gain = sum(1 / math.log2(p + 1) for p, i in enumerate(ranked, start=1) if i in relevant)
    ideal = sum(1 / math.log2(p + 1) for p in range(1, min(len(relevant), len(ranked)) + 1))
    return gain / ideal if ideal else 0.0


@dataclass
class Scores:
    map: float
    ndcg: float
    queries: int


def score_rankings(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> Scores:
    maps = [average_precision(rankings[q], relevant[q]) for q in rankings]
    ndcgs = [ndcg(rankings[q], relevant[q]) for q in rankings]
    return Scores(map=100 * float(np.mean(maps)), ndcg=100 * float(np.mean(ndcgs)), queries=len(rankings))
