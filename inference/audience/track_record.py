"""Track records of directors, distributors and actors *as of a date*: an index over past films.

Every query counts only films released strictly before the asked date, so a film's own result
and anything later can never leak into its features (tests/test_audience_features.py proves
it). The same index serves training (each historical film asks as of its own date) and the bot
(a future film asks as of its planned date).

The seed's "흥행" score: rank all films released before the date by audience; a person's best
rank among the top 300 gives 10 points for ranks 1–30, 9 for 31–60, … 1 for 271–300, else 0;
actors' scores are summed. Beside it, continuous figures the seed's 0–10 step throws away: the
best earlier audience (log10), the number of earlier films, and a distributor's recent mean.

``market`` is the size of the cinema market as known at a date, from the same films: admissions
of the films released in the 12 months ending MARKET_LAG_DAYS before the date (their counts are
then nearly final), over the median of the same window in each of the five years before; log10,
clipped to [MARKET_FLOOR, 0]. Only shortfalls count: the list's early years grow with KOBIS's
coverage, not with the market, so positive values carry no market signal. The window never ends
after the last settled release of the table, so a date beyond the data sees the latest market.
(Measured and tested, but not a model input: the second selection's folds rejected it.)

``screen_level`` is how wide a wide release was at a date: the SCREEN_LEVEL_QUANTILE (90%) of
the screen counts of population releases (> MIN_SCREENS screens, > MIN_AUDIENCE admissions) in
the SCREEN_LEVEL_DAYS (24 months) ending MARKET_LAG_DAYS before the date, log10; the same
settled-data stop as ``market``. Screen counts inflated at the top, not in the middle: the 90%
point of a year's releases went from ~430 screens (2008) to ~1,130 (2019) while the median moved
from ~210 to ~270, and the median audience of 1,000+-screen releases fell from ~7M (2009–13) to
~2.5M (2019). A screen count relative to that level means the same thing in any year, so the
model need not read the inflation off the calendar year and extrapolate it.

``market_level`` is a short-horizon market level as of a date, for the fourth selection: the
admissions of population releases in the ``window`` days ending MARKET_LEVEL_LAG_DAYS (30) before
the date, over the mean of the same calendar window in each of the MARKET_LEVEL_YEARS (3) years
before; log10, clipped to [MARKET_FLOOR, MARKET_LEVEL_CEILING]. A shock such as 2020's shows in
it from data available before the release; it has no calendar trend to extrapolate, and past the
table's last settled release it holds its latest value.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

TOP = 300  # the seed's top-300 list
BAND = 30  # ranks per point
MAX_LEADS = 3  # lead actors counted (billing order); more names are ignored
RECENT_DAYS = 3 * 365  # a distributor's "recent" window
PRIOR_LOG_AUDIENCE = 4.5  # 31,623 admissions: shrinkage target for distributors with few films
PRIOR_WEIGHT = 2.0  # pseudo-films of the prior in a distributor's recent mean
MARKET_LAG_DAYS = 60  # a film released this long ago has (nearly) its final count
MARKET_WINDOW_DAYS = 365
MARKET_HISTORY_YEARS = 5
MARKET_FLOOR = -1.0  # a tenth of the usual market (2021 was about a fifth)
SETTLE_DAYS = 42  # the table's latest releases were still in cinemas when it was captured
# The modelled population (the seed's "all" set): more than 50 screens, more than 1,000 admissions.
MIN_SCREENS = 50
MIN_AUDIENCE = 1_000
SCREEN_LEVEL_DAYS = 2 * 365
SCREEN_LEVEL_QUANTILE = 0.9
SCREEN_LEVEL_MIN_FILMS = 30  # fewer releases in the window (early 2008, the data's start): prior
SCREEN_LEVEL_PRIOR = math.log10(400)  # about the 90% point of 2008's releases
MARKET_LEVEL_LAG_DAYS = 30
MARKET_LEVEL_YEARS = 3
MARKET_LEVEL_CEILING = 0.3  # a doubling: the list's early years grow with KOBIS's coverage


@dataclass(frozen=True)
class PastFilm:
    """One released film, as the index needs it."""

    release_date: date
    audience: int
    director: str | None
    distributor: str | None
    actors: tuple[str, ...]
    screens: int = 0  # at release; only ``screen_level`` reads it


@dataclass(frozen=True)
class RecordFeatures:
    """A film's people, scored from films released strictly before its date."""

    director_score: int = 0
    director_best: float = 0.0  # log10 of the best earlier audience; 0 = no earlier film
    director_films: int = 0
    distributor_score: int = 0
    distributor_recent: float = PRIOR_LOG_AUDIENCE
    distributor_films: int = 0  # within RECENT_DAYS
    actor_score: int = 0  # summed over the leads
    actor_best: float = 0.0
    actor_films: int = 0  # summed over the leads


