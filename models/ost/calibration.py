"""Per-genre Platt scaling fitted on validation scores, stored as plain numbers in json.

Raw forest/boosting scores are not probabilities (and differ in scale across genres); a
sigmoid on the logit per genre is cheap, needs no pickle, and keeps the "fit 0–100" honest.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from inference.ost.calibrate import logit


def fit_platt(labels: np.ndarray, scores: np.ndarray) -> list[tuple[float, float]]:
    """(slope, intercept) per genre column."""
    out: list[tuple[float, float]] = []
    for column in range(labels.shape[1]):
        x = logit(scores[:, column]).reshape(-1, 1)
        y = labels[:, column]
        if y.min() == y.max():
            out.append((0.0, float(np.log((y.mean() + 1e-3) / (1 - y.mean() + 1e-3)))))
            continue
        model = LogisticRegression(C=100.0).fit(x, y)
        out.append((float(model.coef_[0, 0]), float(model.intercept_[0])))
    return out
