"""labels.csv → a genre vocabulary and a 0/1 label matrix (read-only use of ../shared)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

#: Genres with fewer posters than this are dropped: too few to learn or to tune a threshold on.
MIN_POSTERS = 100


@dataclass(frozen=True)
class PosterData:
    """Image paths (same order as rows of ``labels``) and the kept genres."""

    root: Path
    files: tuple[str, ...]
    genres: tuple[str, ...]
    labels: npt.NDArray[np.uint8]
    all_genres: tuple[str, ...]
    dropped: dict[str, int]
    raw_genres: tuple[tuple[str, ...], ...]
    #: Release year (OMDb ``Released``, else the dataset's year list), for the out-of-time split.
    years: npt.NDArray[np.int64]

    def path(self, index: int) -> Path:
        return self.root / self.files[index]


def load(root: Path, min_posters: int = MIN_POSTERS) -> PosterData:
    """Read labels.csv; keep genres with ≥ ``min_posters`` films, ordered by frequency."""
    with (root / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    raw = tuple(tuple(g for g in row["genres"].split("|") if g) for row in rows)
    counts = Counter(g for genres in raw for g in genres)
    ordered = sorted(counts, key=lambda g: (-counts[g], g))
    kept = tuple(g for g in ordered if counts[g] >= min_posters)
    index = {g: i for i, g in enumerate(kept)}
    labels = np.zeros((len(rows), len(kept)), dtype=np.uint8)
    for r, genres in enumerate(raw):
        for g in genres:
            if g in index:
                labels[r, index[g]] = 1
    return PosterData(
        root=root,
        files=tuple(row["file"] for row in rows),
        genres=kept,
        labels=labels,
        all_genres=tuple(ordered),
        dropped={g: counts[g] for g in ordered if counts[g] < min_posters},
        raw_genres=raw,
        years=np.array([int(row["year"]) for row in rows], dtype=np.int64),
    )
