"""The served artifact's layout, and loading it only after every sha256 matches metadata.json.

Weights are a plain state_dict read with ``torch.load(weights_only=True)`` — never a pickle of
arbitrary objects — and the other files are json (genres, preprocessing, calibration and the
decision rule) or an npz of plain arrays read with ``allow_pickle=False`` (the
out-of-distribution statistics), so a tampered or half-copied artifact is refused before any
of it is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from inference.checksums import verified_metadata
from inference.poster.calibration import Calibration
from inference.poster.network import OOD_FEATURES, BranchConfig
from inference.poster.ood import OodModel
from inference.poster.preprocess import PreprocessParams

WEIGHTS_FILE = "weights.pt"
MODEL_FILE = "model.json"
PREPROCESS_FILE = "preprocessing.json"
CALIBRATION_FILE = "calibration.json"
OOD_FILE = "ood.npz"
METADATA_FILE = "metadata.json"
REQUIRED = {WEIGHTS_FILE, MODEL_FILE, PREPROCESS_FILE, CALIBRATION_FILE, OOD_FILE}
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "poster" / "artifact"


class ArtifactError(RuntimeError):
    """The poster artifact is missing, incomplete, or does not match its metadata.json."""


@dataclass(frozen=True)
class PosterArtifact:
    """What serving needs, verified."""

    genres: tuple[str, ...]
    hidden: int
    params: PreprocessParams
    state: dict[str, torch.Tensor]
    name: str
    weights_sha256: str
    calibration: Calibration
    ood: OodModel
    branch: BranchConfig | None = None
    # The decision rule (calibration, prior correction, cut-off) changes answers without
    # touching the weights, so the logged model version names it too.
    calibration_sha256: str = ""


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
    return verified_metadata(directory, REQUIRED, ArtifactError)


def load_artifact(directory: Path | None = None) -> PosterArtifact:
    directory = directory or DEFAULT_DIR
    metadata = verify(directory)
    model = _read_json(directory / MODEL_FILE)
    params = PreprocessParams.from_dict(_read_json(directory / PREPROCESS_FILE))
    state = torch.load(directory / WEIGHTS_FILE, map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise ArtifactError("weights.pt is not a state_dict")
    genres = tuple(str(g) for g in model["genres"])
    try:
        calibration = Calibration.from_dict(_read_json(directory / CALIBRATION_FILE))
        ood = OodModel.load(directory / OOD_FILE)
        branch = BranchConfig.from_dict(model.get("branch"))
    except (KeyError, ValueError, OSError) as error:
        raise ArtifactError(f"calibration or ood statistics unusable: {error}") from error
    if len(calibration.prior) != len(genres):
        raise ArtifactError("calibration.json: genres differ in number from model.json")
    if ood.mean.shape != (OOD_FEATURES,):
        raise ArtifactError(
            f"ood.npz: {ood.mean.shape[0]} features, the network gives {OOD_FEATURES}"
        )
    return PosterArtifact(
        genres=genres,
        hidden=int(model["hidden"]),
        params=params,
        state={k: v.float() for k, v in state.items()},
        name=str(model["name"]),
        weights_sha256=str(metadata["files"][WEIGHTS_FILE]["sha256"]),
        calibration=calibration,
        ood=ood,
        branch=branch,
        calibration_sha256=str(metadata["files"][CALIBRATION_FILE]["sha256"]),
    )
