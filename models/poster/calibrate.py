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


#: Pass 2: how much natural-mix micro-F1 / top-3 F1 (validation) the prior correction may cost.
NATURAL_TOLERANCE = 0.005


def rule_grid(probs: Array, y: Labels, prior: Array) -> list[dict[str, float]]:
    """Every (α, τ) of the grid with its four validation figures (natural and balanced mix)."""
    balanced = balance_weights(y)
    rows = []
    for alpha in ALPHAS:
        evidence = logit(probs) - alpha * logit(prior)
        top3 = (top_k_f1(evidence, y, 3), top_k_f1(evidence, y, 3, balanced))
        for tau in TAUS:
            predicted = decide(evidence, tau)
            rows.append(
                {
                    "alpha": float(alpha),
                    "tau": float(tau),
                    "natural_micro_f1": weighted_micro_f1(predicted, y),
                    "balanced_micro_f1": weighted_micro_f1(predicted, y, balanced),
                    "natural_top3": top3[0],
                    "balanced_top3": top3[1],
                }
            )
    return rows


def choose_rule_constrained(
    probs: Array, y: Labels, prior: Array, tolerance: float = NATURAL_TOLERANCE
) -> Rule:
    """Pass 2's rule: keep the natural mix (the targets are on it) within ``tolerance`` of its
    best micro-F1 and top-3 F1 over the grid, and among those pairs correct for the prior as
    far as the genre-balanced mix rewards it (mean of balanced micro-F1 and top-3 F1; ties
    → the larger α)."""
    rows = rule_grid(probs, y, prior)
    best_micro = max(r["natural_micro_f1"] for r in rows)
    best_top3 = max(r["natural_top3"] for r in rows)
    admissible = [
        r
        for r in rows
        if r["natural_micro_f1"] >= best_micro - tolerance
        and r["natural_top3"] >= best_top3 - tolerance
    ]
    chosen = max(
        admissible,
        key=lambda r: ((r["balanced_micro_f1"] + r["balanced_top3"]) / 2, r["alpha"]),
    )
    table = {k: v for k, v in chosen.items() if k not in ("alpha", "tau")}
    objective = (chosen["balanced_micro_f1"] + chosen["balanced_top3"]) / 2
    return Rule(chosen["alpha"], chosen["tau"], objective, table)


OFFSETS = tuple(float(d) for d in np.round(np.arange(-1.5, 1.51, 0.25), 2))


def per_genre_offsets(
    evidence: Array, y: Labels, tau: float, grid: Sequence[float] = OFFSETS
) -> Array:
    """Per genre, the offset δ_g on τ that maximises that genre's F1 on these posters."""
    offsets = np.zeros(evidence.shape[1])
    for g in range(evidence.shape[1]):

        def f1(d: float, g: int = g) -> float:
            said = evidence[:, g] >= tau + d
            tp = float((said & (y[:, g] == 1)).sum())
            total = float(said.sum() + y[:, g].sum())
            return 2 * tp / total if total else 0.0

        offsets[g] = max(grid, key=lambda d: (f1(d), -abs(d)))
    return offsets


def per_genre_check(evidence: Array, y: Labels, tau: float, seed: int = 0) -> dict[str, object]:
    """Per-genre cut-offs against the one τ on held-out halves of validation: offsets fitted on
    one half, both rules scored on the other (natural and balanced micro-F1), both directions.
    They win only if they are better on both figures in both directions."""
    rng = np.random.default_rng(seed)
    half = rng.permutation(len(y)) < len(y) // 2
    rows = []
    for fit_on in (half, ~half):
        held = ~fit_on
        offsets = per_genre_offsets(evidence[fit_on], y[fit_on], tau)
        e, yy = evidence[held], y[held]
        w = balance_weights(yy)
        one = decide(e, tau)
        per = decide(e - offsets, tau)
        rows.append(
            {
                "global_natural": weighted_micro_f1(one, yy),
                "per_genre_natural": weighted_micro_f1(per, yy),
                "global_balanced": weighted_micro_f1(one, yy, w),
                "per_genre_balanced": weighted_micro_f1(per, yy, w),
            }
        )
    wins = all(
        r["per_genre_natural"] > r["global_natural"]
        and r["per_genre_balanced"] > r["global_balanced"]
        for r in rows
    )
    return {"halves": rows, "per_genre_wins": wins}
