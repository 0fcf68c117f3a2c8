"""The evaluation protocols, shared by ``train.py`` (metadata) and ``bench/audience_quality.py``.

Sixth selection (issue 21, item 7): releases through February 2025. Protocol fixed and written
here before any fold or test film was scored, and not changed after:

- **Data**: the population (``design.in_population``) of films released 2008-01-01 …
  2025-02-28 with a settled count (final, or a lower bound that counted the first six weeks);
  from 2023-03 on, only the films the 2026 files list (top-10 and monthly top-100 lists: about
  three quarters of what the seed's full list would hold, the smallest missing).
- **Market**: the median of the year's 100 largest releases and the 60th widest release's
  screens (``track_record``), because the median of every release is not computable on the
  2026 files (shown on the seed's own 2021–22 films before any run, ``track_record`` module).
- **Validation, the rule** (``RULE_FOLDS``): the three half-years just before the test —
  2023-03 … 08, 2023-09 … 2024-02 and 2024-03 … 08 (the latest) — each trained on every
  population release before its start. Among the monotone candidates the lowest mean over these
  folds of the median APE of the median forecast; within ``TIE`` of it the best mean within-20 %
  (``choose``). No hyper-parameter is tuned: the fifth selection's ``candidates.GBM_PARAMS``
  and network configuration are kept as they are.
- **Reported, not in the rule**: the fifth selection's four folds inside ≤ 2020
  (``EARLIER_FOLDS``, with the new market), and the diagnostic ``gbm_pop`` (the served
  structure with the fifth selection's market: the median of every release), never eligible —
  its market reads the 2026 files' incomplete lists too high.
- **Test**: releases 2024-09-01 … 2025-02-28 (``TEST_START``/``TEST_END``), scored once,
  after the artifact is written: every candidate's median, the chosen model's served
  distribution (refit on releases before the test, the distribution from the rolling forecasts
  before it), per size of the actual audience, beside the median baseline and the **previous
  model** (``previous.py``: as the bot served it, and its artifact on today's tables).
- **Split (b) for continuity** (2021-01-01 … 2023-01-31, train ≤ 2020, the fifth selection's
  test): every candidate refit on ≤ 2020 and scored out of sample; the two served artifacts
  (previous and new) were trained on all of these films, so their figures there are in-sample.
- ``rolling``: the chosen model's out-of-sample history — each year from ROLLING_FROM forecast
  by a model trained only on the years before it; its errors make the forecast distribution
  (``inference.audience.distribution.QuantileTable``); a fold, the test or the served model
  uses only the years before its own start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from tqdm import tqdm

from inference.audience.distribution import HIGH, LEVELS, LOW, MEDIAN, QuantileTable, clip
from models.audience import candidates, evaluate
from models.audience.design import Design

TEST_START = date(2024, 9, 1)
TEST_END = date(2025, 3, 1)
SPLIT_B_START = date(2021, 1, 1)
SPLIT_B_END = date(2023, 2, 1)
ROLLING_FROM = 2011  # three years of population data before the first forecast year
TIE = 0.01  # median-APE difference under which within-20% decides
DIAGNOSTIC = "gbm_pop"  # the served structure with the fifth selection's market: never chosen


@dataclass(frozen=True)
class Fold:
    """Train on population films released before ``start``, validate on [start, end)."""

    name: str
    start: date
    end: date


RULE_FOLDS: tuple[Fold, ...] = (
    Fold("train<2023-03/val 2023-03..08", date(2023, 3, 1), date(2023, 9, 1)),
    Fold("train<2023-09/val 2023-09..2024-02", date(2023, 9, 1), date(2024, 3, 1)),
    Fold("train<2024-03/val 2024-03..08 (latest)", date(2024, 3, 1), date(2024, 9, 1)),
)
EARLIER_FOLDS: tuple[Fold, ...] = (
    Fold("train<2017/val 2017-2018", date(2017, 1, 1), date(2019, 1, 1)),
    Fold("train<2019/val 2019", date(2019, 1, 1), date(2020, 1, 1)),
    Fold("train<2020/val 2020 (covid)", date(2020, 1, 1), date(2021, 1, 1)),
    Fold("train<2020-07/val 2020H2", date(2020, 7, 1), date(2021, 1, 1)),
)


@dataclass(frozen=True)
class Designs:
    """The same population rows built with the new market (``table``) and with the fifth
    selection's (``pop``: for ``gbm_pop`` and the previous artifact)."""

    table: Design
    pop: Design

    def for_candidate(self, name: str) -> Design:
        return self.pop if name == DIAGNOSTIC else self.table


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


