"""iALS (Hu et al. 2008, in the form of Rendle et al. 2021 "Revisiting the performance of iALS").

Minimises Σ_observed (1 - uᵀv)² + α₀ Σ_all (uᵀv)² + λ Σ (|I_u| + α₀|I|)^ν ‖u‖² (and the same for
items) by alternating closed-form least squares.  The all-pairs term is a Gramian α₀·VᵀV shared
by every user, so one sweep costs one d×d solve per user and per item.  A new user folds in with
a single solve against the item factors (``fold_in``), which is what would make it servable.
Only the benchmark uses it today (EASE + iALS blend, part A).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class IALSConfig:
    dim: int = 128
    reg: float = 0.03
    unobserved: float = 0.1  # α₀, the weight of every unobserved pair
    nu: float = 1.0  # frequency scaling of the L2 weight
    epochs: int = 10
    seed: int = 0


def _solve_rows(
    matrix: sparse.csr_matrix, fixed: FloatArray, config: IALSConfig, chunk: int = 256
) -> FloatArray:
    """Closed-form factors of every row of ``matrix`` given the other side's factors."""
    dim = fixed.shape[1]
    gram = config.unobserved * (fixed.T @ fixed)
    counts = np.diff(matrix.indptr)
    lam = config.reg * (counts + config.unobserved * fixed.shape[0]) ** config.nu
    rhs = np.asarray(matrix @ fixed)  # Σ_observed y·v
    out = np.empty((matrix.shape[0], dim))
    eye = np.eye(dim)
    for start in range(0, matrix.shape[0], chunk):
        stop = min(start + chunk, matrix.shape[0])
        a = np.repeat(gram[None], stop - start, axis=0)
        a += lam[start:stop, None, None] * eye
        for r in range(start, stop):
            idx = matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]]
            f = fixed[idx]
            a[r - start] += f.T @ f
        out[start:stop] = np.linalg.solve(a, rhs[start:stop, :, None])[:, :, 0]
    return out


def fit(matrix: sparse.spmatrix, config: IALSConfig) -> tuple[FloatArray, FloatArray]:
    """User and item factors for a user × item matrix of observed (1) entries."""
    x = sparse.csr_matrix(matrix, dtype=np.float64)
    x.data[:] = 1.0
    xt = sparse.csr_matrix(x.T)
    rng = np.random.default_rng(config.seed)
    scale = 0.1 / np.sqrt(config.dim)
    users = rng.normal(0.0, scale, (x.shape[0], config.dim))
    item_factors = rng.normal(0.0, scale, (x.shape[1], config.dim))
    for _ in range(config.epochs):
        users = _solve_rows(x, item_factors, config)
        item_factors = _solve_rows(xt, users, config)
    return users, item_factors


def fold_in(
    item_factors: FloatArray, positions: npt.NDArray[np.int64], config: IALSConfig
) -> FloatArray:
    """The factors of a new user whose observed items are ``positions`` (one d×d solve)."""
    row = sparse.csr_matrix(
        (np.ones(positions.size), (np.zeros(positions.size, dtype=np.int64), positions)),
        shape=(1, item_factors.shape[0]),
    )
    return np.asarray(_solve_rows(row, item_factors, config)[0], dtype=np.float64)


def zscore(scores: npt.NDArray[np.floating], seen: sparse.spmatrix) -> FloatArray:
    """Per-user z-score of a users × items score matrix over the items each user has not seen."""
    s = np.array(scores, dtype=np.float64, copy=True)
    mask = np.asarray(sparse.csr_matrix(seen).toarray()) != 0
    s[mask] = np.nan
    mean = np.nanmean(s, axis=1, keepdims=True)
    std = np.nanstd(s, axis=1, keepdims=True)
    z = (s - mean) / np.where(std > 0, std, 1.0)
    return np.asarray(np.nan_to_num(z, nan=0.0), dtype=np.float64)
