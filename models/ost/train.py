"""Train the OST audio-feature → film-genre model; choose on validation, test once, export.

    python -m models.ost.train --data /work/shared/data/ost --out models/ost/artifact

Splits are by film (no soundtrack on two sides); the seed's random track split is reported
beside it because that is how the seed's numbers were obtained.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from tqdm import tqdm

from inference.checksums import sha256_file
from inference.ost.calibrate import apply_platt
from inference.ost.features import MODEL_FEATURES
from models.ost import candidates, data, evaluate
from models.ost.calibration import fit_platt

MODEL_FILE = "model.joblib"


def _select(table: data.Table, split: tuple[np.ndarray, ...], seed: int) -> dict[str, Any]:
    """Validation Top-3 micro+macro F1 of every candidate; the best name and all scores."""
    fit, val, _ = split
    x = table.frame[list(MODEL_FEATURES)].to_numpy(float)
    results: dict[str, dict[str, float]] = {}
    for name in tqdm(candidates.CANDIDATES, desc="candidates"):
        pipeline = candidates.build(name, seed).fit(x[fit], table.labels[fit])
        results[name] = evaluate.top_n_f1(table.labels[val], candidates.scores(pipeline, x[val]))
    best = max(results, key=lambda n: results[n]["top3_micro"] + results[n]["top3_macro"])
    return {"best": best, "validation": results}


def _test(table: data.Table, split: tuple[np.ndarray, ...], name: str, seed: int) -> Any:
    """Fit ``name`` on train, calibrate on validation, score test: (pipeline, platt, metrics)."""
    fit, val, test = split
    x = table.frame[list(MODEL_FEATURES)].to_numpy(float)
    pipeline = candidates.build(name, seed).fit(x[fit], table.labels[fit])
    platt = fit_platt(table.labels[val], candidates.scores(pipeline, x[val]))
    calibrated = apply_platt(candidates.scores(pipeline, x[test]), platt)
    return pipeline, platt, evaluate.top_n_f1(table.labels[test], calibrated)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/ost"))
    parser.add_argument("--out", type=Path, default=Path("models/ost/artifact"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    table = data.load(args.data)
    split = data.by_film(table, args.seed)
    chosen = _select(table, split, args.seed)
    pipeline, platt, test = _test(table, split, chosen["best"], args.seed)
    _, _, seed_test = _test(table, split, "seed_rf", args.seed)
    prior = evaluate.top_n_f1(
        table.labels[split[2]], evaluate.prior_scores(table.labels[split[0]], len(split[2]))
    )
    track = data.by_track(table, args.seed)
    _, _, track_best = _test(table, track, chosen["best"], args.seed)
    _, _, track_seed = _test(table, track, "seed_rf", args.seed)
    for step in pipeline.named_steps["model"].get_params():
        if step.endswith("n_jobs"):
            pipeline.named_steps["model"].set_params(**{step: 1})  # one row: threads only cost
    args.out.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, args.out / MODEL_FILE, compress=3)
    medians = table.frame[list(MODEL_FEATURES)].iloc[split[0]].median()
    metadata = {
        "name": f"ost-{chosen['best']}-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data_sha256": sha256_file(args.data / data.CSV_NAME),
        "files": {MODEL_FILE: {"sha256": sha256_file(args.out / MODEL_FILE)}},
        "model": chosen["best"],
        "params": {
            "seed": args.seed,
            "min_tracks_per_genre": data.MIN_TRACKS,
            "split": "by film 64/16/20 (GroupShuffleSplit)",
            "estimator": repr(pipeline.named_steps["model"]),
        },
        "features": list(MODEL_FEATURES),
        "feature_medians": {k: float(v) for k, v in medians.items()},
        "genres": list(table.genres),
        "platt": platt,
        "metrics": {
            "test_by_film": {"chosen": test, "seed_rf": seed_test, "prior": prior},
            "test_by_track": {"chosen": track_best, "seed_rf": track_seed},
            "validation_by_film": chosen["validation"],
        },
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    print(json.dumps(metadata["metrics"]["test_by_film"], indent=1))
    print(json.dumps(metadata["metrics"]["test_by_track"], indent=1))


if __name__ == "__main__":
    main()
