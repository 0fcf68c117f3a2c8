"""The training protocol's pieces that run without the KOBIS files: the rule, folds, variants."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from inference.audience.features import (
    ALL_COLUMNS,
    CLAMPED_YEAR,
    FEATURE_NAMES,
    MARKET_VARIANTS,
    YEAR_ORIGIN,
    column_names,
)
from models.audience import design, experiments, mlp


def test_rule_lowest_mean_median_ape_then_within20() -> None:
    summary = {
        "a": {"median_ape": 0.50, "within20": 0.20},
        "b": {"median_ape": 0.505, "within20": 0.25},  # within TIE of the best: within-20% wins
        "c": {"median_ape": 0.70, "within20": 0.90},  # far worse median APE: never chosen
    }
    assert experiments.choose(summary) == "b"
    assert experiments.choose({k: summary[k] for k in ("a", "c")}) == "a"


def test_folds_stay_inside_the_training_window_of_split_b() -> None:
    assert all(f.end <= experiments.TEST_START for f in experiments.FOLDS)
    assert experiments.FOLDS[-1].start == date(2020, 1, 1)  # the covid year is validated on
    starts = [f.start for f in experiments.FOLDS]
    assert starts == sorted(starts)
    variants = {c.variant for c in experiments.CANDIDATES}
    assert variants == set(MARKET_VARIANTS) and len(variants) <= 5
    assert {c.model for c in experiments.CANDIDATES} == {"gbm", "mlp"}


def test_design_variant_takes_the_served_columns_in_order() -> None:
    x = np.arange(2 * len(ALL_COLUMNS), dtype=float).reshape(2, -1)
    info = pd.DataFrame({"release_date": [date(2019, 1, 1), date(2021, 1, 1)]})
    table = design.Design(info, x, np.array([4.0, 5.0]))
    for name in MARKET_VARIANTS:
        part = table.variant(name)
        assert part.columns == column_names(name)
        assert list(part.x[0]) == [ALL_COLUMNS.index(c) for c in column_names(name)]
    assert table.variant(experiments.CANDIDATES[0].variant).rows(np.array([True, False])).y == [4]
    assert len(FEATURE_NAMES) in {len(column_names(v)) for v in MARKET_VARIANTS}


def test_a_column_constant_in_training_is_ignored_by_the_network() -> None:
    """The covid flag is 0 in every film before 2020; a 1 at scoring time must not swing it."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5))
    x[:, 4] = 0.0
    y = rng.normal(4.5, 1.0, size=64)
    model, _ = mlp.fit(x, y, mlp.Config(hidden=(8,), max_epochs=2), seed=0, epochs=2)
    network = mlp.export(model)
    flagged = x.copy()
    flagged[:, 4] = 1.0
    assert np.allclose(network.forward(x)[0], network.forward(flagged)[0], atol=1e-4)


def test_the_clamped_year_stops_at_the_last_training_year() -> None:
    """Scored rows never see a year beyond their training rows' last (as the service clamps)."""
    columns = column_names("covid+relscreens")
    at = columns.index(CLAMPED_YEAR)
    x = np.zeros((3, len(columns)))
    x[:, at] = [2015 - YEAR_ORIGIN, 2016 - YEAR_ORIGIN, 2018 - YEAR_ORIGIN]
    dates = [date(2015, 5, 1), date(2016, 5, 1), date(2018, 5, 1)]
    table = design.Design(pd.DataFrame({"release_date": dates}), x, np.zeros(3), columns)
    train = table.rows(np.array([True, True, False]))
    assert experiments.last_year(train) == 2016
    clamped = experiments.clamp_year(table, experiments.last_year(train))
    assert list(clamped.x[:, at]) == [12, 13, 13]
    assert table.x[2, at] == 15  # the original is untouched
    plain = design.Design(table.info, x, np.zeros(3), column_names("covid"))
    assert experiments.clamp_year(plain, 2016) is plain  # no clamped column: nothing to do
