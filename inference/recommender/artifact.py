"""Reading and writing the recommender artifact: arrays in an npz, sha256s in metadata.json.

The npz is written with fixed zip timestamps so that the same training run gives the same bytes
(and the same sha256); loading checks every file's sha256 against metadata.json first, so a
truncated or hand-edited artifact fails loudly instead of recommending nonsense.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.checksums import sha256_file

ARRAYS_FILE = "recommender.npz"
METADATA_FILE = "metadata.json"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "recommender" / "artifact"


class ArtifactError(RuntimeError):
    """The artifact is missing, incomplete, or does not match its metadata.json."""


def write_metadata(directory: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    """Add the sha256 and size of every artifact file and write metadata.json."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.name != METADATA_FILE)
    metadata = {
        **metadata,
        "files": {p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size} for p in files},
    }
    text = json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (directory / METADATA_FILE).write_text(text, encoding="utf-8")
    return metadata


def read_verified(directory: Path) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """metadata.json and the arrays, after checking every listed file's sha256."""
    meta_path = directory / METADATA_FILE
    if not meta_path.is_file():
        raise ArtifactError(f"no {METADATA_FILE} in {directory}: train the model first")
    metadata: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    files: dict[str, dict[str, Any]] = metadata.get("files", {})
    if ARRAYS_FILE not in files:
        raise ArtifactError(f"{meta_path} does not list {ARRAYS_FILE}")
    for name, info in files.items():
        path = directory / name
        if not path.is_file():
            raise ArtifactError(f"artifact file {path} is missing")
        actual = sha256_file(path)
        if actual != info.get("sha256"):
            raise ArtifactError(
                f"sha256 mismatch for {path}: metadata.json says {info.get('sha256')}, "
                f"file has {actual}; the artifact was modified or is incomplete"
            )
    with np.load(directory / ARRAYS_FILE, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    for array in arrays.values():
        array.setflags(write=False)
    return metadata, arrays
