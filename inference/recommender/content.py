"""The content + popularity side of the recommender: every catalogue film, ratings or not.

EASE knows only the ~2,000 ml-latest-small films with enough ratings; the catalogue holds ~89,000
films, among them ~2,300 Korean films that no rating data covers.  For those the recommender
compares films by what the catalogue says about them: genres (IDF-weighted, so "Drama" says less
than "Film-Noir"), the year (a soft decade), the country (KR / JP / US / other / unknown), how
well known the film is to MovieLens users and, separately, in Korea (soft levels of the 0–1 log
popularities), and whether a Korean service lists it.  Each block is scaled to unit length and
weighted, the whole row to unit length again, so a user's profile (the sum of their favourites'
rows) scores a film by cosine similarity; a popularity prior is added by the service.

The features are computed from the catalogue when the recommender loads (a few hundred
milliseconds, no fitting): nothing here is learned, the block weights are chosen on validation
users by bench/recommend_quality.py and stored in the artifact's metadata.json.

Only films with a year and genres can be recommended (every card shows both), and only those with
some sign that people know them (``ContentParams.min_ratings`` MovieLens ratings, ``min_audience``
admissions in Korea, or a JustWatch Korea listing): the "pool".  Films outside the pool still have
features, so a favourite outside it still shapes the profile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from inference.catalogue.films import FilmTable, Movie, popularity, popularity_kr
from inference.recommender.diversity import genre_masks

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

FIGURES_END = date(2025, 3, 1)
COUNTRIES = ("KR", "JP", "US")  # one column each, then "other" and "unknown"
DECADE_CENTRES = np.arange(1875.0, 2035.0, 10.0)  # soft decades, σ = 10 years
DECADE_SIGMA = 10.0
LEVEL_CENTRES = np.linspace(0.0, 1.0, 6)  # soft popularity levels, σ = 0.15
LEVEL_SIGMA = 0.15


@dataclass(frozen=True, slots=True)
class ContentParams:
    """Block weights of the content features and the pool's thresholds (see module doc)."""

    genre_weight: float = 1.0
    decade_weight: float = 1.0
    country_weight: float = 1.0
    level_weight: float = 0.5
    listed_weight: float = 0.25
    min_ratings: int = 5
    min_audience: int = 1_000


@dataclass(frozen=True, slots=True)
class ContentIndex:
    """Unit-length feature rows for every catalogue film, and what the blend needs beside them.

    Arrays are aligned with ``ids`` (sorted catalogue movieIds); all are read-only.
    """

    ids: IntArray
    features: FloatArray  # (films, dims), unit rows
    pool: npt.NDArray[np.bool_]  # recommendable: year, genres and a popularity signal
    popularity: dict[str | None, FloatArray]  # the prior per region ("KR" or None), 0–1
    genres: npt.NDArray[np.uint32]  # genre bitmasks for MMR
    twins: npt.NDArray[np.int32]  # films sharing a normalised title and year share a group ≥ 0
    korean: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.ids.size)

    def positions(self, movie_ids: Iterable[int]) -> IntArray:
        """Positions of the known ids (unknown ids skipped, duplicates removed)."""
        wanted = np.fromiter(movie_ids, dtype=np.int64)
        if wanted.size == 0 or self.ids.size == 0:
            return np.empty(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, wanted), self.ids.size - 1)
        return np.unique(pos[self.ids[pos] == wanted])

    def profile(
        self, positives: IntArray, negatives: IntArray, negative_weight: float
    ) -> FloatArray | None:
        """A user's taste as one unit vector (None when nothing is known)."""
        if positives.size == 0:
            return None
        vector = self.features[positives].sum(axis=0, dtype=np.float64)
        if negatives.size and negative_weight:
            vector -= negative_weight * self.features[negatives].sum(axis=0, dtype=np.float64)
        norm = float(np.linalg.norm(vector))
        if norm <= 0:
            return None
        unit: FloatArray = (vector / norm).astype(np.float32)
        return unit

    def similarity(self, profile: FloatArray, rows: IntArray) -> FloatArray:
        """Cosine similarity of the profile to the given rows."""
        return np.asarray(self.features[rows] @ profile, dtype=np.float32)


def _soft(values: npt.NDArray[np.float64], centres: npt.NDArray[np.float64], sigma: float
          ) -> npt.NDArray[np.float64]:  # fmt: skip
    """Gaussian memberships of each value in each centre's bucket, unit length per row."""
    out = np.exp(-0.5 * ((values[:, None] - centres[None, :]) / sigma) ** 2)
    norm = np.linalg.norm(out, axis=1, keepdims=True)
    return np.asarray(out / np.maximum(norm, 1e-12))


