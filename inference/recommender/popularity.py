"""Popularity: the trivial baseline every figure is printed beside, and the cold-start fallback.

A user with no known favourite still gets sensible films (the most-liked ones), which is what
the bot shows before the survey has produced anything the model knows.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse


def item_popularity(matrix: sparse.spmatrix) -> npt.NDArray[np.float32]:
    """Number of users with a positive interaction per item (column non-zero count)."""
    csc = sparse.csc_matrix(matrix)
    return np.asarray(np.diff(csc.indptr), dtype=np.float32)
