"""The recommender the bot calls: EASE where ratings exist, content + popularity everywhere else.

``Recommender.load`` reads the committed artifact (sha256-checked) and computes the content
features of every catalogue film (``content.build_index``; no fitting).  ``recommend`` scores
the user twice:

* collaboratively — the favourites and 👍 the EASE model knows are folded in (summed rows of the
  item-item matrix, 👎 rows subtract); this covers the ~2,000 rated ml-latest-small films;
* by content — cosine similarity of the favourites' catalogue features to every recommendable
  film, plus ``prior`` × popularity for the user's region; this covers the whole pool (films
  with a year, genres and a popularity signal), Korean films included.

Each part is z-scored over the pool (so the filters below do not change the scale) and blended
as ``w·content + (1−w)·collaborative`` where ``w`` grows as fewer of the user's films are known
to EASE (``content_weight``): a user whose favourites are Korean films EASE never saw leans on
content.  Films EASE does not know get ``unknown_z`` as their collaborative part.  Then
favourites, 👍, 👎, watched and watchlist films (and their same-title-and-year twins) are
removed, ``allowed`` keeps only the "only my services" ids, two twins never share a list, and
MMR over genres re-ranks the head.  Nothing is mutated after loading, so concurrent calls from
``asyncio.to_thread`` are safe without locks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.catalogue.films import FilmTable, Movie
from inference.catalogue.search import Catalogue
from inference.recommender import artifact as store
from inference.recommender.content import ContentIndex, ContentParams, build_index
from inference.recommender.diversity import mmr, mmr_pairwise
from inference.recommender.film_content import FilmContent
from inference.recommender.matrix import ItemIndex
from inference.recommender.moods import MOOD_PROFILES
from inference.recommender.neighbours import UserSets, neighbour_scores
from inference.recommender.similarity import (
    CreditColumns,
    FilmSpace,
    MoodWeights,
    SimilarityWeights,
    SimilarParams,
    zscore_available,
)

#: How many of the best-scored films MMR chooses the final k from (at least).
CANDIDATES = 50
#: What a film far less known than the seed loses: it comes after every other film.
OBSCURE = 1e3
#: How far a 🔄 list strays from the best order: noise of this many standard deviations.
EXPLORE = 0.15
_NO_CREDITS: CreditColumns = (np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int8),
                        np.zeros(0, np.int16))  # fmt: skip


@dataclass(frozen=True, slots=True)
class UserSignals:
    """Everything the bot knows about one user's taste (catalogue movieIds)."""

    favourites: frozenset[int]
    liked: frozenset[int] = frozenset()
    disliked: frozenset[int] = frozenset()
    watched: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()
    age: int | None = None
    gender: str | None = None
    variation: int = 0  # 0: the best list; n > 0: the n-th 🔄, explored a little (seeded)


@dataclass(frozen=True, slots=True)
class Recommendation:
    movie_id: int
    score: float


@dataclass(frozen=True, slots=True)
class BlendParams:
    """How the two parts are combined (chosen on validation, see bench/recommend_quality.py)."""

    prior: float = 2.0  # weight of the 0–1 popularity next to the content cosine
    content_full: float = 0.3  # content weight when EASE knows every favourite
    content_shape: float = 1.0  # w = full + (1 − full)·(1 − known share)^shape
    unknown_z: float = 0.5  # the collaborative z-score of a film EASE does not know


def content_weight(known_share: float, params: BlendParams) -> float:
    """Weight of the content part for a user of whose films EASE knows ``known_share``."""
    missing = min(1.0, max(0.0, 1.0 - known_share))
    return float(params.content_full + (1.0 - params.content_full) * missing**params.content_shape)