def _unit(block: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    norm = np.linalg.norm(block, axis=1, keepdims=True)
    return np.asarray(np.where(norm > 0, block / np.maximum(norm, 1e-12), 0.0))


def build_index(
    films: FilmTable | Iterable[Movie], params: ContentParams, vocabulary: list[str]
) -> ContentIndex:
    """Features, pool, priors and twin groups of these films (ids must be unique).

    ``films`` is the catalogue's column table (sorted by id, as ``Catalogue.table`` is: the bot
    builds the index from columns in a few hundred milliseconds, never creating 89k ``Movie``
    objects) or any iterable of ``Movie`` (tests, benchmarks).  ``vocabulary`` is the genre list
    of the MMR bitmasks (the artifact's, so that EASE items and catalogue films share one
    encoding); genres outside it still count as content features.
    """
    table = films if isinstance(films, FilmTable) else _table(films)
    ids = np.asarray(table.ids, dtype=np.int64)
    n = int(ids.size)
    if n > 1 and np.any(np.diff(ids) <= 0):
        raise ValueError("film ids must be sorted and unique")
    codes = np.asarray(table.genre_codes, dtype=np.int64)
    names = sorted({g for genres in table.genre_sets for g in genres} | set(vocabulary))
    column = {g: k for k, g in enumerate(names)}
    # One multi-hot row per distinct genre set, then one per film by its set's code.
    set_hot = np.zeros((len(table.genre_sets), len(names)), dtype=np.float64)
    for row, genres in enumerate(table.genre_sets):
        set_hot[row, [column[g] for g in genres]] = 1.0
    multi_hot = set_hot[codes]
    years = np.asarray(table.years, dtype=np.float64)
    # MovieLens ratings, or TMDB votes for the films newer than MovieLens (issue 21)
    ratings = np.maximum(np.asarray(table.ratings, dtype=np.int64),
                         np.asarray(table.votes, dtype=np.int64))  # fmt: skip
    audience = np.asarray(table.audience, dtype=np.int64)
    ranks = np.asarray(table.ranks, dtype=np.int64)
    listed = ranks > 0
    has_genres = multi_hot.any(axis=1)
    # Releases after KOBIS's last admissions (held back from March 2025): the catalogue keeps
    # only those a box-office chart listed, so each is a film people know.
    charted = np.asarray(table.releases, dtype=np.int64) >= FIGURES_END.toordinal()
    pool = (
        (years > 0)
        & has_genres
        & ((ratings >= params.min_ratings) | (audience >= params.min_audience) | listed | charted)
    )
    # IDF over the pool: what the recommendable films make common or rare.
    df = multi_hot[pool].sum(axis=0)
    idf = np.log((max(int(pool.sum()), 1) + 1.0) / (df + 1.0)) + 1e-3
    genre = _unit(multi_hot * idf[None, :])
    decade = np.where(years[:, None] > 0, _soft(years, DECADE_CENTRES, DECADE_SIGMA), 0.0)
    # Country one-hot: a known country's slot, "other", or "unknown" (the empty code).
    slot = {c: k for k, c in enumerate(COUNTRIES)}
    slot_of_code = np.asarray(
        [len(COUNTRIES) + 1 if not c else slot.get(c, len(COUNTRIES)) for c in table.countries],
        dtype=np.int64,
    )
    country_slots = slot_of_code[np.asarray(table.country_codes, dtype=np.int64)]
    country = np.zeros((n, len(COUNTRIES) + 2), dtype=np.float64)
    country[np.arange(n), country_slots] = 1.0
    zeros = np.zeros(n, dtype=np.int64)
    known_ml = popularity(ratings)
    known_kr = popularity_kr(zeros, audience, ranks)  # Korea's own signals, not MovieLens'
    levels = np.hstack(
        [_soft(known_ml, LEVEL_CENTRES, LEVEL_SIGMA), _soft(known_kr, LEVEL_CENTRES, LEVEL_SIGMA)]
    ) / math.sqrt(2.0)
    on_service = np.stack([listed, ~listed], axis=1).astype(np.float64)
    features = _unit(
        np.hstack(
            [
                params.genre_weight * genre,
                params.decade_weight * decade,
                params.country_weight * country,
                params.level_weight * levels,
                params.listed_weight * on_service,
            ]
        )
    ).astype(np.float32)
    set_masks, _ = genre_masks(["|".join(g) for g in table.genre_sets], vocabulary)
    masks = set_masks[codes]
    korean = country_slots == slot["KR"]
    for array in (ids, features, pool, masks, korean):
        array.setflags(write=False)
    priors = {
        None: known_ml.astype(np.float32),
        "KR": popularity_kr(ratings, audience, ranks).astype(np.float32),
    }
    for prior in priors.values():
        prior.setflags(write=False)
    twins = _twin_groups(table.keys, years, pool)
    twins.setflags(write=False)
    return ContentIndex(ids, features, pool, priors, masks, twins, korean)


def _table(movies: Iterable[Movie]) -> FilmTable:
    return FilmTable.from_movies(sorted(movies, key=lambda m: m.movie_id))


def _twin_groups(
    keys: list[str], years: npt.NDArray[np.float64], pool: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int32]:
    """Group ids of pool films that share a normalised title and year (-1: no twin).

    MovieLens lists a few films twice and a KOBIS record sometimes duplicates a MovieLens one
    under the same title; a list should not show both.
    """
    groups = np.full(len(keys), -1, dtype=np.int32)
    seen: dict[tuple[str, float], list[int]] = {}
    for row in np.flatnonzero(pool).tolist():
        seen.setdefault((keys[row], float(years[row])), []).append(row)
    group = 0
    for rows in seen.values():
        if len(rows) > 1:
            groups[rows] = group
            group += 1
    return groups