class _Timeline:
    """One person's films by date: running best audience and running sum of log10 audience."""

    def __init__(self, films: list[tuple[int, int]]) -> None:
        films.sort()
        self.days = [d for d, _ in films]
        audiences = np.array([a for _, a in films], dtype=np.float64)
        self.best = np.maximum.accumulate(audiences)
        self.log_sum = np.concatenate([[0.0], np.cumsum(np.log10(audiences))])

    def before(self, day: int) -> int:
        """How many of this person's films were released strictly before ``day``."""
        return bisect.bisect_left(self.days, day)


class TrackRecord:
    """Read-only after construction, so one instance is safe to share between threads."""

    def __init__(self, films: Iterable[PastFilm]) -> None:
        rows = sorted(
            ((f.release_date.toordinal(), f.audience, f) for f in films), key=lambda r: r[:2]
        )
        self._days = [d for d, _, _ in rows]
        self._audience = np.array([a for _, a, _ in rows], dtype=np.int64)
        self._cumulative = np.concatenate([[0.0], np.cumsum(self._audience, dtype=np.float64)])
        self._settled = self._days[-1] - SETTLE_DAYS if self._days else 0
        wide = [
            (day, f.screens)
            for day, audience, f in rows
            if f.screens > MIN_SCREENS and audience > MIN_AUDIENCE
        ]
        self._population_days = [d for d, _ in wide]
        self._population_screens = np.array([s for _, s in wide], dtype=np.float64)
        admissions = [a for day, a, f in rows if f.screens > MIN_SCREENS and a > MIN_AUDIENCE]
        self._population_cumulative = np.concatenate(
            [[0.0], np.cumsum(np.array(admissions, dtype=np.float64))]
        )
        people: dict[str, dict[str, list[tuple[int, int]]]] = {
            "director": defaultdict(list),
            "distributor": defaultdict(list),
            "actor": defaultdict(list),
        }
        for day, audience, film in rows:
            if film.director:
                people["director"][film.director].append((day, audience))
            if film.distributor:
                people["distributor"][film.distributor].append((day, audience))
            for actor in dict.fromkeys(film.actors[:MAX_LEADS]):
                people["actor"][actor].append((day, audience))
        self._timelines = {
            role: {name: _Timeline(films) for name, films in by_name.items()}
            for role, by_name in people.items()
        }

    def names(self, role: str) -> tuple[str, ...]:
        """Every known name of a role ("director", "distributor", "actor"), sorted."""
        return tuple(sorted(self._timelines[role]))

    def _score(self, day: int, best: float) -> int:
        """The seed's points for a best earlier audience, ranked among films before ``day``."""
        earlier = bisect.bisect_left(self._days, day)
        rank = 1 + int(np.count_nonzero(self._audience[:earlier] > best))
        return TOP // BAND - (rank - 1) // BAND if rank <= TOP else 0

    def _person(self, role: str, name: str | None, day: int) -> tuple[int, float, int]:
        """(seed score, log10 best earlier audience, earlier films) of one person."""
        timeline = self._timelines[role].get(name) if name else None
        count = timeline.before(day) if timeline else 0
        if not timeline or count == 0:
            return 0, 0.0, 0
        best = float(timeline.best[count - 1])
        return self._score(day, best), math.log10(best), count

    def _recent(self, name: str | None, day: int) -> tuple[float, int]:
        """A distributor's shrunk mean log10 audience and count over the last RECENT_DAYS."""
        timeline = self._timelines["distributor"].get(name) if name else None
        if not timeline:
            return PRIOR_LOG_AUDIENCE, 0
        end, start = timeline.before(day), timeline.before(day - RECENT_DAYS)
        count = end - start
        total = float(timeline.log_sum[end] - timeline.log_sum[start])
        mean = (total + PRIOR_WEIGHT * PRIOR_LOG_AUDIENCE) / (count + PRIOR_WEIGHT)
        return mean, count

    def _window(self, end: int) -> float:
        """Admissions of the films released in the MARKET_WINDOW_DAYS before ``end``."""
        start = bisect.bisect_left(self._days, end - MARKET_WINDOW_DAYS)
        stop = bisect.bisect_left(self._days, end)
        return float(self._cumulative[stop] - self._cumulative[start])

    def market(self, day: date) -> float:
        """log10 market shortfall at ``day`` (0 = usual size, −0.3 ≈ half); earlier films only."""
        if not self._days:
            return 0.0
        end = min(day.toordinal() - MARKET_LAG_DAYS, self._settled)
        earlier = [
            self._window(end - k * MARKET_WINDOW_DAYS) for k in range(1, MARKET_HISTORY_YEARS + 1)
        ]
        usual = [s for s in earlier if s > 0]
        if not usual:
            return 0.0
        current = self._window(end)
        if current <= 0:
            return MARKET_FLOOR
        return float(np.clip(math.log10(current / float(np.median(usual))), MARKET_FLOOR, 0.0))

    def screen_level(self, day: date) -> float:
        """log10 of the 90% point of population releases' screens before ``day`` (see module)."""
        end = min(day.toordinal() - MARKET_LAG_DAYS, self._settled)
        start = bisect.bisect_left(self._population_days, end - SCREEN_LEVEL_DAYS)
        stop = bisect.bisect_left(self._population_days, end)
        if stop - start < SCREEN_LEVEL_MIN_FILMS:
            return SCREEN_LEVEL_PRIOR
        window = self._population_screens[start:stop]
        return math.log10(float(np.quantile(window, SCREEN_LEVEL_QUANTILE)))

    def _population_window(self, start: int, stop: int) -> float:
        """Admissions of population releases in [start, stop) (ordinals)."""
        first = bisect.bisect_left(self._population_days, start)
        last = bisect.bisect_left(self._population_days, stop)
        return float(self._population_cumulative[last] - self._population_cumulative[first])

    def market_level(self, day: date, window: int) -> float:
        """log10 of the last ``window`` days' population admissions against earlier years'.

        Earlier films only; see the module docstring. 0 when no earlier year has admissions.
        """
        if not self._population_days:
            return 0.0
        end = min(day.toordinal() - MARKET_LEVEL_LAG_DAYS, self._settled)
        usual = [
            self._population_window(end - k * 365 - window, end - k * 365)
            for k in range(1, MARKET_LEVEL_YEARS + 1)
        ]
        usual = [s for s in usual if s > 0]
        if not usual:
            return 0.0
        current = self._population_window(end - window, end)
        if current <= 0:
            return MARKET_FLOOR
        ratio = math.log10(current / float(np.mean(usual)))
        return float(np.clip(ratio, MARKET_FLOOR, MARKET_LEVEL_CEILING))

    def as_of(
        self, day: date, director: str | None, distributor: str | None, actors: Iterable[str]
    ) -> RecordFeatures:
        """Track-record features of a film released on ``day`` (earlier films only)."""
        ordinal = day.toordinal()
        d_score, d_best, d_films = self._person("director", director, ordinal)
        s_score, _, _ = self._person("distributor", distributor, ordinal)
        recent, recent_films = self._recent(distributor, ordinal)
        leads = [self._person("actor", a, ordinal) for a in dict.fromkeys(actors)][:MAX_LEADS]
        return RecordFeatures(
            director_score=d_score,
            director_best=d_best,
            director_films=d_films,
            distributor_score=s_score,
            distributor_recent=recent,
            distributor_films=recent_films,
            actor_score=sum(s for s, _, _ in leads),
            actor_best=max((b for _, b, _ in leads), default=0.0),
            actor_films=sum(n for _, _, n in leads),
        )
