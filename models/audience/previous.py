"""The previous box-office model (the fifth selection, served until issue 21), kept for scoring.

Its artifact, code and tables are read from git (``PREVIOUS_COMMIT``, where they are the same
files as on main when issue 21 began) into a scratch folder, never copied into this tree, and
scored two ways on the same films as the new model:

- ``as_served``: exactly what the bot served — its own code, artifact and tables (films to
  2023-02-23: track records, the market and the screen level frozen there, "the latest market"
  for any later date), in a separate Python process whose imports come from that checkout;
- ``with_new_tables``: its packed model and forecast distribution applied to the rows the
  current code builds from today's tables with the market and screen level *it* was trained with
  (the median of every release, the 90 % point: ``design.build(..., None, None)``) — what a
  table refresh without retraining would have served.

Both give log10 quantiles at ``distribution.LEVELS``, clipped to each film's ceiling.
"""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from inference.audience.distribution import LEVELS, QuantileTable, clip
from inference.audience.features import ReleaseDescription
from inference.audience.forest import PackedBoosting
from inference.audience.monotone import monotone_predict
from inference.audience.service import MEDIAN_FILE, QUANTILES_FILE
from inference.checksums import verified_metadata
from models.audience.design import Design

PREVIOUS_COMMIT = "2bcbaa5ac24bc08b369b37fd40a47c1a2074546f"
PATHS = ("inference", "models/audience/artifact", "data/audience")
ARTIFACT = Path("models") / "audience" / "artifact"
# Run inside the checkout: its ``inference`` package is imported, not this tree's.
_SCRIPT = """
import json, sys
from datetime import date
from inference.audience import AudienceModel, ReleaseDescription
model = AudienceModel.load()
rows = json.load(open(sys.argv[1], encoding="utf-8"))
out = []
for row in rows:
    row["release_date"] = date.fromisoformat(row["release_date"])
    row["actors"] = tuple(row["actors"])
    out.append(list(model.predict(ReleaseDescription(**row)).quantiles))
json.dump({"version": model.model_version, "quantiles": out}, open(sys.argv[2], "w"))
"""


def checkout(root: Path, dest: Path) -> Path:
    """The previous commit's inference code, artifact and tables under ``dest`` (from the git
    repository at ``root``); returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", PREVIOUS_COMMIT, *PATHS],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def as_served(
    releases: Sequence[ReleaseDescription], ceilings: np.ndarray, checkout_dir: Path
) -> tuple[np.ndarray, str]:
    """log10 quantiles (n × LEVELS) the previous bot served for ``releases``; its version."""
    given = checkout_dir / "releases.json"
    answer = checkout_dir / "forecasts.json"
    rows = []
    for release in releases:
        row = dataclasses.asdict(release)
        row["release_date"] = release.release_date.isoformat()
        row["actors"] = list(release.actors)
        rows.append(row)
    given.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(given), str(answer)],
        check=True,
        cwd=checkout_dir,
    )
    found = json.loads(answer.read_text(encoding="utf-8"))
    quantiles = np.log10(np.maximum(np.array(found["quantiles"], dtype=np.float64), 1.0))
    assert quantiles.shape == (len(releases), len(LEVELS))
    return clip(quantiles, ceilings), str(found["version"])


def with_new_tables(rows: Design, checkout_dir: Path) -> tuple[np.ndarray, str]:
    """log10 quantiles of the previous artifact on ``rows`` (built with its market and screen
    level definitions from today's tables); its version."""
    directory = checkout_dir / ARTIFACT
    metadata = verified_metadata(directory, [MEDIAN_FILE, QUANTILES_FILE], ValueError)
    if metadata["params"].get("market_top") is not None:
        raise ValueError("the previous artifact is expected to use the median of every release")
    packed = PackedBoosting.load(directory / MEDIAN_FILE)
    with np.load(directory / QUANTILES_FILE, allow_pickle=False) as arrays:
        table = QuantileTable(arrays["grid"], arrays["values"])
    median = monotone_predict(packed.predict, rows.x) + rows.offset
    return clip(table.quantiles(median), rows.ceiling), str(metadata["name"])

