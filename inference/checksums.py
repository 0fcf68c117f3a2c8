"""File checksums and reproducible array files: one implementation for artifacts, their metadata
and the data builds."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks so large artifacts never sit in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_metadata(
    directory: Path, required: Iterable[str], error: type[Exception]
) -> dict[str, Any]:
    """An artifact's metadata.json, once every file it lists exists with its recorded sha256.

    Services call this before opening any weights, so a truncated, swapped or tampered file is
    refused (as ``error``, the service's own exception) instead of loaded — which matters most
    for pickles, whose loading runs code. ``required`` names files that must be listed.
    """
    path = directory / "metadata.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = raw["files"]
        expected = {name: str(entry["sha256"]) for name, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as failure:
        raise error(f"cannot read {path}: {failure}") from failure
    missing = sorted(set(required) - expected.keys())
    if missing:
        raise error(f"{path} does not list {missing}")
    for name, digest in expected.items():
        file = directory / name
        if not file.is_file():
            raise error(f"missing artifact file {file}")
        if sha256_file(file) != digest:
            raise error(f"sha256 mismatch for {file}; refusing to load it")
    return dict(raw)


def write_arrays(path: Path, arrays: dict[str, npt.NDArray[Any]]) -> None:
    """A compressed npz with deterministic bytes (sorted members, fixed timestamps)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(
                buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)
