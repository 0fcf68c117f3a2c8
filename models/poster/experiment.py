"""The fixed experimental setup: seed, split proportions, and the cached frozen activations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.checksums import sha256_file
from inference.poster.network import PosterNet
from inference.poster.preprocess import PreprocessParams
from models.poster import dataset
from models.poster.backbone import pretrained, weights_path
from models.poster.features import cache_key, stem_activations
from models.poster.split import iterative_stratification

SEED = 20_240_4
PROPORTIONS = (0.70, 0.15, 0.15)  # train, validation, test
FOLD_NAMES = ("train", "validation", "test")
REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "var" / "poster_cache"


@dataclass(frozen=True)
class Setup:
    data: dataset.PosterData
    folds: npt.NDArray[np.int64]
    labels_sha: str
    images_sha: str

    def indices(self, name: str) -> npt.NDArray[np.int64]:
        return np.flatnonzero(self.folds == FOLD_NAMES.index(name))


def setup(root: Path) -> Setup:
    """Load labels and make the seeded iteratively stratified split (same every run)."""
    data = dataset.load(root)
    folds = iterative_stratification(data.labels, PROPORTIONS, SEED)
    return Setup(
        data=data,
        folds=folds,
        labels_sha=sha256_file(root / "labels.csv"),
        images_sha=sha256_file(root / "SHA256SUMS.images"),
    )


@dataclass(frozen=True)
class Activations:
    """Frozen-block outputs: all posters (dataset order) and the flipped training posters."""

    all: npt.NDArray[np.float16]
    train_flipped: npt.NDArray[np.float16]


def activations(s: Setup, params: PreprocessParams, net: PosterNet | None = None) -> Activations:
    net = net or pretrained(len(s.data.genres))
    key = cache_key(s.labels_sha, params, sha256_file(Path(weights_path())))
    paths = [s.data.path(i) for i in range(len(s.data.files))]
    every = stem_activations(net, paths, params, CACHE_DIR / key / "all.npy")
    train_paths = [paths[i] for i in s.indices("train")]
    flipped = stem_activations(
        net, train_paths, params, CACHE_DIR / key / f"train_flip_{SEED}.npy", flip=True
    )
    return Activations(all=every, train_flipped=flipped)
