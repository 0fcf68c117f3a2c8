"""Pass 2 (issue 17): the augmented network + the clean-poster branch, chosen on validation.

    nice -n 5 .venv/bin/python -m models.poster.clean_branch --split own   # and --split time
    nice -n 5 .venv/bin/python -m models.poster.pass2 --data ../shared/data/posters \
        [--validation-only]

(The default two threads reproduce the served Platt fit bit for bit; one thread moves its
coefficients in the 8th digit.)

Inputs per split: the pass-1 augmented network (``var/poster_cache/pass1_{own,time}``, the
artifacts of ``models.poster.train``, byte-identical to commit a8bb009's own artifact) and
the clean-poster branch (``models.poster.clean_branch``, the recipe served before issue 17,
retrained on the split's training fold). Both share the frozen trunk (blocks 0–12), so the
OOD statistics (on the trunk's output) carry over unchanged. ``--validation-only`` runs
steps 1–4, prints every validation figure of both α, τ rules below and writes nothing.

The selection rule (steps 1, 2, 4 written down before any pass-2 figure was seen; step 3 as
served since pass 3); every step uses only the split's validation fold:

1. Branch weight w ∈ {0, 0.1, …, 1}: the served logit is (1 − w)·z_augmented + w·z_clean.
   Chosen by the mean of validation mAP on the clean posters and on their user-like view
   (the pass-1 epoch criterion); ties → the smaller w; w = 0 drops the branch.
2. Calibration as in pass 1 (none / temperature / Platt / isotonic per genre by log-loss
   cross-fitted on validation halves), fitted on validation clean + user view.
3. Prior correction α and cut-off τ on validation clean + user view, by pass 1's rule
   (``calibrate.choose_rule``): the highest mean of micro-F1 and top-3 F1 on the natural mix
   and on its genre-balanced reweighting, the two mixes weighted equally. Pass 3: the lead
   chose this rule after the second test scoring because issue 17 demands that the shown
   genre mix follow the poster, not the training frequencies ("Drama shown only when the
   poster says Drama"); it is the rule pass 1 used, written before any test figure.
   Set aside (pass 2's rule, ``calibrate.choose_rule_constrained``, still computed and kept
   in metadata.json): keep the natural mix's micro-F1 and top-3 F1 within 0.005 of its best
   over the grid, then the best balanced mix. It gave α = 0.2 (own), served Drama for 92 %
   of own-test posters (true share 50 %) and lowered rare-genre recall.
4. Per-genre cut-offs (τ + δ_g, δ_g for each genre's F1) only if they beat the one τ on the
   held-out half in both two-fold directions, on natural and balanced micro-F1 alike.
5. The test folds are then scored (here for metadata.json, and through the serving path by
   ``bench/poster_quality.py``); nothing is changed after that. They have been scored three
   times: pass 1, pass 2 (α, τ by the set-aside rule), pass 3 (this rule).
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

from inference.poster.artifact import MODEL_FILE, OOD_FILE, WEIGHTS_FILE
from inference.poster.calibration import Calibration
from inference.poster.network import BranchConfig, PosterNet, channels_last
from inference.poster.ood import OodModel
from inference.poster.preprocess import PreprocessParams
from models.poster import export
from models.poster.calibrate import (
    NATURAL_TOLERANCE,
    choose_rule,
    choose_rule_constrained,
    fit_calibration,
    per_genre_check,
    with_rule,
)
from models.poster.clean_branch import branch_paths
from models.poster.experiment import CACHE_DIR, SEED, Setup, activations, setup
from models.poster.metrics import (
    balance_weights,
    balanced_subset,
    decide,
    distinct_top_k,
    ece,
    genre_recall,
    macro_ece,
    mean_ap,
    top_k_f1,
    top_k_sets,
    weighted_micro_f1,
)
from models.poster.train import USER_VIEW, _figures, _jsonable, _prior_figures

Array = npt.NDArray[np.float64]
SELECTION_RULE = " ".join(
    ("The selection rule" + __doc__.split("The selection rule", 1)[1]).split()
)
WEIGHTS = tuple(round(w, 1) for w in np.arange(0.0, 1.01, 0.1))
NAME = "effnet-lite0-ft3+clean"
REPO = Path(__file__).resolve().parents[2]
OUT = {"own": REPO / "models" / "poster" / "artifact", "time": CACHE_DIR / "time_artifact"}
BASE = {"own": CACHE_DIR / "pass1_own", "time": CACHE_DIR / "pass1_time"}


def load_augmented(directory: Path) -> tuple[PosterNet, dict[str, Any]]:
    model = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
    state = torch.load(directory / WEIGHTS_FILE, map_location="cpu", weights_only=True)
    net = PosterNet(len(model["genres"]), hidden=int(model["hidden"]))
    net.load_state_dict({k: v.float() for k, v in state.items()})
    metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    return channels_last(net.eval()), metadata


def both_logits(
    net: PosterNet, acts: npt.NDArray[np.float16], rows: npt.NDArray[np.int64]
) -> tuple[Array, Array]:
    """(augmented network's, clean branch's) logits for ``rows`` of one cached view."""
    assert net.clean is not None
    net.eval()
    aug, clean = [], []
    with torch.inference_mode():
        for s in range(0, len(rows), 128):
            x = torch.from_numpy(np.asarray(acts[rows[s : s + 128]], dtype=np.float32))
            x = x.contiguous(memory_format=torch.channels_last)
            aug.append(net.head(net.top(x)))
            clean.append(net.clean(x))
    return torch.cat(aug).double().numpy(), torch.cat(clean).double().numpy()


def mix(z: tuple[Array, Array], w: float) -> Array:
    out: Array = (1 - w) * z[0] + w * z[1]
    return out


def run_split(
    s: Setup, views: list[npt.NDArray[np.float16]], split: str, validation_only: bool = False
) -> dict[str, Any]:
    labels, genres = s.data.labels, s.data.genres
    tr, va, te = (s.indices(f, split) for f in ("train", "validation", "test"))
    print(f"\n== pass 2, split {split}: train {len(tr)}, validation {len(va)}, test {len(te)}")
    aug, base_meta = load_augmented(BASE[split])
    branch_weights, branch_json = branch_paths(split)
    branch_info = json.loads(branch_json.read_text(encoding="utf-8"))
    config = BranchConfig.from_dict(branch_info["config"])
    assert config is not None
    net = PosterNet(len(genres), branch=config)
    net.load_state_dict(aug.state_dict(), strict=False)
    assert net.clean is not None
    net.clean.load_state_dict(torch.load(branch_weights, map_location="cpu", weights_only=True))
    net = channels_last(net.eval())
    val = {v: both_logits(net, views[v], va) for v in (0, USER_VIEW)}

    # 1. branch weight
    table = {}
    for w in WEIGHTS:
        clean, user = (mean_ap(mix(val[v], w), labels[va]) for v in (0, USER_VIEW))
        table[w] = {"clean": clean, "user_view": user, "mean": (clean + user) / 2}
        print(f"  w={w:.1f}: validation mAP clean {clean:.4f}, user view {user:.4f}")
    weight = max(WEIGHTS, key=lambda w: (round(table[w]["mean"], 12), -w))
    print(f"  → branch weight {weight}")
    config = BranchConfig(config.mlp_hidden, config.mlp_weight, float(weight))
    if weight > 0:
        net.branch_weight = float(weight)
    else:  # the branch lost: serve the augmented network alone
        net = aug

    # 2. calibration
    prior = labels[tr].mean(axis=0).astype(np.float64).clip(1e-3, 1 - 1e-3)
    val_z = np.concatenate([mix(val[0], weight), mix(val[USER_VIEW], weight)])
    val_y = np.concatenate([labels[va], labels[va]])
    cal, cal_scores = fit_calibration(val_z, val_y, prior, seed=SEED)
    print(f"  calibration (cross-fitted validation log-loss): {cal_scores} → {cal.method}")

    # 3. α, τ: pass 1's equal-weight rule is served; pass 2's rule is kept as set aside
    val_p = cal.probabilities(val_z)
    rule = choose_rule(val_p, val_y, prior)
    set_aside = choose_rule_constrained(val_p, val_y, prior)
    print(f"  rule (served, equal weight): alpha {rule.alpha}, tau {rule.tau}, {rule.table}")
    print(f"  (set aside, pass 2's rule: alpha {set_aside.alpha}, tau {set_aside.tau},")
    print(f"   validation {set_aside.table})")
    comparison = {
        name: {
            view: rule_validation(with_rule(cal, r), p, y, genres)
            for view, (p, y) in {
                "clean + user view": (val_p, val_y),
                "clean": (val_p[: len(va)], labels[va]),
            }.items()
        }
        for name, r in (("served", rule), ("set_aside_pass2", set_aside))
    }
    prior_p = np.tile(prior, (len(val_y), 1))
    prior_rule = choose_rule(prior_p, val_y, prior)  # the trivial baseline, same machinery
    comparison["label_prior"] = {
        view: rule_validation(Calibration.identity(prior, prior_rule.alpha, prior_rule.tau),
                              prior_p[: len(y)], y, genres)
        for view, y in {"clean + user view": val_y, "clean": labels[va]}.items()
    }  # fmt: skip
    print_validation(
        split,
        comparison,
        {"served": rule, "set_aside_pass2": set_aside, "label_prior": prior_rule},
    )
    cal = with_rule(cal, rule)

    # 4. per-genre cut-offs
    check = per_genre_check(cal.evidence(val_p), val_y, cal.tau, seed=SEED)
    print(f"  per-genre cut-offs on held-out halves: {check}")
    if check["per_genre_wins"]:
        raise SystemExit("per-genre cut-offs won on validation: serving them is not implemented")
    if validation_only:
        return {"validation_only": True}

    # 5. the test fold, once
    if weight > 0:
        test = {v: mix(both_logits(net, views[v], te), weight) for v in (0, USER_VIEW)}
    else:
        test = {v: both_logits_aug(aug, views[v], te) for v in (0, USER_VIEW)}
    ood = OodModel.load(BASE[split] / OOD_FILE)
    test_p = cal.probabilities(test[0])
    balanced = balanced_subset(labels[te], seed=SEED)
    figures: dict[str, Any] = {
        "test": _figures(cal, test[0], labels[te], genres),
        "test_balanced": _figures(cal, test[0][balanced], labels[te][balanced], genres),
        "test_user_view": _figures(cal, test[USER_VIEW], labels[te], genres),
        "prior_test": _prior_figures(prior, labels[va], labels[te], genres),
        "prior_test_balanced": _prior_figures(prior, labels[va], labels[te][balanced], genres),
        "ece_test": ece(test_p, labels[te]),
        "macro_ece_test": macro_ece(test_p, labels[te]),
        "ood_false_alarms_test": base_meta["results"][split]["figures"]["ood_false_alarms_test"],
        "ood_false_alarms_test_user_view": base_meta["results"][split]["figures"][
            "ood_false_alarms_test_user_view"
        ],
    }
    t = figures["test"]
    print(
        f"  TEST ({split}, third scoring): micro-F1 {t['micro_f1']:.3f}, mAP {t['mAP']:.3f}, "
        f"top-3 {t['top3_micro_f1']:.3f}, distinct top-3 {t['distinct_top3']}, "
        f"ECE {figures['ece_test']:.4f}"
    )
    validation = {
        "branch": branch_info,
        "branch_weight_validation_mAP": {str(w): v for w, v in table.items()},
        "branch_weight": weight,
        "calibration_logloss": cal_scores,
        "rule": {"alpha": rule.alpha, "tau": rule.tau, **rule.table},
        "rule_name": "pass 1's equal-weight rule (natural and genre-balanced mixes)",
        "rule_set_aside": {
            "name": "pass 2's rule: natural mix within 0.005 of its best, then balanced",
            "why_set_aside": "issue 17 demands the shown genre mix follow the poster, not the "
            "training frequencies; with it Drama was shown for 92 % of own-test posters "
            "(true share 50 %) at the second test scoring",
            "tolerance": NATURAL_TOLERANCE,
            "alpha": set_aside.alpha,
            "tau": set_aside.tau,
            **set_aside.table,
        },
        "rule_validation_figures": comparison,
        "per_genre_cutoffs": check,
        "augmented_network": base_meta["results"][split]["validation"],
    }
    return {
        "net": net,
        "config": config if weight > 0 else None,
        "calibration": cal,
        "ood": ood,
        "figures": figures,
        "validation": validation,
        "pass1_figures": base_meta["results"][split]["figures"],
        "base_meta": base_meta,
        "sizes": {"train": len(tr), "validation": len(va), "test": len(te)},
    }


def both_logits_aug(
    net: PosterNet, acts: npt.NDArray[np.float16], rows: npt.NDArray[np.int64]
) -> Array:
    with torch.inference_mode():
        out = [
            net.head(
                net.top(
                    torch.from_numpy(
                        np.asarray(acts[rows[s : s + 128]], dtype=np.float32)
                    ).contiguous(memory_format=torch.channels_last)
                )
            )
            for s in range(0, len(rows), 128)
        ]
    return torch.cat(out).double().numpy()


RARE = ("Biography", "Mystery", "Fantasy", "Family", "Sci-Fi", "Music", "Animation", "History",
        "Sport", "War", "Musical")  # fmt: skip


def rule_validation(
    cal: Calibration, probs: Array, y: npt.NDArray[np.uint8], genres: tuple[str, ...]
) -> dict[str, Any]:
    """The figures the α, τ choice trades off, on one validation set: both mixes' micro-F1 and
    top-3 F1, how often Drama is shown / ranked first (natural and balanced mix) against its
    true share, distinct top-3 sets, and the rare genres' share of the shown top 3."""
    evidence = cal.evidence(probs)
    predicted = decide(evidence, cal.tau)
    top3 = top_k_sets(evidence, 3)
    in_top3 = np.zeros_like(y)
    np.put_along_axis(in_top3, top3, 1, axis=1)
    drama = genres.index("Drama")
    first = np.argmax(evidence, axis=1) == drama
    out: dict[str, Any] = {"posters": len(y), "distinct_top3": distinct_top_k(evidence, 3)}
    for mix, w in (("natural", np.ones(len(y))), ("balanced", balance_weights(y))):
        share = w / w.sum()
        out[f"{mix}_micro_f1"] = weighted_micro_f1(predicted, y, w)
        out[f"{mix}_top3"] = top_k_f1(evidence, y, 3, w)
        out[f"{mix}_drama_shown"] = float(share @ predicted[:, drama])
        out[f"{mix}_drama_top1"] = float(share @ first)
        out[f"{mix}_drama_true"] = float(share @ y[:, drama])
    rare = [genres.index(g) for g in RARE]
    out["rare_in_top3"] = {g: float(in_top3[:, genres.index(g)].mean()) for g in RARE}
    out["rare_true"] = {g: float(y[:, genres.index(g)].mean()) for g in RARE}
    out["rare_recall"] = {
        g: float(r) for g, r in zip(RARE, genre_recall(predicted, y)[rare].tolist(), strict=True)
    }
    out["rare_top3_slots"] = float(in_top3[:, rare].sum(axis=1).mean())
    out["rare_true_slots"] = float(y[:, rare].sum(axis=1).mean())
    return out


