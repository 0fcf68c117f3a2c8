"""The Keras candidate's forward pass in numpy: a network whose screen path is monotone.

``median = a(z) + Σ_k softplus(b_k(z)) · s_k``: ``s`` are the standardised screen columns
(``features.MONOTONE``), ``z`` every other column, ``a`` and ``b`` a small ReLU network of ``z``.
The slopes are positive for every film, so the median never falls when only screens rise.
``models/audience/mlp.py`` trains it in Keras and exports it here; a test checks both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.checksums import write_arrays

Floats = npt.NDArray[np.float64]


def _softplus(x: Floats) -> Floats:
    return np.asarray(np.logaddexp(0.0, x))


@dataclass(frozen=True)
class MonotoneNetwork:
    """Standardisation, the ``z`` body, and the intercept / slope heads."""

    mean: Floats
    scale: Floats
    monotone: npt.NDArray[np.int64]  # column indices of the screen path
    kernels: tuple[Floats, ...]
    biases: tuple[Floats, ...]
    head_kernel: Floats  # (hidden, 1 + len(monotone)): intercept, then one slope per column
    head_bias: Floats

    def predict(self, rows: npt.ArrayLike) -> Floats:
        x = (np.atleast_2d(np.asarray(rows, dtype=np.float64)) - self.mean) / self.scale
        others = np.setdiff1d(np.arange(x.shape[1]), self.monotone)
        h = x[:, others]
        for kernel, bias in zip(self.kernels, self.biases, strict=True):
            h = np.maximum(h @ kernel + bias, 0.0)
        head = h @ self.head_kernel + self.head_bias
        slopes = _softplus(head[:, 1:])
        return np.asarray(head[:, 0] + (slopes * x[:, self.monotone]).sum(axis=1))

    def save(self, path: Path) -> None:
        arrays = {
            "mean": self.mean,
            "scale": self.scale,
            "monotone": self.monotone,
            "head_kernel": self.head_kernel,
            "head_bias": self.head_bias,
            "layers": np.array(len(self.kernels)),
        }
        for i, (kernel, bias) in enumerate(zip(self.kernels, self.biases, strict=True)):
            arrays[f"kernel{i}"], arrays[f"bias{i}"] = kernel, bias
        write_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path) -> MonotoneNetwork:
        with np.load(path, allow_pickle=False) as a:
            layers = int(a["layers"])
            return cls(
                mean=a["mean"],
                scale=a["scale"],
                monotone=a["monotone"],
                kernels=tuple(a[f"kernel{i}"] for i in range(layers)),
                biases=tuple(a[f"bias{i}"] for i in range(layers)),
                head_kernel=a["head_kernel"],
                head_bias=a["head_bias"],
            )


@dataclass(frozen=True)
class NetworkEnsemble:
    """Networks trained from different seeds, averaged (still monotone: a mean of monotone
    functions); saved as one file per member ``<stem>-<i>.npz``."""

    members: tuple[MonotoneNetwork, ...]

    def predict(self, rows: npt.ArrayLike) -> Floats:
        return np.asarray(np.mean([m.predict(rows) for m in self.members], axis=0))

    def files(self, stem: str) -> list[str]:
        return [f"{stem}-{i}.npz" for i in range(len(self.members))]

    def save(self, directory: Path, stem: str) -> list[str]:
        names = self.files(stem)
        for member, name in zip(self.members, names, strict=True):
            member.save(directory / name)
        return names

    @classmethod
    def load(cls, directory: Path, names: list[str]) -> NetworkEnsemble:
        return cls(tuple(MonotoneNetwork.load(directory / name) for name in names))
