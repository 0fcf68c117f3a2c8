"""Candidate models, each an sklearn Pipeline (median imputation first, so NaN inputs work)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.ensemble import (
    ExtraTreesClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

TREES = 100  # packed for serving (inference/ost/forest.py): ≈ 0.2 ms per song at this size


def seed_rf(seed: int) -> Any:
    """The seed project's forest, unchanged (the baseline)."""
    return RandomForestClassifier(
        n_estimators=500,
        max_depth=20,
        max_features="sqrt",
        class_weight="balanced",
        random_state=seed,
        n_jobs=2,
    )


def _rf(leaf: int) -> Callable[[int], Any]:
    return lambda seed: RandomForestClassifier(
        n_estimators=TREES, min_samples_leaf=leaf, max_features="sqrt", random_state=seed, n_jobs=2
    )


def _et(leaf: int) -> Callable[[int], Any]:
    return lambda seed: ExtraTreesClassifier(
        n_estimators=TREES, min_samples_leaf=leaf, max_features="sqrt", random_state=seed, n_jobs=2
    )


def _hgb(seed: int) -> Any:
    return OneVsRestClassifier(
        HistGradientBoostingClassifier(
            max_iter=150,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=seed,
        )
    )


def _knn(seed: int) -> Any:
    return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=50))


def _logistic(seed: int) -> Any:
    return make_pipeline(StandardScaler(), OneVsRestClassifier(LogisticRegression(max_iter=500)))


def _mlp(seed: int) -> Any:
    network = MLPClassifier(
        (64, 32), alpha=0.1, max_iter=300, early_stopping=True, random_state=seed
    )
    return make_pipeline(StandardScaler(), network)


CANDIDATES: dict[str, Callable[[int], Any]] = {
    "seed_rf": seed_rf,
    "rf_leaf10": _rf(10),
    "rf_leaf20": _rf(20),
    "rf_leaf40": _rf(40),
    "et_leaf10": _et(10),
    "et_leaf20": _et(20),
    "hgb_ovr": _hgb,
    "knn50": _knn,
    "logistic": _logistic,
    "mlp": _mlp,
}
#: Candidates that ``models/ost/pack.py`` turns into numpy arrays (one song in well under 5 ms);
#: the others are measured for comparison but would cost 5–25 ms per song in sklearn.
SERVABLE = frozenset(name for name in CANDIDATES if name.startswith(("rf_", "et_")))


def build(name: str, seed: int) -> Pipeline:
    return Pipeline(
        [("impute", SimpleImputer(strategy="median")), ("model", CANDIDATES[name](seed))]
    )


def scores(pipeline: Pipeline, features: np.ndarray) -> np.ndarray:
    """(rows, genres) positive-class probabilities, whatever shape predict_proba returns."""
    proba = pipeline.predict_proba(features)
    if isinstance(proba, list):  # native multi-output forests/k-NN: one (rows, 2) per genre
        return np.column_stack([p[:, -1] if p.shape[1] > 1 else np.zeros(len(p)) for p in proba])
    return np.asarray(proba)
