"""A gradient-boosted regressor as plain numpy arrays: served without scikit-learn or pickle.

scikit-learn's ``HistGradientBoostingRegressor`` predicts ``baseline + Σ tree(x)``; each tree
sends a row left when ``x[feature] <= threshold`` (NaN follows ``missing_left``). The packer
(``models/audience/pack.py``) copies every tree's nodes into flat arrays; here all trees step
down one level per numpy operation. The arrays load with ``allow_pickle=False``, so nothing in
the artifact can run code; a test checks the packed model gives scikit-learn's predictions.
The walk itself is ``inference.trees.leaves``, shared with the OST forest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.checksums import write_arrays
from inference.trees import leaves

FIELDS = ("baseline", "roots", "feature", "threshold", "missing_left", "left", "right", "value")


@dataclass(frozen=True)
class PackedBoosting:
    """Nodes of every tree, concatenated; ``roots[t]`` is tree t's first node.

    ``left``/``right`` are global node indices (``LEAF`` at leaves); ``value`` is read at leaves.
    """

    baseline: npt.NDArray[np.float64]  # shape (1,)
    roots: npt.NDArray[np.int32]
    feature: npt.NDArray[np.int16]
    threshold: npt.NDArray[np.float64]
    missing_left: npt.NDArray[np.bool_]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    value: npt.NDArray[np.float64]

    def save(self, path: Path) -> None:
        """Deterministic bytes: the same model gives the same file (and sha256)."""
        write_arrays(path, {name: getattr(self, name) for name in FIELDS})

    @classmethod
    def load(cls, path: Path) -> PackedBoosting:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(**{name: arrays[name] for name in FIELDS})

    @property
    def trees(self) -> int:
        return len(self.roots)

    @property
    def nodes(self) -> int:
        return len(self.feature)

    def predict(self, rows: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """One prediction per row, as ``HistGradientBoostingRegressor.predict`` computes it."""
        x = np.asarray(rows, dtype=np.float64)
        if x.ndim == 1:
            x = x[None, :]
        node = leaves(
            x, self.roots, self.feature, self.threshold, self.left, self.right, self.missing_left
        )
        total: npt.NDArray[np.float64] = self.value[node].sum(axis=1) + self.baseline[0]
        return total
