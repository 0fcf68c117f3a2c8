"""The user × item interaction matrix, built the same way by training, benchmarks and serving.

Training turns ratings into interaction weights and a sparse matrix; serving turns a new user's
favourites into one row of that matrix (fold-in).  Both go through this module so that the row a
new user gets at serving time means exactly what the training rows meant.  Only numpy and
scipy.sparse: serving must load fast and never needs pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

#: How a rating becomes an interaction weight.
#: ``binary``: every rating is a 1 (implicit "has seen it", as the ML-100k protocol treats it);
#: ``liked``: only ratings >= 4 stars count (the bot's favourites are liked films);
#: ``graded``: every rating counts, liked ones twice as much;
#: ``stars``: every rating counts in proportion to its stars (rating / 5), the served choice.
Weighting = Literal["binary", "liked", "graded", "stars"]

LIKED_RATING = 4.0


def interaction_weights(ratings: npt.ArrayLike, weighting: Weighting) -> FloatArray:
    """Map star ratings to interaction weights (0 means "no interaction", dropped later)."""
    stars = np.asarray(ratings, dtype=np.float32)
    if weighting == "binary":
        return np.ones_like(stars)
    if weighting == "liked":
        return (stars >= LIKED_RATING).astype(np.float32)
    if weighting == "graded":
        return np.where(stars >= LIKED_RATING, 1.0, 0.5).astype(np.float32)
    if weighting == "stars":
        return (stars / 5.0).astype(np.float32)
    raise ValueError(f"unknown weighting {weighting!r}")


class ItemIndex:
    """Maps external movie ids to dense column positions (and back) with a sorted id array.

    A sorted array + ``np.searchsorted`` keeps the mapping a single compact array that can be
    stored in the artifact and shared read-only between threads.
    """

    __slots__ = ("ids",)

    def __init__(self, ids: npt.ArrayLike) -> None:
        array = np.asarray(ids, dtype=np.int64)
        if array.ndim != 1 or (array.size > 1 and np.any(np.diff(array) <= 0)):
            raise ValueError("item ids must be a strictly increasing 1-d array")
        array.setflags(write=False)
        self.ids: IntArray = array

    def __len__(self) -> int:
        return int(self.ids.size)

    def __contains__(self, movie_id: object) -> bool:
        if not isinstance(movie_id, int | np.integer):
            return False
        pos = int(np.searchsorted(self.ids, movie_id))
        return pos < self.ids.size and int(self.ids[pos]) == int(movie_id)

    def positions(self, movie_ids: Iterable[int]) -> IntArray:
        """Column positions of the known ids among ``movie_ids`` (unknown ids are skipped)."""
        wanted = np.fromiter(movie_ids, dtype=np.int64)
        if wanted.size == 0 or self.ids.size == 0:
            return np.empty(0, dtype=np.int64)
        pos = np.searchsorted(self.ids, wanted)
        pos = np.minimum(pos, self.ids.size - 1)
        return np.unique(pos[self.ids[pos] == wanted])

    def mask(self, movie_ids: Iterable[int]) -> npt.NDArray[np.bool_]:
        """Boolean column mask of ``movie_ids`` (unknown ids ignored)."""
        out = np.zeros(self.ids.size, dtype=np.bool_)
        out[self.positions(movie_ids)] = True
        return out


def user_item_matrix(
    users: npt.ArrayLike,
    items: npt.ArrayLike,
    weights: npt.ArrayLike,
    shape: tuple[int, int],
) -> sparse.csr_matrix:
    """A CSR user × item matrix from (user position, item position, weight) triples.

    Zero weights are dropped and duplicate pairs keep the largest weight, so re-rated films do
    not count twice.
    """
    u = np.asarray(users, dtype=np.int64)
    i = np.asarray(items, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float32)
    keep = w > 0
    u, i, w = u[keep], i[keep], w[keep]
    order = np.lexsort((-w, i, u))
    u, i, w = u[order], i[order], w[order]
    first = np.ones(u.size, dtype=np.bool_)
    first[1:] = (u[1:] != u[:-1]) | (i[1:] != i[:-1])
    matrix = sparse.csr_matrix((w[first], (u[first], i[first])), shape=shape, dtype=np.float32)
    matrix.sort_indices()
    return matrix


def fold_in_row(positions: npt.ArrayLike, n_items: int, weight: float = 1.0) -> FloatArray:
    """The dense interaction row of a new user whose positives sit at ``positions``."""
    row = np.zeros(n_items, dtype=np.float32)
    row[np.asarray(positions, dtype=np.int64)] = weight
    return row
