"""Example films for a song: "films like this" under an /ost answer, chosen for the song itself.

The first version took the 300 best-known films having the reply's first two genres and let the
recommender order them with one mood read from valence and energy (on the wrong scale: every
song read as "killing time"). For a user without favourites popularity outweighed the mood,
and the genre pair was a hard filter, so an upbeat dance track and a sad acoustic ballad both
got Lethal Weapon, Pulp Fiction and Lethal Weapon 2 (issue 25). Here every film of the genres
the reply names — among the films its audience knows — is scored on four things, each z-scored
over those candidates:

* **genres** — how likely a film with exactly this genre set is to use this song rather than a
  typical soundtrack track: the naive-Bayes log-likelihood ratio Σ log(p/q) over the genres
  it has plus Σ log((1−p)/(1−q)) over those it lacks, with p the model's calibrated fit and q
  the typical track's (``GenreFit.fit`` / ``typical``). The whole profile counts, not only the
  named genres: a song that suits Romance but not Horror lifts romantic dramas over horror
  dramas;
* **mood** — what the film is like (the recommender's plot- and keyword-based mood scores,
  ``Recommender.mood_fit``) against what the song feels like. A song is placed among the moods
  by valence (pleasant–unpleasant), energy (arousal) and acousticness (gentle) — the circumplex
  of affect — as soft weights (``song_moods``), so a small change of valence moves the films a
  little rather than flipping one mood to another; genres that break a mood (horror on a calm
  evening) are pushed down by that mood's weight;
* **popularity** with the user's audience (Korea's for a user in Korea): modest, so that the
  films are ones people know without every song getting the same blockbusters;
* **taste** — the recommender's blended score for a user with favourites or 👍 (nothing
  otherwise: for a new user it is popularity again).

The three picks are then taken best first, never two of one series nor two of one title
(``same_series``). The weights were chosen on validation songs by bench/ost_examples.py, which
prints the test figures beside the old method. Everything heavy (every mood's scores over the
known films) is computed once when the service is built; a pick is a few small numpy passes
(about a millisecond for a new user).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from inference.catalogue.films import MOVIELENS_GENRE, Movie
from inference.catalogue.search import Catalogue
from inference.catalogue.series import split_part, starts_series
from inference.catalogue.titles import compact
from inference.ost.service import GenreFit, OstPrediction
from inference.recommender.moods import MOOD_PROFILES
from inference.recommender.service import Recommender, UserSignals

FloatArray = npt.NDArray[np.float64]

#: Where each mood sits for a song: (valence, energy, acousticness), 0–1. Valence and energy
#: are the two axes of Russell's circumplex of affect (pleasant–unpleasant, calm–aroused);
#: acousticness separates a gentle acoustic ballad from a dark synth track of the same valence.
#: Moods that say nothing about a song's sound (twist, mind-bending) have no place.
MOOD_ANCHORS: dict[str, tuple[float, float, float]] = {
    "killing_time": (0.75, 0.85, 0.10),
    "funny": (0.90, 0.70, 0.20),
    "feel_good": (0.80, 0.55, 0.35),
    "cozy": (0.70, 0.30, 0.75),
    "romantic": (0.60, 0.45, 0.50),
    "calm": (0.45, 0.20, 0.85),
    "rainy_day": (0.30, 0.30, 0.70),
    "thoughtful": (0.30, 0.45, 0.50),
    "sad": (0.12, 0.25, 0.60),
    "exciting": (0.40, 0.90, 0.05),
    "scary": (0.10, 0.75, 0.20),
}
#: Acousticness counts this much against valence and energy in the distance to an anchor.
ACOUSTIC_WEIGHT = 0.5
#: Genres the model predicts that the catalogue (MovieLens genres) cannot show: History is
#: folded into Drama there, so a film's lack of it says nothing.
UNOBSERVED = frozenset({"History"})
_FROM_MOVIELENS = {"Film-Noir": "Crime"} | {v: k for k, v in MOVIELENS_GENRE.items()
                                            if k not in UNOBSERVED}  # fmt: skip
_SUBTITLE = re.compile(r"\s*(?::|\s-\s|–|—).*$")
_WORD = re.compile(r"\w+")
#: Two titles sharing this many first words (and at least SHARED_CHARS letters) are taken
#: as one series: "Harry Potter and the …", "Pirates of the Caribbean …".
SHARED_WORDS, SHARED_CHARS = 3, 12
#: The most films a request may draw from, per audience (``ExampleWeights.known`` ≤ this).
UNIVERSE = 5000


@dataclass(frozen=True, slots=True)
class ExampleWeights:
    """How the four parts are mixed (z units each), how many of the best-known films of the
    user's region are candidates at all, and how sharply a song's moods are read (σ of the
    Gaussian kernel over the anchors; smaller: nearer the one closest mood). Chosen on the
    validation songs of bench/ost_examples.py."""

    genre: float = 2.0
    mood: float = 1.5
    popularity: float = 0.5
    # Not tuned (the validation songs have no listener): as much as the song's genres, so a
    # user's favourites visibly shape the list.
    taste: float = 2.0
    avoid: float = 1.0  # z units a film loses per unit weight of moods its genres break
    known: int = 5000  # candidates: the region's best-known films (recommendable pool)
    sigma: float = 0.3


DEFAULT_WEIGHTS = ExampleWeights()


def song_moods(values: Mapping[str, float], sigma: float = DEFAULT_WEIGHTS.sigma
               ) -> dict[str, float]:  # fmt: skip
    """Soft weights (summing to 1) of the moods a song suggests, from its valence, energy and
    acousticness on the model's 0–100 scale; {} when valence or energy is unknown."""
    valence, energy = values.get("valence"), values.get("energy")
    if valence is None or energy is None:
        return {}
    point = (valence / 100.0, energy / 100.0, values.get("acousticness", 30.0) / 100.0)
    logits = {}
    for mood, anchor in MOOD_ANCHORS.items():
        distance = ((point[0] - anchor[0]) ** 2 + (point[1] - anchor[1]) ** 2
                    + ACOUSTIC_WEIGHT * (point[2] - anchor[2]) ** 2)  # fmt: skip
        logits[mood] = -distance / (2.0 * sigma * sigma)
    top = max(logits.values())
    weights = {m: math.exp(v - top) for m, v in logits.items()}
    total = sum(weights.values())
    return {m: w / total for m, w in weights.items() if w / total >= 1e-3}


