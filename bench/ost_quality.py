"""OST genre fit quality: seed-style Top-N micro/macro F1 on by-film and random-track splits.

    python -m bench.ost_quality [--data /work/shared/data/ost]

Rows: genre prior, the seed's RF, the chosen candidate (calibrated), each on the same split,
plus the chosen model with extra features (key, duration, popularity) to show what they add.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from inference.ost.calibrate import apply_platt
from inference.ost.features import MODEL_FEATURES, REQUIRED
from models.ost import candidates, data, evaluate
from models.ost.calibration import fit_platt

ARTIFACT = Path(__file__).resolve().parents[1] / "models" / "ost" / "artifact"


def _row(
    table: data.Table, split: tuple[np.ndarray, ...], name: str, cols: list[str]
) -> dict[str, float]:
    fit, val, test = split
    x = table.frame[cols].to_numpy(float)
    pipeline = candidates.build(name, 42).fit(x[fit], table.labels[fit])
    platt = fit_platt(table.labels[val], candidates.scores(pipeline, x[val]))
    return evaluate.top_n_f1(
        table.labels[test], apply_platt(candidates.scores(pipeline, x[test]), platt)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/ost"))
    args = parser.parse_args()
    chosen = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))["model"]
    table = data.load(args.data)
    model_cols, six = list(MODEL_FEATURES), list(REQUIRED)
    print(f"{'split':9} {'model':28} " + " ".join(f"T{n}mi  T{n}ma" for n in evaluate.TOP_NS))
    for split_name, splitter in (("by-film", data.by_film), ("by-track", data.by_track)):
        split = splitter(table, 42)
        rows = {
            "prior": evaluate.top_n_f1(
                table.labels[split[2]], evaluate.prior_scores(table.labels[split[0]], len(split[2]))
            ),
            "seed_rf (6 feat)": _row(table, split, "seed_rf", six),
            "seed_rf (10 feat)": _row(table, split, "seed_rf", model_cols),
            f"{chosen} (6 feat)": _row(table, split, chosen, six),
            f"{chosen} (10 feat, served)": _row(table, split, chosen, model_cols),
            f"{chosen} (+key/dur/pop)": _row(table, split, chosen, [*model_cols, *data.EXTRA]),
        }
        for name, m in rows.items():
            cells = " ".join(
                f"{m[f'top{n}_micro']:.3f} {m[f'top{n}_macro']:.3f}" for n in evaluate.TOP_NS
            )
            print(f"{split_name:9} {name:28} {cells}", flush=True)


if __name__ == "__main__":
    main()
