"""The candidates, each giving log10 median forecasts (market offset included).

- ``median``: the training median (the trivial baseline printed beside every figure); its
  distribution is the training years' spread of admissions;
- ``gbm_plain``: the pre-existing baseline the issue measured — HistGradientBoosting on screens,
  genre, rating, nationality, distributor, year and month only (a point, no interval);
- ``gbm_raw``: monotone gradient boosting on our features, target log10 admissions (no market);
- ``gbm``: the same, target relative to the market (``features`` module docstring);
- ``gbm_pop`` (a diagnostic, never chosen: ``experiments``): ``gbm`` fitted on rows built with
  the fifth selection's market, the median of every release;
- ``network``: the Keras network with a monotone screen path (``mlp.py``), relative to the
  market, an ensemble of NETWORK_SEEDS.
Every monotone candidate is non-decreasing in screens by construction: the boosting's
``monotonic_cst`` and the network's positive screen path, and for both the screen envelope of
``inference.audience.monotone`` (absolute-error boosting resets leaves to medians after the
constraint was applied, which can break it).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

from inference.audience.features import FEATURE_NAMES, MONOTONE
from inference.audience.forest import PackedBoosting
from inference.audience.monotone import monotone_predict
from inference.audience.network import NetworkEnsemble
from models.audience import mlp
from models.audience.design import Design
from models.audience.pack import pack

TOP_LEVELS = 200  # HistGradientBoosting takes ≤ 255 categories; the rest are "other"
GBM_PARAMS: dict[str, Any] = {
    "loss": "absolute_error",
    "learning_rate": 0.05,
    "max_iter": 300,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 20,
    "early_stopping": False,
}
NETWORK = mlp.Config()
NETWORK_SEEDS = (1, 2, 3)
MONOTONE_COLUMNS = [FEATURE_NAMES.index(c) for c in MONOTONE]
MONOTONE_CANDIDATES = ("gbm_raw", "gbm", "network")
NAMES = ("median", "gbm_plain", *MONOTONE_CANDIDATES)


class Model(Protocol):
    def predict(self, table: Design) -> np.ndarray: ...


class Median:
    def __init__(self, y: np.ndarray) -> None:
        self.value = float(np.median(y))
        self.train_y = y

    def predict(self, table: Design) -> np.ndarray:
        return np.full(len(table.y), self.value)


class PlainGbm:
    """The baseline measured before this work: few raw columns, squared error on log10."""

    CATEGORICAL = ("genre", "rating", "nationality", "distributor")

    def __init__(self, train: Design, seed: int) -> None:
        self._levels = {
            c: [str(v) for v in train.info[c].value_counts().index[:TOP_LEVELS]]
            for c in self.CATEGORICAL
        }
        self._model = HistGradientBoostingRegressor(
            categorical_features=[3, 4, 5, 6], random_state=seed
        ).fit(self._frame(train.info), train.y)

    def _frame(self, info: pd.DataFrame) -> pd.DataFrame:
        dates = pd.to_datetime(info["release_date"])
        frame = pd.DataFrame(
            {"screens": info["screens"], "year": dates.dt.year, "month": dates.dt.month}
        )
        for column in self.CATEGORICAL:
            levels = self._levels[column]
            codes = pd.Categorical(info[column], categories=levels).codes
            frame[column] = np.where(codes < 0, len(levels), codes)
        return frame

    def predict(self, table: Design) -> np.ndarray:
        return np.asarray(self._model.predict(self._frame(table.info)))


def gbm(seed: int) -> HistGradientBoostingRegressor:
    monotone = [1 if c in MONOTONE else 0 for c in FEATURE_NAMES]
    return HistGradientBoostingRegressor(**GBM_PARAMS, monotonic_cst=monotone, random_state=seed)


class Gbm:
    """Monotone gradient boosting; ``relative``: the target is relative to the market."""

    def __init__(self, train: Design, seed: int, relative: bool = True) -> None:
        self.relative = relative
        target = train.y - train.offset if relative else train.y
        self.sklearn = gbm(seed).fit(train.x, target)
        self.packed: PackedBoosting = pack(self.sklearn)

    def predict(self, table: Design) -> np.ndarray:
        """The served median: scikit-learn's trees (= the packed ones) under the screen
        envelope (``inference.audience.monotone``), plus the market offset."""
        out = monotone_predict(self.sklearn.predict, table.x)
        return np.asarray(out + table.offset) if self.relative else out


class Network:
    """The Keras candidate, relative to the market, averaged over NETWORK_SEEDS."""

    def __init__(self, train: Design, seed: int) -> None:
        members = []
        for s in NETWORK_SEEDS:
            model = mlp.fit(train.x, train.y - train.offset, MONOTONE_COLUMNS, NETWORK, seed + s)
            members.append(mlp.export(model, MONOTONE_COLUMNS))
        self.ensemble = NetworkEnsemble(tuple(members))

    def predict(self, table: Design) -> np.ndarray:
        return np.asarray(monotone_predict(self.ensemble.predict, table.x) + table.offset)


def fit(name: str, train: Design, seed: int) -> Model:
    if name == "median":
        return Median(train.y)
    if name == "gbm_plain":
        return PlainGbm(train, seed)
    if name == "gbm_raw":
        return Gbm(train, seed, relative=False)
    if name in ("gbm", "gbm_pop"):  # gbm_pop: the same model on the fifth selection's market
        return Gbm(train, seed)
    if name == "network":
        return Network(train, seed)
    raise ValueError(name)
