"""Train the Hangul ↔ Latin transliteration model: EM on train, choose on validation, test once.

    python -m models.transliteration.train --data ../shared/data \
        --out models/transliteration/artifact

1. The known pairs (``pairs.py``) are split by Hangul and Latin string into train / validation /
   test (80 / 10 / 10 by connected component).
2. The edit transducer is trained by EM on the train pairs (``em.py``: a mixture with a "not a
   transliteration" component, so translated titles weigh next to nothing) for every smoothing
   in the grid; after the listed iteration counts, each model ranks the validation pairs among
   their distractors (``evaluate.py``) by the raw log-likelihood ratio.
3. The setting with the best validation score — the mean over people and transliterated titles
   of (top-1 + ROC AUC + recall at precision 0.99) / 3; ties: less smoothing, fewer iterations —
   is kept (it is not refitted on validation: the calibration needs pairs the transducer has
   not seen).
4. A logistic regression on ``pair_features`` is fitted on the validation people and
   transliterated titles against their first 10 distractors (1 : 10), so the probability reads
   "same name, among candidates of similar length".
5. The artifact is written (``model.npz`` via ``write_arrays``: deterministic bytes), loaded
   back through ``Transliterator.load`` (sha256 checked) and the test pairs are scored once,
   beside the Revised-Romanization baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from inference.catalogue.transducer import LATIN, tables_from_arrays
from inference.catalogue.transliteration import (
    ARRAYS,
    FEATURES,
    HANGUL_ALPHABET,
    Transliterator,
    hangul_symbols,
    pair_features,
    romanised_ratios,
    score_readings,
)
from inference.checksums import sha256_file, write_arrays
from models.transliteration import em
from models.transliteration import evaluate as ev
from models.transliteration.pairs import DEFAULT_NAMES, MAX_SYMBOLS, input_files, read_pairs, split

SEED = 29
GRID_SMOOTHING = (0.01, 0.1)
CHECKPOINTS = (6, 10, 14)
CALIBRATION_C = 1.0


def llr_scorer(arrays: dict[str, npt.NDArray[Any]]) -> ev.Scorer:
    """Rank by the raw log-likelihood ratio (what the validation compares)."""
    tables = tables_from_arrays(arrays)

    def score(hangul: str, latins: Any) -> npt.NDArray[np.float64]:
        return score_readings(tables, hangul_symbols(hangul), latins)[0]

    return score


def selection_score(figures: dict[str, Any]) -> float:
    """The validation criterion of the module docstring."""
    keys = ("top1", "roc_auc", "recall_at_precision_0.99")
    parts = [figures[s]["model"] for s in ("people", "titles_transliterated")]
    return float(np.mean([np.mean([p[k] for k in keys]) for p in parts if p["n_pairs"]]))


def choose(
    train: list[Any],
    cases: list[ev.Case],
    baseline: list[npt.NDArray[np.float64]],
    grid: tuple[float, ...],
    checkpoints: tuple[int, ...],
) -> tuple[em.Settings, dict[str, npt.NDArray[Any]], em.Trained, list[dict[str, Any]]]:
    """Train every smoothing, score each checkpoint on validation, keep the best."""
    table: list[dict[str, Any]] = []
    best: tuple[float, em.Settings, dict[str, npt.NDArray[Any]], em.Trained] | None = None
    for smoothing in grid:
        settings = em.Settings(smoothing=smoothing, iterations=max(checkpoints))
        trained, saved = em.train(train, settings, desc=f"EM smoothing={smoothing:g}",
                                  checkpoints=checkpoints)  # fmt: skip
        for iteration in checkpoints:
            arrays = _stored(saved[iteration])
            scores = ev.score_cases(cases, llr_scorer(arrays), f"validation it={iteration}")
            figures = ev.report(cases, scores, baseline)
            value = selection_score(figures)
            table.append({"smoothing": smoothing, "iterations": iteration,
                          "selection_score": round(value, 4), **figures})  # fmt: skip
            print(f"smoothing={smoothing:g} iterations={iteration}: {value:.4f}")
            print(ev.table(figures))
            if best is None or value > best[0]:
                chosen = em.Settings(smoothing=smoothing, iterations=iteration)
                best = (value, chosen, arrays, trained)
    assert best is not None
    return best[1], best[2], best[3], table


def _stored(arrays: dict[str, npt.NDArray[Any]]) -> dict[str, npt.NDArray[Any]]:
    """The tables as the artifact stores them (float32), so that calibration sees exactly the
    numbers serving will."""
    return {name: np.asarray(value, dtype=np.float32) for name, value in arrays.items()}


def calibration_rows(
    arrays: dict[str, npt.NDArray[Any]], cases: list[ev.Case]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Features and labels: people and transliterated titles vs. their first 10 distractors."""
    tables = tables_from_arrays(arrays)
    features, labels = [], []
    for case in tqdm(cases, desc="calibration features", leave=False):
        if not (case.kind == "people" or case.transliteration):
            continue
        latins = [case.latin, *case.distractors[: ev.HARD]]
        x = hangul_symbols(case.hangul)
        llr, lengths, _ = score_readings(tables, x, latins)
        ratios = romanised_ratios(case.hangul, latins)
        features.append(pair_features(llr, len(x), lengths, ratios))
        labels.append(np.r_[1, np.zeros(len(latins) - 1, dtype=np.int64)])
    return np.vstack(features), np.concatenate(labels)


