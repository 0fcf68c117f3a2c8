"""The fixed experimental setup: seed, the two splits, and the cached frozen activations.

Two splits, both fixed before any test figure was seen:

* ``own``: the project's iteratively stratified 70/15/15 split (seed 202404), kept so that
  figures stay comparable with earlier models.
* ``time``: out of time. Train on films released up to 2010, validate on 2011–2012, leave
  2013 out as a gap (sequels and re-releases a year apart), test on 2014–2016: the newest
  posters, which no model of this split has seen anything from.
"""

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
from models.poster.features import VIEWS, cache_key, stem_activations
from models.poster.split import iterative_stratification

SEED = 20_240_4
PROPORTIONS = (0.70, 0.15, 0.15)  # train, validation, test
FOLD_NAMES = ("train", "validation", "test")
SPLITS = ("own", "time")
TIME_TRAIN_LAST = 2010
TIME_VALIDATION = (2011, 2012)
TIME_TEST = (2014, 2016)
REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "var" / "poster_cache"


def time_folds(years: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """0 train (≤ 2010), 1 validation (2011–2012), 2 test (2014–2016), -1 the 2013 gap."""
    folds = np.full(len(years), -1, dtype=np.int64)
    folds[years <= TIME_TRAIN_LAST] = 0
    folds[(years >= TIME_VALIDATION[0]) & (years <= TIME_VALIDATION[1])] = 1
    folds[(years >= TIME_TEST[0]) & (years <= TIME_TEST[1])] = 2
    return folds


@dataclass(frozen=True)
class Setup:
    data: dataset.PosterData
    folds: dict[str, npt.NDArray[np.int64]]
    labels_sha: str
    images_sha: str

    def indices(self, name: str, split: str = "own") -> npt.NDArray[np.int64]:
        return np.flatnonzero(self.folds[split] == FOLD_NAMES.index(name))


def setup(root: Path) -> Setup:
    """Load labels and make both splits (the same every run)."""
    data = dataset.load(root)
    own = iterative_stratification(data.labels, PROPORTIONS, SEED)
    return Setup(
        data=data,
        folds={"own": own, "time": time_folds(data.years)},
        labels_sha=sha256_file(root / "labels.csv"),
        images_sha=sha256_file(root / "SHA256SUMS.images"),
    )


def activations(
    s: Setup, params: PreprocessParams, net: PosterNet | None = None, views: int = VIEWS
) -> list[npt.NDArray[np.float16]]:
    """Frozen-block outputs of every poster (dataset order), one array per view."""
    net = net or pretrained(len(s.data.genres))
    key = cache_key(s.labels_sha, params, sha256_file(Path(weights_path())))
    paths = [s.data.path(i) for i in range(len(s.data.files))]
    return [
        stem_activations(net, paths, params, CACHE_DIR / key / f"view{v}.npy", view=v)
        for v in range(views)
    ]


if __name__ == "__main__":  # fill the cache ahead of training: [DATA] [THREADS]
    import sys

    import torch

    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "posters"
    activations(setup(root), PreprocessParams())
