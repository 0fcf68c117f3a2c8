"""The served artifact's layout, and loading it only after every sha256 matches metadata.json.

Weights are a plain state_dict read with ``torch.load(weights_only=True)`` — never a pickle of
arbitrary objects — and the json files carry everything else (genres, thresholds,
preprocessing), so a tampered or half-copied artifact is refused before any of it is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from inference.checksums import verified_metadata
from inference.poster.preprocess import PreprocessParams

WEIGHTS_FILE = "weights.pt"
MODEL_FILE = "model.json"
PREPROCESS_FILE = "preprocessing.json"
METADATA_FILE = "metadata.json"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "poster" / "artifact"


class ArtifactError(RuntimeError):
    """The poster artifact is missing, incomplete, or does not match its metadata.json."""


@dataclass(frozen=True)
class PosterArtifact:
    """What serving needs, verified."""

    genres: tuple[str, ...]
    thresholds: tuple[float, ...]
    hidden: int
    params: PreprocessParams
    state: dict[str, torch.Tensor]
    name: str
    weights_sha256: str
    #: Optional second branch (see PosterNet): MLP width (0 = none) and its probability weight.
    ensemble_hidden: int = 0
    ensemble_weight: float = 0.0


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(f"cannot read {path}: {error}") from error
    if not isinstance(raw, dict):
        raise ArtifactError(f"{path} is not a json object")
    return raw


def verify(directory: Path) -> dict[str, Any]:
    """metadata.json, after checking that every listed file exists and has its sha256."""
    return verified_metadata(directory, {WEIGHTS_FILE, MODEL_FILE, PREPROCESS_FILE}, ArtifactError)


def load_artifact(directory: Path | None = None) -> PosterArtifact:
    directory = directory or DEFAULT_DIR
    metadata = verify(directory)
    model = _read_json(directory / MODEL_FILE)
    params = PreprocessParams.from_dict(_read_json(directory / PREPROCESS_FILE))
    state = torch.load(directory / WEIGHTS_FILE, map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise ArtifactError("weights.pt is not a state_dict")
    genres = tuple(str(g) for g in model["genres"])
    thresholds = tuple(float(t) for t in model["thresholds"])
    if len(genres) != len(thresholds):
        raise ArtifactError("model.json: genres and thresholds differ in length")
    ensemble = model.get("ensemble") or {}
    if not isinstance(ensemble, dict):
        raise ArtifactError("model.json: ensemble is not an object")
    return PosterArtifact(
        genres=genres,
        thresholds=thresholds,
        hidden=int(model["hidden"]),
        params=params,
        state={k: v.float() for k, v in state.items()},
        name=str(model["name"]),
        weights_sha256=str(metadata["files"][WEIGHTS_FILE]["sha256"]),
        ensemble_hidden=int(ensemble.get("hidden", 0)),
        ensemble_weight=float(ensemble.get("weight", 0.0)),
    )
