"""How far six-to-ten audio numbers can take the OST genre model — out of fold only, never test.

    python -m bench.ost_ceiling [--data ../shared/data]

Issue 17.12 asks for by-film Top-3 micro-F1 ≥ 0.40 (served: 0.364 on test). Everything here is
scored out of fold on the same 5 by-film folds inside the 80 % training side that training uses
(``models/ost/protocol.py``); the test films are not touched. Rows, each at ranking exponents
α = 0 / 0.25 / 0.5 (Top-3 micro / macro):

* the served recipe (100-tree forest, leaf 10, per-genre Platt), and with 500 trees;
* averages of calibrated scores: forest + boosting, forest + boosting + logistic;
* a learning curve: each training fold cut to 25 %, 50 %, 75 % of its films — whether more
  soundtrack tracks of this kind would move the figure;
* more data of another kind: the film → soundtrack-title table (25k films) joined on the title
  to the 60k-song table's Spotify features (titles that name one song only; films also in the
  soundtrack table dropped), added to every training fold at weight 0.1, 0.3 or 1 — never to the
  held-out fold.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from inference.catalogue.titles import fold
from inference.ost.calibrate import apply_platt
from inference.ost.features import MODEL_FEATURES
from inference.ost.songs import main_title
from models.ost import candidates, data, evaluate, protocol
from models.ost.calibration import fit_platt

SEED = 42
TRACKS = Path(__file__).resolve().parents[1] / "data" / "ost" / "tracks.csv.gz"
TITLES = "skn24_movies_soundtrack_titles_genres.csv.gz"


def _report(name: str, labels: np.ndarray, raw: np.ndarray, prior: np.ndarray) -> np.ndarray:
    calibrated = apply_platt(raw, fit_platt(labels, raw))
    cells = []
    for alpha in protocol.ALPHAS:
        m = evaluate.top_n_f1(labels, protocol.lift_scores(calibrated, prior, alpha))
        cells.append(f"α={alpha:<4} {m['top3_micro']:.3f} / {m['top3_macro']:.3f}")
    print(f"{name:46} " + "   ".join(cells), flush=True)
    return calibrated


def _out_of_fold(
    make: Callable[[], Any],
    x: np.ndarray,
    y: np.ndarray,
    folds: list[data.Split],
    extra: tuple[np.ndarray, np.ndarray, float] | None = None,
    keep: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    scores = np.full(y.shape, np.nan)
    for fit, held in folds:
        rows = keep(fit) if keep is not None else fit
        fx, fy, weights = x[rows], y[rows], np.ones(len(rows))
        if extra is not None:
            ex, ey, weight = extra
            fx, fy = np.vstack([fx, ex]), np.vstack([fy, ey])
            weights = np.r_[weights, np.full(len(ex), weight)]
        model = make()
        if extra is None:
            model.fit(fx, fy)
        else:
            model.fit(fx, fy, model__sample_weight=weights)
        scores[held] = candidates.scores(model, x[held])
    return scores


def joined_rows(
    data_dir: Path, genres: tuple[str, ...], films: set[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the title join described in the module docstring."""
    with gzip.open(TRACKS, "rt", encoding="utf-8") as handle:
        empty = {f: [""] for f in MODEL_FEATURES}
        songs = pd.read_csv(handle, keep_default_na=False, na_values=empty)
    songs = songs[songs["source"] != "soundtrack"].copy()
    songs["name"] = [fold(main_title(t)) for t in songs["title"]]
    songs = songs.drop_duplicates("name", keep=False).set_index("name")
    table = pd.read_csv(data_dir / "ost" / TITLES)
    table = table[~table["imdb_id"].isin(films)]
    features, labels = [], []
    for record in tqdm(table.to_dict("records"), desc="title join", leave=False):
        genre_row = [int(record.get(g, 0)) for g in genres]
        if not any(genre_row) or not isinstance(record["track_list"], str):
            continue
        for title in dict.fromkeys(fold(t) for t in record["track_list"].split("@")):
            if title in songs.index:
                features.append(songs.loc[title, list(MODEL_FEATURES)].to_numpy(float))
                labels.append(genre_row)
    return np.asarray(features), np.asarray(labels, dtype=np.int8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    table = data.load(args.data / "ost")
    rest, _ = data.by_film(table, SEED)
    folds = data.folds(table, rest, True, SEED)
    rows = np.concatenate([held for _, held in folds])
    x, y = protocol.matrix(table, MODEL_FEATURES), table.labels
    labels, prior = y[rows], y[rows].mean(axis=0)
    print(f"{'out of fold, by film (Top-3 micro / macro)':46} " + " " * 3)

    def served(trees: int = candidates.TREES) -> Any:
        return candidates.build("rf_leaf10", SEED).set_params(model__n_estimators=trees)

    def oof(make: Callable[[], Any], **kwargs: Any) -> np.ndarray:
        scores: np.ndarray = _out_of_fold(make, x, y, folds, **kwargs)[rows]
        return scores

    forest = _report("served recipe: forest, 100 trees, leaf 10", labels, oof(served), prior)
    _report("the same, 500 trees", labels, oof(lambda: served(500)), prior)
    boosting = _report(
        "one-vs-rest boosting (hgb_ovr)",
        labels,
        oof(lambda: candidates.build("hgb_ovr", SEED)),
        prior,
    )
    logistic = _report("logistic", labels, oof(lambda: candidates.build("logistic", SEED)), prior)
    for name, parts in (
        ("average: forest + boosting", [forest, boosting]),
        ("average: forest + boosting + logistic", [forest, boosting, logistic]),
    ):
        mean = np.mean(parts, axis=0)
        cells = []
        for alpha in protocol.ALPHAS:
            m = evaluate.top_n_f1(labels, protocol.lift_scores(mean, prior, alpha))
            cells.append(f"α={alpha:<4} {m['top3_micro']:.3f} / {m['top3_macro']:.3f}")
        print(f"{name:46} " + "   ".join(cells), flush=True)
    rng = np.random.default_rng(SEED)
    for share in (0.25, 0.5, 0.75):

        def keep(fit: np.ndarray, share: float = share) -> np.ndarray:
            films = np.unique(table.films[fit])
            chosen = rng.choice(films, max(1, int(share * len(films))), replace=False)
            kept: np.ndarray = fit[np.isin(table.films[fit], chosen)]
            return kept

        name = f"learning curve: {share:.0%} of the training films"
        _report(name, labels, oof(served, keep=keep), prior)
    raw = pd.read_csv(args.data / "ost" / data.CSV_NAME)
    films = set(raw["film_imdb_id"].dropna())
    ex, ey = joined_rows(args.data, table.genres, films)
    print(f"title join: {len(ex):,} extra rows", flush=True)
    for weight in (0.1, 0.3, 1.0):
        name = f"+ title-joined rows at weight {weight}"
        _report(name, labels, oof(served, extra=(ex, ey, weight)), prior)


if __name__ == "__main__":
    main()
