"""Track records, the market and the ceiling *as of a date*: an index over past films.

Every query counts only films released strictly before the asked date, so a film's own result
and anything later can never leak into its features (tests/test_audience_features.py proves
it). The same index serves training (each historical film asks as of its own date) and the bot
(a future film asks as of its planned date).

**The market** (``market``): how many tickets a typical release sold lately — the median log10
admissions, and the median log10 admissions per screen, of the MARKET_TOP (100) largest
population releases (more than MIN_SCREENS screens, more than MIN_AUDIENCE admissions) in the
MARKET_DAYS (a year) ending MARKET_LAG_DAYS (30) before the date. Its per-screen value fell from
~2,700 (2009) to ~1,300 (2019) and ~220 in 2021 (covid). The model forecasts a film *relative
to* this level (models/audience/train.py), so a shock or a trend moves every forecast with the
market instead of being extrapolated from the calendar. The window never ends after the last
settled release of the table, so a date beyond the data sees the latest market.

Why the largest 100 and not every release (the fifth selection's market): the files after
2023-02 list the films that reached a top-10 or a monthly top-100, not every release. On the
seed's complete 2021–22 list, keeping only the films the daily top-10 names raised the median
of every release by 0.07–0.105 log10 (a forecast ×1.2–1.3 too high) but left the median of the
largest 100 unchanged (the weekly top-10 names all of every year's largest 100). The same holds
for the screen level below (the 60th widest release: unchanged; the 90 % point: +0.035–0.064).
``market_top=None`` / ``screen_rank=None`` give the fifth selection's definitions (to score
the model trained with them).

**Track records**: a person's earlier films, each measured against the market of its own date
(``excess``: log10 admissions minus the market's median then; ``per-screen excess``: the same
per screen), so a 2009 hit and a 2021 hit count alike. Per director, distributor (its last
RECENT_DAYS only, counted back from the data's end for a date past it) and lead actors: the
best and mean excess, the mean per-screen excess, the number of earlier films, and the seed's
"흥행" score (best rank among the top 300 films released before the date: 10 points for ranks
1–30 … 1 for 271–300). ``career`` gives the same films in
words (how many, how many over a million) for the reply's explanations.

**Screen level** (``screen_level``): how wide a wide release was at a date — the screens of the
SCREEN_LEVEL_RANK-th (60th) widest population release in the two years ending 60 days before it
(log10; with fewer than 600 releases, the 90 % point), about the 90 % point of a full list; a
screen count relative to it means the same in any year.

**Ceiling** (``ceiling``): no forecast or bound may exceed the largest audience the market has
given one film as known at the date: the record so far, or the largest yearly market share any
film reached (complete years from SHARE_FROM_YEAR) times the latest complete year's admissions,
whichever is larger.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

TOP = 300  # the seed's top-300 list
BAND = 30  # ranks per point
MAX_LEADS = 3  # lead actors counted (billing order); more names are ignored
RECENT_DAYS = 3 * 365  # a distributor's "recent" window
SETTLE_DAYS = 42  # the table's latest releases were still in cinemas when it was captured
# The modelled population (the seed's "all" set): more than 50 screens, more than 1,000 admissions.
MIN_SCREENS = 50
MIN_AUDIENCE = 1_000
MARKET_DAYS = 365
MARKET_LAG_DAYS = 30
MARKET_MIN_FILMS = 30  # fewer releases in the window (the data's start): the first full one
MARKET_TOP = 100  # the market is the median of the window's largest releases
SCREEN_LEVEL_RANK = 60  # the screen level is the screens of the window's 60th widest release
SCREEN_LEVEL_DAYS = 2 * 365
SCREEN_LEVEL_LAG_DAYS = 60
SCREEN_LEVEL_QUANTILE = 0.9
SCREEN_LEVEL_MIN_FILMS = 30
SCREEN_LEVEL_PRIOR = math.log10(400)  # about the 90% point of 2008's releases
NO_RECORD = -3.0  # best / mean excess of a newcomer: below any real value (min ≈ −2.6)
SHARE_FROM_YEAR = 2006  # KOBIS's yearly totals cover the whole market from here on
MILLION = 1_000_000


@dataclass(frozen=True)
class PastFilm:
    """One released film, as the index needs it."""

    release_date: date
    audience: int
    director: str | None
    distributor: str | None
    actors: tuple[str, ...]
    screens: int = 0  # at release
    title: str = ""


@dataclass(frozen=True)
class Market:
    """The typical recent release at a date: log10 admissions and log10 admissions per screen."""

    audience: float
    per_screen: float


@dataclass(frozen=True)
class RecordFeatures:
    """A film's people, scored from films released strictly before its date."""

    director_score: int = 0
    director_films: int = 0
    director_best: float = NO_RECORD
    director_mean: float = NO_RECORD
    director_per_screen: float = NO_RECORD
    distributor_score: int = 0
    distributor_films: int = 0  # within RECENT_DAYS
    distributor_best: float = NO_RECORD
    distributor_mean: float = NO_RECORD
    distributor_per_screen: float = NO_RECORD
    actor_score: int = 0  # summed over the leads
    actor_films: int = 0  # summed over the leads
    actor_best: float = NO_RECORD  # the best lead's best
    actor_mean: float = NO_RECORD  # mean of the leads' means
    actor_per_screen: float = NO_RECORD


