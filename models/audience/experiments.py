"""The evaluation protocols, shared by ``train.py`` (metadata) and ``bench/audience_quality.py``.

Fifth selection (issue 17), protocol fixed before any fold was scored:

- ``select``: every candidate (``candidates.NAMES``) on four rolling-origin folds inside split
  (b)'s training window (≤ 2020): 2017–18, 2019, 2020 (the covid shock, unseen in training) and
  2020's second half (the shock continuing, its onset seen). The rule (``choose``): among the
  monotone candidates, the lowest mean over folds of the median APE of the median forecast;
  within ``TIE`` of it, the best mean within-20 %.
- ``rolling``: the chosen model's out-of-sample history — each year from ROLLING_FROM forecast
  by a model trained only on the years before it. Its errors make the forecast distribution
  (``inference.audience.distribution.QuantileTable``); a fold, the test split or the served
  model uses only the years before its own start.
- ``split_b``: the issue's time split — train ≤ 2020, test 2021-01-01 … 2023-01-31 (the issue's
  "2021 – Jan 2023"; February 2023 releases had run less than four weeks at capture). Scored
  once, after the choice and the served artifact exist.
- ``split_a``: the seed's own two splits, for the chosen model and the median baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from inference.audience.distribution import HIGH, LEVELS, LOW, MEDIAN, QuantileTable, clip
from models.audience import candidates, evaluate, seed
from models.audience.data import SeedFrames
from models.audience.design import Design

TEST_START = date(2021, 1, 1)
TEST_END = date(2023, 2, 1)
SEED_TEST_YEAR = date(2023, 1, 1)
ROLLING_FROM = 2011  # three years of population data before the first forecast year
TIE = 0.01  # median-APE difference under which within-20% decides


@dataclass(frozen=True)
class Fold:
    """Train on population films released before ``start``, validate on [start, end)."""

    name: str
    start: date
    end: date


FOLDS: tuple[Fold, ...] = (
    Fold("train<2017/val 2017-2018", date(2017, 1, 1), date(2019, 1, 1)),
    Fold("train<2019/val 2019", date(2019, 1, 1), date(2020, 1, 1)),
    Fold("train<2020/val 2020 (covid)", date(2020, 1, 1), date(2021, 1, 1)),
    Fold("train<2020-07/val 2020H2", date(2020, 7, 1), date(2021, 1, 1)),
)


@dataclass(frozen=True)
class Forecast:
    """log10 quantiles at LEVELS (n, L), or a point only (``quantiles`` None)."""

    median: np.ndarray
    quantiles: np.ndarray | None = None

    def scores(self, actual_log: np.ndarray) -> dict[str, float]:
        actual = 10**actual_log
        if self.quantiles is None:
            return evaluate.scores(actual, 10**self.median)
        q = 10**self.quantiles
        return evaluate.scores(actual, q[:, MEDIAN], q[:, LOW], q[:, HIGH])

    def by_size(self, actual_log: np.ndarray) -> dict[str, dict[str, float]]:
        actual = 10**actual_log
        if self.quantiles is None:
            return evaluate.by_size(actual, 10**self.median)
        q = 10**self.quantiles
        return evaluate.by_size(actual, q[:, MEDIAN], q[:, LOW], q[:, HIGH])


def baseline(train: Design, target: Design) -> Forecast:
    """The median baseline: the training median, and the training spread as its distribution."""
    q = np.quantile(train.y, LEVELS)
    quantiles = clip(np.tile(q, (len(target.y), 1)), target.ceiling)
    return Forecast(quantiles[:, MEDIAN], quantiles)


def distribution(table: QuantileTable, median: np.ndarray, target: Design) -> Forecast:
    """The served shape: the table's quantiles for these medians, clipped to the ceiling."""
    quantiles = clip(table.quantiles(median), target.ceiling)
    return Forecast(quantiles[:, MEDIAN], quantiles)


def _mean(per_fold: dict[str, dict[str, float]]) -> dict[str, float]:
    keys = next(iter(per_fold.values())).keys()
    return {k: float(np.mean([m[k] for m in per_fold.values()])) for k in keys if k != "n"}


def choose(summary: dict[str, dict[str, float]]) -> str:
    """The rule, fixed before scoring: lowest mean median APE; within TIE, best within-20%."""
    best = min(summary[k]["median_ape"] for k in summary)
    close = [k for k in summary if summary[k]["median_ape"] <= best + TIE]
    return max(close, key=lambda k: summary[k]["within20"])


def select(table: Design, random_seed: int) -> dict[str, Any]:
    """Every candidate's median forecast on every fold (point figures), means and the choice."""
    folds: dict[str, dict[str, dict[str, float]]] = {}
    steps = tqdm(total=len(FOLDS) * len(candidates.NAMES), desc="folds")
    for fold in FOLDS:
        train = table.rows(table.between(None, fold.start))
        val = table.rows(table.between(fold.start, fold.end))
        row = {}
        for name in candidates.NAMES:
            model = candidates.fit(name, train, random_seed)
            row[name] = Forecast(model.predict(val)).scores(val.y)
            steps.update()
        folds[fold.name] = row
    steps.close()
    summary = {name: _mean({f: folds[f][name] for f in folds}) for name in candidates.NAMES}
    chosen = choose({n: summary[n] for n in candidates.MONOTONE_CANDIDATES})
    return {"choice": chosen, "folds": folds, "mean_over_folds": summary}