def _zscore(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    std = float(values.std())
    if values.size == 0 or std <= 0:
        return np.zeros_like(values)
    return np.asarray((values - values.mean()) / std)


class Recommender:
    """A loaded model: EASE item-item weights (or Jaccard neighbours) and the content index."""

    def __init__(
        self,
        metadata: dict[str, Any],
        arrays: dict[str, npt.NDArray[Any]],
        movies: FilmTable | Iterable[Movie] | None = None,
        *,
        film_content: FilmContent | None = None,
        credits: CreditColumns | None = None,
    ) -> None:
        params: dict[str, Any] = metadata["parameters"]
        self._name = str(metadata["served"])
        digest = str(metadata["files"]["recommender.npz"]["sha256"])
        # Logged with every list, so an answer can be traced to the exact artifact.
        self._version = f"{self._name}+content@{digest[:12]}"
        self._index = ItemIndex(arrays["item_ids"])
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
        if self._weights.shape != (n_items, n_items) or arrays["genres"].shape != (n_items,):
            raise store.ArtifactError("artifact arrays do not match the item count")
        self._blend = BlendParams(**params.get("blend", {}))
        content_params = self._content_params = ContentParams(**params.get("content", {}))
        vocabulary = list(metadata["items"]["genre_vocabulary"])
        if movies is None:
            catalogue = Catalogue.load()
            movies, credits = catalogue.table, catalogue.credits.columns()
        self._content: ContentIndex = build_index(movies, content_params, vocabulary)
        c = self._content
        self._pool = np.flatnonzero(c.pool)  # content rows that may be recommended
        self._pool_ids = c.ids[self._pool]
        self._pool_genres = c.genres[self._pool]
        self._pool_twins = c.twins[self._pool]
        self._pool_prior = {
            region: prior[self._pool].astype(np.float64) for region, prior in c.popularity.items()
        }
        # For each pool film its EASE item position (-1: EASE does not know it).
        ease_rows = np.searchsorted(c.ids, self._index.ids)
        ease_rows = np.minimum(ease_rows, max(len(c) - 1, 0))
        in_catalogue = (
            c.ids[ease_rows] == self._index.ids if len(c) else np.zeros(0, dtype=np.bool_)
        )
        row_to_ease = np.full(len(c), -1, dtype=np.int64)
        row_to_ease[ease_rows[in_catalogue]] = np.flatnonzero(in_catalogue)
        self._pool_ease = row_to_ease[self._pool]
        self._pool_known = self._pool_ease >= 0
        for array in (self._pool, self._pool_ids, self._pool_ease, self._pool_known):
            array.setflags(write=False)
        # What films are about (plot, keywords, people): "films like X" and personal lists.
        self._space = FilmSpace(c, self._pool, film_content or FilmContent.empty(),
                                credits or _NO_CREDITS)  # fmt: skip
        similar = SimilarParams.from_dict(params.get("similar", {}))
        self._similar, self._personal = similar.seed, similar.personal
        self._similar_lambda = similar.mmr_lambda
        self._mood = similar.mood
        self._genre_bit = {g: np.uint32(1 << k) for k, g in enumerate(vocabulary)}

    @classmethod
    def load(
        cls,
        artifact_dir: Path | None = None,
        catalogue: Catalogue | FilmTable | Iterable[Movie] | None = None,
        film_content: FilmContent | None = None,
        credits: CreditColumns | None = None,
    ) -> Recommender:
        """Load and verify an artifact (default: models/recommender/artifact).

        ``catalogue`` is every film that may be recommended (the bot's ``Catalogue``, whose
        column table and credits are read directly, or any iterable of ``Movie``); by default
        the films of data/catalogue.  ``film_content`` (plots and keywords) defaults to
        data/film_content with a ``Catalogue``, and to none with bare films, which have no
        ``credits`` either unless given.
        """
        metadata, arrays = store.read_verified(artifact_dir or store.DEFAULT_DIR)
        if catalogue is None:
            catalogue = Catalogue.load()
        if isinstance(catalogue, Catalogue):
            content = FilmContent.load() if film_content is None else film_content
            return cls(metadata, arrays, catalogue.table, credits=catalogue.credits.columns(),
                       film_content=content)  # fmt: skip
        return cls(metadata, arrays, catalogue, film_content=film_content, credits=credits)

    @property
    def model_name(self) -> str:
        """The served collaborative model's name ("ease" or "jaccard")."""
        return self._name

    @property
    def model_version(self) -> str:
        """Name and artifact sha256 prefix, e.g. ``ease+content@cef053f738b9``."""
        return self._version

    @property
    def blend(self) -> BlendParams:
        """The blend parameters in use."""
        return self._blend

    @property
    def content_params(self) -> ContentParams:
        """The content part's block weights and pool thresholds."""
        return self._content_params

    def pool_prior(self, region: str | None) -> npt.NDArray[np.float64]:
        """The 0–1 popularity of every pool film with a region's audience ("KR" or None)."""
        return self._pool_prior["KR" if region == "KR" else None]

    @property
    def pool_genres(self) -> npt.NDArray[np.uint32]:
        """The pool films' genre bitmasks (the MMR encoding)."""
        return self._pool_genres

    @property
    def similar_params(self) -> SimilarParams:
        """The served similarity weights ("like X", personal lists) and MMR λ."""
        return SimilarParams(self._similar, self._personal, self._similar_lambda)

    def mood_fit(self, mood: str) -> npt.NDArray[np.float64] | None:
        """How well every pool film (``pool_ids`` order) fits a mood by its plot and keywords,
        with the served mood weights (z units); None for a mood without a profile. For callers
        that blend several moods rather than re-rank by one (a song's example films)."""
        return self._space.mood_scores(mood, self._mood)

    def pairwise(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """How alike these pool films (positions in ``pool_ids``) are, 0–1 (see FilmSpace)."""
        return self._space.pairwise(positions)

    @property
    def pool_size(self) -> int:
        """How many catalogue films can be recommended at all."""
        return int(self._pool.size)

    @property
    def catalogue_size(self) -> int:
        """How many films the content index holds (the catalogue)."""
        return len(self._content)

    def knows(self, movie_id: int) -> bool:
        """Whether the collaborative model knows this movieId (has ratings for it)."""
        return movie_id in self._index

    def recommendable(self, movie_id: int) -> bool:
        """Whether this film can appear in a list (it has a year, genres and some renown)."""
        return bool(self._pool_mask([movie_id]).any())

    def is_korean(self, movie_id: int) -> bool:
        """Whether the catalogue says this film is Korean."""
        rows = self._content.positions([movie_id])
        return bool(rows.size and self._content.korean[rows[0]])

    def scores(self, signals: UserSignals) -> npt.NDArray[np.float32]:
        """Raw collaborative scores of every EASE item for this user (before any exclusion)."""
        return self._collaborative(self._index.positions(signals.favourites | signals.liked),
                                   signals)  # fmt: skip

    def _collaborative(
        self, positives: npt.NDArray[np.int64], signals: UserSignals
    ) -> npt.NDArray[np.float32]:
        if positives.size == 0:
            return np.zeros(len(self._index), dtype=np.float32)
        if self._name == "jaccard":
            return neighbour_scores(self._sets, positives, self._neighbours)
        scores: npt.NDArray[np.float32] = np.asarray(
            self._weights[positives].astype(np.float32).sum(axis=0), dtype=np.float32
        )
        negatives = self._index.positions(signals.disliked - signals.favourites - signals.liked)
        if negatives.size and self._dislike_weight:
            scores -= self._dislike_weight * self._weights[negatives].astype(np.float32).sum(axis=0)
        return scores

    def blended_scores(
        self,
        signals: UserSignals,
        region: str | None = None,
        *,
        hidden: frozenset[int] = frozenset(),
        blend: BlendParams | None = None,
        space: bool = True,
    ) -> npt.NDArray[np.float64]:
        """The blended score of every pool film (``pool_ids`` order), before exclusions.

        ``hidden`` films are withheld from the collaborative part only, ``blend`` overrides
        the served blend and ``space=False`` leaves out plots, keywords and people: all three
        exist for the benchmarks' comparisons.
        """
        params = blend or self._blend
        c = self._content
        positive_ids = signals.favourites | signals.liked
        rows = c.positions(positive_ids)
        negative_rows = c.positions(signals.disliked - positive_ids)
        prior = self._prior(region, rows)
        profile = c.profile(rows, negative_rows, self._dislike_weight)
        content = params.prior * prior
        if profile is not None:
            content = content + c.similarity(profile, self._pool).astype(np.float64)
        total = _zscore(content)
        ease_positions = self._index.positions(positive_ids - hidden)
        known = max(int(rows.size), int(self._index.positions(positive_ids).size), 1)
        known_share = ease_positions.size / known
        if space and rows.size and known_share < 1.0 and any(
            self._personal.block(b) for b in ("plot", "keywords", "people")
        ):
            # What the favourites are about — plot, keywords, people (facts are counted above)
            # — in the share of them the ratings do not know: for a MovieLens-style user the
            # co-liked films say it better (measured in bench/similar_quality.py, part P).
            about = self._space.profile(c.ids[rows], c.ids[negative_rows], self._dislike_weight)
            scored = self._space.score(about, self._personal)
            total = _zscore(total + (1.0 - known_share) * scored)
        if ease_positions.size == 0:
            return total
        weight = content_weight(known_share, params)
        if weight >= 1.0:
            return total
        raw = self._collaborative(ease_positions, signals).astype(np.float64)
        collaborative = np.full(self._pool.size, params.unknown_z, dtype=np.float64)
        collaborative[self._pool_known] = _zscore(raw[self._pool_ease[self._pool_known]])
        return np.asarray(weight * total + (1.0 - weight) * collaborative)

    def _prior(self, region: str | None, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Popularity with the user's audience: Korea's for a user in Korea; otherwise MovieLens'
        mixed with Korea's in the share of the user's films that are Korean."""
        korea = self._pool_prior["KR"]
        if region == "KR":
            return korea
        share = float(self._content.korean[rows].mean()) if rows.size else 0.0
        movielens = self._pool_prior[None]
        if share == 0.0:
            return movielens
        return np.asarray((1.0 - share) * movielens + share * korea)

    def recommend(
        self,
        signals: UserSignals,
        k: int = 10,
        allowed: frozenset[int] | None = None,
        *,
        region: str | None = None,
        mood: str | None = None,
    ) -> list[Recommendation]:
        """The top-k films for this user, never one they named, rated or excluded.

        ``region`` ("KR" for a user in Korea) chooses whose popularity the prior uses; a
        ``mood`` ("calm", "twist", … see ``moods.MOOD_PROFILES``) re-ranks by content.
        """
        return self.rank(signals, k, allowed, region=region, mood=mood)

    def rank(
        self,
        signals: UserSignals,
        k: int = 10,
        allowed: frozenset[int] | None = None,
        *,
        region: str | None = None,
        hidden: frozenset[int] = frozenset(),
        blend: BlendParams | None = None,
        space: bool = True,
        mood: str | None = None,
        mood_weights: MoodWeights | None = None,
    ) -> list[Recommendation]:
        """``recommend`` with the benchmark's knobs (see ``blended_scores``)."""
        if k <= 0:
            return []
        scores = self.blended_scores(signals, region, hidden=hidden, blend=blend, space=space)
        scores = self._with_mood(scores, mood, mood_weights)
        blocked = signals.favourites | signals.liked | signals.disliked | signals.watched
        return self._pick(scores, k, allowed, blocked | signals.excluded, region,
                          signals.variation, None)  # fmt: skip

    def similar(
        self,
        movie_id: int,
        k: int = 10,
        allowed: frozenset[int] | None = None,
        *,
        signals: UserSignals | None = None,
        region: str | None = None,
        weights: SimilarityWeights | None = None,
        mmr_lambda: float | None = None,
        mood: str | None = None,
    ) -> list[Recommendation]:
        """Films like this one (any catalogue film): its plot, keywords, people and facts, the
        films its fans also liked (where ratings exist) and a mild popularity prior.

        ``signals`` are the asking user's: their 👎, watched and excluded films are left out
        (their taste does not re-rank a "like X" list: the seed speaks for itself).
        """
        if k <= 0:
            return []
        scores = self._with_mood(self.similar_scores(movie_id, region, weights), mood, None)
        blocked = {movie_id}
        if signals is not None:
            blocked |= signals.disliked | signals.watched | signals.excluded
        variation = signals.variation if signals is not None else 0
        lam = self._similar_lambda if mmr_lambda is None else mmr_lambda
        return self._pick(scores, k, allowed, frozenset(blocked), region, variation, lam)

    def similar_scores(
        self, movie_id: int, region: str | None = None, weights: SimilarityWeights | None = None
    ) -> npt.NDArray[np.float64]:
        """How alike every pool film is to this one (``pool_ids`` order, z units)."""
        w = weights or self._similar
        seed = np.asarray([movie_id], dtype=np.int64)
        total = self._space.score(self._space.profile(seed), w)
        ease = self._index.positions([movie_id])
        if ease.size and w.collaborative:
            raw = np.zeros(self._pool.size, dtype=np.float64)
            known = self._pool_known
            raw[known] = self._weights[int(ease[0])].astype(np.float64)[self._pool_ease[known]]
            total += w.collaborative * zscore_available(raw, known, w.missing_z)
        rows = self._content.positions(seed)
        prior = self._prior(region, rows)
        if w.prior:
            total += w.prior * _zscore(prior)
        if w.renown_gap < 1.0 and rows.size:
            own = float(self._content.popularity["KR" if region == "KR" else None][rows[0]])
            total = np.where(prior < own - w.renown_gap, total - OBSCURE, total)
        return total

    def _with_mood(
        self, scores: npt.NDArray[np.float64], mood: str | None, weights: MoodWeights | None
    ) -> npt.NDArray[np.float64]:
        """``scores`` plus the mood's content fit (``strength`` z units per z of fit); films of
        a genre that breaks the mood go last."""
        if mood is None:
            return scores
        w = weights or self._mood
        fit = self._space.mood_scores(mood, w)
        if fit is None:
            return scores
        total = _zscore(scores) + w.strength * fit
        if 0 < w.top < fit.size:
            # Only the films that fit best: the user's taste and renown order those.
            cut = np.partition(fit, fit.size - w.top)[fit.size - w.top]
            total = np.where(fit >= cut, total, total - OBSCURE / 2)
        avoid = np.uint32(0)
        for genre in MOOD_PROFILES[mood].avoid:
            avoid |= self._genre_bit.get(genre, np.uint32(0))
        if avoid:
            total = np.where(self._pool_genres & avoid, total - OBSCURE, total)
        return np.asarray(total)

    def _pick(
        self,
        scores: npt.NDArray[np.float64],
        k: int,
        allowed: frozenset[int] | None,
        blocked: frozenset[int],
        region: str | None,
        variation: int,
        pairwise_lambda: float | None,
    ) -> list[Recommendation]:
        """The k best usable films of ``scores``: allowed, not blocked nor a blocked film's
        twin, one per twin group, a little explored for a 🔄 list, then MMR (over genres, or
        over what the films are about when ``pairwise_lambda`` is given)."""
        usable = np.ones(self._pool.size, dtype=np.bool_)
        if allowed is not None:
            usable = self._pool_mask(allowed)
        blocked_rows = self._pool_mask(blocked)
        usable &= ~blocked_rows
        twins = self._pool_twins[blocked_rows]
        twins = twins[twins >= 0]
        if twins.size:
            usable &= ~np.isin(self._pool_twins, twins)
        candidates = np.flatnonzero(usable)
        if candidates.size == 0:
            return []
        head_size = max(CANDIDATES, 3 * k)
        prior = self._pool_prior["KR" if region == "KR" else None]  # only breaks ties
        if candidates.size > 4 * head_size:
            part = np.argpartition(-scores[candidates], 4 * head_size)[: 4 * head_size]
            candidates = candidates[part]
        ranked_scores = scores[candidates]
        if variation > 0:
            # A 🔄 list explores: seeded noise of EXPLORE standard deviations of the head.
            rng = np.random.default_rng([variation, int(candidates.size)])
            spread = float(ranked_scores.std()) or 1.0
            ranked_scores = ranked_scores + rng.normal(0.0, EXPLORE * spread, candidates.size)
        # Popularity breaks ties deterministically, then the id.
        order = np.lexsort((self._pool_ids[candidates], -prior[candidates], -ranked_scores))
        ranked = candidates[order]
        head = _without_twins(ranked, self._pool_twins, head_size)
        by_position = dict(zip(candidates.tolist(), ranked_scores.tolist(), strict=True))
        head_scores = np.asarray([by_position[p] for p in head.tolist()], dtype=np.float32)
        if pairwise_lambda is None:
            picked = mmr(head, head_scores, self._pool_genres[head], k, self._mmr_lambda)
        else:
            picked = mmr_pairwise(head, head_scores, self._space.pairwise(head), k,
                                  pairwise_lambda)  # fmt: skip
        return [
            Recommendation(movie_id=int(self._pool_ids[p]), score=float(scores[p])) for p in picked
        ]

    def _pool_mask(self, movie_ids: Iterable[int]) -> npt.NDArray[np.bool_]:
        wanted = np.fromiter(movie_ids, dtype=np.int64)
        out = np.zeros(self._pool.size, dtype=np.bool_)
        if wanted.size == 0 or self._pool.size == 0:
            return out
        pos = np.minimum(np.searchsorted(self._pool_ids, wanted), self._pool.size - 1)
        out[pos[self._pool_ids[pos] == wanted]] = True
        return out

    @property
    def pool_ids(self) -> npt.NDArray[np.int64]:
        """The recommendable films' ids, sorted (the order of ``blended_scores``)."""
        return self._pool_ids


def _without_twins(
    ranked: npt.NDArray[np.int64], twins: npt.NDArray[np.int32], limit: int
) -> npt.NDArray[np.int64]:
    """The first ``limit`` of ``ranked``, keeping only the best of each twin group."""
    groups = twins[ranked]
    if not np.any(groups[: limit * 2] >= 0):
        return ranked[:limit]
    keep: list[int] = []
    seen: set[int] = set()
    for position, group in zip(ranked.tolist(), groups.tolist(), strict=True):
        if group >= 0:
            if group in seen:
                continue
            seen.add(group)
        keep.append(position)
        if len(keep) == limit:
            break
    return np.asarray(keep, dtype=np.int64)
