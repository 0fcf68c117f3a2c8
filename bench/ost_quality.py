"""OST genre fit quality: seed-style Top-N micro/macro F1, by film and by random track split.

    python -m bench.ost_quality [--data /work/shared/data/ost]

Part 1, cross-validation inside the 80 % training side (by film; what the choices were made on):
every candidate, the chosen one with the seed's six features and with key/duration/popularity
added, and the ranking exponents (calibrated / prior^α) with the one served.
Part 2, the 20 % test side, scored once: genre prior, the seed's forest (its exact config,
uncalibrated as in the seed), and the committed artifact through the serving code.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from inference.ost import OstGenreModel
from inference.ost.features import MODEL_FEATURES, REQUIRED
from models.ost import candidates, data, evaluate, protocol
from models.ost.train import fit_and_test

ARTIFACT = Path(__file__).resolve().parents[1] / "models" / "ost" / "artifact"
SEED = 42


def _print(split: str, name: str, m: dict[str, float]) -> None:
    cells = " ".join(f"{m[f'top{n}_micro']:.3f} {m[f'top{n}_macro']:.3f}" for n in evaluate.TOP_NS)
    print(f"{split:16} {name:34} {cells}", flush=True)


def _served(table: data.Table, rest: np.ndarray, test: np.ndarray) -> dict[str, float]:
    """Top-N of the committed artifact, one song at a time through OstGenreModel.predict (its
    order is the served ranking; unknown cells take the training medians, as in training)."""
    model = OstGenreModel.load(ARTIFACT)
    frame = table.frame[list(MODEL_FEATURES)]
    medians = frame.iloc[rest].median()
    genres = list(table.genres)
    scores = np.zeros((len(test), len(genres)))
    for out, row in enumerate(test):
        values = frame.iloc[row].fillna(medians).to_dict()
        ranked = model.predict(values).scores
        for place, fit in enumerate(ranked):
            scores[out, genres.index(fit.genre)] = len(ranked) - place
    return evaluate.top_n_f1(table.labels[test], scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/ost"))
    args = parser.parse_args()
    chosen = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))["model"]
    table = data.load(args.data)
    print(f"{'split':16} {'model':34} " + " ".join(f"T{n}mi  T{n}ma" for n in evaluate.TOP_NS))
    rest, test = data.by_film(table, SEED)
    folds = data.folds(table, rest, True, SEED)
    labels = table.labels
    for name in candidates.CANDIDATES:
        result = protocol.cross_validate(
            name, protocol.matrix(table, MODEL_FEATURES), labels, folds, SEED
        )
        _print("cv by film", name + (" (chosen)" if name == chosen else ""), result.metrics)
    for label, columns in (
        ("6 seed features", REQUIRED),
        ("+key/duration/popularity", (*MODEL_FEATURES, *data.EXTRA)),
    ):
        x = protocol.matrix(table, columns)
        _print(
            "cv by film",
            f"{chosen}, {label}",
            protocol.cross_validate(chosen, x, labels, folds, SEED).metrics,
        )
    result = protocol.cross_validate(
        chosen, protocol.matrix(table, MODEL_FEATURES), labels, folds, SEED
    )
    auc = {
        genre: roc_auc_score(result.labels[:, i], result.calibrated[:, i])
        for i, genre in enumerate(table.genres)
    }
    print(
        "out-of-fold ROC AUC per genre (0.5 = no signal): "
        + ", ".join(f"{g} {a:.2f}" for g, a in sorted(auc.items(), key=lambda item: -item[1]))
    )
    alpha, by_alpha = protocol.choose_alpha(result)
    for value, metrics in by_alpha.items():
        mark = " (served)" if float(value) == alpha else ""
        _print("cv by film", f"{chosen}, ranked by lift α={value}{mark}", metrics)
    x = protocol.matrix(table, MODEL_FEATURES)
    _print("test by film", "genre prior", protocol.prior_baseline(labels, (rest, test)))
    _print(
        "test by film", "seed RF-500 (balanced)", protocol.seed_baseline(x, labels, (rest, test))
    )
    six = protocol.matrix(table, REQUIRED)
    _print(
        "test by film",
        "seed RF-500, seed's 6 features",
        protocol.seed_baseline(six, labels, (rest, test)),
    )
    _print("test by film", f"served artifact ({chosen})", _served(table, rest, test))
    track = data.by_track(table, SEED)
    _print("test by track", "genre prior", protocol.prior_baseline(labels, track))
    _print("test by track", "seed RF-500 (balanced)", protocol.seed_baseline(x, labels, track))
    cv = protocol.cross_validate(chosen, x, labels, data.folds(table, track[0], False, SEED), SEED)
    recipe = fit_and_test(table, track, cv, protocol.choose_alpha(cv)[0], SEED)[1]
    _print("test by track", f"{chosen} (same recipe)", recipe)


if __name__ == "__main__":
    main()
