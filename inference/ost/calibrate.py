"""Apply the artifact's per-genre Platt scaling (numbers from metadata.json, no pickle)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def logit(p: Array) -> Array:
    """Clipped logit, so raw scores of exactly 0 or 1 stay finite."""
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-4, 1 - 1e-4)
    result: Array = np.log(q / (1 - q))
    return result


def apply_platt(scores: Array, params: Sequence[tuple[float, float]]) -> Array:
    """Calibrated probabilities, same shape as ``scores`` (rows × genres)."""
    slope = np.array([a for a, _ in params])
    intercept = np.array([b for _, b in params])
    result: Array = 1.0 / (1.0 + np.exp(-(logit(scores) * slope + intercept)))
    return result
