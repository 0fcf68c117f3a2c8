"""Metrics of the issue, on admissions (not logs): within-20 %, median APE, Spearman, range
accuracy, and for a distribution its 80 % coverage and median interval width (high / low).

Ranges for split (b): <10k, 10k–100k, 100k–1M, 1–3M, 3–5M, ≥5M; a model's range is the range its
median falls in, so every model — baselines included — is scored the same way. Sizes for the
per-size rows go by the *actual* admissions: < 100k, 100k–1M, > 1M.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

B_EDGES = (1e4, 1e5, 1e6, 3e6, 5e6)
SEED_EDGES = (1e6, 1.5e6, 3e6, 5e6)
HIT = 0.20  # a prediction within 20% of the actual audience is a hit (the seed's rule)
SIZES = (("< 100k", 0.0, 1e5), ("100k–1M", 1e5, 1e6), ("> 1M", 1e6, np.inf))


def ape(actual: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    return np.asarray(np.abs(predicted - actual) / actual)


def bins(audience: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Bin index: audience below edges[0] → 0, at or above edges[-1] → len(edges)."""
    return np.searchsorted(np.asarray(edges), audience, side="right")


def point(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Split (b) figures of point forecasts (admissions)."""
    errors = ape(actual, predicted)
    truth, guess = bins(actual, B_EDGES), bins(predicted, B_EDGES)
    varied = len(actual) > 2 and np.ptp(predicted) > 0
    rho = spearmanr(actual, predicted).statistic if varied else 0.0
    return {
        "n": float(len(actual)),
        "within20": float(np.mean(errors <= HIT)),
        "median_ape": float(np.median(errors)),
        "spearman": float(rho),
        "bin_accuracy": float(np.mean(truth == guess)),
        "bin_1away": float(np.mean(np.abs(truth - guess) <= 1)),
        "over_predicted": float(np.mean(predicted > actual)),
    }


def interval(actual: np.ndarray, low: np.ndarray, high: np.ndarray) -> dict[str, float]:
    """Coverage of [low, high] and its median width (high / low)."""
    return {
        "coverage80": float(np.mean((actual >= low) & (actual <= high))),
        "width": float(np.median(high / low)),
        "below_low": float(np.mean(actual < low)),
        "above_high": float(np.mean(actual > high)),
    }


def scores(
    actual: np.ndarray,
    predicted: np.ndarray,
    low: np.ndarray | None = None,
    high: np.ndarray | None = None,
) -> dict[str, float]:
    out = point(actual, predicted)
    if low is not None and high is not None:
        out.update(interval(actual, low, high))
    return out


def by_size(
    actual: np.ndarray,
    predicted: np.ndarray,
    low: np.ndarray | None = None,
    high: np.ndarray | None = None,
) -> dict[str, dict[str, float]]:
    """``scores`` within each size class of the actual admissions."""
    out = {}
    for name, lo, hi in SIZES:
        m = (actual >= lo) & (actual < hi)
        out[name] = scores(
            actual[m],
            predicted[m],
            None if low is None else low[m],
            None if high is None else high[m],
        )
    return out


def hits(actual: np.ndarray, predicted: np.ndarray) -> int:
    """The seed's regression figure: how many predictions are within 20%."""
    return int(np.sum(ape(actual, predicted) <= HIT))


def seed_bin_accuracy(actual: np.ndarray, predicted: np.ndarray) -> float:
    """The seed's classification figure over its five classes (of a point prediction)."""
    return float(np.mean(bins(actual, SEED_EDGES) == bins(predicted, SEED_EDGES)))
