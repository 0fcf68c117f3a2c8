"""One predictive distribution per film: its median, 80 % interval and range chances all come
from it, so they can never disagree (issue 17).

The model (``models/audience/train.py``) forecasts a film's median log10 admissions ``m``. What
a forecast of ``m`` turns out to be is learnt from the model's own *out-of-sample* history:
every year from 2011 on was forecast by a model trained only on the years before it, and the
errors of those forecasts, by forecast size, give ``QuantileTable``: for a grid of ``m``, the
log10 admissions at each level of ``LEVELS`` (kernel-weighted quantiles of ``m`` + error, from
forecasts of similar size). So the spread is as wide as the model's past errors really were —
wider for small releases, narrower for wide ones — and a shock like 2020 is in it.

Guarantees, each checked by a property test over random inputs:
- every quantile is a non-decreasing function of ``m`` (the table is made monotone along the
  grid, and linear interpolation keeps it so), and ``m`` is non-decreasing in screens (the
  gradient boosting's monotone constraint): no quantile ever falls when only screens rise;
- quantiles never cross (sorted per grid point);
- nothing exceeds the ceiling (``TrackRecord.ceiling``): quantiles are clipped to it and the
  chances above it are zero;
- the range chances are differences of one CDF (piecewise linear in log10 admissions between
  the quantile knots, extended linearly by the outer knots' slope to 0 and 1), so they sum to 1,
  and the chance of landing between the 10 % and 90 % quantiles is exactly 80 % (less what the
  ceiling cuts off).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

LEVELS: tuple[float, ...] = (
    0.01,
    0.025,
    0.05,
    0.1,
    0.15,
    0.2,
    0.25,
    0.3,
    0.35,
    0.4,
    0.45,
    0.5,
    0.55,
    0.6,
    0.65,
    0.7,
    0.75,
    0.8,
    0.85,
    0.9,
    0.95,
    0.975,
    0.99,
)
LOW, MEDIAN, HIGH = LEVELS.index(0.1), LEVELS.index(0.5), LEVELS.index(0.9)
GRID = np.round(np.arange(2.0, 8.01, 0.1), 6)  # log10 100 … 100M admissions
BANDWIDTH = 0.4  # log10 units: forecasts within ~×2.5 of a grid point weigh most

Floats = npt.NDArray[np.float64]


def _weighted_quantiles(values: Floats, weights: Floats, levels: Floats) -> Floats:
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    cumulative = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.asarray(np.interp(levels, cumulative, v))


@dataclass(frozen=True)
class QuantileTable:
    """``values[g, k]``: the LEVELS[k] quantile of log10 admissions when the forecast median
    is ``grid[g]``; non-decreasing along both axes."""

    grid: Floats
    values: Floats

    @classmethod
    def fit(cls, forecast: Floats, actual: Floats, bandwidth: float = BANDWIDTH) -> QuantileTable:
        """From out-of-sample forecasts (log10 medians) and what the films then drew."""
        forecast = np.asarray(forecast, dtype=np.float64)
        error = np.asarray(actual, dtype=np.float64) - forecast
        levels = np.array(LEVELS)
        table = np.empty((len(GRID), len(LEVELS)))
        for g, centre in enumerate(GRID):
            weights = np.exp(-0.5 * ((forecast - centre) / bandwidth) ** 2) + 1e-12
            table[g] = centre + _weighted_quantiles(error, weights, levels)
        table = np.maximum.accumulate(table, axis=0)  # monotone in the forecast
        table = np.sort(table, axis=1)  # no crossing (keeps the monotonicity: order statistics)
        return cls(GRID.copy(), table)

    def quantiles(self, median: Floats) -> Floats:
        """(n, len(LEVELS)) log10 quantiles for forecast medians ``median`` (n,)."""
        m = np.atleast_1d(np.asarray(median, dtype=np.float64))
        return np.column_stack(
            [np.interp(m, self.grid, self.values[:, k]) for k in range(len(LEVELS))]
        )


def clip(quantiles: Floats, ceiling: Floats) -> Floats:
    """Quantiles (n, L) clipped to each row's log10 ceiling (n,)."""
    return np.minimum(quantiles, np.asarray(ceiling, dtype=np.float64)[:, None])


def _knots(quantiles: Floats) -> tuple[Floats, Floats]:
    """The CDF's knots: the quantiles, plus 0 and 1 where the outer slopes reach them."""
    levels = np.array(LEVELS)
    q = np.asarray(quantiles, dtype=np.float64)
    low_slope = max(q[1] - q[0], 1e-6) / (levels[1] - levels[0])
    high_slope = max(q[-1] - q[-2], 1e-6) / (levels[-1] - levels[-2])
    bottom = q[0] - levels[0] * low_slope
    top = q[-1] + (1 - levels[-1]) * high_slope
    values = np.concatenate([[bottom], q, [top]])
    return values, np.concatenate([[0.0], levels, [1.0]])


def cdf(quantiles: Floats, at: Floats, ceiling: float) -> Floats:
    """P(log10 admissions ≤ at) for one film's (clipped) quantiles; 1 from the ceiling on."""
    values, levels = _knots(quantiles)
    points = np.asarray(at, dtype=np.float64)
    # Ties (quantiles clipped to the ceiling) make np.interp pick the last level: the mass above.
    out = np.interp(points, values, levels, left=0.0, right=1.0)
    return np.asarray(np.where(points >= ceiling, 1.0, out))


def bin_probabilities(quantiles: Floats, edges: Floats, ceiling: float) -> Floats:
    """Chances of the ranges cut by ``edges`` (log10, ascending): len(edges) + 1 values."""
    inner = cdf(quantiles, edges, ceiling)
    probabilities = np.diff(np.concatenate([[0.0], inner, [1.0]]))
    return np.asarray(np.clip(probabilities, 0.0, 1.0))
