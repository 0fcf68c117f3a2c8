"""From genre logits to what the reply shows: calibrated probabilities and prior-relative evidence.

The network's sigmoid outputs are shaped by the training mix (half the posters are Drama), so
a single probability cut-off says Drama for almost everything. Serving therefore

1. **calibrates** each genre's logit on the validation fold (Platt scaling ``σ(a·z + b)`` or
   isotonic, whichever had the lower cross-fitted validation log-loss), so "40 %" means that
   four in ten such posters really are that genre;
2. ranks genres by **evidence relative to the prior**, ``logit(p) − α·logit(π)`` with π the
   genre's share of training posters: α = 1 is the pure likelihood ratio (how much the poster
   moved the odds), α = 0 the plain probability. α and the cut-off τ above which a genre counts
   as predicted are chosen on validation, on the natural and the genre-balanced mix together.

Everything here is plain numpy, loaded from ``calibration.json`` beside the weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
METHODS = ("none", "temperature", "platt", "isotonic")


def logit(p: Array | float) -> Array:
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    out: Array = np.log(q) - np.log1p(-q)
    return out


def sigmoid(z: Array) -> Array:
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))
    return out


@dataclass(frozen=True)
class Calibration:
    """Per-genre calibration map plus the decision rule; ``genres`` order throughout."""

    method: str
    scale: Array  # a per genre (temperature: one value repeated; none: ones)
    shift: Array  # b per genre
    iso_x: tuple[Array, ...]  # isotonic knots per genre (logit → probability)
    iso_y: tuple[Array, ...]
    prior: Array  # training share of posters with each genre
    alpha: float
    tau: float

    def probabilities(self, logits: Array) -> Array:
        """Calibrated probabilities, same shape as ``logits`` (n × genres or genres)."""
        z = np.asarray(logits, dtype=np.float64)
        if self.method != "isotonic":
            return sigmoid(self.scale * z + self.shift)
        out = np.empty_like(z)
        for g in range(z.shape[-1]):
            out[..., g] = np.interp(z[..., g], self.iso_x[g], self.iso_y[g])
        return np.clip(out, 1e-4, 1 - 1e-4)

    def evidence(self, probs: Array) -> Array:
        """logit(p) − α·logit(π): how far the poster moved each genre above its base rate."""
        out: Array = logit(probs) - self.alpha * logit(self.prior)
        return out

    def predicted(self, probs: Array) -> npt.NDArray[np.bool_]:
        return np.asarray(self.evidence(probs) >= self.tau)

    def lift(self, probs: Array) -> Array:
        """p / π: "three times as likely as for a typical poster"."""
        out: Array = np.asarray(probs) / self.prior
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "scale": self.scale.tolist(),
            "shift": self.shift.tolist(),
            "isotonic_x": [x.tolist() for x in self.iso_x],
            "isotonic_y": [y.tolist() for y in self.iso_y],
            "prior": self.prior.tolist(),
            "alpha": self.alpha,
            "tau": self.tau,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Calibration:
        method = str(raw["method"])
        if method not in METHODS:
            raise ValueError(f"unknown calibration method {method!r}")
        prior = np.asarray(raw["prior"], dtype=np.float64)
        n = len(prior)
        scale = np.asarray(raw["scale"], dtype=np.float64)
        shift = np.asarray(raw["shift"], dtype=np.float64)
        iso_x = tuple(np.asarray(x, dtype=np.float64) for x in raw.get("isotonic_x", []))
        iso_y = tuple(np.asarray(y, dtype=np.float64) for y in raw.get("isotonic_y", []))
        if scale.shape != (n,) or shift.shape != (n,):
            raise ValueError("calibration: scale/shift do not match the genres")
        if method == "isotonic" and (len(iso_x) != n or len(iso_y) != n):
            raise ValueError("calibration: isotonic knots do not match the genres")
        if not (np.all(prior > 0) and np.all(prior < 1)):
            raise ValueError("calibration: priors must lie strictly between 0 and 1")
        return cls(
            method=method,
            scale=scale,
            shift=shift,
            iso_x=iso_x,
            iso_y=iso_y,
            prior=prior,
            alpha=float(raw["alpha"]),
            tau=float(raw["tau"]),
        )

    @classmethod
    def identity(cls, prior: Array, alpha: float = 0.0, tau: float = 0.0) -> Calibration:
        n = len(prior)
        return cls("none", np.ones(n), np.zeros(n), (), (), np.asarray(prior, float), alpha, tau)
