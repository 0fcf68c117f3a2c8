"""Genre diversity for the final top-k: maximal marginal relevance (Carbonell & Goldstein 1998).

A pure accuracy ranking for a user who loves three Pixar films is ten more animated films; the
seed project asked for variety across genres.  MMR picks greedily the candidate that maximises
``λ·relevance − (1−λ)·max genre similarity to what is already picked``, where genre similarity is
the Jaccard overlap of genre bitmasks.  λ close to 1 keeps accuracy (measured in the benchmark).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt


def genre_jaccard(mask: np.uint32 | int, masks: npt.NDArray[np.uint32]) -> npt.NDArray[np.float32]:
    """Jaccard similarity of one genre bitmask against many."""
    inter = np.bitwise_count(masks & np.uint32(mask)).astype(np.float32)
    union = np.bitwise_count(masks | np.uint32(mask)).astype(np.float32)
    return np.where(union > 0, inter / np.maximum(union, 1.0), 0.0).astype(np.float32)


def mmr(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    genres: npt.NDArray[np.uint32],
    k: int,
    lam: float,
) -> npt.NDArray[np.int64]:
    """Re-rank ``candidates`` (best first, with their ``scores``) to k diverse picks.

    ``genres`` holds the candidates' genre bitmasks.  Relevance is min-max normalised over the
    candidates so that λ means the same for every model scale.
    """
    return _greedy(candidates, scores, lambda best: genre_jaccard(genres[best], genres), k, lam)


def mmr_pairwise(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    similarity: npt.NDArray[np.float64],
    k: int,
    lam: float,
) -> npt.NDArray[np.int64]:
    """``mmr`` with any pairwise similarity of the candidates (n × n, 0–1): what the films are
    about, not only their genres, keeps ten revenge thrillers from filling one list."""
    return _greedy(candidates, scores, lambda best: similarity[best], k, lam)


def _greedy(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    similar_to: Callable[[int], npt.NDArray[np.floating[Any]]],
    k: int,
    lam: float,
) -> npt.NDArray[np.int64]:
    n = candidates.size
    k = min(k, n)
    if k == 0:
        return np.empty(0, dtype=np.int64)
    if lam >= 1.0 or n == k:
        return candidates[np.argsort(-scores, kind="stable")][:k]
    s = scores.astype(np.float64)
    span = s.max() - s.min()
    rel = (s - s.min()) / span if span > 0 else np.ones(n)
    max_sim = np.zeros(n, dtype=np.float64)
    taken = np.zeros(n, dtype=np.bool_)
    picked: list[int] = []
    for _ in range(k):
        value = lam * rel - (1.0 - lam) * max_sim
        value[taken] = -np.inf
        best = int(np.argmax(value))
        picked.append(best)
        taken[best] = True
        np.maximum(max_sim, similar_to(best), out=max_sim)
    return candidates[np.asarray(picked, dtype=np.int64)]


def genre_masks(
    genre_lists: list[str], vocabulary: list[str] | None = None
) -> tuple[npt.NDArray[np.uint32], list[str]]:
    """Encode MovieLens ``"A|B|C"`` genre strings as bitmasks (at most 32 genres).

    Returns the masks and the vocabulary (sorted genre names unless one is given).
    """
    names = vocabulary or sorted({g for s in genre_lists for g in s.split("|") if g})
    if len(names) > 32:
        raise ValueError("at most 32 genres fit a uint32 bitmask")
    bit = {name: 1 << k for k, name in enumerate(names)}
    masks = np.array(
        [sum(bit.get(g, 0) for g in set(s.split("|"))) for s in genre_lists], dtype=np.uint32
    )
    return masks, names
