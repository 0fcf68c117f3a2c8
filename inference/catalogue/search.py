"""The film catalogue (MovieLens ml-latest-small) and typo-tolerant title search.

Users type film names the way they remember them — "teh matirx", "Matrix, The", "godfather
1972" — and the bot must answer with a button list (or the film itself when the match is
unambiguous) in milliseconds. Titles are normalised with ``inference.catalogue.titles`` (the same rules
the catalogue build used to join OTT lists), scored by ``inference.catalogue.index`` against every
title and alternate title at once, adjusted for a year in the query, and near-ties go to the
more-rated film.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from inference.catalogue.index import TitleIndex
from inference.catalogue.titles import normalize_title, parse_movielens_title

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "catalogue"
CATALOGUE_FILE = "movies.csv.gz"

MAX_QUERY_CHARS = 200  # longer input is not a title; bounds the work per query
MIN_SCORE = 60.0  # below this a WRatio match is noise ("asdfgh" vs a long title)
KEEP_WITHIN = 30.0  # drop candidates this far below the best: not worth a button
WRONG_YEAR_PENALTY = 8.0  # a year in the query that the film does not have
NEAR_YEAR_PENALTY = 3.0  # off by one: release years differ between countries
POPULARITY_WEIGHT = 2.0  # at most this many points, only to order near-ties
CONFIDENT_SCORE = 88.0  # answer directly only above this ...
CONFIDENT_MARGIN = 5.0  # ... and this far ahead of the runner-up

_QUERY_YEAR = re.compile(r"^(?P<title>.*?\S)[\s,]*\(?\s*(?P<year>\d{4})\s*\)?\s*$")
FIRST_YEAR = 1874  # the oldest film on record; later than next year is a title ("2049")


@dataclass(frozen=True, slots=True)
class Movie:
    """One film of the catalogue."""

    movie_id: int
    title: str  # display title, article in front: "The Matrix"
    year: int | None
    genres: tuple[str, ...]  # MovieLens genre names, () for "(no genres listed)"
    imdb_id: str | None  # "tt0133093"
    tmdb_id: int | None
    ratings: int  # number of MovieLens ratings: the popularity signal

    def label(self) -> str:
        """``"The Matrix (1999)"``: short enough for a button, unambiguous between remakes."""
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A search candidate; ``score`` is the match quality, 0–100."""

    movie: Movie
    score: float


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


class Catalogue:
    """All films, by id and by (fuzzy) title."""

    def __init__(self, movies: list[Movie], aliases: dict[int, tuple[str, ...]]) -> None:
        self._movies = movies
        self._by_id = {m.movie_id: i for i, m in enumerate(movies)}
        titles: list[str] = []
        owners: list[int] = []
        for index, movie in enumerate(movies):
            keys = {normalize_title(movie.title)}
            keys.update(normalize_title(a) for a in aliases.get(movie.movie_id, ()))
            for key in sorted(k for k in keys if k):
                titles.append(key)
                owners.append(index)
        self._index = TitleIndex(titles, owners)
        # Films whose title normalises to nothing ("???") cannot be searched for.
        self._searchable = [movies[i] for i in self._index.owners]
        self._years = np.asarray([m.year or 0 for m in self._searchable], dtype=np.int64)
        top = max((m.ratings for m in movies), default=0)
        scale = POPULARITY_WEIGHT / math.log1p(top) if top else 0.0
        self._popularity = np.asarray(
            [math.log1p(m.ratings) * scale for m in self._searchable], dtype=np.float64
        )

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Catalogue:
        """Read ``movies.csv.gz`` written by ``models/catalogue/build.py``."""
        path = (data_dir or DEFAULT_DIR) / CATALOGUE_FILE
        with gzip.open(path, "rb") as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
        movies: list[Movie] = []
        aliases: dict[int, tuple[str, ...]] = {}
        for row in rows:
            movie = Movie(
                movie_id=int(row["movie_id"]),
                title=row["title"],
                year=int(row["year"]) if row["year"] else None,
                genres=tuple(row["genres"].split("|")) if row["genres"] else (),
                imdb_id=row["imdb_id"] or None,
                tmdb_id=int(row["tmdb_id"]) if row["tmdb_id"] else None,
                ratings=int(row["ratings"]),
            )
            movies.append(movie)
            if "(" in row["ml_title"]:
                alt = parse_movielens_title(row["ml_title"]).aliases
                if alt:
                    aliases[movie.movie_id] = alt
        return cls(movies, aliases)

    def __len__(self) -> int:
        return len(self._movies)

    def get(self, movie_id: int) -> Movie | None:
        """The film with this MovieLens id, or None."""
        index = self._by_id.get(movie_id)
        return None if index is None else self._movies[index]

    def search(self, query: str, limit: int = 6) -> list[TitleMatch]:
        """Candidates for a typed title, best first; [] for empty or meaningless input.

        A year in the query ("matrix 1999", "Matrix (1999)") penalises films of other years
        rather than excluding them, so a misremembered year still finds the film. The query is
        also scored with the year kept as part of the title, for "Blade Runner 2049".
        """
        text = _clean_query(query)
        if limit <= 0 or not text:
            return []
        title_part, year = split_query_year(text)
        norm = normalize_title(title_part)[:MAX_QUERY_CHARS]
        if not norm:
            return []
        scores = self._index.scores(norm)
        if year is not None:
            gap = np.abs(self._years - year)
            scores -= np.where(gap == 0, 0.0, np.where(gap == 1, NEAR_YEAR_PENALTY,
                                                       WRONG_YEAR_PENALTY))  # fmt: skip
            whole = normalize_title(text)[:MAX_QUERY_CHARS]
            if whole != norm and self._index.has_word(str(year)):
                scores = np.maximum(scores, self._index.scores(whole))
        best = float(scores.max(initial=0.0))
        floor = max(MIN_SCORE, best - KEEP_WITHIN)
        candidates = np.flatnonzero(scores >= floor)
        if candidates.size == 0:
            return []
        rank = scores[candidates] + self._popularity[candidates]
        order = candidates[np.lexsort((candidates, -rank))][:limit]
        return [
            TitleMatch(self._searchable[i], round(min(100.0, float(scores[i])), 1)) for i in order
        ]

    def confident(self, matches: list[TitleMatch]) -> Movie | None:
        """The film to answer with directly, or None when the user should pick from buttons.

        Only a strong first match clearly ahead of every other candidate qualifies, so two
        films with the same title ("Planet of the Apes" 1968 / 2001) always ask.
        """
        if not matches:
            return None
        first = matches[0]
        if first.score < CONFIDENT_SCORE:
            return None
        if any(m.score > first.score - CONFIDENT_MARGIN for m in matches[1:]):
            return None
        return first.movie