def of_quantiles(quantiles: np.ndarray) -> Forecast:
    return Forecast(quantiles[:, MEDIAN], quantiles)


def baseline(train: Design, target: Design) -> Forecast:
    """The median baseline: the training median, and the training spread as its distribution."""
    q = np.quantile(train.y, LEVELS)
    quantiles = clip(np.tile(q, (len(target.y), 1)), target.ceiling)
    return Forecast(quantiles[:, MEDIAN], quantiles)


def distribution(table: QuantileTable, median: np.ndarray, target: Design) -> Forecast:
    """The served shape: the table's quantiles for these medians, clipped to the ceiling."""
    quantiles = clip(table.quantiles(median), target.ceiling)
    return Forecast(quantiles[:, MEDIAN], quantiles)


def _mean(per_fold: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = per_fold[0].keys()
    return {k: float(np.mean([m[k] for m in per_fold])) for k in keys if k != "n"}


def choose(summary: dict[str, dict[str, float]]) -> str:
    """The rule, fixed before scoring: lowest mean median APE; within TIE, best within-20%."""
    best = min(summary[k]["median_ape"] for k in summary)
    close = [k for k in summary if summary[k]["median_ape"] <= best + TIE]
    return max(close, key=lambda k: summary[k]["within20"])


def _split(table: Design, start: date, end: date) -> tuple[Design, Design]:
    return table.rows(table.between(None, start)), table.rows(table.between(start, end))


def select(designs: Designs, random_seed: int) -> dict[str, Any]:
    """Every candidate's median forecast on every fold (point figures), the means over the rule's
    folds and over the earlier ones, and the choice (the rule's folds only)."""
    names = (*candidates.NAMES, DIAGNOSTIC)
    folds: dict[str, dict[str, dict[str, float]]] = {}
    every = (*RULE_FOLDS, *EARLIER_FOLDS)
    steps = tqdm(total=len(every) * len(names), desc="folds")
    for fold in every:
        row = {}
        for name in names:
            train, val = _split(designs.for_candidate(name), fold.start, fold.end)
            model = candidates.fit(name, train, random_seed)
            row[name] = Forecast(model.predict(val)).scores(val.y)
            steps.update()
        folds[fold.name] = row
    steps.close()

    def means(group: tuple[Fold, ...]) -> dict[str, dict[str, float]]:
        return {n: _mean([folds[f.name][n] for f in group]) for n in names}

    summary = means(RULE_FOLDS)
    chosen = choose({n: summary[n] for n in candidates.MONOTONE_CANDIDATES})
    return {
        "choice": chosen,
        "folds": folds,
        "mean_over_folds": summary,
        "mean_over_earlier_folds": means(EARLIER_FOLDS),
    }


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


#: The previous model's forecasts for a set of rows, by label ("as served", "new tables").
Previous = Callable[[np.ndarray], dict[str, np.ndarray]]


def fold_distributions(
    designs: Designs,
    name: str,
    forecast: np.ndarray,
    random_seed: int,
    previous: Previous | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Per fold: the chosen model's served distribution, the median baseline's and (on the
    rule's folds, which it never saw) the previous model's, scored."""
    table = designs.table
    out: dict[str, dict[str, dict[str, float]]] = {}
    for fold in (*RULE_FOLDS, *EARLIER_FOLDS):
        train, val = _split(table, fold.start, fold.end)
        model = candidates.fit(name, train, random_seed)
        shape = table_before(table, forecast, fold.start)
        row = {
            "median": baseline(train, val).scores(val.y),
            "served": distribution(shape, model.predict(val), val).scores(val.y),
        }
        if previous is not None and fold in RULE_FOLDS:
            mask = table.between(fold.start, fold.end)
            for label, quantiles in previous(mask).items():
                row[f"previous, {label}"] = of_quantiles(quantiles).scores(val.y)
        out[fold.name] = row
    return out


def _scored(
    designs: Designs,
    name: str,
    forecast: np.ndarray,
    random_seed: int,
    start: date,
    end: date,
    previous: Previous | None,
) -> dict[str, Any]:
    """Every candidate's median on [start, end) after training on what came before, the chosen
    one's distribution, the median baseline and the previous model, overall and per size."""
    table = designs.table
    train, test = _split(table, start, end)
    rows: dict[str, dict[str, float]] = {}
    sizes: dict[str, dict[str, dict[str, float]]] = {}
    examples: dict[str, dict[str, str]] = {}
    base = baseline(train, test)
    rows["median"] = base.scores(test.y)
    sizes["median"] = base.by_size(test.y)
    for candidate in (*candidates.NAMES[1:], DIAGNOSTIC):
        fit_on, target = _split(designs.for_candidate(candidate), start, end)
        point = candidates.fit(candidate, fit_on, random_seed).predict(target)
        rows[candidate] = Forecast(point).scores(test.y)
        if candidate == name:
            served = distribution(table_before(table, forecast, start), point, test)
            rows["served"] = served.scores(test.y)
            sizes["served"] = served.by_size(test.y)
            examples["served"] = _examples(test, served)
    if previous is not None:
        for label, quantiles in previous(table.between(start, end)).items():
            shown = f"previous, {label}"
            rows[shown] = of_quantiles(quantiles).scores(test.y)
            sizes[shown] = of_quantiles(quantiles).by_size(test.y)
            examples[shown] = _examples(test, of_quantiles(quantiles))
    return {"films": len(test.y), "rows": rows, "by_size": sizes, "examples": examples}


def test_split(
    designs: Designs,
    name: str,
    forecast: np.ndarray,
    random_seed: int,
    previous: Previous | None = None,
) -> dict[str, Any]:
    """The test, releases 2024-09 … 2025-02: scored once, after the artifact exists."""
    return _scored(designs, name, forecast, random_seed, TEST_START, TEST_END, previous)


def split_b(
    designs: Designs,
    name: str,
    forecast: np.ndarray,
    random_seed: int,
    previous: Previous | None = None,
) -> dict[str, Any]:
    """The fifth selection's test (train ≤ 2020, test 2021-01 … 2023-01), for continuity; the
    previous model's rows there are in-sample (it was trained through 2023-02-05)."""
    return _scored(designs, name, forecast, random_seed, SPLIT_B_START, SPLIT_B_END, previous)


def served_in_sample(
    table: Design, median: Callable[[np.ndarray], np.ndarray], shape: QuantileTable
) -> dict[str, Any]:
    """The served artifact (``median``: its screen-enveloped model, ``shape``: its table) on
    split (b)'s films — all in its training — beside the figures there, marked in-sample."""
    rows = table.rows(table.between(SPLIT_B_START, SPLIT_B_END))
    forecast = distribution(shape, median(rows.x) + rows.offset, rows)
    return {"films": len(rows.y), **forecast.scores(rows.y)}


def _examples(test: Design, forecast: Forecast) -> dict[str, str]:
    """The split's largest films: actual beside the forecast and its 80 % interval."""
    if forecast.quantiles is None:
        return {}
    q = 10**forecast.quantiles
    out = {}
    for i in np.argsort(-test.y)[:6]:
        title = str(test.info["title"].iloc[i])
        out[title] = (
            f"actual {int(10 ** test.y[i]):,}; forecast {int(q[i, MEDIAN]):,} "
            f"[{int(q[i, LOW]):,} – {int(q[i, HIGH]):,}]"
        )
    return out
