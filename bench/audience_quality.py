"""Box-office model quality: the validation folds, the test (releases 2024-09 … 2025-02) and
split (b) overall and by size, beside the median baseline and the previous model, sanity inputs.

    python -m bench.audience_quality            # the figures train.py stored (scored once)
    python -m bench.audience_quality --recompute --data ../shared/data/kobis \\
        --data-2026 ../shared/data/kobis-2026

Every figure is printed beside the median baseline and the previous model (the fifth
selection: as the bot served it, and its artifact on today's tables). The test was scored once
by ``models/audience/train.py`` after the artifact was written; by default this script prints
what that run stored. ``--recompute`` refits the test's and split (b)'s models with the same
code and seed and prints the figures again — a reproduction check (they must equal the stored
ones), not a new choice.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTIFACT = ROOT / "models" / "audience" / "artifact"
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
    "gbm_pop": "same, previous market (diag.)",
    "network": "Keras, monotone screen path",
    "served": "new model (served distribution)",
    "previous, as served": "previous model, as served",
    "previous, new tables": "previous artifact, new tables",
    "served artifact, in-sample": "new served artifact (in-sample)",
}


def _table(rows: dict[str, dict[str, float]]) -> None:
    print(f"    {'':34} " + " ".join(f"{c:>12}" for c in COLUMNS))
    for name, m in rows.items():
        cells = " ".join(f"{m[c]:12.3f}" if c in m else f"{'–':>12}" for c in COLUMNS)
        print(f"    {LABELS.get(name, name):34} {cells}")


def _split(title: str, split: dict[str, Any]) -> None:
    print(f"\n{title} ({split['films']} films)")
    _table(split["rows"])
    print("  by size of the actual audience")
    for size in split["by_size"]["served"]:
        print(f"  {size}")
        _table({name: split["by_size"][name][size] for name in split["by_size"]})
    for name, examples in split["examples"].items():
        print(f"  largest films, {LABELS.get(name, name)} (actual; forecast [80 % range]):")
        for title_, shown in examples.items():
            print(f"    {title_}: {shown}")


def report(meta: dict[str, Any]) -> None:
    metrics = meta["metrics"]
    print(f"model {meta['name']}  (chosen: {meta['selection']['chosen']})")
    print(f"validation: {meta['selection']['protocol']}")
    for fold, rows in metrics["validation_folds"].items():
        print(f"  {fold} — median forecast of every candidate")
        _table(rows)
    print("  mean over the rule's folds (2023-03 … 2024-08)")
    _table(metrics["validation_mean_over_folds"])
    print("  mean over the fifth selection's folds (≤ 2020; reported, not in the rule)")
    _table(metrics["validation_mean_over_earlier_folds"])
    print("\n  the served distribution on each fold (its table learnt from years before the fold),")
    print("  beside the median baseline and the previous model")
    for fold, rows in metrics["validation_distribution"].items():
        print(f"  {fold}")
        _table(rows)
    test = metrics.get("test")
    if test is None:
        print("\ntest not scored (artifact trained with --skip-test)")
    else:
        scored = meta["test_scored_times"]
        _split(f"test: releases 2024-09-01 … 2025-02-28, scored {scored} time(s)", test)
        _split(
            "split (b), for continuity: train ≤ 2020, test 2021-01-01 … 2023-01-31 — the "
            "previous model's rows are in-sample (it was trained on these films), as the new "
            f"served artifact would be; scored {meta['split_b_scored_times']} times in the project",
            metrics["split_b"],
        )
    print("\nhand-made inputs (served artifact; recorded, not a criterion)")
    for name, shown in meta.get("sanity_check", {}).items():
        print(f"    {name}: {shown}")
    print("\nfilms of 2025-03 on (metadata only: no screens or admissions in the data; none")
    print("looked up elsewhere) at stated screen counts")
    for name, shown in meta.get("held_back_examples", {}).items():
        print(f"    {name}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kobis"))
    parser.add_argument("--data-2026", type=Path, default=Path("../shared/data/kobis-2026"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--recompute", action="store_true")
    args = parser.parse_args()
    meta = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))
    if args.recompute:
        import tempfile

        from threadpoolctl import threadpool_limits

        from models.audience import data, experiments, train

        with threadpool_limits(limits=1), tempfile.TemporaryDirectory() as scratch:
            films = data.known_films(args.data, args.data_2026)
            designs = train.designs_of(films, data.yearly_totals(args.data, args.data_2026))
            name = meta["selection"]["chosen"]
            history = experiments.rolling(designs.table, name, args.seed, data.DATA_END)
            earlier, _ = train.previous_model(films, designs, Path(scratch))
            for key, score in (("test", experiments.test_split), ("split_b", experiments.split_b)):
                again = score(designs, name, history, args.seed, earlier)
                if key == "split_b":
                    in_sample = train.in_sample(ARTIFACT, designs.table)
                    again["rows"]["served artifact, in-sample"] = in_sample
                same = json.dumps(again["rows"], sort_keys=True) == json.dumps(
                    meta["metrics"][key]["rows"], sort_keys=True
                )
                print(f"recomputed {key}: {'identical to' if same else 'DIFFERENT from'} stored")
                meta["metrics"][key] = again
    report(meta)


if __name__ == "__main__":
    main()
