"""Quality of the served poster model on every test set of issue 17, beside the label prior.

    python bench/poster_quality.py [--data ../shared/data/posters] [--artifact DIR]
                                   [--time-artifact var/poster_cache/time_artifact]

Everything runs through the serving path (bytes → decode → preprocessing → float16 network,
both branches when the artifact has the clean-poster branch → calibration → prior-corrected
ranking → OOD score), on:

* ``own``: the project's test fold (iteratively stratified split, 1,181 posters), the served
  artifact;
* ``own balanced``: a genre-balanced third of it (``metrics.balanced_subset``: Drama ≈ 25 %);
* ``own user view``: every test poster as a user might send it (``augment.user_view``, the
  seeded view 2 of the training cache: a crop, a photo on a wall or a screenshot, colour,
  size and JPEG);
* ``time`` and ``time balanced``: the out-of-time test (films of 2014–2016) scored by the
  model trained on films up to 2010 (``var/poster_cache/time_artifact``, written by the same
  training run; not committed);

with, beside each figure, the trivial baseline: the label prior (training shares as every
poster's probabilities, its cut-off chosen on validation like the model's). Then the rare
genres' recall, how often each genre is shown in the top 3 against its true share, the
reliability table and ECE of the calibrated probabilities, and the out-of-distribution check:
false alarms on real test posters (clean and user views) and detection of synthetic
non-posters (``models/poster/nonposters.py``, seed 2, not the development seed) and of the
two natural photos that ship with scikit-learn.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.poster.calibration import Calibration  # noqa: E402
from inference.poster.classifier import Outputs, PosterClassifier  # noqa: E402
from inference.poster.decode import decode_image  # noqa: E402
from models.poster import nonposters  # noqa: E402
from models.poster.calibrate import TAUS, choose_rule  # noqa: E402
from models.poster.experiment import Setup, setup  # noqa: E402
from models.poster.features import view_image  # noqa: E402
from models.poster.metrics import (  # noqa: E402
    balanced_subset,
    decide,
    ece,
    macro_ece,
    reliability,
    rule_report,
    weighted_micro_f1,
)
from models.poster.train import TIME_ARTIFACT, USER_VIEW  # noqa: E402

Array = npt.NDArray[np.float64]
TARGETS = {"micro_f1": 0.50, "mAP": 0.30, "top3_micro_f1": 0.50}
RARE = ("Biography", "Mystery", "Fantasy", "Family", "Sci-Fi", "Music", "Animation", "History",
        "Sport", "War", "Musical")  # fmt: skip
COLUMNS = ("micro_f1", "macro_f1", "mAP", "top3_micro_f1", "distinct_top3", "drama_said",
           "drama_true")  # fmt: skip
HEAD = ("micro-F1", "macro-F1", "mAP", "top-3 F1", "top-3 sets", "Drama said", "Drama true")
SEED = 20_240_4


def run(clf: PosterClassifier, s: Setup, rows: npt.NDArray[np.int64], view: int) -> Outputs:
    """Network outputs for posters ``rows`` (dataset order) seen as view ``view``."""
    logits, feats = [], []
    for start in range(0, len(rows), 16):
        tensors = []
        for i in rows[start : start + 16]:
            data = s.data.path(int(i)).read_bytes()
            if view == 0:
                tensors.append(clf.prepare(data))
            else:
                image = decode_image(data, clf._artifact.params)
                tensors.append(clf.prepare_image(view_image(image, int(i), view)))
        out = clf.run(torch.cat(tensors).contiguous(memory_format=torch.channels_last))
        logits.append(out.logits)
        feats.append(out.features)
    return Outputs(np.concatenate(logits), np.concatenate(feats))


def run_bytes(clf: PosterClassifier, images: list[bytes]) -> Outputs:
    outs = [clf.run(clf.prepare(b)) for b in images]
    return Outputs(
        np.concatenate([o.logits for o in outs]), np.concatenate([o.features for o in outs])
    )


def prior_rule(prior: Array, val_y: npt.NDArray[np.uint8]) -> Calibration:
    rule = choose_rule(np.tile(prior, (len(val_y), 1)), val_y, prior)
    return Calibration.identity(prior, rule.alpha, rule.tau)


def figures(
    cal: Calibration, probs: Array, y: npt.NDArray[np.uint8], genres: tuple[str, ...]
) -> dict[str, Any]:
    return rule_report(probs, cal.evidence(probs), y, cal.tau, genres)


def print_rows(title: str, rows: dict[str, dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(f"{'':34s}" + "".join(f"{h:>11s}" for h in HEAD))
    for name, row in rows.items():
        cells = []
        for c in COLUMNS:
            v = row[c]
            cells.append(f"{v:11d}" if isinstance(v, int) else f"{float(v):11.3f}")
        print(f"{name:34s}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "posters")
    parser.add_argument("--artifact", type=Path, default=None)
    parser.add_argument("--time-artifact", type=Path, default=TIME_ARTIFACT)
    parser.add_argument("--per-kind", type=int, default=30, help="synthetic non-posters per kind")
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N test posters")
    args = parser.parse_args()
    started = time.perf_counter()
    s = setup(args.data)
    genres, labels = s.data.genres, s.data.labels
    results: dict[str, dict[str, dict[str, Any]]] = {}
    truth: dict[str, npt.NDArray[np.uint8]] = {}
    served = PosterClassifier.load(args.artifact, num_threads=2)
    models = {"own": served}
    if (args.time_artifact / "metadata.json").exists():
        models["time"] = PosterClassifier.load(args.time_artifact, num_threads=2)
    else:
        print(f"(no {args.time_artifact}: run models/poster/train.py for the out-of-time model)")
    probs_for_reliability: dict[str, tuple[Array, npt.NDArray[np.uint8]]] = {}
    ood_alarms: dict[str, float] = {}
    for split, clf in models.items():
        assert clf.genres == genres, "artifact genres differ from labels.csv order"
        tr, va, te = (s.indices(f, split) for f in ("train", "validation", "test"))
        te = te[: args.limit] if args.limit else te
        prior = clf.calibration.prior
        baseline = prior_rule(prior, labels[va])
        balanced = balanced_subset(labels[te], seed=SEED)
        clean, user = run(clf, s, te, 0), run(clf, s, te, USER_VIEW)
        # ablation: the same network without the prior correction (α = 0), its cut-off chosen
        # for micro-F1 on the natural validation mix alone, as the previous served rule was
        val_p = clf.calibration.probabilities(run(clf, s, va, 0).logits)
        plain = dataclasses.replace(clf.calibration, alpha=0.0)
        plain_tau = max(
            TAUS, key=lambda t: weighted_micro_f1(decide(plain.evidence(val_p), t), labels[va])
        )
        plain = dataclasses.replace(plain, tau=float(plain_tau))
        p_clean = clf.calibration.probabilities(clean.logits)
        p_user = clf.calibration.probabilities(user.logits)
        p_prior = np.tile(prior, (len(te), 1))
        y = labels[te]
        sets = {
            f"{split}": (p_clean, y),
            f"{split} balanced": (p_clean[balanced], y[balanced]),
        }
        if split == "own":
            sets[f"{split} user view"] = (p_user, y)
        for name, (p, yy) in sets.items():
            truth[name] = yy
            results[name] = {
                "label prior": figures(baseline, p_prior[: len(yy)], yy, genres),
                f"served {clf.model_version}" if split == "own" else "time-split model": figures(
                    clf.calibration, p, yy, genres
                ),
                "  same, no prior correction (α=0)": figures(plain, p, yy, genres),
            }
        probs_for_reliability[split] = (p_clean, y)
        ood_alarms[f"{split} test posters"] = float((~clf.ood.is_poster(clean.features)).mean())
        ood_alarms[f"{split} test posters, user view"] = float(
            (~clf.ood.is_poster(user.features)).mean()
        )
        print(
            f"{split}: train {len(tr)}, validation {len(va)}, test {len(te)} "
            f"(balanced {len(balanced)}); rule alpha {clf.calibration.alpha}, "
            f"tau {clf.calibration.tau}, calibration {clf.calibration.method}"
        )

    for name, rows in results.items():
        print_rows(f"== {name} test", rows)
    own = next(r for n, r in results["own"].items() if n.startswith("served"))
    print("\ntargets on own test: " + ", ".join(
        f"{k} {own[k]:.4f} {'✓' if float(own[k]) >= v else '✗'} (≥ {v})"
        for k, v in TARGETS.items()
    ))  # fmt: skip
    if "time" in results:
        t = next(iter(r for n, r in results["time"].items() if n != "label prior"))
        print("out-of-time within 0.05 of the targets: " + ", ".join(
            f"{k} {t[k]:.4f} {'✓' if float(t[k]) >= v - 0.05 else '✗'} (≥ {v - 0.05:.2f})"
            for k, v in TARGETS.items()
        ))  # fmt: skip

    print(
        "\n== rare genres: recall of the shown guesses (label prior / served), top-3 share vs true"
    )
    for name in [n for n in results if "user" not in n]:
        pair = list(results[name].values())
        print(f"{name}:")
        for g in RARE:
            prior_r, model_r = pair[0]["recall"][g], pair[1]["recall"][g]
            share = pair[1]["top3_share"][g]
            true = float(truth[name][:, genres.index(g)].mean())
            print(
                f"  {g:11s} recall {prior_r:5.2f} / {model_r:5.2f}   "
                f"in top 3: {share:5.1%} (true share {true:5.1%})"
            )

    for split, (p, y) in probs_for_reliability.items():
        print(f"\n== reliability after calibration, {split} test (all poster × genre pairs)")
        print(f"{'bin':>11s} {'pairs':>7s} {'mean p':>8s} {'observed':>9s}")
        for r in reliability(p, y):
            print(
                f"{r['low']:4.1f}–{r['high']:3.1f}   {r['pairs']:7d} "
                f"{r['mean_probability']:8.3f} {r['observed']:9.3f}"
            )
        prior_p = np.tile(models[split].calibration.prior, (len(y), 1))
        print(
            f"ECE {ece(p, y):.4f} (label prior {ece(prior_p, y):.4f}); per-genre ECE averaged "
            f"{macro_ece(p, y):.4f} (label prior {macro_ece(prior_p, y):.4f})"
        )

    print("\n== not a poster (threshold: validation posters' 99th percentile)")
    for name, rate in ood_alarms.items():
        print(f"  false alarms, {name:32s} {rate:6.1%}   (target ≤ 2 %)")
    samples = nonposters.sample(seed=2, per_kind=args.per_kind)
    samples["sklearn photos"] = natural_photos()
    for kind, images in samples.items():
        out = run_bytes(served, images)
        caught = float((~served.ood.is_poster(out.features)).mean())
        print(f"  detected, {kind:14s} ({len(images):3d} images)  {caught:6.1%}")
    print(f"\n({time.perf_counter() - started:.0f} s)")


def natural_photos() -> list[bytes]:
    """The two photos in scikit-learn (a temple, a flower) whole and as 3 portrait crops each."""
    from sklearn.datasets import load_sample_images

    out = []
    for array in load_sample_images().images:
        image = Image.fromarray(array)
        w, h = image.size
        crops = [image] + [
            image.crop((x, 0, x + int(h * 2 / 3), h))
            for x in (0, (w - int(h * 2 / 3)) // 2, w - int(h * 2 / 3))
        ]
        for crop in crops:
            buffer = io.BytesIO()
            crop.save(buffer, "JPEG", quality=90)
            out.append(buffer.getvalue())
    return out


if __name__ == "__main__":
    main()
