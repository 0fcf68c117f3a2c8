"""Metrics of the issue, on audiences (not logs): within-20%, median APE, Spearman, bin accuracy.

Bins for split (b): <10k, 10k–100k, 100k–1M, 1–3M, 3–5M, ≥5M; the seed's five classes for the
classification split (films > 800k): <1M, 1–1.5M, 1.5–3M, 3–5M, ≥5M. A bin of a regression model
is the bin its point prediction falls in, so every model — baselines included — is scored the
same way.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

B_EDGES = (1e4, 1e5, 1e6, 3e6, 5e6)
SEED_EDGES = (1e6, 1.5e6, 3e6, 5e6)
HIT = 0.20  # a prediction within 20% of the actual audience is a hit (the seed's rule)


def ape(actual: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    return np.asarray(np.abs(predicted - actual) / actual)


def bins(audience: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Bin index: audience below edges[0] → 0, at or above edges[-1] → len(edges)."""
    return np.searchsorted(np.asarray(edges), audience, side="right")


def regression(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Split (b) figures of audience predictions."""
    errors = ape(actual, predicted)
    truth, guess = bins(actual, B_EDGES), bins(predicted, B_EDGES)
    rho = spearmanr(actual, predicted).statistic if np.ptp(predicted) > 0 else 0.0
    return {
        "n": float(len(actual)),
        "within20": float(np.mean(errors <= HIT)),
        "median_ape": float(np.median(errors)),
        "spearman": float(rho),
        "bin_accuracy": float(np.mean(truth == guess)),
        "bin_1away": float(np.mean(np.abs(truth - guess) <= 1)),
    }


def hits(actual: np.ndarray, predicted: np.ndarray) -> int:
    """The seed's regression figure: how many predictions are within 20%."""
    return int(np.sum(ape(actual, predicted) <= HIT))


def seed_bin_accuracy(actual: np.ndarray, predicted_class: np.ndarray) -> float:
    """The seed's classification figure over its five classes."""
    return float(np.mean(bins(actual, SEED_EDGES) == predicted_class))


def interval_coverage(actual: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """Share of actual audiences inside [low, high] (target 0.80 for the 80% interval)."""
    return float(np.mean((actual >= low) & (actual <= high)))


def log_loss(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """Mean negative log-likelihood of the true bin."""
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, 1.0))))
