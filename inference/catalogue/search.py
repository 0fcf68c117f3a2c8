"""The catalogue in memory: films by id, and title search by the names people use.

Users type film names the way they remember them — "teh matirx", "Matrix, The", "godfather
1972", "살인의추억", "기생 충", "올드보히" — and the bot must answer with the film itself when the
match is clear, or with buttons when it is not, in milliseconds. A query with Hangul is compared
with the Korean titles (spacing dropped, letters decomposed: ``titles.korean_key``), any other
with the English and original titles (``titles.normalize_title``), each through a
``TitleIndex``. A year in the query penalises other years; among equally good matches the film
better known to the user's audience comes first — in Korea, KOBIS admissions and JustWatch
Korea's lists count as well as MovieLens ratings (``Movie.popularity_for``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.catalogue.credits import CreditsTable
from inference.catalogue.films import (
    DEFAULT_DIR,
    FilmRecord,
    FilmTable,
    Movie,
    popularity,
    popularity_kr,
    read_films,
)
from inference.catalogue.index import INDEX_PARTS, TitleIndex
from inference.catalogue.series import PartQuery, series_parts, split_part, starts_series
from inference.catalogue.titles import has_hangul, korean_key, normalize_title

MAX_QUERY_CHARS = 200  # longer input is not a title; bounds the work per query
MIN_SCORE = 60.0  # below this a match is noise ("asdfgh" vs a long title)
# A short query with one letter off matches the start of many titles (파묘 → 파멜라…): below
# SHORT_QUERY letters a candidate needs this much to be worth a button.
SHORT_QUERY, SHORT_MIN_SCORE = 8, 80.0
# ... and short of an exact match it is never a direct answer: one letter is a fifth of it.
SHORT_TYPO_CAP = 87.0  # below CONFIDENT_SCORE
KEEP_WITHIN = 30.0  # drop candidates this far below the best: not worth a button
# A year in the query that the film does not have: even an exact title then falls below
# CONFIDENT_SCORE ("Civil War (2024)" is not the 1990 documentary: ask, never answer).
WRONG_YEAR_PENALTY = 15.0
NEAR_YEAR_PENALTY = 3.0  # off by one: release years differ between countries
POPULARITY_WEIGHT = 4.0  # at most this many points, to order near-ties by popularity
# Among films of the same name the one people mean now is the new one (Wicked 2024, not 1998;
# The Killer 2023 before 1989's): films of the catalogue's last few years get this bonus.
RECENT_YEARS, RECENCY_WEIGHT = 3, 1.5
CONFIDENT_SCORE = 88.0  # answer directly only above this ...
CONFIDENT_MARGIN = 5.0  # ... and this far ahead of the runner-up, unless ...
# (0.25 until issue 21; with KOBIS linked to more films the namesakes people do not mean are
# better known too — The Hunt (2020) has Korean admissions now — and 0.18 answered more of the
# title bench's dev queries directly with no wrong film)
DOMINANT_GAP = 0.25  # ... the best is this much better known (0–1 log scale, ~15× the count),
# or a film most people know is this much better known than namesakes (Park Chan-wook's Oldboy
# over Spike Lee's, 헌트 2022 over The Hunt: since issue 21 the namesakes have Korean admissions
# too; on the title bench's dev split this answered more queries directly with no wrong film)
WELL_KNOWN, WELL_KNOWN_GAP = 0.7, 0.18
RIVAL_GAP = 0.15  # a strong but not exact match this much better known makes the user choose

# A query of this many digits or fewer is never answered directly: "3" is more often a number
# typed for a button than the German film Three (2010) Korean cinemas showed.
SHORT_NUMBER = 2

# A question's "which one?" buttons: on the dev queries every film meant scores ≥ 80 when it
# is found at all, while 80 % of titles the catalogue lacks have a candidate at 60–80.
CHOICE_SCORE = 80.0
# A series' films are the candidates of its name scoring at least this (a prefix of a longer
# title scores 90 × its share).
PART_BASE = 70.0

INDEX_FILE = "catalogue.npz"
_QUERY_YEAR = re.compile(r"^(?P<title>.*?\S)[\s,]*\(?\s*(?P<year>\d{4})\s*\)?\s*$")
FIRST_YEAR = 1874  # the oldest film on record; later than next year is a title ("2049")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A search candidate; ``score`` is how well the title matches, 0–100."""

    movie: Movie
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed title comes to: one film (with namesakes worth offering), or a choice."""

    movie: Movie | None  # the film to answer with; None when the user must choose
    matches: tuple[TitleMatch, ...]  # every candidate, best first
    alternatives: tuple[Movie, ...] = ()  # films matching as well as ``movie`` but less known
    # A part the series does not have yet ("범죄도시 7"): the number asked, and the parts known
    missing_part: int | None = None
    parts: tuple[Movie, ...] = ()

    @property
    def choices(self) -> tuple[Movie, ...]:
        """The candidates worth a "which one?" button for a question about a film: those
        scoring at least ``CHOICE_SCORE``. Weaker ones are letters in common, not the film
        ("오펜하이머" → 에드나 이모), and would stop a live TMDB search from finding it."""
        return tuple(m.movie for m in self.matches if m.score >= CHOICE_SCORE)


def split_query_year(query: str) -> tuple[str, int | None]:
    """``"the matrix (1999)"`` → ``("the matrix", 1999)``; a bare year is kept as the title."""
    found = _QUERY_YEAR.match(query)
    if not found:
        return query, None
    year = int(found.group("year"))
    if not FIRST_YEAR <= year <= date.today().year + 1:
        return query, None
    return found.group("title"), year


def _clean_query(query: str) -> str:
    """Bounded, printable text: control characters become spaces, length is capped."""
    text = query[:MAX_QUERY_CHARS]
    return "".join(c if c.isprintable() else " " for c in text).strip()


class _Side:
    """One index (English or Korean titles) and the film each of its owners is."""

    def __init__(self, index: TitleIndex) -> None:
        self.index = index
        self.films: npt.NDArray[np.int64] = index.owners  # positions in the film list


class Catalogue:
    """All films, by id, by TMDB id and by (fuzzy) title."""

    def __init__(
        self,
        films: FilmTable,
        index: dict[str, npt.NDArray[Any]],
        credits: CreditsTable | None = None,
    ) -> None:
        """Films (sorted by id), the arrays of their title indexes (``to_arrays``) and who is
        credited on them."""
        self.credits = credits or CreditsTable.from_rows([], [])
        self._additions: Catalogue | None = None
        if np.any(np.diff(films.ids) <= 0):
            raise ValueError("films must be sorted by id, without duplicates")
        self._movies = films
        self._by_id = {int(m): i for i, m in enumerate(films.ids)}
        self._by_imdb: dict[str, int] | None = None  # built on first use (``by_imdb``)
        self._by_key: dict[str, list[int]] | None = None  # built on first use (``titled``)
        self._by_tmdb: dict[int, int] = {}
        # MovieLens has a few TMDB ids on two films: the most-rated one answers for it.
        for position in np.lexsort((-films.ratings, films.tmdb))[::-1]:
            tmdb = int(films.tmdb[position])
            if tmdb:
                self._by_tmdb[tmdb] = int(position)
        self._latin = _Side(self._side_index(index, "en", spaceless=False))
        self._korean = _Side(self._side_index(index, "ko", spaceless=True))
        self._years = films.years
        newest = int(films.years.max(initial=0))
        self._recent = np.where(films.years > newest - RECENT_YEARS, RECENCY_WEIGHT, 0.0)
        known_by = np.maximum(films.ratings, films.votes)
        self._popularity = {
            "KR": popularity_kr(known_by, films.audience, films.ranks),
            None: popularity(known_by),
        }
        vocabulary = sorted({g for genres in films.genre_sets for g in genres})
        self._genre_bit = {g: 1 << i for i, g in enumerate(vocabulary)}
        set_bits = np.asarray([sum(self._genre_bit[g] for g in genres)
                               for genres in films.genre_sets], dtype=np.int64)  # fmt: skip
        self._genres = set_bits[films.genre_codes]
        # Films a suggestion can name: a card shows their year and genres.
        self._showable = (self._years > 0) & (self._genres > 0)

    @classmethod
    def from_records(cls, records: list[FilmRecord]) -> Catalogue:
        """Normalise and index every title (what the build does once)."""
        records = sorted(records, key=lambda r: r.movie.movie_id)
        return cls(FilmTable.from_movies([r.movie for r in records]), _index_arrays(records))

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Catalogue:
        """Read ``catalogue.npz`` (films as columns and the title index, written by
        models/catalogue/build.py); without one, as a test fixture may be, ``films.csv.gz``."""
        directory = data_dir or DEFAULT_DIR
        credits = CreditsTable.load(directory)
        if not (directory / INDEX_FILE).is_file():
            catalogue = cls.from_records(list(read_films(directory)))
            catalogue.credits = credits
            return catalogue
        with np.load(directory / INDEX_FILE, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        return cls(FilmTable.from_arrays(arrays), arrays, credits)

    def _side_index(
        self, arrays: dict[str, npt.NDArray[Any]], side: str, *, spaceless: bool
    ) -> TitleIndex:
        ids = arrays[f"{side}_films"]
        positions = [self._by_id.get(int(i), -1) for i in ids]
        if -1 in positions:
            raise ValueError(f"the {side} title index names films the catalogue lacks")
        keys = bytes(arrays[f"{side}_keys"]).decode("utf-8").split("\n") if ids.size else []
        postings = {n: arrays[f"{side}_{n}"] for n in INDEX_PARTS}
        return TitleIndex(keys, positions, spaceless=spaceless, arrays=postings)

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The films as columns and both title indexes, for ``Catalogue(FilmTable.from_arrays(
        a), a)``: the build stores them so the bot neither parses 89k CSV rows nor normalises
        and indexes ~100k titles at every start."""
        arrays = self._movies.to_arrays()
        for side, part in (("en", self._latin), ("ko", self._korean)):
            films = [int(self._movies.ids[p]) for p in part.index.owner_of_titles()]
            arrays.update(_side_arrays(side, part.index, films))
        return arrays

    def __len__(self) -> int:
        return len(self._movies)

    @property
    def table(self) -> FilmTable:
        """Every film as columns, in id order (what the recommender's content part reads)."""
        return self._movies

    def __iter__(self) -> Iterator[Movie]:
        return iter(self._movies)

    def get(self, movie_id: int) -> Movie | None:
        """The film with this id, or None."""
        index = self._by_id.get(movie_id)
        if index is None:
            added = self._additions  # read once: a refresh may replace it meanwhile
            return added.get(movie_id) if added is not None else None
        return self._movies[index]

    @property
    def known_until(self) -> date | None:
        """The latest Korean release the catalogue knows: what "I know films up to …" says."""
        latest = int(self._movies.releases.max(initial=0))
        return date.fromordinal(latest) if latest else None

    def position(self, movie_id: int) -> int:
        """The film's row in the id-ordered columns (``popularity``, ``table``); KeyError for
        an id the catalogue lacks."""
        return self._by_id[movie_id]

    def by_tmdb(self, tmdb_id: int) -> Movie | None:
        """The catalogue film with this TMDB id (the most-rated one if MovieLens has two)."""
        index = self._by_tmdb.get(tmdb_id)
        if index is None:
            added = self._additions  # read once: a refresh may replace it meanwhile
            return added.by_tmdb(tmdb_id) if added is not None else None
        return self._movies[index]

    def by_imdb(self, imdb_id: str) -> Movie | None:
        """The catalogue film with this IMDb id (``"tt0133093"``), None when none has it."""
        index = self._by_imdb
        if index is None:  # built once, on first use: only a history import asks
            index = {}
            for position in np.argsort(-self._movies.ratings, kind="stable"):
                key = self._movies.imdb[int(position)].lower()
                if key:
                    index.setdefault(key, int(position))  # the most-rated film of an id
            self._by_imdb = index
        position = index.get(imdb_id.strip().lower())
        if position is None:
            added = self._additions  # read once: a refresh may replace it meanwhile
            return added.by_imdb(imdb_id) if added is not None else None
        return self._movies[position]

    def titled(self, title: str) -> list[Movie]:
        """The films whose display title is ``title`` (both normalised), by a dictionary
        look-up: exact titles by the thousand (a history import) without a fuzzy search each.
        Other names of a film (aliases, Korean titles) are not looked at; ``search`` does."""
        index = self._by_key
        if index is None:  # built once, on first use
            index = {}
            for position, key in enumerate(self._movies.keys):
                if key:
                    index.setdefault(key, []).append(position)
            self._by_key = index
        found = [self._movies[p] for p in index.get(normalize_title(title), ())]
        added = self._additions  # read once: a refresh may replace it meanwhile
        return found + added.titled(title) if added is not None else found

    def popularity(self, region: str | None) -> npt.NDArray[np.float64]:
        """Popularity (0–1) of every film in id order, for the audience of ``region``."""
        return self._popularity["KR" if region == "KR" else None]

    def films_in_genres(
        self,
        genres: list[str],
        region: str | None,
        limit: int = 3,
        exclude: frozenset[int] = frozenset(),
    ) -> list[Movie]:
        """The films best known to ``region``'s audience that have all of ``genres`` (the first
        alone when too few have all): "films like this" for a song's or a poster's genres."""
        wanted = [self._genre_bit[g] for g in genres if g in self._genre_bit]
        if not wanted or limit <= 0:
            return []
        known = self.popularity(region)
        for count in range(len(wanted), 0, -1):
            mask = sum(wanted[:count])
            fits = np.flatnonzero(self._showable & ((self._genres & mask) == mask))
            if exclude:
                fits = fits[~np.isin(self._movies.ids[fits], list(exclude))]
            if fits.size >= limit or count == 1:
                order = fits[np.argsort(-known[fits], kind="stable")] if fits.size else fits
                return [self._movies[int(i)] for i in order[:limit]]
        return []

    def add_films(self, records: list[FilmRecord]) -> None:
        """Films learnt after the build (the daily refresh, ``refresh.py``): from now on found
        by ``get``, ``by_tmdb`` and ``search`` like the built ones. Replaces the previous
        additions; a film the build already has is left out."""
        fresh = [r for r in records if r.movie.movie_id not in self._by_id]
        self._additions = Catalogue.from_records(fresh) if fresh else None

    @property
    def additions(self) -> Catalogue | None:
        """The films added since the build, as a catalogue of their own (None: none)."""
        return self._additions

    def search(self, query: str, limit: int = 6, region: str | None = None) -> list[TitleMatch]:
        """Candidates for a typed title, best first (the built films and those added since);
        [] for empty or meaningless input."""
        found = self._search(query, limit, region)
        added = self._additions  # read once: a refresh (another thread) may replace it meanwhile
        if added is None:
            return found
        more = added.search(query, limit, region)
        if not more:
            return found
        known = {m.movie.movie_id: m for m in found}
        merged = found + [m for m in more if m.movie.movie_id not in known]
        merged.sort(key=lambda m: (-(m.score + POPULARITY_WEIGHT
                                     * m.movie.popularity_for(region)), m.movie.movie_id))
        return merged[:limit]

    def _search(self, query: str, limit: int = 6, region: str | None = None) -> list[TitleMatch]:
        """Candidates for a typed title, best first; [] for empty or meaningless input.

        A year in the query ("matrix 1999", "Matrix (1999)") penalises films of other years
        rather than excluding them, so a misremembered year still finds the film. The query is
        also scored with the year kept as part of the title, for "Blade Runner 2049".
        """
        text = _clean_query(query)
        if limit <= 0 or not text:
            return []
        title_part, year = split_query_year(text)
        side, key = self._side(title_part)
        if not key:
            return []
        positions, scores = side.index.search(key, self._pieces(side, title_part))
        if year is not None:
            whole_side, whole = self._side(text)
            if whole_side is side and whole != key and side.index.has_word(str(year)):
                more_positions, more_scores = side.index.search(whole)
                positions, scores = _best_of(positions, scores, more_positions, more_scores)
            films = side.films[positions]
            gap = np.abs(self._years[films] - year)
            scores = scores - np.where(gap == 0, 0.0, np.where(gap == 1, NEAR_YEAR_PENALTY,
                                                               WRONG_YEAR_PENALTY))  # fmt: skip
        if scores.size == 0:
            return []
        films = side.films[positions]
        short = len(key) < SHORT_QUERY
        if short:  # "anora" is one letter from Nora: a short title with a typo is a guess
            scores = np.where(scores < 100.0, np.minimum(scores, SHORT_TYPO_CAP), scores)
        best = float(scores.max())
        floor = SHORT_MIN_SCORE if short else MIN_SCORE
        keep = scores >= max(floor, best - KEEP_WITHIN)
        films, scores = films[keep], scores[keep]
        rank = scores + POPULARITY_WEIGHT * self.popularity(region)[films] + self._recent[films]
        order = np.lexsort((films, -rank))[:limit]
        return [
            TitleMatch(self._movies[int(films[i])], round(min(100.0, float(scores[i])), 1))
            for i in order
        ]

    def _side(self, text: str) -> tuple[_Side, str]:
        if has_hangul(text):
            return self._korean, korean_key(text)[:MAX_QUERY_CHARS]
        return self._latin, normalize_title(text)[:MAX_QUERY_CHARS]

    def _pieces(self, side: _Side, text: str) -> list[str]:
        """A Korean query's words as keys: 스타워즈 제국의 역습 is a fragment of
        스타워즈 에피소드 5: 제국의 역습 even though the whole string is not."""
        if side is not self._korean:
            return []
        return [korean_key(w) for w in text.split()[:8]]

    def resolve(self, query: str, limit: int = 6, region: str | None = None) -> Resolution:
        """Search, then decide whether one film is meant or the user should choose; a part of
        a series asked by number is that part, or said to be unknown (``series.py``)."""
        matches = self.search(query, limit, region)
        resolution = self.decide(matches, region)
        text = _clean_query(query)
        if text.isdigit() and len(text) <= SHORT_NUMBER:  # "3": a choice typed, or a title?
            return Resolution(None, tuple(matches))
        part = split_part(text)
        if part is None or (resolution.movie and self._has_number(resolution.movie, part)):
            return resolution
        return self._part(part, resolution, region) or resolution

    def _has_number(self, movie: Movie, part: PartQuery) -> bool:
        """Whether the film's own title carries the number asked ("Apollo 13")."""
        names = [movie.title, movie.title_ko or ""]
        return any(starts_series(n, part.base) == part.number or str(part.number) in
                   normalize_title(n).split() for n in names if n)  # fmt: skip

    def _part(
        self, part: PartQuery, resolution: Resolution, region: str | None
    ) -> Resolution | None:
        """Part ``part.number`` of the series, or the parts known when it has not that many;
        None when the base names no series."""
        side, key = self._side(part.base)
        if not key:
            return None
        positions, scores = side.index.search(key)
        candidates = [self._movies[int(side.films[p])] for p in positions[scores >= PART_BASE]]
        parts = series_parts(part.base, candidates, self._people_of)
        if not parts:
            return None
        found = [movie for number, movie in parts if number == part.number]
        others = tuple(TitleMatch(m, CONFIDENT_SCORE) for _, m in parts if m not in found)
        if found:
            return Resolution(found[0], (TitleMatch(found[0], 100.0), *others))
        if part.number <= max(number for number, _ in parts):
            return None  # a gap in what the catalogue knows: the search's own answer stands
        known = tuple(movie for _, movie in parts)
        return Resolution(None, others, missing_part=part.number, parts=known)

    def _people_of(self, movie: Movie) -> frozenset[int]:
        """The director and first three leads of a film (a series shares some of them)."""
        credits = self.credits.of_id(movie.movie_id)
        if credits is None:
            return frozenset()
        return frozenset(p.person_id for p in (*credits.directors, *credits.actors[:3]))

    def decide(self, matches: list[TitleMatch], region: str | None = None) -> Resolution:
        """The film to answer with, or None when the user should pick from buttons.

        A strong first match clearly ahead of every other candidate is the film. When others
        match about as well (two films called "Parasite", 올드보이 2003 and its 2013 remake),
        the first is still the answer if it is far better known to the user's audience — the
        rivals are then offered beside it — and otherwise the user chooses.
        """
        if not matches:
            return Resolution(None, ())
        first = matches[0]
        if first.score < CONFIDENT_SCORE:
            return Resolution(None, tuple(matches))
        known = first.movie.popularity_for(region)
        if any(
            m.score >= CONFIDENT_SCORE and m.movie.popularity_for(region) - known >= RIVAL_GAP
            for m in matches[1:]
        ):  # "the lord of the rings": the 1978 film is exact, the 2001 one far better known
            return Resolution(None, tuple(matches))
        rivals = [m for m in matches[1:] if m.score > first.score - CONFIDENT_MARGIN]
        if not rivals:
            return Resolution(first.movie, tuple(matches))
        gap = WELL_KNOWN_GAP if known >= WELL_KNOWN else DOMINANT_GAP
        if all(known - m.movie.popularity_for(region) >= gap for m in rivals):
            return Resolution(first.movie, tuple(matches), tuple(m.movie for m in rivals))
        return Resolution(None, tuple(matches))

    def confident(self, matches: list[TitleMatch], region: str | None = None) -> Movie | None:
        """The film to answer with directly, or None (see ``decide``)."""
        return self.decide(matches, region).movie

    def find(self, title: str, year: int | None) -> Movie | None:
        """The film with exactly this title (and year, when given), the most-rated first."""
        side, key = self._side(title)
        if not key:
            return None
        positions, scores = side.index.search(key)
        exact = [int(side.films[p]) for p, s in zip(positions, scores, strict=True) if s >= 100.0]
        fitting = [self._movies[i] for i in exact if year is None or self._years[i] == year]
        return max(fitting, key=lambda m: m.ratings, default=None)