def calibrate(x: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> dict[str, npt.NDArray[Any]]:
    """Standardised logistic regression; returned as the artifact's calibration arrays."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=CALIBRATION_C, max_iter=5000, random_state=SEED)
    model.fit((x - mean) / scale, y)
    return {
        "calibration_coef": model.coef_[0].astype(np.float64),
        "calibration_intercept": np.array(float(model.intercept_[0])),
        "calibration_mean": mean,
        "calibration_scale": scale,
    }


def reliability(cases: list[ev.Case], scores: list[npt.NDArray[np.float64]]) -> dict[str, Any]:
    """Brier score and observed share of true pairs per probability bin, on the calibration's
    own population (people and transliterated titles vs. first 10 distractors)."""
    probs, labels = [], []
    for case, score in zip(cases, scores, strict=True):
        if case.kind == "people" or case.transliteration:
            probs.append(score[: 1 + ev.HARD])
            labels.append(np.r_[1.0, np.zeros(len(score[: 1 + ev.HARD]) - 1)])
    if not probs:
        return {}
    p, y = np.concatenate(probs), np.concatenate(labels)
    bins = []
    for low in np.arange(0.0, 1.0, 0.2):
        inside = (p >= low) & (p < low + 0.2 if low < 0.8 else p <= 1.0)
        if inside.any():
            bins.append({"bin": f"{low:.1f}-{low + 0.2:.1f}", "n": int(inside.sum()),
                         "mean_probability": round(float(p[inside].mean()), 4),
                         "share_true": round(float(y[inside].mean()), 4)})  # fmt: skip
    return {"brier": round(float(np.mean((p - y) ** 2)), 4), "bins": bins}


def export(
    out: Path, arrays: dict[str, npt.NDArray[Any]], calibration: dict[str, npt.NDArray[Any]]
) -> None:
    """``model.npz``: the edit and null tables (float32 log-probabilities), the calibration and
    the alphabets the tables are indexed by (checked at load)."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        **arrays,
        **calibration,
        "hangul_alphabet": np.array(HANGUL_ALPHABET),
        "latin_alphabet": np.array(LATIN),
    }
    write_arrays(out / ARRAYS, payload)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--names", type=Path, default=DEFAULT_NAMES)
    parser.add_argument("--out", type=Path, default=Path("models/transliteration/artifact"))
    parser.add_argument("--smoothing", type=float, nargs="+", default=list(GRID_SMOOTHING))
    parser.add_argument("--checkpoints", type=int, nargs="+", default=list(CHECKPOINTS))
    args = parser.parse_args()
    files = input_files(args.data, args.names)
    pairs = read_pairs(args.data, args.names)
    parts = split(pairs)
    counts = {name: {kind: sum(p.kind == kind for p in part) for kind in ("people", "titles")}
              for name, part in parts.items()}  # fmt: skip
    print("pairs:", json.dumps(counts))
    if not parts["val"] or not parts["test"]:
        raise SystemExit("the validation or test split is empty: not enough pairs")
    val_cases = ev.build_cases(parts["val"], SEED)
    val_baseline = ev.score_cases(val_cases, ev.baseline_scorer, "validation baseline")
    grid, checkpoints = tuple(args.smoothing), tuple(sorted(args.checkpoints))
    settings, arrays, trained, validation = choose(
        parts["train"], val_cases, val_baseline, grid, checkpoints
    )
    print(f"chosen: smoothing={settings.smoothing:g} iterations={settings.iterations}")
    calibration = calibrate(*calibration_rows(arrays, val_cases))
    export(args.out, arrays, calibration)
    _write_metadata(args, files, counts, settings, trained, validation, calibration, {})
    model = Transliterator.load(args.out)
    test_cases = ev.build_cases(parts["test"], SEED + 1)
    test_scores = ev.score_cases(test_cases, model.probabilities, "test (once)")
    test_baseline = ev.score_cases(test_cases, ev.baseline_scorer, "test baseline")
    test = ev.report(test_cases, test_scores, test_baseline)
    print("test — model (baseline: romanise + fuzz.ratio):")
    print(ev.table(test))
    results = {"test": test, "test_calibration": reliability(test_cases, test_scores)}
    _write_metadata(args, files, counts, settings, trained, validation, calibration, results)


