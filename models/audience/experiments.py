"""The evaluation protocols, shared by ``train.py`` (metadata) and ``bench/audience_quality.py``.

- ``select``: the choice of feature variant and model family, on validation only —
  rolling-origin folds inside split (b)'s training window (≤ 2020), so that the last fold
  validates on a regime shift (2020, covid) its training never saw. The rule (``choose``) was
  fixed before any fold was scored: lowest mean over folds of the median APE; candidates within
  ``TIE`` of it are ranked by mean within-20%. Since the fourth selection only servable
  candidates (``features.servable``: no calendar-year column) may win; the others are still
  scored and reported. An earlier protocol (train < 2018, score
  2018–2019) saw no regime shift and chose a network that collapsed on split (b).
- ``split_b``: the issue's time split — train ≤ 2020, test 2021 onwards (635 films; the list
  ends 2023-02-28, so February 2023 releases are in it with partial counts).
- ``split_a``: the seed's own two splits, exactly (see ``seed.py``); our whole-range model is
  trained on every population film except the split's held-out films, and its prediction is
  clipped to the seed's population (10k–100k, > 800k) — the same knowledge the seed's
  range-specific models have. Unclipped figures are reported too.

Every network's epochs come from early stopping on the latest rows of its own training data
(``candidates.mlp_epochs``), never from the rows it is scored on. A ``year_clamped`` column is
clamped to the last year of the training rows in every protocol (``clamp_year``), as the
service clamps it to the served model's last training year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from inference.audience.features import CLAMPED_YEAR, MARKET_VARIANTS, YEAR_ORIGIN, servable
from models.audience import candidates, evaluate, mlp, seed
from models.audience.data import SeedFrames
from models.audience.design import Design, before

TEST_START = date(2021, 1, 1)
SEED_TEST_YEAR = date(2023, 1, 1)
CONFIGS: dict[str, mlp.Config] = {"mlp-128x64": mlp.Config(hidden=(128, 64), dropout=0.2)}
SEEDS = (1, 2, 3)  # ensemble members in every experiment
TIE = 0.01  # median-APE difference under which within-20% decides


@dataclass(frozen=True)
class Fold:
    """Train on population films released before ``start``, validate on [start, end)."""

    name: str
    start: date
    end: date


FOLDS: tuple[Fold, ...] = (
    Fold("train<=2016/val 2017-2018", date(2017, 1, 1), date(2019, 1, 1)),
    Fold("train<=2018/val 2019", date(2019, 1, 1), date(2020, 1, 1)),
    Fold("train<=2019/val 2020 (covid)", date(2020, 1, 1), date(2021, 1, 1)),
)


@dataclass(frozen=True)
class Choice:
    """A candidate: model family ("gbm" or "mlp"), network config, feature variant."""

    model: str
    config: str
    variant: str

    @property
    def key(self) -> str:
        return f"{self.config or self.model} [{self.variant}]"


CANDIDATES: tuple[Choice, ...] = tuple(
    Choice(model, config, variant)
    for variant in MARKET_VARIANTS
    for model, config in (("gbm", ""), *(("mlp", c) for c in CONFIGS))
)
BASELINES = ("median", "gbm_plain")  # variant-free; reported beside every candidate


def scores(design: Design, forecast: candidates.Forecast) -> dict[str, float]:
    actual = 10**design.y
    out = evaluate.regression(actual, forecast.audience)
    q = forecast.quantiles
    if np.any(q[:, 2] > q[:, 0]):
        out["coverage80"] = evaluate.interval_coverage(actual, 10 ** q[:, 0], 10 ** q[:, 2])
    return out


def last_year(design: Design) -> int:
    """The last calendar year of ``design``'s rows (the clamp of ``year_clamped``)."""
    return int(design.dates().dt.year.max())


