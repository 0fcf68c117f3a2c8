"""Is this a film poster at all? A Mahalanobis distance on the backbone's texture statistics.

The features are ``network.ood_features``: each channel's mean and log spread over the
picture at the output of the frozen ImageNet blocks. Fitted on training posters (every cached
view, so phone photos and screenshots of posters count as posters): each feature standardised,
then a probabilistic PCA of their covariance (the top ``k`` directions with their variances,
one shared variance for the rest; Tipping & Bishop 1999), which keeps the inverse covariance
well conditioned and the side file small. The score is the squared Mahalanobis distance
divided by the dimension (≈ 1 for a typical poster). The threshold is the validation posters'
99th percentile (clean posters and their user-like views), so about 1 % of real posters are
called "not a poster" by design.
Stored as ``ood.npz`` (plain arrays, loaded with ``allow_pickle=False``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.checksums import write_arrays

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class OodModel:
    mean: Array  # (d,)
    scale: Array  # (d,) standard deviation of each feature
    components: Array  # (k, d), orthonormal rows, in standardised units
    variances: Array  # (k,)
    residual_variance: float
    threshold: float

    def score(self, features: Array) -> Array:
        """Squared Mahalanobis distance / d for each row of ``features`` (n × d) or one vector."""
        x = (np.atleast_2d(np.asarray(features, dtype=np.float64)) - self.mean) / self.scale
        z = x @ self.components.T
        inside = (z**2 / self.variances).sum(axis=1)
        rest = np.maximum((x**2).sum(axis=1) - (z**2).sum(axis=1), 0.0) / self.residual_variance
        out: Array = (inside + rest) / x.shape[1]
        return out if np.ndim(features) > 1 else out[:1]

    def is_poster(self, features: Array) -> npt.NDArray[np.bool_]:
        return np.asarray(self.score(features) <= self.threshold)

    def save(self, path: Path) -> None:
        write_arrays(
            path,
            {
                "mean": self.mean.astype(np.float32),
                "scale": self.scale.astype(np.float32),
                "components": self.components.astype(np.float32),
                "variances": self.variances.astype(np.float32),
                "residual_variance": np.asarray(self.residual_variance, dtype=np.float64),
                "threshold": np.asarray(self.threshold, dtype=np.float64),
            },
        )

    @classmethod
    def load(cls, path: Path) -> OodModel:
        with np.load(path, allow_pickle=False) as raw:
            model = cls(
                mean=raw["mean"].astype(np.float64),
                scale=raw["scale"].astype(np.float64),
                components=raw["components"].astype(np.float64),
                variances=raw["variances"].astype(np.float64),
                residual_variance=float(raw["residual_variance"].reshape(-1)[0]),
                threshold=float(raw["threshold"].reshape(-1)[0]),
            )
        k, d = model.components.shape
        shapes_agree = model.mean.shape == model.scale.shape == (d,)
        if not shapes_agree or model.variances.shape != (k,) or not np.all(model.scale > 0):
            raise ValueError("ood.npz: shapes do not agree")
        return model

    @classmethod
    def fit(cls, features: Array, k: int, threshold: float = np.inf) -> OodModel:
        """Standardisation and probabilistic PCA of ``features`` (n × d)."""
        x = np.asarray(features, dtype=np.float64)
        mean = x.mean(axis=0)
        scale = np.maximum(x.std(axis=0), 1e-6)
        centred = (x - mean) / scale
        cov = centred.T @ centred / max(1, len(x) - 1)
        values, vectors = np.linalg.eigh(cov)
        order = np.argsort(values)[::-1]
        values, vectors = values[order], vectors[:, order]
        rest = values[k:] if k < len(values) else values[-1:]
        residual = float(max(rest.mean(), 1e-12))
        variances = np.maximum(values[:k], residual)
        return cls(mean, scale, vectors[:, :k].T.copy(), variances, residual, threshold)

    def with_threshold(self, threshold: float) -> OodModel:
        return OodModel(
            self.mean, self.scale, self.components, self.variances, self.residual_variance,
            threshold,
        )  # fmt: skip
