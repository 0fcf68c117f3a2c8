"""Serve OST genre fit: verify the artifact's sha256 before unpickling, then predict.

The model file is a joblib pickle, and unpickling runs code, so it is only opened after its
sha256 matches metadata.json (refused otherwise). Everything else is plain json.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from inference.checksums import sha256_file
from inference.ost.calibrate import apply_platt
from inference.ost.features import missing

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "ost" / "artifact"
MODEL_FILE = "model.joblib"


class ArtifactError(RuntimeError):
    """The OST artifact is missing, or its model file does not match metadata.json."""


class MissingFeatures(ValueError):
    """Required features were not given; ``names`` lists them for the chat reply."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"missing features: {', '.join(names)}")
        self.names = names


@dataclass(frozen=True)
class GenreFit:
    genre: str
    fit: int  # 0–100: calibrated probability × 100


@dataclass(frozen=True)
class OstPrediction:
    scores: tuple[GenreFit, ...]  # best fit first
    model_version: str


def _metadata(directory: Path) -> dict[str, Any]:
    try:
        raw = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
        expected = raw["files"][MODEL_FILE]["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ArtifactError(f"cannot read {directory / 'metadata.json'}: {error}") from error
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ArtifactError(f"missing artifact file {path}")
    if sha256_file(path) != expected:
        raise ArtifactError(f"sha256 mismatch for {path}; refusing to unpickle it")
    if not isinstance(raw, dict):
        raise ArtifactError("metadata.json is not an object")
    return raw


class OstGenreModel:
    """Loaded once, shared by handlers; a lock keeps sklearn predict calls one at a time."""

    def __init__(self, pipeline: Any, metadata: dict[str, Any]) -> None:
        self._pipeline = pipeline
        self._features: list[str] = list(metadata["features"])
        self._medians: dict[str, float] = dict(metadata["feature_medians"])
        self._genres: list[str] = list(metadata["genres"])
        self._platt = [(float(a), float(b)) for a, b in metadata["platt"]]
        self.model_version: str = str(metadata["name"])
        self._lock = threading.Lock()

    @classmethod
    def load(cls, artifact_dir: Path | None = None) -> OstGenreModel:
        directory = artifact_dir or DEFAULT_DIR
        metadata = _metadata(directory)
        return cls(joblib.load(directory / MODEL_FILE), metadata)

    def predict(self, features: Mapping[str, float]) -> OstPrediction:
        """Genre fits for one track; optional features default to training medians."""
        absent = missing(features)
        if absent:
            raise MissingFeatures(absent)
        row = np.array([[float(features.get(n, self._medians[n])) for n in self._features]])
        with self._lock:
            proba = self._pipeline.predict_proba(row)
        raw = (
            np.column_stack([p[:, -1] for p in proba])
            if isinstance(proba, list)
            else np.asarray(proba, dtype=np.float64)
        )
        calibrated = apply_platt(raw, self._platt)[0]
        order = np.argsort(-calibrated, kind="stable")
        scores = tuple(GenreFit(self._genres[i], round(float(calibrated[i]) * 100)) for i in order)
        return OstPrediction(scores, self.model_version)
