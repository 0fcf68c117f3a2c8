"""The two kinds of served model behind one ``forward(x) -> (log10 quantiles, bin probs)``.

Training chooses on validation between the numpy-exported Keras ensemble (``network.npz``,
plain arrays) and gradient boosting (``gbm.joblib``); the service loads whichever metadata.json
names, after checking its sha256 (a joblib file is a pickle, and unpickling runs code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from inference.audience.bins import BINS
from inference.audience.network import Ensemble

MLP_FILE = "network.npz"
GBM_FILE = "gbm.joblib"


class Backend(Protocol):
    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...


class GbmBackend:
    """Three quantile regressors (sorted so the interval never crosses) and a bin classifier."""

    def __init__(self, parts: dict[str, Any]) -> None:
        self._quantiles = parts["quantiles"]
        self._bins = parts["bins"]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        q = np.sort(np.column_stack([m.predict(x) for m in self._quantiles]), axis=1)
        proba = np.zeros((len(x), len(BINS)))
        proba[:, self._bins.classes_] = self._bins.predict_proba(x)
        return q, proba


def weights_file(model: str) -> str:
    """The artifact file holding a model family's weights."""
    return MLP_FILE if model == "mlp" else GBM_FILE


def load_backend(directory: Path, model: str) -> Backend:
    """The backend of an artifact whose weights file was already sha256-checked."""
    if model == "mlp":
        return Ensemble.load(directory / MLP_FILE)
    import joblib  # only a gbm artifact needs it

    return GbmBackend(joblib.load(directory / GBM_FILE))