def clamp_year(design: Design, year: int) -> Design:
    """``design`` with its ``year_clamped`` column (if any) clamped to ``year``."""
    if CLAMPED_YEAR not in design.columns:
        return design
    x = design.x.copy()
    col = design.columns.index(CLAMPED_YEAR)
    x[:, col] = np.minimum(x[:, col], year - YEAR_ORIGIN)
    return Design(design.info, x, design.y, design.columns)


def fit_predict(
    model: str, train: Design, test: Design, config: str, random_seed: int
) -> candidates.Forecast:
    """Train ``model`` on ``train`` (already one variant's columns) and forecast ``test``."""
    test = clamp_year(test, last_year(train))
    if model == "median":
        return candidates.median(train.y, len(test.y))
    if model == "gbm_plain":
        return candidates.PlainGbm(random_seed).fit(train.info, train.y).predict(test.info)
    if model == "gbm":
        return candidates.Gbm(random_seed).fit(train.x, train.y).predict(test.x)
    net = CONFIGS[config]
    epochs = candidates.mlp_epochs(train.x, train.y, train.dates(), net, random_seed)
    ensemble = candidates.mlp_ensemble(train.x, train.y, net, epochs, SEEDS)
    return candidates.forecast(ensemble, test.x)


def _fold_rows(design: Design, fold: Fold) -> tuple[Design, Design]:
    dates = design.dates()
    val = (dates >= pd.Timestamp(fold.start)) & (dates < pd.Timestamp(fold.end))
    return design.rows(before(design, fold.start)), design.rows(np.asarray(val))


def _mean(per_fold: dict[str, dict[str, float]]) -> dict[str, float]:
    keys = ("median_ape", "within20", "bin_accuracy", "spearman")
    return {k: float(np.mean([m[k] for m in per_fold.values()])) for k in keys}


def choose(summary: dict[str, dict[str, float]]) -> str:
    """The rule, fixed before scoring: lowest mean median APE; within TIE, best within-20%."""
    best = min(summary[k]["median_ape"] for k in summary)
    close = [k for k in summary if summary[k]["median_ape"] <= best + TIE]
    return max(close, key=lambda k: summary[k]["within20"])


def select(
    design: Design,
    random_seed: int,
    known: dict[str, dict[str, dict[str, float]]] | None = None,
) -> dict[str, Any]:
    """Every candidate and baseline on every fold, their means, and the choice.

    ``known``: fold → name → figures of an earlier run with the same code, data and seed (its
    ``folds``); names found there for a fold are not refitted (every fit is seeded, so a refit
    gives the same figures).
    """
    known = known or {}
    folds: dict[str, dict[str, dict[str, float]]] = {}
    names = (*BASELINES, *(c.key for c in CANDIDATES))
    per_name: dict[str, dict[str, dict[str, float]]] = {n: {} for n in names}
    steps = tqdm(total=len(FOLDS) * (len(BASELINES) + len(CANDIDATES)), desc="folds")
    for fold in FOLDS:
        train, val = _fold_rows(design, fold)
        earlier = known.get(fold.name, {})
        row: dict[str, dict[str, float]] = {}
        for name in BASELINES:
            row[name] = earlier.get(name) or scores(
                val, fit_predict(name, train, val, "", random_seed)
            )
            steps.update()
        for c in CANDIDATES:
            t, v = train.variant(c.variant), val.variant(c.variant)
            row[c.key] = earlier.get(c.key) or scores(
                v, fit_predict(c.model, t, v, c.config, random_seed)
            )
            steps.update()
        folds[fold.name] = row
        for name, metrics in row.items():
            per_name[name][fold.name] = metrics
    steps.close()
    summary = {name: _mean(per_name[name]) for name in names}
    eligible = [c for c in CANDIDATES if servable(c.variant)]
    winner = choose({c.key: summary[c.key] for c in eligible})
    choice = next(c for c in eligible if c.key == winner)
    return {
        "choice": choice,
        "folds": folds,
        "mean_over_folds": summary,
        "servable": [c.key for c in eligible],
    }


def network_of(choice: Choice) -> Choice:
    """The Keras candidate with the chosen variant (reported even when GBM is served)."""
    return Choice("mlp", next(iter(CONFIGS)), choice.variant)


