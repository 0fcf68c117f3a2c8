"""How alike two films are, from what they are: facts, plot, keywords and the people in them.

The catalogue's facts (genres, era, country, renown: ``content.ContentIndex``) say that
기생충 and 극한직업 are both Korean comedies of 2019; they cannot say that 기생충 is a class
satire closer to 하녀, Us or 버닝.  ``FilmSpace`` adds what can: the plot embedded with the
multilingual sentence encoder (``film_content``), TMDB/IMDb keywords ("class differences",
"social satire"), and the people — director and leads, IDF-weighted so that sharing 봉준호 says
more than sharing a prolific supporting actor.  Each block is a set of unit vectors over the
recommender's pool; a profile (one seed film, or a user's favourites summed) is scored against
every pool film block by block, each block z-scored over the films that have it, and the blocks
are mixed with ``SimilarityWeights``.  A film that lacks a block (no plot text, no credits)
takes ``missing_z`` there rather than zero, so a textless film is neither favoured nor dropped.

The weights are chosen on the validation seeds of a judged similarity set
(``data/recommender/judged/``, bench/recommend_quality.py) and stored in the recommender
artifact's metadata.  Nothing here is mutated after construction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from inference.catalogue.credits import DIRECTOR
from inference.recommender.content import ContentIndex
from inference.recommender.film_content import FilmContent
from inference.recommender.moods import MOOD_PROFILES

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CreditColumns = tuple[IntArray, npt.NDArray[np.int32], npt.NDArray[np.int8],
                      npt.NDArray[np.int16]]  # fmt: skip
NO_IDS: IntArray = np.zeros(0, dtype=np.int64)
LEADS = 5  # billed actors that count; the rest of a cast says little about the film
BILLING_DECAY = 0.75  # the n-th lead weighs 0.75ⁿ of the first
DIRECTOR_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class SimilarityWeights:
    """Block weights of a similarity score (see module doc).  The defaults are the served
    "films like X" weights, chosen on the judged set's validation seeds (bench/similar_quality.py,
    part E) and written into the recommender artifact's metadata by its training."""

    facts: float = 1.5
    plot: float = 2.0
    keywords: float = 0.25
    people: float = 0.5
    collaborative: float = 0.5  # used by the recommender, which owns the collaborative model
    missing_z: float = -1.0
    prior: float = 1.5  # z-scored popularity: films people know (fans name those)
    # A film much less known than the seed (0–1 popularity below the seed's minus this) is not
    # offered as "like" it: fans of 기생충 name films they could find, not Bong's student shorts.
    renown_gap: float = 0.4
    z_cap: float = 0.0  # each block's z-scores capped at ± this, 0: no cap (zscore_available)

    def block(self, name: str) -> float:
        return float(getattr(self, name))

    @classmethod
    def from_dict(cls, values: dict[str, float]) -> SimilarityWeights:
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in values.items() if k in known})


def _personal_default() -> SimilarityWeights:
    # Facts are already the recommender's own content part; only what they miss is added.
    return SimilarityWeights(facts=0.0, plot=0.5, keywords=0.25, people=0.25, collaborative=0.0,
                             prior=0.0)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MoodWeights:
    """How a mood is read from content: the plot's and keywords' weights, the z-score of a film
    without plot or keywords, and how strongly the mood re-ranks a list (in z units)."""

    plot: float = 0.5
    keywords: float = 0.5
    missing_z: float = -1.0
    strength: float = 0.5
    top: int = 0  # only the films fitting best (this many) may be listed; 0: every film


