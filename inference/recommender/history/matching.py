"""History rows → catalogue films, and a reason for every row that is not one.

A row is looked up by its IMDb id first (IMDb exports carry it; the catalogue knows the id
of most films), else by its title in the catalogue's fuzzy search (Hangul titles against the
Korean titles, anything else against the English and original ones). A title match must be
strong (``MATCH_SCORE``); with a year, the film's year must be within one of it (release years
differ between countries by one, never more), and an exact year wins over a near one. When
several films still fit, the catalogue's own rule decides (``Catalogue.decide``: a film far
better known to the user's audience is meant); otherwise the row is *ambiguous* — an import
never guesses between two films.

Netflix writes series episodes as ``Show: Season 1: Episode``; rows that say so are series
(``formats.is_series_title``), and so are titles sharing the part before their first ``:``
with another title of the file ("Wednesday: Woe What a Night", "Wednesday: Friend or Woe"),
unless the title is a film of the catalogue whose own title starts the same way (two "Star
Wars: …" films).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from inference.catalogue.films import Movie
from inference.catalogue.search import CONFIDENT_SCORE, Catalogue, TitleMatch
from inference.catalogue.titles import has_hangul, korean_key, normalize_title
from inference.recommender.history.rows import (
    AMBIGUOUS,
    BAD_ROW,
    DISLIKE_RATING,
    FAVOURITE_RATING,
    NETFLIX,
    NO_YEAR_MATCH,
    NOT_FOUND,
    REASONS,
    SERIES,
    WATCHLIST,
    HistoryRow,
    ParsedHistory,
)

MATCH_SCORE = CONFIDENT_SCORE  # a title scoring less is letters in common, not the film
SEARCH_LIMIT = 10
EXACT = 100.0
YEAR_SLACK = 5.0  # an exact-year film this close to the best near-year one is preferred
RATINGS_FILE = "ratings.csv"  # Letterboxd: the current rating, over the diary's past ones


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A film of the file that is not imported, and why (``rows.REASONS``)."""

    title: str
    year: int | None
    reason: str
    line: int
    file: str = ""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an upload comes to: catalogue ids per kind (first-seen order) and what was not
    matched. Films rated high are favourites, rated low dislikes, every rated or watched film
    is watched, and the watchlist keeps only films not watched."""

    source: str
    favourites: tuple[int, ...]
    disliked: tuple[int, ...]
    watched: tuple[int, ...]
    watchlist: tuple[int, ...]
    unmatched: tuple[Unmatched, ...]
    films: int  # distinct films (titles) the file names

    @property
    def matched(self) -> int:
        """How many catalogue films the file came to."""
        return len({*self.watched, *self.watchlist})

    def reasons(self) -> dict[str, int]:
        """How many films were not imported for each reason, in ``REASONS`` order."""
        counts = Counter(u.reason for u in self.unmatched)
        return {reason: counts[reason] for reason in REASONS if counts[reason]}


@dataclass
class _Entry:
    """One film of the file: every row that names it."""

    rows: list[HistoryRow] = field(default_factory=list)

    @property
    def first(self) -> HistoryRow:
        return self.rows[0]

    @property
    def problem(self) -> str | None:
        """Why the film is not looked up (every row says the same, the first is told)."""
        problems = [r.problem for r in self.rows]
        return problems[0] if all(problems) else None

    @property
    def rating(self) -> float | None:
        """Letterboxd's current rating (ratings.csv) over the diary's; else the last given."""
        rated = [r for r in self.rows if r.rating is not None and r.problem is None]
        current = [r for r in rated if r.file.rsplit("/", 1)[-1] == RATINGS_FILE]
        chosen = current or rated
        return chosen[-1].rating if chosen else None

    @property
    def kinds(self) -> set[str]:
        return {r.kind for r in self.rows if r.problem is None}


def _key(row: HistoryRow) -> tuple[str, ...]:
    """Rows naming one film share a key: its IMDb id, else its title and year."""
    if row.problem == BAD_ROW or not row.title:
        return ("line", row.file, str(row.line))
    if row.imdb_id:
        return ("imdb", row.imdb_id)
    return ("title", " ".join(row.title.casefold().split()), str(row.year or ""))


def match_history(
    parsed: ParsedHistory, catalogue: Catalogue, region: str | None = None
) -> ImportPlan:
    """Match every film of ``parsed`` (searching as ``region``'s audience knows films)."""
    entries: dict[tuple[str, ...], _Entry] = {}
    for row in parsed.rows:
        entries.setdefault(_key(row), _Entry()).rows.append(row)
    shared = _shared_prefixes(e.first for e in entries.values() if e.problem is None)
    ratings: dict[int, float] = {}
    kinds: dict[int, set[str]] = {}
    unmatched: list[Unmatched] = []
    for entry in entries.values():
        row = entry.first
        reason = entry.problem
        movie = None
        if reason is None:
            movie, reason = _lookup(catalogue, row, region, shared)
        if movie is None:
            unmatched.append(Unmatched(row.title, row.year, reason or NOT_FOUND, row.line,
                                       row.file))  # fmt: skip
            continue
        kinds.setdefault(movie.movie_id, set()).update(entry.kinds)
        rating = entry.rating
        if rating is not None:
            ratings[movie.movie_id] = rating
    watched = [m for m, k in kinds.items() if k - {WATCHLIST}]
    seen = set(watched)
    return ImportPlan(
        source=parsed.source,
        favourites=tuple(m for m in watched if ratings.get(m, 0.0) >= FAVOURITE_RATING),
        disliked=tuple(m for m in watched if 0 < ratings.get(m, 99.0) <= DISLIKE_RATING),
        watched=tuple(watched),
        watchlist=tuple(m for m, k in kinds.items() if WATCHLIST in k and m not in seen),
        unmatched=tuple(unmatched),
        films=len(entries),
    )


def _prefix(title: str) -> str | None:
    if ":" not in title:
        return None
    return " ".join(title.split(":", 1)[0].casefold().split()) or None


def _shared_prefixes(rows: Iterable[HistoryRow]) -> frozenset[str]:
    """Netflix title prefixes (before the first ':') that two or more titles share."""
    titles: dict[str, set[str]] = {}
    for row in rows:
        prefix = _prefix(row.title) if row.source == NETFLIX else None
        if prefix is not None:
            titles.setdefault(prefix, set()).add(row.title.casefold())
    return frozenset(p for p, names in titles.items() if len(names) > 1)


def _lookup(
    catalogue: Catalogue, row: HistoryRow, region: str | None, shared: frozenset[str]
) -> tuple[Movie | None, str | None]:
    """The film a row names, or None and why not."""
    if row.imdb_id:
        movie = catalogue.by_imdb(row.imdb_id)
        if movie is not None:
            return movie, None
    names = [n for n in (row.title, row.original_title) if n and n != row.imdb_id]
    if not names:
        return None, NOT_FOUND
    if row.year is not None:  # the exact title of one film of that year: no search needed
        for name in names:
            exact = [m for m in catalogue.titled(name) if m.year == row.year]
            if len(exact) == 1 and _prefix(name) not in shared:
                return exact[0], None
    reasons = []
    for name in dict.fromkeys(names):
        matches = catalogue.search(name, SEARCH_LIMIT, region)
        movie, reason = _decide(catalogue, matches, row.year, region)
        prefix = _prefix(name)
        if prefix in shared and not (movie is not None and _in_series(movie, prefix, matches)):
            return None, SERIES
        if movie is not None:
            return movie, None
        if reason == NOT_FOUND:  # "Wonder Woman 1984": the search reads 1984 as a year
            titled = [m for m in catalogue.titled(name) if _fits(m, row.year)]
            if len(titled) == 1 and prefix not in shared:
                return titled[0], None
        reasons.append(reason)
    # The most telling reason: a film of that name exists (other year, several) over none.
    for reason in (AMBIGUOUS, NO_YEAR_MATCH):
        if reason in reasons:
            return None, reason
    return None, NOT_FOUND


def _fits(movie: Movie, year: int | None) -> bool:
    """Whether the film's year is within one of ``year`` (any year fits when none is given)."""
    return year is None or (movie.year is not None and abs(movie.year - year) <= 1)


def _in_series(movie: Movie, prefix: str, matches: list[TitleMatch]) -> bool:
    """Whether a title sharing its prefix with others is this film of a series of films: the
    film's own title starts with that prefix ("Star Wars: The Force Awakens" is "Star Wars:
    Episode VII - The Force Awakens"), or the title is the film's exactly. An episode ("Dark:
    Secrets") found inside some film's longer title ("Chocolate: Deep Dark Secrets") is not."""
    exact = any(m.score >= EXACT and m.movie.movie_id == movie.movie_id for m in matches)
    if exact:
        return True
    if has_hangul(prefix):
        return korean_key(movie.title_ko or "").startswith(korean_key(prefix))
    return normalize_title(movie.title).startswith(normalize_title(prefix))


def _decide(
    catalogue: Catalogue, matches: list[TitleMatch], year: int | None, region: str | None
) -> tuple[Movie | None, str]:
    """The one film of the search results that a title (and year) names."""
    strong = [m for m in matches if m.score >= MATCH_SCORE]
    if not strong:
        return None, NOT_FOUND
    if year is not None:
        fitting = [m for m in strong if _fits(m.movie, year)]
        if not fitting:
            return None, NO_YEAR_MATCH
        exact = [m for m in fitting if m.movie.year == year]
        best = max(m.score for m in fitting)
        if exact and max(m.score for m in exact) >= best - YEAR_SLACK:
            fitting = exact
        strong = fitting
    decision = catalogue.decide(strong, region)
    if decision.movie is not None:
        return decision.movie, ""
    top = max(m.score for m in strong)
    best_ones = [m for m in strong if m.score >= top - YEAR_SLACK]
    same = {(normalize_title(m.movie.title), m.movie.year) for m in best_ones}
    known_as = {m.movie.imdb_id for m in best_ones if m.movie.imdb_id}
    if len(same) == 1 and len(known_as) <= 1:
        # one film listed twice (a KOBIS release beside its MovieLens entry), not namesakes
        # of one year with IMDb ids of their own (three "Force Majeure" of 2014)
        return best_ones[0].movie, ""
    return None, AMBIGUOUS
