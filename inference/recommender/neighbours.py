"""The seed project's user matching: Jaccard similarity over favourite-film sets.

The Korean team matched a surveyed user to MovieLens users by the Jaccard overlap of favourite
films (after keeping only users of the same gender and age ±5 years) and recommended what those
neighbours liked.  We keep it as a model of its own and as a blend component of the served
model; the demographic filter is optional because the benchmark found what it is worth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
AGE_WINDOW = 5


@dataclass(frozen=True, slots=True)
class UserSets:
    """Training users' positive item sets, stored both user-major and item-major.

    Item-major lets a query touch only the users who share a favourite; user-major turns the
    chosen neighbours back into item scores.
    """

    user_indptr: npt.NDArray[np.int64]
    user_items: npt.NDArray[np.int32]
    item_indptr: npt.NDArray[np.int64]
    item_users: npt.NDArray[np.int32]
    n_items: int

    @classmethod
    def from_pairs(
        cls, users: npt.ArrayLike, items: npt.ArrayLike, n_users: int, n_items: int
    ) -> UserSets:
        """Build both orientations from (user position, item position) pairs (deduplicated)."""
        u = np.asarray(users, dtype=np.int64)
        i = np.asarray(items, dtype=np.int64)
        key = np.unique(u * n_items + i)
        u, i = key // n_items, key % n_items
        user_indptr = np.zeros(n_users + 1, dtype=np.int64)
        np.cumsum(np.bincount(u, minlength=n_users), out=user_indptr[1:])
        by_item = np.lexsort((u, i))
        item_indptr = np.zeros(n_items + 1, dtype=np.int64)
        np.cumsum(np.bincount(i, minlength=n_items), out=item_indptr[1:])
        return cls(
            user_indptr=user_indptr,
            user_items=i.astype(np.int32),
            item_indptr=item_indptr,
            item_users=u[by_item].astype(np.int32),
            n_items=n_items,
        )

    @property
    def n_users(self) -> int:
        return int(self.user_indptr.size - 1)

    def sizes(self) -> npt.NDArray[np.int64]:
        return np.diff(self.user_indptr)


def jaccard(sets: UserSets, positions: npt.NDArray[np.int64]) -> FloatArray:
    """Jaccard similarity between the set ``positions`` and every training user's set."""
    if positions.size == 0:
        return np.zeros(sets.n_users, dtype=np.float32)
    starts, ends = sets.item_indptr[positions], sets.item_indptr[positions + 1]
    users = np.concatenate([sets.item_users[s:e] for s, e in zip(starts, ends, strict=True)])
    inter = np.bincount(users, minlength=sets.n_users).astype(np.float32)
    union = sets.sizes().astype(np.float32) + positions.size - inter
    return np.asarray(inter / np.maximum(union, 1.0), dtype=np.float32)


def demographic_mask(
    ages: npt.NDArray[np.int64],
    genders: npt.NDArray[np.str_],
    age: int | None,
    gender: str | None,
) -> npt.NDArray[np.bool_]:
    """The seed's filter: same gender and age within ±5 years (a missing field filters nothing)."""
    keep = np.ones(ages.size, dtype=np.bool_)
    if age is not None:
        keep &= np.abs(ages - age) <= AGE_WINDOW
    if gender in ("male", "female"):
        keep &= genders == gender
    return keep


def neighbour_scores(
    sets: UserSets,
    positions: npt.NDArray[np.int64],
    n_neighbours: int,
    allowed_users: npt.NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Item scores: Σ over the ``n_neighbours`` most similar users of similarity × liked.

    ``allowed_users`` restricts the candidates, as the seed's demographic filter did; users with
    no overlap at all are never neighbours, so the result can be all zeros.
    """
    sim = jaccard(sets, positions)
    if allowed_users is not None:
        sim = np.where(allowed_users, sim, 0.0).astype(np.float32)
    k = min(n_neighbours, sets.n_users)
    chosen = np.argpartition(-sim, k - 1)[:k] if k < sets.n_users else np.arange(k)
    chosen = chosen[sim[chosen] > 0]
    if chosen.size == 0:
        return np.zeros(sets.n_items, dtype=np.float32)
    starts, ends = sets.user_indptr[chosen], sets.user_indptr[chosen + 1]
    lengths = ends - starts
    items = np.concatenate([sets.user_items[s:e] for s, e in zip(starts, ends, strict=True)])
    weights = np.repeat(sim[chosen].astype(np.float64), lengths)
    return np.bincount(items, weights=weights, minlength=sets.n_items).astype(np.float32)
