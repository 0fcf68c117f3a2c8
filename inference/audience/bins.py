"""Audience bins: the seed's five classes on top, the bench's six by merging, seven in all.

<10k, 10k–100k, 100k–1M, 1–1.5M, 1.5–3M, 3–5M, ≥5M. The seed's classifier split films over
800k at 1M, 1.5M, 3M and 5M; split (b) of the benchmark uses 1–3M as one bin. Seven bins serve
both: merge 1–1.5M and 1.5–3M for (b), read the top four plus "< 1M" for the seed's five.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BinProbability:
    """Probability that the film's audience lands in [low, high) (high None = no upper end)."""

    label: str
    low: int
    high: int | None
    probability: float


BINS: tuple[tuple[str, int, int | None], ...] = (
    ("<10k", 0, 10_000),
    ("10k–100k", 10_000, 100_000),
    ("100k–1M", 100_000, 1_000_000),
    ("1M–1.5M", 1_000_000, 1_500_000),
    ("1.5M–3M", 1_500_000, 3_000_000),
    ("3M–5M", 3_000_000, 5_000_000),
    ("≥5M", 5_000_000, None),
)
EDGES = np.array([low for _, low, _ in BINS[1:]], dtype=np.float64)


def bin_index(audience: np.ndarray) -> np.ndarray:
    """Index into ``BINS`` of each audience."""
    return np.searchsorted(EDGES, np.asarray(audience, dtype=np.float64), side="right")


def label(probabilities: np.ndarray) -> tuple[BinProbability, ...]:
    """``BINS`` with their probabilities, in bin order."""
    return tuple(
        BinProbability(name, low, high, float(p))
        for (name, low, high), p in zip(BINS, probabilities, strict=True)
    )
