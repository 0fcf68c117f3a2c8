"""Tree ensembles stored as flat numpy arrays, walked for every tree at once.

Why: scikit-learn walks one tree per Python call (≈ 30–50 µs each), so a forest or a boosting
model of a few hundred trees costs milliseconds per row. With every tree's nodes concatenated
(``left``/``right`` are global node indices, ``LEAF`` at leaves) all trees step down one level
per numpy operation. Shared by the OST forest and the box-office boosting model.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

LEAF = -1


def leaves(
    x: npt.NDArray[np.float64],
    roots: npt.NDArray[np.int32],
    feature: npt.NDArray[np.integer],
    threshold: npt.NDArray[np.float64],
    left: npt.NDArray[np.int32],
    right: npt.NDArray[np.int32],
    missing_left: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int32]:
    """(rows, trees) the leaf each row reaches in each tree: left when ``x[feature] <=
    threshold``; a NaN goes where ``missing_left`` says (right without it, as NaN compares)."""
    node = np.broadcast_to(roots, (len(x), len(roots))).copy()
    row = np.arange(len(x))[:, None]
    active = left[node] != LEAF
    while active.any():
        seen = x[row, feature[node]]
        go_left = seen <= threshold[node]
        if missing_left is not None:
            go_left = np.where(np.isnan(seen), missing_left[node], go_left)
        node = np.where(active, np.where(go_left, left[node], right[node]), node)
        active = left[node] != LEAF
    return node
