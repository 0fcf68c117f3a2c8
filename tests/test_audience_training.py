"""The training protocol's pieces that run without the KOBIS files: the rule, the folds, the
forecast distribution learnt from out-of-sample errors, the screen envelope."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from inference.audience.distribution import (
    GRID,
    HIGH,
    LEVELS,
    LOW,
    MEDIAN,
    QuantileTable,
    bin_probabilities,
    cdf,
    clip,
)
from inference.audience.features import FEATURE_NAMES
from inference.audience.monotone import GRID as SCREEN_GRID
from inference.audience.monotone import RELATIVE, SCREENS, envelope, monotone_predict
from models.audience import candidates, design, experiments


def test_rule_lowest_mean_median_ape_then_within20() -> None:
    summary = {
        "a": {"median_ape": 0.50, "within20": 0.20},
        "b": {"median_ape": 0.505, "within20": 0.25},  # within TIE of the best: within-20% wins
        "c": {"median_ape": 0.70, "within20": 0.90},  # far worse median APE: never chosen
    }
    assert experiments.choose(summary) == "b"
    assert experiments.choose({k: summary[k] for k in ("a", "c")}) == "a"


def test_the_rule_folds_are_the_latest_half_years_before_the_test() -> None:
    """Issue 21's protocol: choose on 2023-03 … 2024-08, test 2024-09 … 2025-02 (the end of the
    admissions in the data); the fifth selection's folds stay inside its split (b) window."""
    folds = experiments.RULE_FOLDS
    assert [(f.start, f.end) for f in folds] == [
        (date(2023, 3, 1), date(2023, 9, 1)),
        (date(2023, 9, 1), date(2024, 3, 1)),
        (date(2024, 3, 1), date(2024, 9, 1)),
    ]
    assert folds[-1].end == experiments.TEST_START == date(2024, 9, 1)
    test_end, split_b = experiments.TEST_END, (experiments.SPLIT_B_START, experiments.SPLIT_B_END)
    assert test_end == date(2025, 3, 1)
    assert all(f.end <= experiments.SPLIT_B_START for f in experiments.EARLIER_FOLDS)
    assert split_b == (date(2021, 1, 1), date(2023, 2, 1))
    assert set(candidates.MONOTONE_CANDIDATES) < set(candidates.NAMES)
    assert {"median", "gbm_plain"} == set(candidates.NAMES) - set(candidates.MONOTONE_CANDIDATES)
    assert experiments.DIAGNOSTIC not in candidates.NAMES  # reported, never chosen


def test_design_rows_between_dates() -> None:
    dates = [date(2019, 1, 1), date(2020, 6, 1), date(2021, 1, 1)]
    table = design.Design(
        pd.DataFrame({"release_date": dates}),
        np.zeros((3, len(FEATURE_NAMES))),
        np.zeros(3),
        np.array([4.0, 5.0, 6.0]),
        np.full(3, 7.0),
    )
    assert list(table.between(None, date(2020, 1, 1))) == [True, False, False]
    assert list(table.between(date(2020, 1, 1), date(2021, 1, 1))) == [False, True, False]
    assert list(table.rows(table.between(date(2021, 1, 1), None)).y) == [6.0]


def test_the_distribution_learnt_from_errors_is_calibrated_and_monotone() -> None:
    """Forecasts off by N(0, 0.3) log10 (wider for small films): the 80 % interval learnt from
    past errors covers ~80 % of new films, and every quantile rises with the forecast."""
    rng = np.random.default_rng(0)

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        forecast = rng.uniform(3.5, 7.0, n)
        spread = np.where(forecast < 5, 0.4, 0.2)
        return forecast, forecast + rng.normal(0, 1, n) * spread

    table = QuantileTable.fit(*sample(4000))
    assert np.all(np.diff(table.values, axis=0) >= 0) and np.all(np.diff(table.values, axis=1) >= 0)
    forecast, actual = sample(4000)
    q = table.quantiles(forecast)
    covered = np.mean((actual >= q[:, LOW]) & (actual <= q[:, HIGH]))
    assert 0.77 <= covered <= 0.83
    small, large = q[forecast < 4.5], q[forecast > 6]
    assert np.median(small[:, HIGH] - small[:, LOW]) > np.median(large[:, HIGH] - large[:, LOW])
    dense = table.quantiles(np.linspace(GRID[0], GRID[-1], 500))
    assert np.all(np.diff(dense, axis=0) >= -1e-12)


def test_chances_come_from_the_same_quantiles_and_respect_the_ceiling() -> None:
    quantiles = np.linspace(4.0, 6.0, len(LEVELS))
    edges = np.log10([1e4, 1e5, 1e6, 1.5e6, 3e6, 5e6])
    chances = bin_probabilities(quantiles, edges, ceiling=9.0)
    assert chances.sum() == pytest.approx(1.0)
    assert cdf(quantiles, np.array([quantiles[MEDIAN]]), 9.0)[0] == pytest.approx(0.5)
    clipped = clip(quantiles[None, :], np.array([5.5]))[0]
    capped = bin_probabilities(clipped, edges, ceiling=5.5)
    assert capped.sum() == pytest.approx(1.0) and capped[-1] == 0 and capped[-2] == 0
    assert clipped.max() == 5.5


def test_the_screen_envelope_makes_any_model_monotone_in_screens() -> None:
    """A deliberately wiggly model: the served median still never falls as screens rise."""

    def wiggly(x: np.ndarray) -> np.ndarray:
        return np.asarray(x[:, SCREENS] + 0.3 * np.sin(8 * x[:, SCREENS]) + 0.1 * x[:, 0])

    rows = np.zeros((200, len(FEATURE_NAMES)))
    rows[:, SCREENS] = np.linspace(np.log10(51), np.log10(2948), 200)
    rows[:, RELATIVE] = rows[:, SCREENS] - 3.0
    served = monotone_predict(wiggly, rows)
    assert np.all(np.diff(served) >= -1e-12)
    rising = np.arange(len(SCREEN_GRID), dtype=float)[None, :]
    assert np.allclose(envelope(rising), rising)  # a monotone model is left as it is