def split_b(design: Design, choice: Choice, random_seed: int) -> dict[str, dict[str, float]]:
    """Test figures of split (b): baselines, GBM-ours and the network (scored once)."""
    ours = design.variant(choice.variant)
    train, test = ours.rows(before(ours, TEST_START)), ours.rows(~before(ours, TEST_START))
    rows: dict[str, dict[str, float]] = {}
    for name in ("median", "gbm_plain", "gbm", "mlp"):
        forecast = fit_predict(name, train, test, network_of(choice).config, random_seed)
        rows[name] = scores(test, forecast)
    rows["served"] = rows[choice.model]
    return rows


def _held_out(design: Design, frame: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Mask of design rows that are the seed frame's rows at ``positions`` (by KOBIS 순번)."""
    ids = set(frame["순번"].to_numpy()[positions].tolist())
    return np.asarray(design.info["film_id"].isin(ids))


def _ordered(
    design: Design, mask: np.ndarray, frame: pd.DataFrame, positions: np.ndarray
) -> np.ndarray:
    """Design row indices of ``mask`` in the order of the seed frame's ``positions``."""
    where = {
        fid: i for i, fid in zip(np.flatnonzero(mask), design.info["film_id"][mask], strict=True)
    }
    return np.array([where[f] for f in frame["순번"].to_numpy()[positions]])


def split_a(
    design: Design, frames: SeedFrames, choice: Choice, random_seed: int
) -> dict[str, dict[str, dict[str, float]]]:
    """The seed's regression hits and classification accuracy (test rows), seed DNNs beside."""
    ours = design.variant(choice.variant)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for kind, frame, split_fn in (
        ("regression", frames.reg, seed.reg_split),
        ("classification", frames.cls, seed.cls_split),
    ):
        split = split_fn(frame)
        held = _held_out(ours, frame, split.test)
        rows = _ordered(ours, held, frame, split.test)
        if kind == "regression":  # the seed's regression split is by time: nothing from 2023
            held |= ~before(ours, SEED_TEST_YEAR)
        train = ours.rows(~held)
        target = ours.rows(np.isin(np.arange(len(ours.y)), rows))
        order = np.argsort(np.argsort(rows))  # back to the seed frame's order
        actual = frame["전국 관객수"].to_numpy(float)[split.test]
        figures: dict[str, dict[str, float]] = {}
        for name in ("median", "gbm_plain", "gbm", "mlp"):
            forecast = fit_predict(name, train, target, network_of(choice).config, random_seed)
            figures[name] = _seed_figures(kind, actual, forecast.audience[order])
        figures["served"] = figures[choice.model]
        if kind == "regression":
            seed_point = seed.regression(frame, split, random_seed)[split.test]
            figures["seed_dnn"] = _seed_figures(kind, actual, seed_point)
        else:
            seed_class = seed.classification(frame, split, random_seed)[split.test]
            accuracy = evaluate.seed_bin_accuracy(actual, seed_class)
            figures["seed_dnn"] = {"n": float(len(actual)), "accuracy": accuracy}
        out[kind] = figures
    return out


def _seed_figures(kind: str, actual: np.ndarray, point: np.ndarray) -> dict[str, float]:
    """The seed's metric of our point predictions (regression: clipped and raw)."""
    if kind == "regression":
        clipped = np.clip(point, seed.REG_LOW, seed.REG_HIGH)
        return {
            "n": float(len(actual)),
            "hits": float(evaluate.hits(actual, clipped)),
            "hits_unclipped": float(evaluate.hits(actual, point)),
        }
    # Clipping at 800k changes nothing here: every point below 1M is already class "<1M".
    accuracy = evaluate.seed_bin_accuracy(actual, point_class(point))
    return {"n": float(len(actual)), "accuracy": accuracy}


def point_class(point: np.ndarray) -> np.ndarray:
    """The seed's class of an audience prediction."""
    return evaluate.bins(point, evaluate.SEED_EDGES)
