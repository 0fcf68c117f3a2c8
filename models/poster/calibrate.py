"""Fitting what serving applies after the network, on the validation fold only.

* ``fit_calibration``: none / one temperature / Platt per genre / isotonic per genre, chosen
  by log-loss cross-fitted on two halves of the validation fold (fit on one half, score on the
  other), then refitted on the whole fold.
* ``choose_rule``: α (prior correction) and τ (evidence cut-off), chosen on the validation
  fold's natural mix *and* its genre-balanced reweighting together (``balance_weights``): the
  mean of micro-F1 and top-3 micro-F1 over both mixes. The natural mix alone rewards saying
  Drama; the balanced one alone would ignore that half of real films are dramas.
* ``fit_ood``: the out-of-distribution model and its threshold (validation quantile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from inference.poster.calibration import Calibration, logit, sigmoid
from inference.poster.ood import OodModel
from models.poster.metrics import (
    balance_weights,
    decide,
    top_k_f1,
    weighted_micro_f1,
)

Array = npt.NDArray[np.float64]
Labels = npt.NDArray[np.uint8]
ALPHAS = tuple(np.round(np.arange(0.0, 1.01, 0.1), 2))
TAUS = tuple(np.round(np.arange(-3.0, 3.01, 0.05), 2))
OOD_QUANTILE = 0.99


def _nll(p: Array, y: Labels) -> float:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())


def _fit(method: str, z: Array, y: Labels, prior: Array) -> Calibration:
    n = z.shape[1]
    if method == "none":
        return Calibration.identity(prior)
    if method == "temperature":
        grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 81))
        best = min(grid, key=lambda a: _nll(sigmoid(a * z), y))
        return Calibration("temperature", np.full(n, best), np.zeros(n), (), (), prior, 0.0, 0.0)
    if method == "platt":
        scale, shift = np.ones(n), np.zeros(n)
        for g in range(n):
            if 0 < y[:, g].sum() < len(y):
                lr = LogisticRegression(C=10.0).fit(z[:, [g]], y[:, g])
                scale[g], shift[g] = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        return Calibration("platt", scale, shift, (), (), prior, 0.0, 0.0)
    if method == "isotonic":
        xs, ys = [], []
        for g in range(n):
            iso = IsotonicRegression(y_min=1e-3, y_max=1 - 1e-3, out_of_bounds="clip")
            iso.fit(z[:, g], y[:, g])
            xs.append(np.asarray(iso.X_thresholds_, dtype=np.float64))
            ys.append(np.asarray(iso.y_thresholds_, dtype=np.float64))
        ones = np.ones(n)
        return Calibration("isotonic", ones, np.zeros(n), tuple(xs), tuple(ys), prior, 0.0, 0.0)
    raise ValueError(method)


def fit_calibration(
    val_logits: Array, val_y: Labels, prior: Array, seed: int = 0
) -> tuple[Calibration, dict[str, float]]:
    """The calibration with the lowest two-fold cross-fitted validation log-loss."""
    rng = np.random.default_rng(seed)
    half = rng.permutation(len(val_y)) < len(val_y) // 2
    scores = {}
    for method in ("none", "temperature", "platt", "isotonic"):
        losses = []
        for fit_on in (half, ~half):
            cal = _fit(method, val_logits[fit_on], val_y[fit_on], prior)
            losses.append(_nll(cal.probabilities(val_logits[~fit_on]), val_y[~fit_on]))
        scores[method] = float(np.mean(losses))
    best = min(scores, key=lambda m: scores[m])
    return _fit(best, val_logits, val_y, prior), scores


@dataclass(frozen=True)
class Rule:
    alpha: float
    tau: float
    objective: float
    table: dict[str, float]


def choose_rule(probs: Array, y: Labels, prior: Array) -> Rule:
    """α and τ maximising the mean of micro-F1 and top-3 F1 on the natural and balanced mixes."""
    balanced = balance_weights(y)
    best: Rule | None = None
    for alpha in ALPHAS:
        evidence = logit(probs) - alpha * logit(prior)
        top3 = (top_k_f1(evidence, y, 3), top_k_f1(evidence, y, 3, balanced))
        for tau in TAUS:
            predicted = decide(evidence, tau)
            micro = weighted_micro_f1(predicted, y), weighted_micro_f1(predicted, y, balanced)
            objective = float(np.mean([*top3, *micro]))
            if best is None or objective > best.objective + 1e-12:
                table = {
                    "natural_micro_f1": micro[0],
                    "balanced_micro_f1": micro[1],
                    "natural_top3": top3[0],
                    "balanced_top3": top3[1],
                }
                best = Rule(float(alpha), float(tau), objective, table)
    assert best is not None
    return best


def with_rule(cal: Calibration, rule: Rule) -> Calibration:
    return Calibration(
        cal.method, cal.scale, cal.shift, cal.iso_x, cal.iso_y, cal.prior, rule.alpha, rule.tau
    )


def fit_ood(
    train_features: Array, val_features: Sequence[Array], k: int = 64
) -> tuple[OodModel, dict[str, float]]:
    """PPCA-Mahalanobis on training features; threshold = 99th percentile on validation."""
    model = OodModel.fit(train_features, k)
    val = np.concatenate([model.score(f) for f in val_features])
    threshold = float(np.quantile(val, OOD_QUANTILE))
    return model.with_threshold(threshold), {
        "k": k,
        "quantile": OOD_QUANTILE,
        "threshold": threshold,
        "validation_false_alarms": float((val > threshold).mean()),
    }
