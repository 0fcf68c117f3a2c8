"""Train the box-office audience model: choose on validation, test once, export the artifact.

    python -m models.audience.train --data /work/shared/data/kobis --out models/audience/artifact

Order of work (see experiments.py for each protocol):
1. build the population's features with the serving code (inference/audience), every
   candidate feature variant at once;
2. choose the feature variant and the model family (GBM or the Keras network) on rolling-origin
   folds inside split (b)'s training window (≤ 2020), by the rule in ``experiments.choose``;
3. score the test sets once — split (b) and the seed's two splits — with the choice, the Keras
   network always beside it;
4. refit the choice on every population film up to six weeks before the data capture (later
   releases were still in cinemas) and write weights + metadata.json (with the clamp year of
   ``year_clamped`` where the variant has it, and the hand-made sanity checks' predictions).
"""

from __future__ import annotations

import argparse
import dataclasses
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
from inference.audience.features import (
    CLAMPED_YEAR,
    FEATURE_NAMES,
    GROUPS,
    SERVED_MARKET_VARIANT,
    ReleaseDescription,
    servable,
)
from inference.audience.service import AudienceModel
from inference.checksums import sha256_file
from models.audience import candidates, data, design, experiments
from models.audience.examples import SMALL, WIDE, WIDE_TARGET

SERVED_SEEDS = (1, 2, 3, 4, 5)
SETTLE_DAYS = 42  # releases this close to the capture date still had partial counts
# The folds' result, written before the variant check so that a rerun need not refit them.
SELECTION_FILE = Path("var") / "audience_selection.json"
TEST_SEEN = (
    "This is the fourth selection. The first (train < 2018, validate 2018-2019) scored split (b) "
    "once and exposed the previous-year-total feature flaw; the second (rolling-origin folds "
    "inside the <= 2020 window) chose a network that failed hand-made sanity inputs by "
    "extrapolating the linear year column (a 1,200-screen 2023 release got ~0.4M); the third "
    "tried relative screens with a clamped or no year and its rule kept that network; the test "
    "figures of all three were seen. Why a fourth: in the covid fold the covid flag is constant "
    "in training, so only a falling year trend predicts 2020 and the rule rewarded the "
    "extrapolation. The fourth protocol was fixed before any run: no calendar-year column "
    "(a short-horizon market level from the films table may show a shock instead), an "
    "acceptance constraint (a release moved three years past the training data must not change "
    "its forecast by more than x1.5), the same folds and rule among servable candidates, and "
    "serving only within 0.05 of the previous model's mean fold median APE; the test sets were "
    "scored once afterwards."
)
SHIFT_YEARS = 3  # acceptance: the same release this many years later …
MAX_SHIFT_RATIO = 1.5  # … moves its forecast by at most this factor, either way


def acceptance(model: AudienceModel) -> dict[str, dict[str, Any]]:
    """The fourth selection's acceptance constraint on the sanity releases.

    Each release is dated in the served model's last training year and SHIFT_YEARS later; the
    market inputs hold their latest value (the service's as-of index stops at the table's last
    settled release). ``ratio``: later / earlier forecast; ``ok``: within ×MAX_SHIFT_RATIO.
    """
    out: dict[str, dict[str, Any]] = {}
    year = model.trained_through.year
    for name, release in (("wide", WIDE), ("documentary", SMALL)):
        day = release.release_date.replace(year=year)
        early = model.predict(dataclasses.replace(release, release_date=day)).audience
        late_day = day.replace(year=year + SHIFT_YEARS)
        late = model.predict(dataclasses.replace(release, release_date=late_day)).audience
        ratio = late / early
        ok = 1 / MAX_SHIFT_RATIO <= ratio <= MAX_SHIFT_RATIO
        out[name] = {
            "at": str(day),
            "later": str(late_day),
            "forecast": early,
            "forecast_later": late,
            "ratio": ratio,
            "ok": ok,
        }
    return out


def sanity_checks(out: Path) -> tuple[dict[str, str], int]:
    """The served artifact's predictions for the hand-made inputs, and the wide release's point.

    Not a selection criterion: they are recorded beside the choice, which the folds made.
    """
    model = AudienceModel.load(out)

    def shown(release: ReleaseDescription) -> str:
        p = model.predict(release)
        return f"{p.audience:,} [{p.low:,} – {p.high:,}]"

    wide = "wide 2023-05-31, 1,200 screens, 액션, 15세, 한국, CJ ENM, 류승완; 황정민, 유아인"
    checks = {
        wide: shown(WIDE),
        "same release dated 2019-05-31": shown(
            dataclasses.replace(WIDE, release_date=dt.date(2019, 5, 31))
        ),
        "60-screen 다큐멘터리, 전체관람가, 미국, 2023-05-31, no names": shown(SMALL),
    }
    found = model.find_film("범죄도시2").film
    if found is not None:
        r = found.release
        key = (
            f"범죄도시2 ({r.release_date}, {r.screens:,} screens; in training; "
            f"actual {found.audience:,})"
        )
        checks[key] = shown(r)
    return checks, model.predict(WIDE).audience


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
    parser.add_argument(
        "--reuse-folds",
        type=Path,
        help="an earlier selection file: candidates already scored there are not refitted",
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
        known = None
        if args.reuse_folds:
            known = json.loads(args.reuse_folds.read_text(encoding="utf-8"))["folds"]
        chosen = experiments.select(table, args.seed, known)
        chosen["choice"] = chosen["choice"].__dict__
        text = json.dumps(chosen, indent=1, ensure_ascii=False)
        SELECTION_FILE.parent.mkdir(parents=True, exist_ok=True)
        SELECTION_FILE.write_text(text + "\n", encoding="utf-8")
    choice = experiments.Choice(**chosen["choice"])
    print(f"validation chose {choice.key}", flush=True)
    if choice.variant != SERVED_MARKET_VARIANT:
        raise SystemExit(
            f"validation chose variant {choice.variant!r}; set SERVED_MARKET_VARIANT in "
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
    year_clamp = experiments.last_year(served) if CLAMPED_YEAR in FEATURE_NAMES else None
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
            "year_clamp": year_clamp,
            "trained_on": f"{len(served.y)} films released 2003-01-01 … {cutoff} "
            "with > 50 screens and > 1,000 admissions",
            **params,
        },
        "selection": {
            "protocol": "rolling-origin folds inside the <= 2020 training window; rule: among "
            "servable candidates (no calendar-year column), lowest mean median APE over folds, "
            f"within {experiments.TIE} by mean within-20%; acceptance: the sanity releases moved "
            f"{SHIFT_YEARS} years past the training data change by at most x{MAX_SHIFT_RATIO}",
            "folds": [f.__dict__ for f in experiments.FOLDS],
            "candidates": [c.key for c in experiments.CANDIDATES],
            "servable": [c.key for c in experiments.CANDIDATES if servable(c.variant)],
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
    _write(args.out, metadata)
    checks, wide = sanity_checks(args.out)
    metadata["sanity_check"] = checks
    metadata["acceptance"] = acceptance(AudienceModel.load(args.out))
    if wide < WIDE_TARGET:
        metadata["known_issue"] = (
            f"Failed sanity check: the wide 2023 release gets {wide:,} (< {WIDE_TARGET:,})."
        )
    _write(args.out, metadata)
    print(json.dumps(metadata["metrics"], indent=1, ensure_ascii=False, default=str))
    print(json.dumps(checks, indent=1, ensure_ascii=False))


def _write(out: Path, metadata: dict[str, Any]) -> None:
    text = json.dumps(metadata, indent=2, ensure_ascii=False, default=str)
    (out / "metadata.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