def _write_metadata(
    args: argparse.Namespace,
    files: list[Path],
    counts: dict[str, dict[str, int]],
    settings: em.Settings,
    trained: em.Trained,
    validation: list[dict[str, Any]],
    calibration: dict[str, npt.NDArray[Any]],
    results: dict[str, Any],
) -> None:
    """metadata.json in the house style; written before the test (so that the artifact loads
    through its checksum) and again with the test figures."""
    metadata = {
        "version": f"transliteration-ry-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data_sha256": {_relative(path, args): sha256_file(path) for path in files},
        "files": {ARRAYS: {"sha256": sha256_file(args.out / ARRAYS)}},
        "parameters": {
            "model": "stochastic edit transducer (Ristad & Yianilos 1998), joint model, EM with "
            "a 'not a transliteration' null component per kind; LLR against unigram null models; "
            "logistic calibration",
            "operations": "Hangul symbol -> nothing | 1 letter | 2 letters; letter insertion; stop",
            "hangul_symbols": len(HANGUL_ALPHABET),
            "latin_letters": len(LATIN),
            "readings": "as written; last word first (2-3 words); leading article dropped",
            **asdict(settings),
            "grid_smoothing": list(args.smoothing),
            "grid_iterations": sorted(args.checkpoints),
            "selection": "validation mean over people and transliterated titles of (top1 + "
            "roc_auc + recall_at_precision_0.99) / 3 by raw LLR; ties: first in grid order",
            "calibration_features": list(FEATURES),
            "calibration": "logistic regression C=1 on validation people + transliterated titles "
            "vs. their first 10 distractors (1:10)",
            "calibration_coef": [round(float(c), 4) for c in calibration["calibration_coef"]],
            "max_symbols": MAX_SYMBOLS,
            "seed": SEED,
            "transliteration_share": {
                kind: trained.history[settings.iterations - 1][f"transliteration_share_{kind}"]
                for kind in ("people", "titles")
            },
        },
        "counts": counts,
        "metrics": {
            "definitions": ev.__doc__,
            "transliterated_titles": ev.is_transliteration.__doc__,
            "validation": validation,
            "em_history": trained.history[: settings.iterations],
            **(results or {"test": "not scored yet"}),
        },
    }
    (args.out / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _relative(path: Path, args: argparse.Namespace) -> str:
    """A data file's name relative to --data (the names table relative to the repository)."""
    for root in (args.data, DEFAULT_NAMES.parents[2]):
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return path.name


if __name__ == "__main__":
    main()
