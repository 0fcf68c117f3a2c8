"""Make a median model non-decreasing in screens, whatever the model: the screen envelope.

HistGradientBoosting's ``monotonic_cst`` holds while trees grow, but its absolute-error loss
then resets every leaf to the median of its rows, which can break the constraint (a property
test found a release whose forecast fell by a few per cent from 2,120 to 2,948 screens). So the
served median is evaluated on a fixed grid of screen counts (``GRID``: 51 to 3,000, log-spaced;
the other columns as given, ``relative_screens`` moving with the screens), made monotone there —
the mean of its running maximum from below and running minimum from above, both non-decreasing
— and read at the film's own screen count by linear interpolation, which keeps it monotone.
Training scores candidates through the same function, so validation sees what is served.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from inference.audience.features import FEATURE_NAMES

Floats = npt.NDArray[np.float64]
GRID = np.linspace(np.log10(51), np.log10(3000), 64)
SCREENS = FEATURE_NAMES.index("log10_screens")
RELATIVE = FEATURE_NAMES.index("relative_screens")


def envelope(values: Floats) -> Floats:
    """(n, g) values along the grid → the mean of the running max and the reverse running min."""
    rising = np.maximum.accumulate(values, axis=1)
    falling = np.minimum.accumulate(values[:, ::-1], axis=1)[:, ::-1]
    return np.asarray(0.5 * (rising + falling))


def monotone_predict(predict: Callable[[Floats], Floats], rows: npt.ArrayLike) -> Floats:
    """``predict`` made non-decreasing in screens for each row of ``rows``."""
    x = np.atleast_2d(np.asarray(rows, dtype=np.float64))
    level = x[:, SCREENS] - x[:, RELATIVE]  # the screen level each row was encoded against
    grid = np.repeat(x, len(GRID), axis=0)
    grid[:, SCREENS] = np.tile(GRID, len(x))
    grid[:, RELATIVE] = grid[:, SCREENS] - np.repeat(level, len(GRID))
    values = envelope(np.asarray(predict(grid), dtype=np.float64).reshape(len(x), len(GRID)))
    at = np.clip(x[:, SCREENS], GRID[0], GRID[-1])
    position = np.interp(at, GRID, np.arange(len(GRID)))
    lower = np.minimum(np.floor(position).astype(int), len(GRID) - 2)
    weight = position - lower
    rows_index = np.arange(len(x))
    return np.asarray(
        (1 - weight) * values[rows_index, lower] + weight * values[rows_index, lower + 1]
    )