def genre_log_ratio(scores: Sequence[GenreFit], genres: Sequence[str]
                    ) -> tuple[FloatArray, float]:  # fmt: skip
    """Per genre of ``genres`` the log-ratio a film gains by having it, and the constant every
    film gets for lacking all of them: log(p/q) − log((1−p)/(1−q)) and Σ log((1−p)/(1−q)),
    p the song's fit and q the typical track's (clipped to 1–99 %)."""
    by_name = {s.genre: s for s in scores}
    has = np.zeros(len(genres), dtype=np.float64)
    base = 0.0
    for i, genre in enumerate(genres):
        score = by_name.get(genre)
        if score is None or genre in UNOBSERVED:
            continue
        p = min(max(score.fit, 1), 99) / 100.0
        q = min(max(score.typical, 1), 99) / 100.0
        absent = math.log((1.0 - p) / (1.0 - q))
        has[i] = math.log(p / q) - absent
        base += absent
    return has, base


def ost_genres(genres: Sequence[str]) -> frozenset[str]:
    """A catalogue film's (MovieLens) genres in the OST model's names: Sci-Fi → Science
    Fiction, Children → Family, Musical → Music, Film-Noir → Crime."""
    return frozenset(_FROM_MOVIELENS.get(g, g) for g in genres)


def _zscore(values: FloatArray) -> FloatArray:
    std = float(values.std()) if values.size else 0.0
    return np.zeros_like(values) if std <= 0 else (values - values.mean()) / std


