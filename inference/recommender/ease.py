"""EASE (Steck 2019): a closed-form item-item linear model, the strongest model in our benchmark.

B = I - P / diag(P) with P = (XᵀX + λI)⁻¹, and diag(B) = 0.  A new user is scored as x·B from
their favourites alone, so folding in a user needs no retraining.  The dense B is items² floats
(380 MB for ml-latest-small), so serving keeps only each item's strongest neighbours in a sparse
row form (``prune``) and scores by summing the favourites' rows (``score_rows``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import linalg, sparse

FloatArray = npt.NDArray[np.float32]


def fit(matrix: sparse.spmatrix, lam: float, dropout: float = 0.0) -> FloatArray:
    """The dense EASE weight matrix for a user × item interaction matrix and L2 weight ``lam``.

    ``dropout`` > 0 gives EDLAE (Steck, NeurIPS 2020): the L2 weight of item i grows by
    p/(1-p)·G_ii, the regulariser that dropout of the input with probability p amounts to.
    """
    if not 0.0 <= dropout < 1.0:
        raise ValueError("dropout must be in [0, 1)")
    x = sparse.csr_matrix(matrix, dtype=np.float64)
    gram = (x.T @ x).toarray()
    gram[np.diag_indices_from(gram)] *= 1.0 + dropout / (1.0 - dropout)
    gram[np.diag_indices_from(gram)] += lam
    # The Gram matrix is symmetric positive definite: a Cholesky inverse is twice as fast as LU.
    factor, info = linalg.lapack.dpotrf(gram, lower=False, overwrite_a=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"Gram matrix not positive definite (dpotrf info={info})")
    upper, info = linalg.lapack.dpotri(factor, lower=False, overwrite_c=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"Cholesky inverse failed (dpotri info={info})")
    precision = np.triu(upper) + np.triu(upper, 1).T
    weights = precision / (-np.diag(precision))
    weights[np.diag_indices_from(weights)] = 0.0
    return np.asarray(weights, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class SparseRows:
    """Row-major sparse item-item weights: row i lists the items that i's interaction raises."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    data: FloatArray
    n_items: int

    def score(
        self, positions: npt.NDArray[np.int64], weights: FloatArray | None = None
    ) -> FloatArray:
        """Σ_i w_i · row_i over the given source rows, as a dense score vector."""
        return score_rows(self, positions, weights)


def prune(weights: FloatArray, keep: int) -> SparseRows:
    """Keep the ``keep`` weights of largest magnitude in every row.

    Negative weights matter ("people who liked i did *not* take j"): dropping them cost the
    benchmark about a point of precision, so the pruning is by absolute value.
    """
    n = weights.shape[0]
    keep = min(keep, n - 1)
    top = np.argpartition(-np.abs(weights), keep, axis=1)[:, :keep]
    top.sort(axis=1)
    vals = np.take_along_axis(weights, top, axis=1)
    nonzero = vals != 0
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(nonzero.sum(axis=1), out=indptr[1:])
    return SparseRows(
        indptr=indptr,
        indices=top[nonzero].astype(np.int32),
        data=vals[nonzero].astype(np.float32),
        n_items=n,
    )


def score_rows(
    rows: SparseRows, positions: npt.NDArray[np.int64], weights: FloatArray | None = None
) -> FloatArray:
    """Scores of every item for a user whose interactions are the given rows (fold-in)."""
    if positions.size == 0:
        return np.zeros(rows.n_items, dtype=np.float32)
    starts = rows.indptr[positions]
    ends = rows.indptr[positions + 1]
    lengths = ends - starts
    # Gather all selected rows' slices in one vectorised step.
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    data = rows.data[offsets].astype(np.float64)
    if weights is not None:
        data *= np.repeat(np.asarray(weights, dtype=np.float64), lengths)
    out = np.bincount(rows.indices[offsets], weights=data, minlength=rows.n_items)
    return out.astype(np.float32)


def to_dense_scores(weights: FloatArray, rows: sparse.spmatrix) -> FloatArray:
    """Scores of the full (unpruned) model for a batch of user rows: X·B."""
    return np.asarray(sparse.csr_matrix(rows) @ weights, dtype=np.float32)
