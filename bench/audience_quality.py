"""Box-office model quality: validation folds, the time split (b) overall and by size, coverage and
interval width against the model served before issue 17, the seed's splits, sanity inputs.

    python -m bench.audience_quality            # the figures train.py stored (scored once)
    python -m bench.audience_quality --recompute --data ../shared/data/kobis

Every figure is printed beside the median baseline. The test split was scored once by
``models/audience/train.py`` after the artifact was written; by default this script prints what
that run stored. ``--recompute`` retrains the split-(b) models with the same code and seed and
prints the figures again — a reproduction check (they must equal the stored ones), not a new
choice.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTIFACT = ROOT / "models" / "audience" / "artifact"
PREVIOUS = ROOT / "models" / "audience" / "previous_model.json"
TARGETS = {
    "within20": ("≥", 0.30),
    "median_ape": ("≤", 0.35),
    "spearman": ("≥", 0.90),
    "bin_accuracy": ("≥", 0.80),
}
COLUMNS = (
    "n",
    "within20",
    "median_ape",
    "spearman",
    "bin_accuracy",
    "bin_1away",
    "over_predicted",
    "coverage80",
    "width",
)
LABELS = {
    "median": "median (baseline)",
    "gbm_plain": "plain GBM (old baseline)",
    "gbm_raw": "monotone GBM, no market",
    "gbm": "monotone GBM, market-relative",
    "network": "Keras, monotone screen path",
    "served": "served distribution",
}


def _table(rows: dict[str, dict[str, float]]) -> None:
    print(f"    {'':32} " + " ".join(f"{c:>12}" for c in COLUMNS))
    for name, m in rows.items():
        cells = " ".join(f"{m[c]:12.3f}" if c in m else f"{'–':>12}" for c in COLUMNS)
        print(f"    {LABELS.get(name, name):32} {cells}")


def _check(value: float, sign: str, target: float) -> str:
    ok = value >= target if sign == "≥" else value <= target
    return f"{value:.3f} ({sign} {target}: {'✓' if ok else '✗'})"


def report(meta: dict[str, Any], previous: dict[str, Any]) -> None:
    metrics = meta["metrics"]
    print(f"model {meta['name']}  (chosen: {meta['selection']['chosen']})")
    print(f"validation: {meta['selection']['protocol']}")
    for fold, rows in metrics["validation_folds"].items():
        print(f"  {fold} — median forecast of every candidate")
        _table(rows)
    print("  mean over folds")
    _table(metrics["validation_mean_over_folds"])
    print("\n  the served distribution on each fold (its table learnt from years before the fold)")
    for fold, rows in metrics["validation_distribution"].items():
        print(f"  {fold}")
        _table(rows)
    test = metrics.get("test_b")
    if test is None:
        print("\n(b) not scored (artifact trained with --skip-test)")
        return
    print(
        f"\n(b) train ≤ 2020, test 2021-01-01 … 2023-01-31 ({test['films']} films; "
        f"split (b) scored {meta['test_scored_times']} times in the project, once by this model)"
    )
    _table(test["rows"])
    served = test["rows"]["served"]
    print("    targets: " + ", ".join(_check(served[k], *t) for k, t in TARGETS.items()))
    print("\n  by size of the actual audience, beside the median baseline")
    for size in test["by_size"]["served"]:
        print(f"  {size}")
        _table({name: test["by_size"][name][size] for name in ("median", "served")})
    old = previous["test_2021_jan2023"]
    ratio = served["width"] / old["median_width_hi_over_lo"]
    print(
        f"\n  80 % interval: coverage {served['coverage80']:.3f} (target 0.75–0.85), median "
        f"width ×{served['width']:.2f} — the model served before ({previous['model']}) "
        f"×{old['median_width_hi_over_lo']:.2f} on the same films (in-sample, coverage "
        f"{old['coverage80_in_sample']:.3f}); ratio {ratio:.2f} (target ≤ 0.5: "
        f"{'✓' if ratio <= 0.5 else '✗'})"
    )
    for size in ("<100k", "100k-1M", ">1M"):
        print(f"    before, {size}: ×{old[f'median_width_{size}']:.2f}")
    print("  largest test films (actual; forecast [80 % range]):")
    for title, shown in test["examples"].items():
        print(f"    {title}: {shown}")
    seed = metrics["test_seed_splits"]
    print("\n(a) the seed's splits (served model clipped to the seed's range; raw in brackets)")
    for name, m in seed["regression"].items():
        print(
            f"    regression, 19 films of 2023 — {LABELS.get(name, name)}: "
            f"{m['hits']:.0f}/19 [{m['hits_unclipped']:.0f}] (seed published 13/19)"
        )
    for name, m in seed["classification"].items():
        print(
            f"    classification, 36 films > 800k — {LABELS.get(name, name)}: "
            f"{m['accuracy']:.3f} (seed published 0.50)"
        )
    print("\nhand-made inputs (served artifact; recorded, not a criterion)")
    for name, shown in meta.get("sanity_check", {}).items():
        print(f"    {name}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kobis"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--recompute", action="store_true")
    args = parser.parse_args()
    meta = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))
    previous = json.loads(PREVIOUS.read_text(encoding="utf-8"))
    if args.recompute:
        import datetime as dt

        from threadpoolctl import threadpool_limits

        from models.audience import data, design, experiments

        with threadpool_limits(limits=1):
            table = design.build(data.known_films(args.data), data.yearly_totals(args.data))
            name = meta["selection"]["chosen"]
            cutoff = dt.date.fromisoformat(meta["params"]["cutoff"])
            history = experiments.rolling(table, name, args.seed, cutoff)
            again = experiments.split_b(table, name, history, args.seed)
        stored = meta["metrics"]["test_b"]
        same = json.dumps(again["rows"], sort_keys=True) == json.dumps(
            stored["rows"], sort_keys=True
        )
        print(f"recomputed split (b): {'identical to' if same else 'DIFFERENT from'} the stored")
        meta["metrics"]["test_b"] = again
    report(meta, previous)


if __name__ == "__main__":
    main()