@dataclass(frozen=True)
class Career:
    """One person's earlier films as the reply words them (``films`` = 0: a newcomer)."""

    name: str
    films: int = 0
    over_million: int = 0
    over_100k: int = 0
    best_audience: int = 0
    best_title: str = ""
    median_audience: int = 0


@dataclass(frozen=True)
class _Entry:
    day: int
    audience: int
    excess: float
    per_screen: float  # NaN without a screen count
    title: str


class _Timeline:
    """One person's films by date, with running best excess and prefix sums for means."""

    def __init__(self, entries: list[_Entry]) -> None:
        entries = sorted(entries, key=lambda e: (e.day, -e.audience))  # a copy: see ``_timeline``
        self.entries = entries
        self.days = [e.day for e in entries]
        excess = np.array([e.excess for e in entries], dtype=np.float64)
        per_screen = np.array([e.per_screen for e in entries], dtype=np.float64)
        audience = np.array([e.audience for e in entries], dtype=np.float64)
        known = np.isfinite(per_screen)
        self.best_audience = np.maximum.accumulate(audience)
        self.excess_sum = np.concatenate([[0.0], np.cumsum(excess)])
        self.per_screen_sum = np.concatenate([[0.0], np.cumsum(np.where(known, per_screen, 0.0))])
        self.per_screen_count = np.concatenate([[0], np.cumsum(known)])
        self.excess = excess

    def before(self, day: int) -> int:
        """How many of this person's films were released strictly before ``day``."""
        return bisect.bisect_left(self.days, day)

    def summary(self, start: int, stop: int) -> tuple[int, float, float, float]:
        """(films, best excess, mean excess, mean per-screen excess) of entries [start, stop)."""
        count = stop - start
        if count <= 0:
            return 0, NO_RECORD, NO_RECORD, NO_RECORD
        best = float(self.excess[start:stop].max())
        mean = float(self.excess_sum[stop] - self.excess_sum[start]) / count
        screened = int(self.per_screen_count[stop] - self.per_screen_count[start])
        per_screen = (
            float(self.per_screen_sum[stop] - self.per_screen_sum[start]) / screened
            if screened
            else NO_RECORD
        )
        return count, best, mean, per_screen


def _in_population(screens: int, audience: int) -> bool:
    return screens > MIN_SCREENS and audience > MIN_AUDIENCE