def print_validation(
    split: str, comparison: dict[str, dict[str, dict[str, Any]]], rules: dict[str, Any]
) -> None:
    print(f"\n  -- validation ({split}), served rule vs set-aside pass-2 rule --")
    for view in next(iter(comparison.values())):
        print(f"  {view}:")
        for name, by_view in comparison.items():
            f, r = by_view[view], rules[name]
            print(
                f"    {name:16s} alpha {r.alpha:.1f} tau {r.tau:+.2f} | natural micro-F1 "
                f"{f['natural_micro_f1']:.4f} top-3 {f['natural_top3']:.4f} | balanced "
                f"micro-F1 {f['balanced_micro_f1']:.4f} top-3 {f['balanced_top3']:.4f} | "
                f"top-3 sets {f['distinct_top3']}"
            )
            for mix in ("natural", "balanced"):
                print(
                    f"{'':22s}Drama ({mix}) shown {f[f'{mix}_drama_shown']:.1%}, top-1 "
                    f"{f[f'{mix}_drama_top1']:.1%}, true {f[f'{mix}_drama_true']:.1%}"
                )
            print(
                f"{'':22s}rare genres in shown top 3: {f['rare_top3_slots']:.3f} per poster "
                f"(true {f['rare_true_slots']:.3f}); "
                + ", ".join(
                    f"{g} {f['rare_in_top3'][g]:.1%}/{f['rare_true'][g]:.1%}"
                    f" r{f['rare_recall'][g]:.2f}"
                    for g in RARE
                )
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/posters"))
    parser.add_argument("--splits", nargs="+", default=["own", "time"], choices=["own", "time"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--validation-only", action="store_true", help="steps 1–4 and their figures, no writing"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    s = setup(args.data)
    views = activations(s, PreprocessParams(), views=USER_VIEW + 1)
    views = [np.asarray(v) for v in tqdm(views, desc="loading cached views")]
    results = {split: run_split(s, views, split, args.validation_only) for split in args.splits}
    if args.validation_only:
        return
    for split, result in results.items():
        base = result["base_meta"]
        metadata = {
            k: v for k, v in base.items() if k not in ("files", "date", "results", "ood_refit")
        }
        metadata["parameters"] = {
            **base["parameters"],
            "pass2": {
                "branch": "the clean-poster recipe served before issue 17 (3cb1d62), retrained "
                "on this split's training fold: MLP 512 on frozen ImageNet features + last "
                "block and head conv fine-tuned on clean and mirrored posters",
                "selection": SELECTION_RULE,
            },
        }
        metadata["ood"] = (
            "unchanged from pass 1 (the trunk it reads is shared and frozen): " + base["ood_refit"]
        )
        metadata["results"] = {
            split: {
                "figures": result["figures"],
                "validation": result["validation"],
                "pass1_figures": result["pass1_figures"],
                "sizes": result["sizes"],
            }
        }
        metadata["test_scorings"] = (
            "scored three times: pass 1 (a8bb009), pass 2 (fa90184: the same network with "
            "alpha, tau by pass 2's rule) and pass 3 (this artifact: alpha, tau by pass 1's "
            "equal-weight rule on validation, the lead's choice after the second scoring for "
            "issue 17's Drama requirement); nothing changed after the third scoring"
        )
        metadata["pass2_seconds"] = round(time.monotonic() - started, 1)
        written = export.write(
            OUT[split], result["net"], NAME if result["config"] else base["parameters"].get(
                "name", "effnet-lite0-ft3"), s.data.genres, 0, PreprocessParams(),
            result["calibration"], result["ood"], _jsonable(metadata), branch=result["config"],
        )  # fmt: skip
        size = sum(f["bytes"] for f in written["files"].values())
        print(f"artifact ({split}): {OUT[split]} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
