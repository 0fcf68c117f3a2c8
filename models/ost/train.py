"""Train the OST audio-feature → film-genre model; choose by cross-validation, test once, export.

    python -m models.ost.train --data /work/shared/data/ost --out models/ost/artifact

Splits are by film (no soundtrack on two sides of any split or fold); the seed's random track
split is reported beside it because that is how the seed's numbers were obtained. The served
forest is written as plain numpy arrays (model.npz, no pickle) and its Platt scaling as numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from inference.checksums import sha256_file
from inference.ost.calibrate import apply_platt
from inference.ost.features import MODEL_FEATURES
from inference.ost.forest import PackedForest
from models.ost import candidates, data, evaluate, protocol
from models.ost.pack import pack

MODEL_FILE = "model.npz"


def fit_and_test(
    table: data.Table, split: data.Split, chosen: protocol.CrossValidated, alpha: float, seed: int
) -> tuple[PackedForest, dict[str, float]]:
    """Fit the chosen candidate on all of rest, pack it, score test once via the packed arrays."""
    rest, test = split
    prior = table.labels[rest].mean(axis=0)
    x = protocol.matrix(table, MODEL_FEATURES)
    pipeline = candidates.build(chosen.name, seed).fit(x[rest], table.labels[rest])
    forest = pack(pipeline.named_steps["model"])
    medians = np.nanmedian(x[rest], axis=0)
    rows = np.where(np.isnan(x[test]), medians, x[test])
    calibrated = apply_platt(forest.predict_proba(rows), chosen.platt)
    ranked = protocol.lift_scores(calibrated, prior, alpha)
    return forest, evaluate.top_n_f1(table.labels[test], ranked)


def run_split(
    table: data.Table, grouped: bool, seed: int, names: list[str]
) -> tuple[list[protocol.CrossValidated], PackedForest, dict[str, Any]]:
    """Cross-validate ``names`` on rest, test the chosen one, return everything for metadata."""
    split = (data.by_film if grouped else data.by_track)(table, seed)
    x = protocol.matrix(table, MODEL_FEATURES)
    folds = data.folds(table, split[0], grouped, seed)
    label = "by film" if grouped else "by track"
    results = [
        protocol.cross_validate(name, x, table.labels, folds, seed)
        for name in tqdm(names, desc=f"cross-validation ({label})")
    ]
    chosen = protocol.choose(results)
    alpha, by_alpha = protocol.choose_alpha(chosen)
    forest, test = fit_and_test(table, split, chosen, alpha, seed)
    report = {
        "chosen": chosen.name,
        "rank_alpha": alpha,
        "cross_validation_by_alpha": by_alpha,
        "test": {
            "chosen": test,
            "seed_rf": protocol.seed_baseline(x, table.labels, split),
            "prior": protocol.prior_baseline(table.labels, split),
        },
        "cross_validation": {r.name: r.metrics for r in results},
    }
    return results, forest, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/ost"))
    parser.add_argument("--out", type=Path, default=Path("models/ost/artifact"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    table = data.load(args.data)
    results, forest, by_film = run_split(table, True, args.seed, list(candidates.CANDIDATES))
    chosen = protocol.choose(results)
    alpha = by_film["rank_alpha"]
    _, _, by_track = run_split(table, False, args.seed, [chosen.name])
    rest, _ = data.by_film(table, args.seed)
    medians = table.frame[list(MODEL_FEATURES)].iloc[rest].median()
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("model.*"):
        stale.unlink()
    forest.save(args.out / MODEL_FILE)
    metadata = {
        "name": f"ost-{chosen.name}-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data_sha256": sha256_file(args.data / data.CSV_NAME),
        "files": {MODEL_FILE: {"sha256": sha256_file(args.out / MODEL_FILE)}},
        "model": chosen.name,
        "params": {
            "seed": args.seed,
            "min_tracks_per_genre": data.MIN_TRACKS,
            "split": "by film 80/20 (GroupShuffleSplit); 5-fold GroupKFold inside the 80 %",
            "selection": "servable candidate with the best out-of-fold Top-3 micro+macro F1",
            "calibration": "per-genre Platt scaling on the out-of-fold scores",
            "ranking": "calibrated / genre_prior**rank_alpha; rank_alpha by protocol.choose_alpha",
            "estimator": repr(candidates.build(chosen.name, args.seed).named_steps["model"]),
        },
        "features": list(MODEL_FEATURES),
        "feature_medians": {k: float(v) for k, v in medians.items()},
        "genres": list(table.genres),
        "genre_prior": [round(float(v), 4) for v in table.labels[rest].mean(axis=0)],
        "platt": chosen.platt,
        "rank_alpha": alpha,
        "metrics": {"by_film": by_film, "by_track": by_track},
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    print(json.dumps({"by_film": by_film["test"], "by_track": by_track["test"]}, indent=1))


if __name__ == "__main__":
    main()
