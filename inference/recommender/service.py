"""The recommender the bot calls: a new user folded into a trained model, no retraining.

``Recommender.load`` reads the committed artifact (sha256-checked) into read-only numpy arrays;
``recommend`` scores all items for one user from their favourites, removes everything the user
must not see again, keeps only ``allowed`` ids when given, and re-ranks the head with MMR for
genre variety.  Nothing is mutated after loading, so concurrent calls from ``asyncio.to_thread``
are safe without locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.recommender import artifact as store
from inference.recommender.diversity import mmr
from inference.recommender.matrix import ItemIndex
from inference.recommender.neighbours import UserSets, neighbour_scores

#: How many of the best-scored items MMR chooses the final k from (at least).
CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class UserSignals:
    """Everything the bot knows about one user's taste (MovieLens ml-latest-small movieIds)."""

    favourites: frozenset[int]
    liked: frozenset[int] = frozenset()
    disliked: frozenset[int] = frozenset()
    watched: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()
    age: int | None = None
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    movie_id: int
    score: float


class Recommender:
    """A loaded model: EASE item-item weights (or Jaccard neighbours), genres and popularity."""

    def __init__(self, metadata: dict[str, Any], arrays: dict[str, npt.NDArray[Any]]) -> None:
        params: dict[str, Any] = metadata["parameters"]
        self._name = str(metadata["served"])
        digest = str(metadata["files"]["recommender.npz"]["sha256"])
        # Logged with every list, so an answer can be traced to the exact artifact.
        self._version = f"{self._name}@{digest[:12]}"
        self._index = ItemIndex(arrays["item_ids"])
        self._genres: npt.NDArray[np.uint32] = arrays["genres"]
        self._popularity: npt.NDArray[np.float32] = arrays["popularity"]
        self._weights: npt.NDArray[np.float16] = arrays["ease_weights"]
        self._dislike_weight = float(params["dislike_weight"])
        self._mmr_lambda = float(params["mmr_lambda"])
        self._neighbours = int(params["neighbours"])
        n_items = len(self._index)
        self._sets = UserSets.from_pairs(
            arrays["positive_users"], arrays["positive_items"], int(params["n_users"]), n_items
        )
        if self._name not in ("ease", "jaccard"):
            raise store.ArtifactError(f"unknown served model {self._name!r}")
        if self._weights.shape != (n_items, n_items) or self._genres.shape != (n_items,):
            raise store.ArtifactError("artifact arrays do not match the item count")

    @classmethod
    def load(cls, artifact_dir: Path | None = None) -> Recommender:
        """Load and verify an artifact (default: models/recommender/artifact)."""
        metadata, arrays = store.read_verified(artifact_dir or store.DEFAULT_DIR)
        return cls(metadata, arrays)

    @property
    def model_name(self) -> str:
        """The served model's name ("ease" or "jaccard")."""
        return self._name

    @property
    def model_version(self) -> str:
        """Name and artifact sha256 prefix, e.g. ``ease@cef053f738b9``."""
        return self._version

    def knows(self, movie_id: int) -> bool:
        """Whether the model can use (and recommend) this movieId."""
        return movie_id in self._index

    def scores(self, signals: UserSignals) -> npt.NDArray[np.float32]:
        """Raw model scores of every model item for this user (before any exclusion)."""
        positives = self._index.positions(signals.favourites | signals.liked)
        if positives.size == 0:
            return self._popularity.astype(np.float32)
        if self._name == "jaccard":
            return neighbour_scores(self._sets, positives, self._neighbours)
        scores: npt.NDArray[np.float32] = np.asarray(
            self._weights[positives].astype(np.float32).sum(axis=0), dtype=np.float32
        )
        negatives = self._index.positions(signals.disliked - signals.favourites - signals.liked)
        if negatives.size and self._dislike_weight:
            scores -= self._dislike_weight * self._weights[negatives].astype(np.float32).sum(axis=0)
        return scores

    def recommend(
        self, signals: UserSignals, k: int = 10, allowed: frozenset[int] | None = None
    ) -> list[Recommendation]:
        """The top-k films for this user, never one they named, rated or excluded."""
        if k <= 0:
            return []
        scores = self.scores(signals)
        usable = np.ones(scores.size, dtype=np.bool_)
        if allowed is not None:
            usable = self._index.mask(allowed)
        blocked = (
            signals.favourites | signals.liked | signals.disliked | signals.watched
        ) | signals.excluded
        usable[self._index.positions(blocked)] = False
        candidates = np.flatnonzero(usable)
        if candidates.size == 0:
            return []
        # Popularity breaks ties (and orders a cold user's list) deterministically.
        order = np.lexsort((-self._popularity[candidates], -scores[candidates]))
        head = candidates[order[: max(CANDIDATES, 3 * k)]]
        picked = mmr(head, scores[head], self._genres[head], k, self._mmr_lambda)
        ids = self._index.ids
        return [Recommendation(movie_id=int(ids[p]), score=float(scores[p])) for p in picked]
