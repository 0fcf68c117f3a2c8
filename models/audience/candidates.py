"""Whole-range candidates, each giving log10 quantiles (10/50/90%) and, where it can, bins.

- ``median``: the training median (the trivial baseline printed beside every figure);
- ``gbm_plain``: the issue's pre-existing baseline — HistGradientBoosting on screens, genre,
  rating, nationality, distributor, year and month only;
- ``gbm``: HistGradientBoosting on our features: three quantile regressors plus a classifier;
- ``mlp``: the Keras network (``mlp.py``), an ensemble of seeds; epochs are chosen by early
  stopping on the latest rows of the *training* data, never on the data it is scored on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from inference.audience.backends import GbmBackend
from inference.audience.bins import BINS, bin_index
from inference.audience.network import QUANTILES, Ensemble
from models.audience import mlp

STOP_SHARE = 0.15  # latest share of training rows that early stopping watches
TOP_DISTRIBUTORS = 200  # HistGradientBoosting takes ≤ 255 categories; the rest are "other"
GBM_PARAMS: dict[str, Any] = {
    "learning_rate": 0.05,
    "max_iter": 400,
    "min_samples_leaf": 20,
    "early_stopping": True,
}


@dataclass(frozen=True)
class Forecast:
    """log10 quantiles, shape (n, 3); bin probabilities (n, 7) or None."""

    quantiles: np.ndarray
    probabilities: np.ndarray | None

    @property
    def audience(self) -> np.ndarray:
        return np.asarray(10 ** self.quantiles[:, 1])


def median(y_train: np.ndarray, n: int) -> Forecast:
    q = np.quantile(y_train, QUANTILES)
    counts = np.bincount(bin_index(10**y_train), minlength=len(BINS)) / len(y_train)
    return Forecast(np.tile(q, (n, 1)), np.tile(counts, (n, 1)))


class PlainGbm:
    """The baseline measured before this work: few raw columns, squared error on log10."""

    COLUMNS = ("screens", "year", "month", "genre", "rating", "nationality", "distributor")

    def __init__(self, seed: int) -> None:
        self._model = HistGradientBoostingRegressor(
            categorical_features=[3, 4, 5, 6], random_state=seed
        )
        self._levels: dict[str, list[str]] = {}

    def _frame(self, info: pd.DataFrame) -> pd.DataFrame:
        dates = pd.to_datetime(info["release_date"])
        frame = pd.DataFrame(
            {"screens": info["screens"], "year": dates.dt.year, "month": dates.dt.month}
        )
        for column in ("genre", "rating", "nationality", "distributor"):
            levels = self._levels[column]
            codes = pd.Categorical(info[column], categories=levels).codes
            frame[column] = np.where(codes < 0, len(levels), codes)
        return frame

    def fit(self, info: pd.DataFrame, y: np.ndarray) -> PlainGbm:
        for column in ("genre", "rating", "nationality", "distributor"):
            top = info[column].value_counts().index[:TOP_DISTRIBUTORS]
            self._levels[column] = [str(v) for v in top]
        self._model.fit(self._frame(info), y)
        return self

    def predict(self, info: pd.DataFrame) -> Forecast:
        point = self._model.predict(self._frame(info))
        return Forecast(np.column_stack([point, point, point]), None)


class Gbm:
    """Quantile gradient boosting on the shared features, plus a bin classifier."""

    def __init__(self, seed: int) -> None:
        common: dict[str, Any] = {**GBM_PARAMS, "random_state": seed}
        self._quantiles = [
            HistGradientBoostingRegressor(loss="quantile", quantile=q, **common) for q in QUANTILES
        ]
        self._bins = HistGradientBoostingClassifier(**common)

    def fit(self, x: np.ndarray, y: np.ndarray) -> Gbm:
        for model in self._quantiles:
            model.fit(x, y)
        self._bins.fit(x, bin_index(10**y))
        return self

    def parts(self) -> dict[str, Any]:
        """The fitted sklearn estimators, as the service loads them (no custom classes)."""
        return {"quantiles": self._quantiles, "bins": self._bins}

    def predict(self, x: np.ndarray) -> Forecast:
        quantiles, probabilities = GbmBackend(self.parts()).forward(x)
        return Forecast(quantiles, probabilities)


def _latest(dates: pd.Series, share: float) -> np.ndarray:
    """Mask of the latest ``share`` of rows by release date."""
    cut = dates.quantile(1 - share)
    return np.asarray(dates > cut)


def mlp_epochs(
    x: np.ndarray, y: np.ndarray, dates: pd.Series, config: mlp.Config, seed: int
) -> int:
    """Epochs chosen by early stopping on the latest STOP_SHARE of the training rows."""
    watch = _latest(dates, STOP_SHARE)
    _, best = mlp.fit(x[~watch], y[~watch], config, seed, validation=(x[watch], y[watch]))
    return best


def mlp_ensemble(
    x: np.ndarray, y: np.ndarray, config: mlp.Config, epochs: int, seeds: tuple[int, ...]
) -> Ensemble:
    """Networks trained on all of ``x`` for ``epochs``, one per seed."""
    return Ensemble(tuple(mlp.export(mlp.fit(x, y, config, s, epochs=epochs)[0]) for s in seeds))


def forecast(ensemble: Ensemble, x: np.ndarray) -> Forecast:
    quantiles, probabilities = ensemble.forward(x)
    return Forecast(quantiles, probabilities)