@dataclass(frozen=True, slots=True)
class SimilarParams:
    """The served similarity: "films like X" (``seed``), what the blocks add to a personal list
    (``personal``) and the MMR λ of a "like X" list (chosen in bench/similar_quality.py)."""

    seed: SimilarityWeights = field(default_factory=SimilarityWeights)
    personal: SimilarityWeights = field(default_factory=_personal_default)
    mmr_lambda: float = 0.85
    mood: MoodWeights = field(default_factory=MoodWeights)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> SimilarParams:
        return cls(
            SimilarityWeights.from_dict(values.get("seed", {})),
            SimilarityWeights.from_dict(values.get("personal", asdict(_personal_default()))),
            float(values.get("mmr_lambda", 0.85)),
            MoodWeights(**values.get("mood", {})),
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """A taste in every block: unit vectors (None where none of its films has the block)."""

    facts: npt.NDArray[np.float32] | None
    plot: npt.NDArray[np.float32] | None
    keywords: npt.NDArray[np.float32] | None
    people: npt.NDArray[np.float32] | None


def _unit(vector: npt.NDArray[np.float64]) -> npt.NDArray[np.float32] | None:
    norm = float(np.linalg.norm(vector))
    return None if norm <= 1e-9 else (vector / norm).astype(np.float32)


def zscore_available(values: FloatArray, available: npt.NDArray[np.bool_], missing: float,
                     cap: float = np.inf) -> FloatArray:  # fmt: skip
    """``values`` z-scored over the available entries, capped at ±``cap``; the others take
    ``missing``.  The cap matters for the sparse blocks: sharing a director is a z of 30 over
    48,000 films that share nothing — right for "films like X", where the director is what
    fans name first, but it drowns everything else in a profile of ten favourites."""
    out = np.full(values.size, missing, dtype=np.float64)
    if not available.any():
        return out
    part = values[available]
    std = float(part.std())
    out[available] = np.clip((part - part.mean()) / std, -cap, cap) if std > 0 else 0.0
    return out


class FilmSpace:
    """Every pool film in the four blocks; profiles of any catalogue film."""

    def __init__(
        self,
        index: ContentIndex,
        pool_rows: IntArray,
        film_content: FilmContent,
        credits: CreditColumns,
    ) -> None:
        self._index = index
        self.pool_ids: IntArray = index.ids[pool_rows]
        self._facts = index.features[pool_rows]
        self._content = film_content
        self._idf = film_content.keyword_idf(self.pool_ids)
        blocks = film_content.blocks(self.pool_ids, self._idf)
        self._plot_rows = blocks.plot_rows
        self._plot = blocks.plot
        self._has_plot = np.zeros(self.pool_ids.size, dtype=np.bool_)
        self._has_plot[blocks.plot_rows] = True
        self._keywords = blocks.keywords
        self._has_keywords = blocks.has_keywords
        self._credits = credits
        n_people = int(credits[1].max()) + 1 if credits[1].size else 1
        self._n_people = n_people
        raw = self._people_matrix(self.pool_ids, None)
        df = np.bincount(raw.indices, minlength=n_people).astype(np.float64)
        self._people_idf = np.where(df > 0, np.log((self.pool_ids.size + 1.0) / (df + 1.0)),
                                    0.0).astype(np.float32)  # fmt: skip
        self._people = _unit_rows(raw.multiply(self._people_idf[None, :]).tocsr())
        self._has_people = np.diff(self._people.indptr) > 0
        self.available = {"facts": np.ones(self.pool_ids.size, dtype=np.bool_),
                          "plot": self._has_plot, "keywords": self._has_keywords,
                          "people": self._has_people}  # fmt: skip
        for array in (self._facts, self._plot, self._has_plot, self._has_people):
            array.setflags(write=False)

    def _people_matrix(self, movie_ids: IntArray, idf: npt.NDArray[np.float32] | None
                       ) -> sparse.csr_matrix:  # fmt: skip
        """Rows of director and lead weights (times ``idf`` when given) for these films."""
        movie, person, role, order = self._credits
        starts = np.searchsorted(movie, movie_ids)
        ends = np.searchsorted(movie, movie_ids, side="right")
        lengths = (ends - starts).astype(np.int64)
        total = int(lengths.sum())
        within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        at = np.repeat(starts, lengths) + within
        is_director = role[at] == DIRECTOR
        billing = order[at].astype(np.float64)
        lead = np.where(billing < LEADS, BILLING_DECAY ** np.maximum(billing, 0), 0.0)
        weight = np.where(is_director, DIRECTOR_WEIGHT, lead)
        owner = np.repeat(np.arange(movie_ids.size), lengths)
        matrix = sparse.csr_matrix((weight.astype(np.float32), (owner, person[at])),
                                   shape=(movie_ids.size, self._n_people))  # fmt: skip
        matrix.sum_duplicates()
        if idf is not None:
            matrix = _unit_rows(matrix.multiply(idf[None, :]).tocsr())
        return matrix

    def profile(self, positives: IntArray, negatives: IntArray = NO_IDS,
                negative_weight: float = 0.0) -> Profile:  # fmt: skip
        """The taste of these films (catalogue ids; 👎 films subtract ``negative_weight``)."""
        ids = np.concatenate([positives, negatives]).astype(np.int64)
        signs = np.concatenate([np.ones(positives.size),
                                np.full(negatives.size, -negative_weight)])  # fmt: skip
        if ids.size == 0:
            return Profile(None, None, None, None)
        rows = self._index.positions(ids)
        known = self._index.ids[rows] if rows.size else np.zeros(0, np.int64)
        sign_of = dict(zip(ids.tolist(), signs.tolist(), strict=True))
        facts_signs = np.asarray([sign_of[int(i)] for i in known], dtype=np.float64)
        facts = _unit(facts_signs @ self._index.features[rows].astype(np.float64)) \
            if rows.size else None  # fmt: skip
        blocks = self._content.blocks(ids, self._idf)
        plot = _unit(signs[blocks.plot_rows] @ blocks.plot.astype(np.float64)) \
            if blocks.plot_rows.size else None  # fmt: skip
        keywords = _unit(np.asarray(blocks.keywords.T @ signs).ravel())
        people = _unit(np.asarray(self._people_matrix(ids, self._people_idf).T @ signs).ravel())
        return Profile(facts, plot, keywords, people)

    def block_scores(self, profile: Profile) -> dict[str, FloatArray]:
        """Cosine of the profile to every pool film, per block the profile has (0 where the
        film lacks the block; see ``available``)."""
        out: dict[str, FloatArray] = {}
        if profile.facts is not None:
            out["facts"] = (self._facts @ profile.facts).astype(np.float64)
        if profile.plot is not None:
            plot = np.zeros(self.pool_ids.size, dtype=np.float64)
            plot[self._plot_rows] = self._plot @ profile.plot
            out["plot"] = plot
        if profile.keywords is not None:
            out["keywords"] = np.asarray(self._keywords @ profile.keywords, dtype=np.float64)
        if profile.people is not None:
            out["people"] = np.asarray(self._people @ profile.people, dtype=np.float64)
        return out

    def score(self, profile: Profile, weights: SimilarityWeights) -> FloatArray:
        """The mixed similarity of every pool film to the profile (z units, before any prior)."""
        total = np.zeros(self.pool_ids.size, dtype=np.float64)
        for name, values in self.block_scores(profile).items():
            weight = weights.block(name)
            if weight:
                cap = weights.z_cap or np.inf
                total += weight * zscore_available(values, self.available[name], weights.missing_z,
                                                   cap)  # fmt: skip
        return total

    def mood_scores(self, mood: str, weights: MoodWeights) -> FloatArray | None:
        """How well every pool film fits a mood by its plot (cosine to the mood's embedded
        texts) and keywords (the mood's tone keywords, IDF-weighted), z-scored; None for a
        mood without a profile."""
        vector = self._content.moods.get(mood)
        profile = MOOD_PROFILES.get(mood)
        if vector is None or profile is None:
            return None
        plot = np.zeros(self.pool_ids.size, dtype=np.float64)
        plot[self._plot_rows] = self._plot @ vector.astype(np.float32)
        total = weights.plot * zscore_available(plot, self._has_plot, weights.missing_z)
        columns = self._content.keyword_columns(profile.keywords)
        if columns.size and weights.keywords:
            wanted = np.zeros(self._keywords.shape[1], dtype=np.float32)
            wanted[columns] = self._idf[columns]
            unit = _unit(wanted.astype(np.float64))
            if unit is not None:
                fit = np.asarray(self._keywords @ unit, dtype=np.float64)
                total += weights.keywords * zscore_available(fit, self._has_keywords,
                                                             weights.missing_z)  # fmt: skip
        return total

    def pairwise(self, positions: IntArray) -> FloatArray:
        """How alike these pool films are to each other (0–1): facts and plot averaged where
        both films have a plot — what MMR uses to keep a list from being ten of a kind."""
        facts = self._facts[positions].astype(np.float64)
        similarity = facts @ facts.T
        has = self._has_plot[positions]
        if has.any():
            lookup = np.full(self.pool_ids.size, -1, dtype=np.int64)
            lookup[self._plot_rows] = np.arange(self._plot_rows.size)
            plot = np.zeros((positions.size, self._plot.shape[1]), dtype=np.float64)
            plot[has] = self._plot[lookup[positions[has]]]
            both = has[:, None] & has[None, :]
            similarity = np.where(both, 0.5 * (similarity + plot @ plot.T), similarity)
        return np.clip(similarity, 0.0, 1.0)


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0).astype(np.float32)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix, dtype=np.float32)
