"""Putting scores of different kinds on one scale and adding them up.

Cosines from TF-IDF and from MiniLM live on different scales (a TF-IDF cosine of 0.2 is
high, a MiniLM cosine of 0.2 is low), so each becomes a z-score against the query's scores
over the corpus (its reference rows) before the weighted sum.
"""
from __future__ import annotations

import numpy as np


def zscore(scores: np.ndarray, reference: np.ndarray) -> np.ndarray:
    if reference.size < 2:
        return np.zeros(len(scores), dtype=np.float32)
    spread = float(reference.std()) or 1.0
    return ((scores - float(reference.mean())) / spread).astype(np.float32)


def fuse(lexical, dense, present, dense_weight, lexical_reference, dense_reference, parts=False):
    """Weighted sum of z-scored lexical and dense scores. A row without a dense vector yet
    counts its lexical z-score in place of the dense one, so a freshly ingested paper ranks
    on what is known of it. With `parts`: (fused, lexical z, dense z)."""
    z_lexical = zscore(lexical, lexical_reference)
    z_dense = np.where(present, zscore(dense, dense_reference), z_lexical)
    fused = dense_weight * z_dense + (1.0 - dense_weight) * z_lexical
    return (fused, z_lexical, z_dense) if parts else fused
