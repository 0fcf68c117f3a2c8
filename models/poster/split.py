"""Iterative stratification for multi-label data (Sechidis, Tsoumakas & Vlahavas, 2011).

A random split of 7.9 k posters leaves rare genres (Musical, War) with a handful of test
examples or an uneven share; iterative stratification hands out the rarest label's examples
first, each to the fold that still wants that label most, so every genre's share in every
fold stays close to the requested proportions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def iterative_stratification(
    labels: npt.NDArray[np.integer], proportions: Sequence[float], seed: int
) -> npt.NDArray[np.int64]:
    """Fold index (0..k-1) for every row of a 0/1 ``labels`` matrix (n × L)."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels, dtype=bool)
    n, _ = y.shape
    ratios = np.asarray(proportions, dtype=np.float64)
    ratios = ratios / ratios.sum()
    wanted = ratios * n  # examples each fold still wants
    wanted_label = np.outer(ratios, y.sum(axis=0)).astype(np.float64)  # k × L
    fold = np.full(n, -1, dtype=np.int64)
    remaining = y.copy()
    unassigned = np.ones(n, dtype=bool)
    while unassigned.any():
        counts = remaining.sum(axis=0)
        if counts.max() == 0:
            break
        label = int(np.argmin(np.where(counts > 0, counts, np.iinfo(np.int64).max)))
        rows = np.flatnonzero(remaining[:, label])
        for row in rng.permutation(rows):
            j = _pick(wanted_label[:, label], wanted, rng)
            fold[row] = j
            unassigned[row] = False
            wanted_label[j] -= y[row]
            wanted[j] -= 1
            remaining[row] = False
    for row in rng.permutation(np.flatnonzero(unassigned)):  # posters with no kept genre
        j = _pick(wanted, wanted, rng)
        fold[row] = j
        wanted[j] -= 1
    return fold


def _pick(
    primary: npt.NDArray[np.float64], secondary: npt.NDArray[np.float64], rng: np.random.Generator
) -> int:
    """The fold that wants this label most; ties → most wanted overall; then at random."""
    best = np.flatnonzero(primary == primary.max())
    if len(best) > 1:
        best = best[secondary[best] == secondary[best].max()]
    return int(rng.choice(best)) if len(best) > 1 else int(best[0])