def series_base(title: str) -> str:
    """The name a title's series goes by: without a subtitle ("Star Wars: Episode V …") or a
    part number ("범죄도시 2", "Lethal Weapon 2")."""
    base = _SUBTITLE.sub("", title).strip() or title
    part = split_part(base)
    return part.base if part is not None else base


def same_series(a: Movie, b: Movie) -> bool:
    """Whether two films read as one series or one title (in English or Korean): one's name
    starts the other's ("Lethal Weapon" / "Lethal Weapon 2", "The Dark Knight" / "The Dark
    Knight Rises"), or they share a long opening ("Harry Potter and the …"). Errs towards
    "same": two films wrongly kept apart cost one example, two of one series look fixed."""
    for x, y in ((a.title, b.title), (a.title_ko or "", b.title_ko or "")):
        if not x or not y:
            continue
        base_x, base_y = series_base(x), series_base(y)
        if compact(base_x) == compact(base_y):
            return True
        if starts_series(y, base_x) is not None or starts_series(x, base_y) is not None:
            return True
        words_x, words_y = _WORD.findall(x.casefold()), _WORD.findall(y.casefold())
        shared = words_x[:SHARED_WORDS]
        if (len(shared) == SHARED_WORDS and shared == words_y[:SHARED_WORDS]
                and len("".join(shared)) >= SHARED_CHARS):  # fmt: skip
            return True
    return False


