"""Dense vectors of the corpus in memory: one float32 row per corpus row, searched exactly
up to `exact_limit` rows and through a faiss HNSW graph beyond that.

A row whose vector is not stored yet (the embed command fills them in behind an ingest) is a
zero row and is marked missing, so callers can fall back to the lexical score for it.
"""
from __future__ import annotations

import numpy as np

# Past this many vectors a query scans an HNSW graph instead of every vector: at 74,728 papers
# the exact scan (115 MB of float32 read per query) took 10 of the search's 22 ms, the HNSW
# path 15 ms in all (`bench related --exact-limit`), at recall@10 0.997.
EXACT_LIMIT = 50_000
# HNSW build and search parameters: M links per node, efSearch candidates per query.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128


class DenseVectors:
    def __init__(self, dim: int, exact_limit: int = EXACT_LIMIT):
        self.dim = dim
        self.exact_limit = exact_limit
        self._matrix = np.zeros((1024, dim), dtype=np.float32)
        self._present = np.zeros(1024, dtype=bool)
        self._rows = 0
        self.hnsw = None
        self.hnsw_rows = np.zeros(0, dtype=np.int64)  # faiss id -> corpus row

    def __len__(self) -> int:
        return self._rows

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: self._rows]

    @property
    def present(self) -> np.ndarray:
        return self._present[: self._rows]

    def grow(self, rows: int) -> None:
        """Make room for corpus rows up to `rows` (new rows start missing)."""
        if rows > len(self._matrix):
            capacity = max(rows, 2 * len(self._matrix))
            self._matrix = np.resize(self._matrix, (capacity, self.dim))
            self._matrix[self._rows:] = 0
            self._present = np.concatenate([self._present[: self._rows],
                                            np.zeros(capacity - self._rows, dtype=bool)])
        self._rows = max(self._rows, rows)

    def set(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        fresh = ~self._present[rows]
        self._matrix[rows] = vectors
        self._present[rows] = True
        if self.hnsw is not None:
            self._hnsw_add(rows[fresh])
        elif self.present.sum() > self.exact_limit:
            self._build_hnsw()

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row (0 for missing rows)."""
        return self.matrix @ query

    def top(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k rows nearest the query: (rows, cosines), best first."""
        if self.hnsw is not None:
            cosines, ids = self.hnsw.search(query.reshape(1, -1), k)
            keep = ids[0] >= 0
            return self.hnsw_rows[ids[0][keep]], cosines[0][keep]
        scores = self.scores(query)
        k = min(k, len(scores))
        rows = np.argpartition(-scores, k - 1)[:k] if k else np.zeros(0, dtype=np.int64)
        rows = rows[np.argsort(-scores[rows])]
        return rows, scores[rows]

    def _build_hnsw(self) -> None:
        import faiss  # only a corpus past exact_limit needs it

        self.hnsw = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        self.hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        self.hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        self.hnsw_rows = np.zeros(0, dtype=np.int64)
        self._hnsw_add(np.flatnonzero(self.present))

    def _hnsw_add(self, rows: np.ndarray) -> None:
        if len(rows):
            self.hnsw.add(np.ascontiguousarray(self._matrix[rows]))
            self.hnsw_rows = np.concatenate([self.hnsw_rows, np.asarray(rows, dtype=np.int64)])
