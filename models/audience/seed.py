"""The seed's two splits, rebuilt from its notebooks (MovieDL, final/4_deepLearning).

Regression: films with 10k–100k admissions, test = the 19 films of 2023 (partial counts: they
were still in cinemas at capture), validation = 25% of the rest (random_state 42).
Classification: films over 800k, five classes, test = 5% (random_state 31), validation = 10%
of the rest (random_state 31). The seed's DNNs themselves were rebuilt by the fourth selection
(0/19 hits, 0.528 accuracy; README); they are no longer retrained here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

REG_LOW, REG_HIGH = 10_000, 100_000
CLS_FLOOR = 800_000


@dataclass(frozen=True)
class SeedSplit:
    """Row positions of the seed frame: train, validation, test."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def reg_split(frame: pd.DataFrame) -> SeedSplit:
    rest = np.flatnonzero(frame["연도"].to_numpy() != 2023)
    test = np.flatnonzero(frame["연도"].to_numpy() == 2023)
    train, val = train_test_split(rest, test_size=0.25, random_state=42)
    return SeedSplit(np.asarray(train), np.asarray(val), test)


def cls_split(frame: pd.DataFrame) -> SeedSplit:
    rows = np.arange(len(frame))
    rest, test = train_test_split(rows, test_size=0.05, random_state=31)
    train, val = train_test_split(rest, test_size=0.10, random_state=31)
    return SeedSplit(np.asarray(train), np.asarray(val), np.asarray(test))
