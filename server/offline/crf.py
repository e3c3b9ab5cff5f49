"""A linear-chain conditional random field, trained with L-BFGS on sparse features (training only).

Scores: emissions X @ W + b for each sentence, a (K, K) transition matrix between consecutive labels
and a start vector for the first; an abstract's label sequence has probability proportional to
exp(sum of its scores). roles.py decodes the stored numbers with its own Viterbi pass, so nothing
here runs in the service.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import logsumexp


class LinearChainCRF:
    def __init__(self, n_labels: int, C: float = 1.0, max_iter: int = 500):
        self.n_labels, self.C, self.max_iter = n_labels, C, max_iter  # C as in scikit-learn: 1 / L2 weight

    def fit(self, X, y, lengths: list[int]) -> "LinearChainCRF":
        """X: one row per sentence, abstracts one after another; lengths: sentences per abstract."""
        X = sparse.csr_matrix(X)
        n_rows, n_features = X.shape
        K = self.n_labels
        y = np.asarray(y)
        rows, mask = _padded_rows(lengths)
        gold = np.zeros((n_rows, K))
        gold[np.arange(n_rows), y] = 1
        padded_y = y[np.where(mask, rows, 0)]
        pair_counts = np.zeros((K, K))
        for labels, n in zip(padded_y, mask.sum(1)):
            np.add.at(pair_counts, (labels[:n - 1], labels[1:n]), 1)
        start_counts = np.bincount(padded_y[:, 0], minlength=K).astype(float)
        X_transposed = X.T.tocsr()
        l2 = 1.0 / self.C

        def loss_and_gradient(theta):
            W, b, transitions, start = self._unpack(theta, n_features)
            emissions = X @ W + b
            padded = np.where(mask[..., None], emissions[np.where(mask, rows, 0)], 0.0)
            alpha, beta, log_z = _forward_backward(padded, mask, transitions, start)
            gold_score = (emissions * gold).sum() + (pair_counts * transitions).sum() + start_counts @ start
            marginals = np.exp(alpha + beta - log_z[:, None, None])
            expected = np.zeros((n_rows, K))
            expected[rows[mask]] = marginals[mask]
            d_emissions = expected - gold
            pairs = np.exp(alpha[:, :-1, :, None] + transitions[None, None]
                           + (padded[:, 1:] + beta[:, 1:])[:, :, None, :] - log_z[:, None, None, None])
            d_transitions = (pairs * mask[:, 1:, None, None]).sum((0, 1)) - pair_counts
            d_start = marginals[:, 0].sum(0) - start_counts
            loss = log_z.sum() - gold_score + 0.5 * l2 * (W * W).sum()
            gradient = np.concatenate([(X_transposed @ d_emissions + l2 * W).ravel(), d_emissions.sum(0),
                                       d_transitions.ravel(), d_start])
            return loss, gradient

        theta = np.zeros(n_features * K + K + K * K + K)
        result = minimize(loss_and_gradient, theta, jac=True, method="L-BFGS-B",
                          options={"maxiter": self.max_iter})
        self.coef_, self.intercept_, self.transitions_, self.start_ = self._unpack(result.x, n_features)
        self.coef_ = self.coef_.T  # (K, features), as scikit-learn's linear models keep it
        return self

    def _unpack(self, theta, n_features):
        K = self.n_labels
        end_w = n_features * K
        W = theta[:end_w].reshape(n_features, K)
        b = theta[end_w:end_w + K]
        transitions = theta[end_w + K:end_w + K + K * K].reshape(K, K)
        start = theta[end_w + K + K * K:]
        return W, b, transitions, start


def _padded_rows(lengths):
    """(abstracts, longest) row numbers into X, and the mask of real sentences."""
    rows = np.full((len(lengths), max(lengths)), -1)
    offset = 0
    for i, n in enumerate(lengths):
        rows[i, :n] = np.arange(offset, offset + n)
        offset += n
    return rows, rows >= 0


def _forward_backward(emissions, mask, transitions, start):
    """Log forward and backward scores over padded abstracts; padding carries the last real step."""
    B, T, K = emissions.shape
    alpha = np.empty((B, T, K))
    beta = np.zeros((B, T, K))
    alpha[:, 0] = start + emissions[:, 0]
    for t in range(1, T):
        step = logsumexp(alpha[:, t - 1, :, None] + transitions[None], axis=1) + emissions[:, t]
        alpha[:, t] = np.where(mask[:, t, None], step, alpha[:, t - 1])
    for t in range(T - 2, -1, -1):
        step = logsumexp(transitions[None] + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where(mask[:, t + 1, None], step, beta[:, t + 1])
    return alpha, beta, logsumexp(alpha[:, -1], axis=1)