def _best_of(
    positions: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    more_positions: npt.NDArray[np.int64],
    more_scores: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The union of two (position, score) sets, the higher score kept per position."""
    merged: dict[int, float] = {}
    for p, s in zip(np.r_[positions, more_positions], np.r_[scores, more_scores], strict=True):
        merged[int(p)] = max(float(s), merged.get(int(p), 0.0))
    keys = np.asarray(list(merged), dtype=np.int64)
    return keys, np.asarray([merged[int(k)] for k in keys], dtype=np.float64)


def _index_arrays(records: list[FilmRecord]) -> dict[str, npt.NDArray[Any]]:
    """Normalise every title and index both sides (what the build stores)."""
    latin: list[tuple[int, str]] = []
    hangul: list[tuple[int, str]] = []
    for record in records:
        movie_id = record.movie.movie_id
        names = {normalize_title(n) for n in record.names()}
        latin += [(movie_id, k) for k in sorted(names) if k and not has_hangul(k)]
        ko_keys = {korean_key(n) for n in record.korean_names()}
        hangul += [(movie_id, k) for k in sorted(ko_keys) if k]
    arrays: dict[str, npt.NDArray[Any]] = {}
    for side, keys, spaceless in (("en", latin, False), ("ko", hangul, True)):
        keys.sort()
        index = TitleIndex([k for _, k in keys], [m for m, _ in keys], spaceless=spaceless)
        arrays.update(_side_arrays(side, index, [m for m, _ in keys]))
    return arrays


def _side_arrays(side: str, index: TitleIndex, films: list[int]) -> dict[str, npt.NDArray[Any]]:
    arrays = {f"{side}_{name}": value for name, value in index.to_arrays().items()}
    arrays[f"{side}_keys"] = np.frombuffer("\n".join(index.titles).encode("utf-8"), np.uint8)
    arrays[f"{side}_films"] = np.asarray(films, dtype=np.int64)
    return arrays
