"""Serve OST genre fit: verify the artifact's sha256, load plain arrays, predict in ~0.2 ms.

The forest is numpy arrays (``model.npz``, loaded with ``allow_pickle=False``) and the
calibration plain numbers in metadata.json, so nothing in the artifact can execute code; the
sha256 check still refuses a file that is not the one training wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inference.checksums import verified_metadata
from inference.ost.calibrate import apply_platt
from inference.ost.features import missing
from inference.ost.forest import PackedForest

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "ost" / "artifact"
MODEL_FILE = "model.npz"


class ArtifactError(RuntimeError):
    """The OST artifact is missing, or its model file does not match metadata.json."""


class MissingFeatures(ValueError):
    """Required features were not given; ``names`` lists them for the chat reply."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"missing features: {', '.join(names)}")
        self.names = names


@dataclass(frozen=True)
class GenreFit:
    """``fit``: calibrated probability × 100 that a film using this song has the genre;
    ``typical``: the same for an average soundtrack track (the genre's share in training), so a
    reply can say which genres this song suits *more than usual*."""

    genre: str
    fit: int
    typical: int


@dataclass(frozen=True)
class OstPrediction:
    scores: tuple[GenreFit, ...]  # best suited first: fit relative to a typical track
    model_version: str


def _metadata(directory: Path) -> dict[str, Any]:
    return verified_metadata(directory, [MODEL_FILE], ArtifactError)


class OstGenreModel:
    """Loaded once, shared by handlers; predict is pure numpy on read-only arrays (thread-safe)."""

    def __init__(self, forest: PackedForest, metadata: dict[str, Any]) -> None:
        self._forest = forest
        self._features: list[str] = list(metadata["features"])
        self._medians: dict[str, float] = dict(metadata["feature_medians"])
        self._genres: list[str] = list(metadata["genres"])
        self._platt = [(float(a), float(b)) for a, b in metadata["platt"]]
        self.model_version: str = str(metadata["name"])
        self._prior = np.asarray(metadata["genre_prior"], dtype=np.float64)
        self.rank_alpha = float(metadata["rank_alpha"])
        self.typical: dict[str, int] = {
            genre: round(float(share) * 100)
            for genre, share in zip(self._genres, metadata["genre_prior"], strict=True)
        }

    @classmethod
    def load(cls, artifact_dir: Path | None = None) -> OstGenreModel:
        directory = artifact_dir or DEFAULT_DIR
        metadata = _metadata(directory)
        return cls(PackedForest.load(directory / MODEL_FILE), metadata)

    def predict(self, features: Mapping[str, float]) -> OstPrediction:
        """Genre fits for one track; optional features default to training medians."""
        absent = missing(features)
        if absent:
            raise MissingFeatures(absent)
        row = np.array([[float(features.get(n, self._medians[n])) for n in self._features]])
        calibrated = apply_platt(self._forest.predict_proba(row), self._platt)[0]
        # Rank by fit relative to a typical track (see models/ost/protocol.choose_alpha), so a
        # song's distinctive genres are not always crowded out by Drama and Action.
        order = np.argsort(-calibrated / self._prior**self.rank_alpha, kind="stable")
        genres = [self._genres[i] for i in order]
        fits = [round(float(calibrated[i]) * 100) for i in order]
        scores = tuple(GenreFit(g, f, self.typical[g]) for g, f in zip(genres, fits, strict=True))
        return OstPrediction(scores, self.model_version)