class ExampleFilms:
    """Built once from the catalogue and the recommender; ``choose`` is thread-safe (nothing
    is mutated after construction)."""

    def __init__(
        self,
        catalogue: Catalogue,
        recommender: Recommender,
        weights: ExampleWeights = DEFAULT_WEIGHTS,
        *,
        universe: int = UNIVERSE,
    ) -> None:
        self._catalogue = catalogue
        self._recommender = recommender
        self.weights = weights
        pool_ids = recommender.pool_ids
        prior = {region: recommender.pool_prior(region) for region in ("KR", None)}
        size = max(universe, weights.known, 1)
        # The films held at all: the best known to either audience; a request takes those its
        # own audience ranks within ``ExampleWeights.known``.
        order = {region: np.argsort(-p, kind="stable") for region, p in prior.items()}
        positions = np.unique(np.concatenate([o[:size] for o in order.values()]))
        self._positions = positions
        self.ids: npt.NDArray[np.int64] = pool_ids[positions]
        self._rank = {}
        for region, ranked in order.items():
            rank = np.empty(pool_ids.size, dtype=np.int64)
            rank[ranked] = np.arange(pool_ids.size)
            self._rank[region] = rank[positions]
        self._popularity = {region: p[positions] for region, p in prior.items()}
        table = catalogue.table
        rows = np.searchsorted(table.ids, self.ids)
        genre_sets = [table.genre_sets[int(table.genre_codes[r])] for r in rows]
        # Every film's genres in the OST model's names (Sci-Fi → Science Fiction …).
        self.genres = sorted({_FROM_MOVIELENS.get(g, g) for s in genre_sets for g in s})
        column = {g: i for i, g in enumerate(self.genres)}
        self._has = np.zeros((positions.size, len(self.genres)), dtype=np.float64)
        for i, genres in enumerate(genre_sets):
            for genre in genres:
                self._has[i, column[_FROM_MOVIELENS.get(genre, genre)]] = 1.0
        self._has.setflags(write=False)
        self._column = column
        # Every mood's fit, z-scored over these films (the scale the weights were chosen in).
        self.moods = [m for m in MOOD_ANCHORS if m in MOOD_PROFILES]
        fits = []
        for mood in self.moods:
            fit = recommender.mood_fit(mood)
            fits.append(np.zeros(positions.size) if fit is None else _zscore(fit[positions]))
        self._mood_fit = np.stack(fits, axis=1) if fits else np.zeros((positions.size, 0))
        self._avoids = np.stack(
            [self._has[:, [column[g] for g in self._avoided(m) if g in column]].max(axis=1,
             initial=0.0) for m in self.moods], axis=1,
        ) if self.moods else np.zeros((positions.size, 0))  # fmt: skip
        for array in (self._mood_fit, self._avoids):
            array.setflags(write=False)

    @staticmethod
    def _avoided(mood: str) -> list[str]:
        return [_FROM_MOVIELENS.get(g, g) for g in MOOD_PROFILES[mood].avoid]

    def candidates(self, genres: Sequence[str], region: str | None, known: int | None = None
                   ) -> npt.NDArray[np.int64]:  # fmt: skip
        """Rows of the ``known`` films best known to the region's audience that have any of
        ``genres`` (OST names; History, which the catalogue folds into Drama, as Drama)."""
        names = {"Drama" if g in UNOBSERVED else g for g in genres}
        wanted = [self._column[g] for g in sorted(names) if g in self._column]
        limit = self.weights.known if known is None else known
        known_rows = self._rank["KR" if region == "KR" else None] < limit
        if not wanted:
            return np.flatnonzero(known_rows)
        return np.flatnonzero(known_rows & (self._has[:, wanted].sum(axis=1) > 0))

    def scores(
        self,
        prediction: OstPrediction,
        values: Mapping[str, float],
        rows: npt.NDArray[np.int64],
        region: str | None,
        signals: UserSignals | None = None,
        weights: ExampleWeights | None = None,
    ) -> FloatArray:
        """The mixed score of the films at ``rows`` for this song (see the module doc)."""
        w = weights or self.weights
        total = np.zeros(rows.size, dtype=np.float64)
        if w.genre:
            ratio, base = genre_log_ratio(prediction.scores, self.genres)
            total += w.genre * _zscore(self._has[rows] @ ratio + base)
        moods = song_moods(values, w.sigma)
        if moods and (w.mood or w.avoid):
            mix = np.asarray([moods.get(m, 0.0) for m in self.moods], dtype=np.float64)
            if w.mood:
                total += w.mood * _zscore(self._mood_fit[rows] @ mix)
            total -= w.avoid * (self._avoids[rows] @ mix)
        if w.popularity:
            total += w.popularity * _zscore(self._popularity["KR" if region == "KR" else None]
                                            [rows])  # fmt: skip
        if w.taste and signals is not None and (signals.favourites or signals.liked):
            taste = self._recommender.blended_scores(signals, region)
            total += w.taste * _zscore(taste[self._positions[rows]])
        return total

    def choose(
        self,
        prediction: OstPrediction,
        genres: Sequence[str],
        values: Mapping[str, float],
        *,
        region: str | None = None,
        signals: UserSignals | None = None,
        exclude: frozenset[int] = frozenset(),
        k: int = 3,
        weights: ExampleWeights | None = None,
    ) -> list[Movie]:
        """The ``k`` example films for a song: ``genres`` are the ones the reply names (the
        candidates have at least one), ``values`` its features on the model's scale; never a
        film in ``exclude`` (the song's own film), nor one the user named, rated or watched,
        nor two of one series."""
        if k <= 0:
            return []
        rows = self.candidates(genres, region, (weights or self.weights).known)
        blocked = set(exclude)
        if signals is not None:
            blocked |= (signals.favourites | signals.liked | signals.disliked | signals.watched
                        | signals.excluded)  # fmt: skip
        if blocked:
            rows = rows[~np.isin(self.ids[rows], np.fromiter(blocked, dtype=np.int64))]
        if rows.size == 0:
            return []
        score = self.scores(prediction, values, rows, region, signals, weights)
        popularity = self._popularity["KR" if region == "KR" else None][rows]
        order = rows[np.lexsort((self.ids[rows], -popularity, -score))]
        # The song's own film and its series are not examples of it (nor a second record of it).
        avoid = [m for m in (self._catalogue.get(int(i)) for i in exclude) if m is not None]
        picks: list[Movie] = []
        for row in order.tolist():
            movie = self._catalogue.get(int(self.ids[row]))
            if movie is None or any(same_series(movie, other) for other in (*avoid, *picks)):
                continue
            picks.append(movie)
            if len(picks) == k:
                break
        return picks

