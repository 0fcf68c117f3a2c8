"""The trained network in numpy: the same arithmetic as the Keras model, without TensorFlow.

Calling Keras per request costs ~40 ms (``predict``) or pulls TensorFlow's import and memory
into the bot; a 52-input, two-layer network is a few small matrix products in numpy (~20 µs).
``models/audience/mlp.py: export`` writes it; training checks both give the same outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

QUANTILES = (0.1, 0.5, 0.9)


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.asarray(np.logaddexp(0.0, x))


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class Network:
    """Standardisation, ReLU hidden layers, quantile head (median ± softplus gaps), bin head."""

    mean: np.ndarray
    scale: np.ndarray
    hidden: tuple[tuple[np.ndarray, np.ndarray], ...]
    quantile: tuple[np.ndarray, np.ndarray]
    bins: tuple[np.ndarray, np.ndarray]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(log10 quantiles, shape (n, 3); bin probabilities, shape (n, bins))."""
        h = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        for kernel, bias in self.hidden:
            h = np.maximum(h @ kernel + bias, 0.0)
        raw = h @ self.quantile[0] + self.quantile[1]
        median = raw[:, 1]
        quantiles = np.column_stack(
            [median - _softplus(raw[:, 0]), median, median + _softplus(raw[:, 2])]
        )
        return quantiles, _softmax(h @ self.bins[0] + self.bins[1])


@dataclass(frozen=True)
class Ensemble:
    """Several networks trained from different seeds; quantiles and probabilities averaged."""

    members: tuple[Network, ...]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        outputs = [m.forward(x) for m in self.members]
        quantiles = np.mean([q for q, _ in outputs], axis=0)
        probabilities = np.mean([p for _, p in outputs], axis=0)
        return quantiles, probabilities

    def save(self, path: Path) -> None:
        """One .npz of plain arrays (loaded with ``allow_pickle=False``: no code can hide)."""
        arrays: dict[str, np.ndarray] = {"members": np.array(len(self.members))}
        for i, m in enumerate(self.members):
            arrays[f"{i}/mean"], arrays[f"{i}/scale"] = m.mean, m.scale
            arrays[f"{i}/layers"] = np.array(len(m.hidden))
            for j, (kernel, bias) in enumerate(m.hidden):
                arrays[f"{i}/hidden{j}/kernel"], arrays[f"{i}/hidden{j}/bias"] = kernel, bias
            arrays[f"{i}/quantile/kernel"], arrays[f"{i}/quantile/bias"] = m.quantile
            arrays[f"{i}/bins/kernel"], arrays[f"{i}/bins/bias"] = m.bins
        with path.open("wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> Ensemble:
        with np.load(path, allow_pickle=False) as data:
            members = []
            for i in range(int(data["members"])):
                hidden = tuple(
                    (data[f"{i}/hidden{j}/kernel"], data[f"{i}/hidden{j}/bias"])
                    for j in range(int(data[f"{i}/layers"]))
                )
                members.append(
                    Network(
                        mean=data[f"{i}/mean"],
                        scale=data[f"{i}/scale"],
                        hidden=hidden,
                        quantile=(data[f"{i}/quantile/kernel"], data[f"{i}/quantile/bias"]),
                        bins=(data[f"{i}/bins/kernel"], data[f"{i}/bins/bias"]),
                    )
                )
        return cls(tuple(members))
