"""Quality of the served poster model on the fixed split's test fold, beside every baseline.

    python bench/poster_quality.py [--data /work/shared/data/posters] [--artifact DIR]

The served row runs the real serving path (bytes → decode → float16 weights) on every
validation and test poster; its genre thresholds come from the artifact, the seed setup's
class offsets are tuned on validation. The other rows are the compared models' test
probabilities saved by ``models/poster/train.py`` (var/poster_cache/comparison.npz), scored
by the same functions, with genre cut-offs from ``metrics.calibrate`` (validation micro-F1
objective, as the served artifact's). Seed setup: one class per film by the seed project's priority
(Animation > Horror > Sci-Fi > Romance > Action > Comedy&Drama; films with none excluded),
macro-F1 of the argmax of priority-chain probabilities derived from the multi-label output
(per-class offsets tuned on validation); the extra line is a separate 6-class softmax head on
frozen Lite0 features, trained for that setup alone (weight decay chosen on validation); the
dedicated line is ``models/poster/seed6.py``'s 6-class model on the served network's pooled
features (logistic regression, optionally mixed with the priority-chain scores; every choice
and the class offsets made on validation), benchmark-only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.poster import PosterClassifier  # noqa: E402
from models.poster.experiment import Setup, setup  # noqa: E402
from models.poster.metrics import (  # noqa: E402
    calibrate,
    report,
    seed_macro_f1,
    seed_scores,
    seed_targets,
    tune_seed_bias,
)
from models.poster.seed6 import SEED6_FILE  # noqa: E402
from models.poster.train import COMPARISON_FILE  # noqa: E402

COLUMNS = ("micro_f1", "macro_f1", "mAP", "top3_micro_f1", "seed_macro_f1")
TARGETS = {"micro_f1": 0.45, "mAP": 0.25, "top3_micro_f1": 0.45, "seed_macro_f1": 0.45}


def served_probs(clf: PosterClassifier, s: Setup, fold: str) -> npt.NDArray[np.float64]:
    order = [s.data.genres.index(g) for g in clf.genres]
    assert order == list(range(len(order))), "artifact genres differ from labels.csv order"
    return np.stack([clf.probabilities(s.data.path(i).read_bytes()) for i in s.indices(fold)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/posters"))
    parser.add_argument("--artifact", type=Path, default=None)
    args = parser.parse_args()
    s = setup(args.data)
    genres, labels = s.data.genres, s.data.labels
    va, te = labels[s.indices("validation")], labels[s.indices("test")]
    rows: dict[str, dict[str, float]] = {}

    prior = labels[s.indices("train")].mean(axis=0).astype(np.float64)
    p_val, p_test = np.tile(prior, (len(va), 1)), np.tile(prior, (len(te), 1))
    rows["label prior (train frequencies)"] = report(
        p_test, te, *calibrate(p_val, va, genres), genres
    )

    if COMPARISON_FILE.exists():
        saved = np.load(COMPARISON_FILE)
        for i, name in enumerate(saved["names"]):
            if str(name) != "label prior":
                val, test = saved[f"val_{i}"], saved[f"test_{i}"]
                rows[str(name)] = report(test, te, *calibrate(val, va, genres), genres)
    else:
        print(f"(no {COMPARISON_FILE}: run models/poster/train.py for the compared models)")

    seed6 = None
    if COMPARISON_FILE.exists() and "seed6_test" in saved:
        keep = seed_targets(te, genres) >= 0
        predicted = saved["seed6_test"][keep].argmax(axis=1)
        seed6 = f1_score(seed_targets(te, genres)[keep], predicted, average="macro")

    dedicated = None
    if SEED6_FILE.exists():
        d = np.load(SEED6_FILE)
        dedicated = seed_macro_f1(d["test"], d["bias"], seed_targets(te, genres))
    else:
        print(f"(no {SEED6_FILE}: run models/poster/seed6.py for the dedicated seed model)")

    clf = PosterClassifier.load(args.artifact)
    started = time.perf_counter()
    val, test = served_probs(clf, s, "validation"), served_probs(clf, s, "test")
    seconds = time.perf_counter() - started
    thresholds = np.asarray(clf.thresholds)
    bias = tune_seed_bias(seed_scores(val, genres), seed_targets(va, genres))
    rows[f"SERVED {clf.model_version}"] = report(test, te, thresholds, bias, genres)

    n_seed = int((seed_targets(te, genres) >= 0).sum())
    print(f"test fold: {len(te)} posters, {len(genres)} genres; seed setup: {n_seed} films")
    print(f"{'model':44s}" + "".join(f"{c:>14s}" for c in COLUMNS))
    for name, row in rows.items():
        print(f"{name:44s}" + "".join(f"{row[c]:14.3f}" for c in COLUMNS))
    if seed6 is not None:
        print(f"{'seed setup: own 6-class head (frozen Lite0)':44s}{'':56s}{seed6:14.3f}")
    if dedicated is not None:
        print(f"{'seed setup: dedicated 6-class (served feats)':44s}{'':56s}{dedicated:14.3f}")
    print(f"{'target':44s}" + "".join(f"{TARGETS.get(c, float('nan')):14.2f}" for c in COLUMNS))
    print(f"(served path: {len(val) + len(te)} posters decoded and scored in {seconds:.1f} s)")


if __name__ == "__main__":
    main()
