"""Train the box-office audience model: choose on validation, test once, export the artifact.

    python -m models.audience.train --data /work/shared/data/kobis --out models/audience/artifact

Order of work (see experiments.py for each protocol):
1. build the population's features with the serving code (inference/audience), every
   candidate market variant at once;
2. choose the market variant and the model family (GBM or the Keras network) on rolling-origin
   folds inside split (b)'s training window (≤ 2020), by the rule in ``experiments.choose``;
3. score the test sets once — split (b) and the seed's two splits — with the choice, the Keras
   network always beside it;
4. refit the choice on every population film up to six weeks before the data capture (later
   releases were still in cinemas) and write weights + metadata.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import joblib
import keras
import numpy as np
from tqdm import tqdm

from inference.audience.backends import GBM_FILE, MLP_FILE
from inference.audience.features import FEATURE_NAMES, GROUPS, SERVED_MARKET_VARIANT
from inference.checksums import sha256_file
from models.audience import candidates, data, design, experiments

SERVED_SEEDS = (1, 2, 3, 4, 5)
SETTLE_DAYS = 42  # releases this close to the capture date still had partial counts
# The folds' result, written before the variant check so that a rerun need not refit them.
SELECTION_FILE = Path("var") / "audience_selection.json"
TEST_SEEN = (
    "Split (b) was scored once by the previous selection (train < 2018, validate 2018-2019), "
    "which exposed the previous-year-total feature flaw; this re-selection used only the "
    "rolling-origin validation folds inside the <= 2020 training window, and the test sets were "
    "scored once afterwards."
)


def reference_row(x: np.ndarray) -> list[float]:
    """Per group, the training reference a factor is measured against.

    Categorical groups take their most frequent pattern (e.g. the commonest genre); numeric
    groups their medians (for people: no earlier hit, i.e. a newcomer).
    """
    ref = np.median(x, axis=0)
    for group in GROUPS:
        if group.categorical:
            cols = [FEATURE_NAMES.index(c) for c in group.columns]
            mode = Counter(tuple(row) for row in x[:, cols].tolist()).most_common(1)[0][0]
            ref[cols] = mode
    return [float(v) for v in ref]


def _export(
    table: design.Design, choice: experiments.Choice, out: Path, seed: int
) -> tuple[str, dict[str, Any]]:
    """Fit the served model on ``table`` and write its weights; returns (file, params)."""
    for stale in (MLP_FILE, GBM_FILE):
        (out / stale).unlink(missing_ok=True)
    if choice.model == "mlp":
        config = experiments.CONFIGS[choice.config]
        epochs = candidates.mlp_epochs(table.x, table.y, table.dates(), config, seed)
        ensemble = candidates.mlp_ensemble(table.x, table.y, config, epochs, SERVED_SEEDS)
        ensemble.save(out / MLP_FILE)
        params = {"config": config.__dict__, "epochs": epochs, "seeds": SERVED_SEEDS}
        return MLP_FILE, params
    model = candidates.Gbm(seed).fit(table.x, table.y)
    joblib.dump(model.parts(), out / GBM_FILE, compress=3)
    estimator = "HistGradientBoosting: quantile regressors 0.1/0.5/0.9 + 7-bin classifier"
    return GBM_FILE, {"estimator": estimator, "gbm": candidates.GBM_PARAMS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/kobis"))
    parser.add_argument("--out", type=Path, default=Path("models/audience/artifact"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--selection",
        type=Path,
        help=f"reuse the folds' result of an earlier run ({SELECTION_FILE}) instead of refitting",
    )
    args = parser.parse_args(argv)
    keras.utils.set_random_seed(args.seed)
    steps = tqdm(total=4, desc="audience")
    table = design.build(data.known_films(args.data))
    frames = data.seed_frames(args.data)
    steps.update()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.selection:
        chosen = json.loads(args.selection.read_text(encoding="utf-8"))
    else:
        chosen = experiments.select(table, args.seed)
        chosen["choice"] = chosen["choice"].__dict__
        text = json.dumps(chosen, indent=1, ensure_ascii=False)
        SELECTION_FILE.parent.mkdir(parents=True, exist_ok=True)
        SELECTION_FILE.write_text(text + "\n", encoding="utf-8")
    choice = experiments.Choice(**chosen["choice"])
    print(f"validation chose {choice.key}", flush=True)
    if choice.variant != SERVED_MARKET_VARIANT:
        raise SystemExit(
            f"validation chose market variant {choice.variant!r}; set SERVED_MARKET_VARIANT in "
            "inference/audience/features.py to it and run again (the service encodes that one)"
        )
    steps.update()
    test_b = experiments.split_b(table, choice, args.seed)  # scored once, here
    test_a = experiments.split_a(table, frames, choice, args.seed)
    steps.update()
    cutoff = data.CAPTURE_DATE - dt.timedelta(days=SETTLE_DAYS)
    served = table.variant(choice.variant).rows(design.before(table, cutoff))
    assert served.columns == FEATURE_NAMES
    weights, params = _export(served, choice, args.out, args.seed)
    steps.update()
    steps.close()
    metadata = {
        "name": f"audience-{choice.model}-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": choice.model,
        "data_sha256": {name: sha256_file(args.data / name) for name in data.INPUTS},
        "files": {weights: {"sha256": sha256_file(args.out / weights)}},
        "features": list(FEATURE_NAMES),
        "reference": reference_row(served.x),
        "target": "log10 national admissions; quantiles 0.1/0.5/0.9 and 7 bins",
        "params": {
            "seed": args.seed,
            "choice": choice.__dict__,
            "cutoff": cutoff.isoformat(),
            "trained_on": f"{len(served.y)} films released 2003-01-01 … {cutoff} "
            "with > 50 screens and > 1,000 admissions",
            **params,
        },
        "selection": {
            "protocol": "rolling-origin folds inside the <= 2020 training window; rule: lowest "
            f"mean median APE over folds, within {experiments.TIE} by mean within-20%",
            "folds": [f.__dict__ for f in experiments.FOLDS],
            "candidates": [c.key for c in experiments.CANDIDATES],
            "chosen": choice.key,
        },
        "test_seen_before_final_choice": True,
        "test_seen_note": TEST_SEEN,
        "metrics": {
            "validation_folds": chosen["folds"],
            "validation_mean_over_folds": chosen["mean_over_folds"],
            "test_b_2021_2023": test_b,
            "test_seed_splits": test_a,
        },
    }
    text = json.dumps(metadata, indent=2, ensure_ascii=False, default=str)
    (args.out / "metadata.json").write_text(text + "\n", encoding="utf-8")
    print(json.dumps(metadata["metrics"], indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