def rolling(table: Design, name: str, random_seed: int, until: date) -> np.ndarray:
    """Out-of-sample median forecasts: each year from ROLLING_FROM (rows before ``until``) by
    a model trained on the years before it; NaN for rows not forecast."""
    forecast = np.full(len(table.y), np.nan)
    years = range(ROLLING_FROM, until.year + 1)
    for year in tqdm(years, desc=f"rolling {name}"):
        start = date(year, 1, 1)
        rows = table.between(start, min(date(year + 1, 1, 1), until))
        if not rows.any():
            continue
        model = candidates.fit(name, table.rows(table.between(None, start)), random_seed)
        forecast[rows] = model.predict(table.rows(rows))
    return forecast


def table_before(table: Design, forecast: np.ndarray, start: date) -> QuantileTable:
    """The distribution learnt from the rolling forecasts of rows released before ``start``."""
    rows = table.between(None, start) & np.isfinite(forecast)
    return QuantileTable.fit(forecast[rows], table.y[rows])


def fold_distributions(
    table: Design, name: str, forecast: np.ndarray, random_seed: int
) -> dict[str, dict[str, dict[str, float]]]:
    """Per fold: the chosen model's served distribution and the median baseline's, scored."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for fold in FOLDS:
        train = table.rows(table.between(None, fold.start))
        val = table.rows(table.between(fold.start, fold.end))
        model = candidates.fit(name, train, random_seed)
        shape = table_before(table, forecast, fold.start)
        out[fold.name] = {
            "median": baseline(train, val).scores(val.y),
            "served": distribution(shape, model.predict(val), val).scores(val.y),
        }
    return out


def split_b(table: Design, name: str, forecast: np.ndarray, random_seed: int) -> dict[str, Any]:
    """Test figures of split (b): every candidate's median, the chosen one's distribution, and
    per size beside the median baseline (scored once)."""
    train = table.rows(table.between(None, TEST_START))
    test = table.rows(table.between(TEST_START, TEST_END))
    rows: dict[str, dict[str, float]] = {}
    sizes: dict[str, dict[str, dict[str, float]]] = {}
    examples: dict[str, str] = {}
    base = baseline(train, test)
    rows["median"] = base.scores(test.y)
    sizes["median"] = base.by_size(test.y)
    for candidate in candidates.NAMES[1:]:
        model = candidates.fit(candidate, train, random_seed)
        point = model.predict(test)
        rows[candidate] = Forecast(point).scores(test.y)
        if candidate == name:
            served = distribution(table_before(table, forecast, TEST_START), point, test)
            rows["served"] = served.scores(test.y)
            sizes["served"] = served.by_size(test.y)
            quantiles = 10**served.quantiles if served.quantiles is not None else None
            examples = _examples(test, quantiles)
    return {"films": len(test.y), "rows": rows, "by_size": sizes, "examples": examples}


def _examples(test: Design, quantiles: np.ndarray | None) -> dict[str, str]:
    """The test split's largest films: actual beside the served forecast and interval."""
    if quantiles is None:
        return {}
    out = {}
    for i in np.argsort(-test.y)[:5]:
        title = str(test.info["title"].iloc[i])
        out[title] = (
            f"actual {int(10 ** test.y[i]):,}; forecast {int(quantiles[i, MEDIAN]):,} "
            f"[{int(quantiles[i, LOW]):,} – {int(quantiles[i, HIGH]):,}]"
        )
    return out


def _held_out(table: Design, frame: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Mask of design rows that are the seed frame's rows at ``positions`` (by KOBIS 순번)."""
    ids = set(frame["순번"].to_numpy()[positions].tolist())
    return np.asarray(table.info["film_id"].isin(ids))


def split_a(
    table: Design, frames: SeedFrames, name: str, random_seed: int
) -> dict[str, dict[str, dict[str, float]]]:
    """The seed's regression hits and classification accuracy: chosen model and median."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for kind, frame, split_fn in (
        ("regression", frames.reg, seed.reg_split),
        ("classification", frames.cls, seed.cls_split),
    ):
        split = split_fn(frame)
        held = _held_out(table, frame, split.test)
        train_mask = ~held
        if kind == "regression":  # the seed's regression split is by time: nothing from 2023
            train_mask &= table.between(None, SEED_TEST_YEAR)
        train, target = table.rows(train_mask), table.rows(held)
        actual = 10**target.y
        figures: dict[str, dict[str, float]] = {}
        for label, point in (
            ("median", np.full(len(actual), 10 ** np.median(train.y))),
            ("served", 10 ** candidates.fit(name, train, random_seed).predict(target)),
        ):
            if kind == "regression":
                clipped = np.clip(point, seed.REG_LOW, seed.REG_HIGH)
                figures[label] = {
                    "n": float(len(actual)),
                    "hits": float(evaluate.hits(actual, clipped)),
                    "hits_unclipped": float(evaluate.hits(actual, point)),
                }
            else:
                accuracy = evaluate.seed_bin_accuracy(actual, point)
                figures[label] = {"n": float(len(actual)), "accuracy": accuracy}
        out[kind] = figures
    return out