class TrackRecord:
    """Read-only after construction, so one instance is safe to share between threads.

    ``totals``: KOBIS yearly admissions by year and the last complete year (for ``ceiling``).
    """

    def __init__(
        self,
        films: Iterable[PastFilm],
        totals: Mapping[int, int] | None = None,
        last_complete: int | None = None,
        market_top: int | None = MARKET_TOP,
        screen_rank: int | None = SCREEN_LEVEL_RANK,
    ) -> None:
        self._market_top = market_top
        self._screen_rank = screen_rank
        rows = sorted(films, key=lambda f: (f.release_date.toordinal(), f.audience))
        self._days = [f.release_date.toordinal() for f in rows]
        self._audience = np.array([f.audience for f in rows], dtype=np.int64)
        self._record = np.maximum.accumulate(self._audience) if rows else self._audience
        self._settled = self._days[-1] - SETTLE_DAYS if self._days else 0
        # a date past the data measures a distributor's "last three years" back from the data's
        # end: the years in between are unknown, not empty
        self._end = self._days[-1] + 1 if self._days else 0
        wide = [f for f in rows if _in_population(f.screens, f.audience)]
        self._population_days = [f.release_date.toordinal() for f in wide]
        self._population_screens = np.array([f.screens for f in wide], dtype=np.float64)
        self._population_audience = np.log10(np.array([f.audience for f in wide], dtype=float))
        self._population_per_screen = self._population_audience - np.log10(
            np.maximum(self._population_screens, 1.0)
        )
        self._market_cache: dict[int, Market] = {}
        self._first_market = self._first_full_market()
        self._totals = dict(totals or {})
        self._last_complete = last_complete if last_complete is not None else -1
        self._shares = self._share_timeline(rows)
        people: dict[str, dict[str, list[_Entry]]] = {
            "director": defaultdict(list),
            "distributor": defaultdict(list),
            "actor": defaultdict(list),
        }
        for film in rows:
            day = film.release_date.toordinal()
            market = self.market(film.release_date)
            excess = math.log10(film.audience) - market.audience
            per_screen = (
                math.log10(film.audience / film.screens) - market.per_screen
                if film.screens > 0
                else math.nan
            )
            entry = _Entry(day, film.audience, excess, per_screen, film.title)
            if film.director:
                people["director"][film.director].append(entry)
            if film.distributor:
                people["distributor"][film.distributor].append(entry)
            for actor in dict.fromkeys(film.actors[:MAX_LEADS]):
                people["actor"][actor].append(entry)
        # Each person's timeline is built on first use (~10k of them took ~0.3 s of the bot's
        # start-up, and a forecast reads a handful).
        self._entries = {role: dict(by_name) for role, by_name in people.items()}
        self._timelines: dict[str, dict[str, _Timeline]] = {role: {} for role in people}

    def _timeline(self, role: str, name: str | None) -> _Timeline | None:
        """``name``'s timeline in ``role``, built once. Two threads may build the same one:
        harmless, since each sorts its own copy of the entries and the results are equal."""
        if not name:
            return None
        timeline = self._timelines[role].get(name)
        if timeline is None:
            entries = self._entries[role].get(name)
            if entries is None:
                return None
            timeline = self._timelines[role][name] = _Timeline(entries)
        return timeline

    # -- the market ------------------------------------------------------------------------

    def _window_market(self, end: int) -> Market | None:
        start = bisect.bisect_left(self._population_days, end - MARKET_DAYS)
        stop = bisect.bisect_left(self._population_days, end)
        if stop - start < MARKET_MIN_FILMS:
            return None
        audience = self._population_audience[start:stop]
        per_screen = self._population_per_screen[start:stop]
        if self._market_top is not None and len(audience) > self._market_top:
            # the largest by admissions; ties broken by position, so the choice is stable
            largest = np.argsort(-audience, kind="stable")[: self._market_top]
            audience, per_screen = audience[largest], per_screen[largest]
        return Market(float(np.median(audience)), float(np.median(per_screen)))

    def _first_full_market(self) -> Market:
        """The market of the first window with enough films (what earlier dates see)."""
        days = self._population_days
        for k in range(MARKET_MIN_FILMS - 1, len(days)):
            found = self._window_market(days[k] + 1)
            if found is not None:
                return found
        return Market(4.5, 2.5)  # no data at all (tiny test tables): a 30k, 300-per-screen film

    def _market_at(self, ordinal: int) -> Market:
        found = self._market_cache.get(ordinal)
        if found is None:  # two threads may compute the same value: harmless
            end = min(ordinal - MARKET_LAG_DAYS, self._settled)
            found = self._window_market(end) or self._first_market
            self._market_cache[ordinal] = found
        return found

    def market(self, day: date) -> Market:
        """The typical population release in the year ending 30 days before ``day``."""
        return self._market_at(day.toordinal())

    def screen_level(self, day: date) -> float:
        """log10 of the 90% point of population releases' screens before ``day`` (see module)."""
        end = min(day.toordinal() - SCREEN_LEVEL_LAG_DAYS, self._settled)
        start = bisect.bisect_left(self._population_days, end - SCREEN_LEVEL_DAYS)
        stop = bisect.bisect_left(self._population_days, end)
        if stop - start < SCREEN_LEVEL_MIN_FILMS:
            return SCREEN_LEVEL_PRIOR
        window = self._population_screens[start:stop]
        if self._screen_rank is None or len(window) < self._screen_rank / (
            1 - SCREEN_LEVEL_QUANTILE
        ):
            return math.log10(float(np.quantile(window, SCREEN_LEVEL_QUANTILE)))
        widest = np.sort(window)[::-1]
        return math.log10(float(widest[self._screen_rank - 1]))

    # -- the ceiling -----------------------------------------------------------------------

    def _share_timeline(self, rows: list[PastFilm]) -> list[tuple[int, float]]:
        """(year, the largest share any film of that complete year reached), by year."""
        best: dict[int, float] = {}
        for film in rows:
            year = film.release_date.year
            total = self._totals.get(year)
            if total and SHARE_FROM_YEAR <= year <= self._last_complete:
                best[year] = max(best.get(year, 0.0), film.audience / total)
        return sorted(best.items())

    def ceiling(self, day: date) -> int:
        """The largest audience a film released on ``day`` may be forecast (see module)."""
        ordinal = day.toordinal()
        earlier = bisect.bisect_left(self._days, ordinal)
        record = int(self._record[earlier - 1]) if earlier else 0
        shares = [share for year, share in self._shares if year < day.year]
        market_year = min(day.year - 1, self._last_complete)
        total = self._totals.get(market_year, 0)
        by_share = int(max(shares) * total) if shares and total else 0
        return max(record, by_share)

    # -- people ----------------------------------------------------------------------------

    def names(self, role: str) -> tuple[str, ...]:
        """Every known name of a role ("director", "distributor", "actor"), sorted."""
        return tuple(sorted(self._entries[role]))

    def _score(self, day: int, best: float) -> int:
        """The seed's points for a best earlier audience, ranked among films before ``day``."""
        earlier = bisect.bisect_left(self._days, day)
        rank = 1 + int(np.count_nonzero(self._audience[:earlier] > best))
        return TOP // BAND - (rank - 1) // BAND if rank <= TOP else 0

    def _person(
        self, role: str, name: str | None, day: int, recent: bool = False
    ) -> tuple[int, int, float, float, float]:
        """(seed score, films, best excess, mean excess, mean per-screen excess) of one person."""
        timeline = self._timeline(role, name)
        if timeline is None:
            return 0, 0, NO_RECORD, NO_RECORD, NO_RECORD
        stop = timeline.before(day)
        if stop == 0:
            return 0, 0, NO_RECORD, NO_RECORD, NO_RECORD
        start = timeline.before(min(day, self._end) - RECENT_DAYS) if recent else 0
        score = self._score(day, float(timeline.best_audience[stop - 1]))
        count, best, mean, per_screen = timeline.summary(start, stop)
        return score, count, best, mean, per_screen

    def as_of(
        self, day: date, director: str | None, distributor: str | None, actors: Iterable[str]
    ) -> RecordFeatures:
        """Track-record features of a film released on ``day`` (earlier films only)."""
        ordinal = day.toordinal()
        d = self._person("director", director, ordinal)
        s = self._person("distributor", distributor, ordinal, recent=True)
        leads = [self._person("actor", a, ordinal) for a in list(dict.fromkeys(actors))[:MAX_LEADS]]
        known = [lead for lead in leads if lead[1] > 0]
        screened = [lead[4] for lead in known if lead[4] != NO_RECORD]
        return RecordFeatures(
            director_score=d[0],
            director_films=d[1],
            director_best=d[2],
            director_mean=d[3],
            director_per_screen=d[4],
            distributor_score=s[0],
            distributor_films=s[1],
            distributor_best=s[2],
            distributor_mean=s[3],
            distributor_per_screen=s[4],
            actor_score=sum(lead[0] for lead in leads),
            actor_films=sum(lead[1] for lead in leads),
            actor_best=max((lead[2] for lead in known), default=NO_RECORD),
            actor_mean=float(np.mean([lead[3] for lead in known])) if known else NO_RECORD,
            actor_per_screen=float(np.mean(screened)) if screened else NO_RECORD,
        )

    def career(self, role: str, name: str, day: date, recent: bool = False) -> Career:
        """``name``'s films released before ``day`` (a distributor's: the last three years)."""
        timeline = self._timeline(role, name)
        if timeline is None:
            return Career(name)
        ordinal = day.toordinal()
        stop = timeline.before(ordinal)
        start = timeline.before(min(ordinal, self._end) - RECENT_DAYS) if recent else 0
        entries = timeline.entries[start:stop]
        if not entries:
            return Career(name)
        best = max(entries, key=lambda e: e.audience)
        return Career(
            name=name,
            films=len(entries),
            over_million=sum(e.audience >= MILLION for e in entries),
            over_100k=sum(e.audience >= 100_000 for e in entries),
            best_audience=best.audience,
            best_title=best.title,
            median_audience=int(np.median([e.audience for e in entries])),
        )
