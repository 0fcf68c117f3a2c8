"""A tree ensemble as plain numpy arrays, evaluated for all trees at once.

Why: scikit-learn's ``predict_proba`` on one row walks its trees one Python call at a time
(≈ 30–50 µs each), so a 100-tree forest costs several milliseconds per song. Stacking every
tree's nodes into flat arrays and stepping all trees down one level per numpy operation makes
one prediction a few dozen vectorised steps. The arrays load with ``allow_pickle=False`` —
nothing in the artifact can run code. The packer lives in ``models/ost/pack.py``; a test checks
that both give sklearn's probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.trees import leaves

FIELDS = ("roots", "feature", "threshold", "left", "right", "value")


@dataclass(frozen=True)
class PackedForest:
    """Nodes of every tree, concatenated; ``roots[t]`` is tree t's first node.

    ``left``/``right`` are global node indices (``LEAF`` at leaves); ``value[node]`` holds the
    positive-class share per output at that node (only leaves are read).
    """

    roots: npt.NDArray[np.int32]
    feature: npt.NDArray[np.int32]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    value: npt.NDArray[np.float32]

    @property
    def outputs(self) -> int:
        return int(self.value.shape[1])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, **{name: getattr(self, name) for name in FIELDS})

    @classmethod
    def load(cls, path: Path) -> PackedForest:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(**{name: arrays[name] for name in FIELDS})

    def predict_proba(self, rows: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """(rows, outputs) mean positive-class share over the trees, as sklearn computes it.

        Features are rounded to float32 first, as sklearn's trees do before comparing.
        """
        x = np.asarray(rows, dtype=np.float32).astype(np.float64)
        if x.ndim == 1:
            x = x[None, :]
        node = leaves(x, self.roots, self.feature, self.threshold, self.left, self.right)
        shares: npt.NDArray[np.float64] = self.value[node].mean(axis=1, dtype=np.float64)
        return shares
