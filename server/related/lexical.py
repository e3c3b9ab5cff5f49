"""Lexical similarity: TF-IDF cosine over word unigrams and bigrams, grown one batch at a time.

Terms are hashed (scikit-learn's HashingVectorizer) rather than looked up in a fitted
vocabulary, so a paper added today is vectorized by the same function as the corpus was, in
any worker, with no shared state. The idf comes from the corpus itself: it is refit whenever
the rows added since the last fit grow past a fraction of the corpus; rows in between are
weighted with the last fit's idf. Rows live in a large "settled" block (column-major, so a
query reads only the postings of its own terms) and a small "recent" block.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

N_FEATURES = 2**21
# Refit the idf (and rebuild the settled block) once recent rows exceed this share of all rows.
REFIT_SHARE = 0.05

VECTORIZER = HashingVectorizer(
    n_features=N_FEATURES, ngram_range=(1, 2), stop_words="english",
    alternate_sign=False, norm=None, dtype=np.float32,
)


def term_counts(texts: list[str]) -> sp.csr_matrix:
    """Sublinear term frequencies (1 + log tf), one row per text, before any idf."""
    counts = VECTORIZER.transform(texts).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    return counts


class LexicalIndex:
    def __init__(self):
        self._settled_tf = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
        self._recent_tf: list[sp.csr_matrix] = []
        self._idf = np.ones(N_FEATURES, dtype=np.float32)
        self._settled = sp.csc_matrix((0, N_FEATURES), dtype=np.float32)
        self._recent = sp.csc_matrix((0, N_FEATURES), dtype=np.float32)

    def __len__(self) -> int:
        return self._settled.shape[0] + self._recent.shape[0]

    def nbytes(self) -> int:
        """Memory held by the rows (both weighted and raw term frequencies) and the idf."""
        blocks = [self._settled_tf, self._settled, self._recent, *self._recent_tf]
        return self._idf.nbytes + sum(b.data.nbytes + b.indices.nbytes + b.indptr.nbytes for b in blocks)

    @property
    def idf(self) -> np.ndarray:
        return self._idf

    def add(self, texts: list[str]) -> None:
        if not texts:
            return
        self._recent_tf.append(term_counts(texts))
        recent_rows = sum(block.shape[0] for block in self._recent_tf)
        if recent_rows > REFIT_SHARE * len(self) or self._settled.shape[0] == 0:
            self._refit()
        else:
            self._recent = self._weigh(sp.vstack(self._recent_tf, format="csr")).tocsc()

    def query_vector(self, text: str) -> sp.csr_matrix:
        return self._weigh(term_counts([text]))

    def scores(self, query: sp.csr_matrix) -> np.ndarray:
        """Cosine of the (weighted, unit) query against every row, in row order."""
        terms, weights = query.indices, query.data
        blocks = [self._settled, self._recent]
        if not terms.size:
            return np.zeros(len(self), dtype=np.float32)
        return np.concatenate([block[:, terms] @ weights for block in blocks]).astype(np.float32)

    def row_vectors(self, rows: np.ndarray) -> sp.csr_matrix:
        """Weighted unit vectors of some rows (query feedback reads its neighbours' terms)."""
        rows = np.asarray(rows, dtype=np.int64)
        settled = self._settled_tf.shape[0]
        if (rows < settled).all():
            return self._weigh(self._settled_tf[rows])
        recent = sp.vstack(self._recent_tf, format="csr")
        parts = [self._settled_tf[[r]] if r < settled else recent[[r - settled]] for r in rows]
        return self._weigh(sp.vstack(parts, format="csr"))

    def _refit(self) -> None:
        self._settled_tf = sp.vstack([self._settled_tf, *self._recent_tf], format="csr")
        self._recent_tf = []
        rows = self._settled_tf.shape[0]
        document_frequency = np.bincount(self._settled_tf.indices, minlength=N_FEATURES)
        # scikit-learn's smooth idf, so a term seen in every paper still counts a little.
        self._idf = (np.log((1 + rows) / (1 + document_frequency)) + 1).astype(np.float32)
        self._settled = self._weigh(self._settled_tf).tocsc()
        self._recent = sp.csc_matrix((0, N_FEATURES), dtype=np.float32)

    def _weigh(self, tf: sp.csr_matrix) -> sp.csr_matrix:
        weighted = tf.astype(np.float32, copy=True)
        weighted.data *= self._idf[weighted.indices]
        return _unit_rows(weighted)


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length in place (sklearn's normalize, without its per-call checks)."""
    row_of_value = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(row_of_value, weights=matrix.data.astype(np.float64) ** 2,
                                minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data /= norms[row_of_value].astype(np.float32)
    return matrix


def blend(query: sp.csr_matrix, rows: sp.csr_matrix, weight: float) -> sp.csr_matrix:
    """Unit vector of query + weight * mean(rows), for one-row sparse vectors."""
    terms = np.concatenate([query.indices, rows.indices])
    values = np.concatenate([query.data, rows.data * (weight / max(rows.shape[0], 1))])
    unique, where = np.unique(terms, return_inverse=True)
    summed = np.bincount(where, weights=values).astype(np.float32)
    vector = sp.csr_matrix((summed, unique, [0, len(unique)]), shape=(1, N_FEATURES))
    return _unit_rows(vector)
