"""The films of the catalogue: what CineMate knows about each, and how they are read from disk.

``data/catalogue/films.csv.gz`` (built by ``models/catalogue/build.py``) holds every MovieLens
ml-latest film plus the Korean films and JustWatch Korea listings MovieLens lacks. Ids:

* MovieLens ``movieId`` for MovieLens films (ml-latest, and the few ml-latest-small films that
  ml-latest dropped, kept so that saved favourites keep their film);
* ``JUSTWATCH_ID_BASE + tmdb_id`` for a film known from JustWatch Korea or a live TMDB search —
  the same film gets the same id from either source;
* ``KOBIS_ID_BASE + …`` for a film known only from KOBIS (the release list at the build, the
  daily box office since): ``kobis_id`` of its Korean title and first release.

Every id fits the 9 digits that callback data allows (``\\d{1,9}``).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.catalogue.titles import normalize_title, romanise

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "catalogue"
FILMS_FILE = "films.csv.gz"

JUSTWATCH_ID_BASE = 900_000_000
KOBIS_ID_BASE = 800_000_000
KOBIS_ID_SPAN = 100_000_000
MAX_TMDB_ID = 99_999_999

# Popularity on a 0–1 log scale, per signal, so that different audiences can be compared:
# MovieLens rating counts (up to ~120k), KOBIS admissions (the record is 17.6M) and the rank in
# a JustWatch Korea service list (1 = most popular of ~1,500).
TOP_RATINGS = 122_000
TOP_AUDIENCE = 17_600_000
LIST_LENGTH = 1_500

# Genre names of other vocabularies (TMDB's, which the OST model uses) → MovieLens genres.
MOVIELENS_GENRE = {"Science Fiction": "Sci-Fi", "Family": "Children", "Music": "Musical",
                   "History": "Drama"}  # fmt: skip


def kobis_id(title: str, first_release: str) -> int:
    """The id of a film only KOBIS knows (``first_release`` as YYYY-MM-DD): KOBIS gives none,
    so one is derived from the title and first release — the previous catalogue's formula, so
    its films keep their ids, and the daily refresh's, so the build and the refresh give one
    film the same id. A collision is the caller's to settle (the build fails on one rather than
    merge two films)."""
    return KOBIS_ID_BASE + zlib.crc32(f"{title}|{first_release}".encode()) % KOBIS_ID_SPAN


def movielens_genre(name: str) -> str:
    """The MovieLens name of a genre ("Science Fiction" → "Sci-Fi"; shared names unchanged)."""
    return MOVIELENS_GENRE.get(name, name)


COLUMNS = (
    "movie_id",
    "title",
    "title_ko",
    "year",
    "genres",
    "imdb_id",
    "tmdb_id",
    "ratings",
    "mean_rating",
    "country",
    "kr_release",
    "kr_release_source",
    "kr_audience",
    "jw_rank",
    "origin",
    "aliases",
    "ko_aliases",
    "kobis_codes",
    "votes",
)


# Films added from Korean sources (and TMDB films found live), whose English title may be the
# romanised Korean one.
ROMANISED_ORIGINS = frozenset({"kobis", "justwatch-kr", "tmdb"})


@dataclass(frozen=True, slots=True)
class Movie:
    """One film of the catalogue."""

    movie_id: int
    title: str  # English or original title, article in front ("The Matrix"); romanised
    # Korean for a film known only by its Korean title ("Beterang")
    year: int | None
    genres: tuple[str, ...]  # MovieLens genre names, () when unknown
    imdb_id: str | None  # "tt0133093"
    tmdb_id: int | None
    ratings: int  # MovieLens rating count: popularity with MovieLens' (mostly US) users
    title_ko: str | None = None  # the Korean release title: "매트릭스"
    country: str | None = None  # ISO 3166-1 alpha-2 where KOBIS or KMRD says ("KR")
    kr_release: date | None = None  # first release in Korea (KOBIS), else JustWatch's date
    kr_audience: int = 0  # national admissions in Korea (KOBIS), 0 when unknown
    jw_rank: int | None = None  # best rank in a JustWatch Korea service list (May 2023)
    origin: str = "ml-latest"  # ml-latest, ml-latest-small, justwatch-kr, kobis, tmdb
    poster_url: str | None = None  # TMDB poster, for films found by a live search
    mean_rating: float | None = None  # MovieLens mean rating (0.5–5), None when unrated
    votes: int = 0  # TMDB vote count: how well known a film MovieLens has few ratings for is

    def label(self, language: str = "en") -> str:
        """``"The Matrix (1999)"`` / ``"매트릭스 (1999)"``: short enough for a button,
        unambiguous between remakes."""
        name = self.name(language)
        return f"{name} ({self.year})" if self.year else name

    def name(self, language: str = "en") -> str:
        """The title in the user's language: the Korean title in Korean when there is one."""
        return self.title_ko if language == "ko" and self.title_ko else self.title

    @property
    def korean(self) -> bool:
        """Whether the film is Korean (by KOBIS or KMRD)."""
        return self.country == "KR"

    @property
    def title_is_romanised(self) -> bool:
        """Whether ``title`` is only the Korean title romanised (a film no English source
        names): news to an English reader, noise beside the Hangul for a Korean one."""
        return (
            self.origin in ROMANISED_ORIGINS
            and bool(self.title_ko)
            and self.title == romanise(self.title_ko or "")
        )

    @property
    def popularity(self) -> float:
        """0–1: how many MovieLens users rated it (or TMDB users voted), on a log scale."""
        return float(popularity(np.asarray([self.known_by]))[0])

    @property
    def known_by(self) -> int:
        """MovieLens ratings, or TMDB votes where those are more (films newer than MovieLens)."""
        return max(self.ratings, self.votes)

    @property
    def popularity_kr(self) -> float:
        """0–1: how well known the film is in Korea (see ``popularity_kr``)."""
        rank = np.asarray([self.jw_rank or 0])
        return float(popularity_kr(np.asarray([self.known_by]), np.asarray([self.kr_audience]),
                                   rank)[0])  # fmt: skip

    def popularity_for(self, region: str | None) -> float:
        """Popularity with the audience of ``region``: Korea has its own signals."""
        return self.popularity_kr if region == "KR" else self.popularity

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the cache of films found by a live TMDB search."""
        return {
            "v": 1,
            "movie_id": self.movie_id,
            "title": self.title,
            "year": self.year,
            "genres": list(self.genres),
            "tmdb_id": self.tmdb_id,
            "title_ko": self.title_ko,
            "country": self.country,
            "poster_url": self.poster_url,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Movie:
        """Inverse of ``to_json``; ValueError for a payload of another version or shape."""
        try:
            if payload.get("v") != 1:
                raise ValueError(f"unsupported film payload version {payload.get('v')!r}")
            year = payload.get("year")
            tmdb_id = payload.get("tmdb_id")
            return cls(
                movie_id=int(payload["movie_id"]),
                title=str(payload["title"]),
                year=int(year) if year is not None else None,
                genres=tuple(str(g) for g in payload.get("genres") or ()),
                imdb_id=None,
                tmdb_id=int(tmdb_id) if tmdb_id is not None else None,
                ratings=0,
                title_ko=payload.get("title_ko") or None,
                country=payload.get("country") or None,
                origin="tmdb",
                poster_url=payload.get("poster_url") or None,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed film payload: {error!r}") from error


def popularity(ratings: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """0–1 per film: MovieLens rating counts on a log scale."""
    return np.minimum(1.0, np.log1p(ratings) / math.log1p(TOP_RATINGS))


def popularity_kr(
    ratings: npt.NDArray[np.int64],
    audience: npt.NDArray[np.int64],
    rank: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """0–1 per film: how well known it is in Korea — KOBIS admissions, its place in a
    JustWatch Korea list (rank 0 = not listed; a listing counts at most 0.9, since the lists
    are short and current), or MovieLens ratings, whichever says most."""
    seen = np.minimum(1.0, np.log1p(audience) / math.log1p(TOP_AUDIENCE))
    listed = np.where(
        rank > 0, np.clip(1.0 - np.log(np.maximum(rank, 1)) / math.log(LIST_LENGTH), 0, 1), 0.0
    )
    best: npt.NDArray[np.float64] = np.maximum(np.maximum(popularity(ratings), seen), 0.9 * listed)
    return best


@dataclass(frozen=True, slots=True)
class FilmRecord:
    """A film and the other names it is searched by (``|``-joined, split when needed)."""

    movie: Movie
    aliases: str = ""  # other English/original/romanised titles
    ko_aliases: str = ""  # other Korean titles (KOBIS, KMRD spellings)

    def names(self) -> tuple[str, ...]:
        """The display title and every alternate English/original title."""
        return (self.movie.title, *_split(self.aliases))

    def korean_names(self) -> tuple[str, ...]:
        """Every Korean title."""
        main = (self.movie.title_ko,) if self.movie.title_ko else ()
        return (*main, *_split(self.ko_aliases))


def validate_ids(ids: list[int]) -> None:
    """Raise ValueError unless the ids are unique and each fits its range and 9 digits."""
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate film ids")
    for movie_id in ids:
        if not 0 < movie_id <= JUSTWATCH_ID_BASE + MAX_TMDB_ID:
            raise ValueError(f"film id {movie_id} is out of range")
        if KOBIS_ID_BASE + KOBIS_ID_SPAN <= movie_id < JUSTWATCH_ID_BASE:
            raise ValueError(f"film id {movie_id} is between the KOBIS and JustWatch ranges")


def _int(text: str) -> int | None:
    return int(text) if text else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split("|") if part)


def read_films(data_dir: Path | None = None) -> Iterator[FilmRecord]:
    """The rows of ``films.csv.gz`` in id order."""
    path = (data_dir or DEFAULT_DIR) / FILMS_FILE
    with gzip.open(path, "rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        header = next(reader)
        if tuple(header) != COLUMNS:
            raise ValueError(f"{path}: unexpected columns {header}")
        interned: dict[str, tuple[str, ...]] = {}
        for row in reader:
            (movie_id, title, title_ko, year, genres, imdb_id, tmdb_id, ratings, mean,
             country, kr_release, _source, kr_audience, jw_rank, origin, aliases,
             ko_aliases, _codes, votes) = row  # fmt: skip
            genre_tuple = interned.get(genres)
            if genre_tuple is None:
                genre_tuple = interned[genres] = _split(genres)
            yield FilmRecord(
                Movie(
                    movie_id=int(movie_id),
                    title=title,
                    year=_int(year),
                    genres=genre_tuple,
                    imdb_id=imdb_id or None,
                    tmdb_id=_int(tmdb_id),
                    ratings=int(ratings),
                    title_ko=title_ko or None,
                    country=country or None,
                    kr_release=date.fromisoformat(kr_release) if kr_release else None,
                    kr_audience=int(kr_audience or 0),
                    jw_rank=_int(jw_rank),
                    origin=origin,
                    mean_rating=float(mean) if mean else None,
                    votes=int(votes or 0),
                ),
                aliases,
                ko_aliases,
            )


def _join(values: list[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _unjoin(stored: npt.NDArray[Any], count: int) -> list[str]:
    values = bytes(stored).decode("utf-8").split("\n") if count else []
    if len(values) != count:
        raise ValueError("a stored text column does not have one value per film")
    return values


def _codes(values: list[str]) -> tuple[list[str], npt.NDArray[np.int32]]:
    """Distinct values (first the empty one) and each row's index into them."""
    distinct = sorted(set(values) | {""})
    position = {v: i for i, v in enumerate(distinct)}
    return distinct, np.asarray([position[v] for v in values], dtype=np.int32)


class FilmTable:
    """Every film as columns, a ``Movie`` built only when one is asked for.

    89k ``Movie`` objects take ~0.6 s to create and ~60 MB; the bot needs a handful per answer,
    so the catalogue keeps the columns (numpy arrays and one list per text column) and the
    build stores them in ``catalogue.npz`` beside the human-readable ``films.csv.gz``.
    """

    def __init__(self, columns: dict[str, Any]) -> None:
        self.ids: npt.NDArray[np.int64] = columns["ids"]
        self.years: npt.NDArray[np.int64] = columns["years"]
        self.ratings: npt.NDArray[np.int64] = columns["ratings"]
        # TMDB votes (0 unknown; older catalogue files lack the column)
        self.votes: npt.NDArray[np.int64] = columns.get(
            "votes", np.zeros(len(columns["ids"]), dtype=np.int64)
        )
        # MovieLens mean ratings, NaN for unrated films (older catalogue files lack the column).
        self.means: npt.NDArray[np.float32] = columns.get(
            "means", np.full(len(columns["ids"]), np.nan, dtype=np.float32)
        )
        self.tmdb: npt.NDArray[np.int64] = columns["tmdb"]
        self.audience: npt.NDArray[np.int64] = columns["audience"]
        self.ranks: npt.NDArray[np.int64] = columns["ranks"]
        self.releases: npt.NDArray[np.int64] = columns["releases"]
        self.genre_codes: npt.NDArray[np.int32] = columns["genre_codes"]
        self.genre_sets: list[tuple[str, ...]] = columns["genre_sets"]
        self.country_codes: npt.NDArray[np.int32] = columns["country_codes"]
        self.countries: list[str] = columns["countries"]
        self.origin_codes: npt.NDArray[np.int32] = columns["origin_codes"]
        self.origins: list[str] = columns["origins"]
        self.titles: list[str] = columns["titles"]
        self.titles_ko: list[str] = columns["titles_ko"]
        self.imdb: list[str] = columns["imdb"]
        # normalize_title of each title: two records of one film (a KOBIS release of a
        # MovieLens film) share it and the year, and a list must not show both.
        self.keys: list[str] = columns["keys"]

    @classmethod
    def from_movies(cls, movies: list[Movie]) -> FilmTable:
        """Columns of these films (in the given order)."""
        genre_sets, genre_codes = _codes(["|".join(m.genres) for m in movies])
        countries, country_codes = _codes([m.country or "" for m in movies])
        origins, origin_codes = _codes([m.origin for m in movies])

        def ints(values: list[int]) -> npt.NDArray[np.int64]:
            return np.asarray(values, dtype=np.int64)

        return cls(
            {
                "ids": ints([m.movie_id for m in movies]),
                "years": ints([m.year or 0 for m in movies]),
                "ratings": ints([m.ratings for m in movies]),
                "votes": ints([m.votes for m in movies]),
                "means": np.asarray(
                    [np.nan if m.mean_rating is None else m.mean_rating for m in movies],
                    dtype=np.float32,
                ),
                "tmdb": ints([m.tmdb_id or 0 for m in movies]),
                "audience": ints([m.kr_audience for m in movies]),
                "ranks": ints([m.jw_rank or 0 for m in movies]),
                "releases": ints(
                    [m.kr_release.toordinal() if m.kr_release else 0 for m in movies]
                ),
                "genre_codes": genre_codes,
                "genre_sets": [_split(g) for g in genre_sets],
                "country_codes": country_codes,
                "countries": countries,
                "origin_codes": origin_codes,
                "origins": origins,
                "titles": [m.title for m in movies],
                "titles_ko": [m.title_ko or "" for m in movies],
                "imdb": [m.imdb_id or "" for m in movies],
                "keys": [normalize_title(m.title) for m in movies],
            }
        )

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The columns as plain arrays, for ``from_arrays`` (``allow_pickle=False``)."""
        arrays: dict[str, npt.NDArray[Any]] = {
            f"film_{name}": getattr(self, name)
            for name in ("ids", "years", "ratings", "votes", "means", "tmdb", "audience", "ranks",
                         "releases", "genre_codes", "country_codes", "origin_codes")
        }  # fmt: skip
        arrays["film_genre_sets"] = _join(["|".join(g) for g in self.genre_sets])
        for name in ("countries", "origins", "titles", "titles_ko", "imdb", "keys"):
            arrays[f"film_{name}"] = _join(getattr(self, name))
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[Any]]) -> FilmTable:
        """Inverse of ``to_arrays``."""
        count = len(arrays["film_ids"])
        columns: dict[str, Any] = {
            name: arrays[f"film_{name}"]
            for name in ("ids", "years", "ratings", "tmdb", "audience", "ranks", "releases",
                         "genre_codes", "country_codes", "origin_codes")
        }  # fmt: skip
        for optional in ("means", "votes"):
            if f"film_{optional}" in arrays:
                columns[optional] = arrays[f"film_{optional}"]
        sets = bytes(arrays["film_genre_sets"]).decode("utf-8").split("\n")
        columns["genre_sets"] = [_split(g) for g in sets]
        for name in ("countries", "origins"):
            stored = bytes(arrays[f"film_{name}"]).decode("utf-8")
            columns[name] = stored.split("\n")
        for name in ("titles", "titles_ko", "imdb", "keys"):
            columns[name] = _unjoin(arrays[f"film_{name}"], count)
        if any(len(columns[c]) != count for c in ("years", "ratings", "tmdb", "titles")):
            raise ValueError("the stored film columns have different lengths")
        return cls(columns)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, position: int) -> Movie:
        year, tmdb = int(self.years[position]), int(self.tmdb[position])
        rank, release = int(self.ranks[position]), int(self.releases[position])
        return Movie(
            movie_id=int(self.ids[position]),
            title=self.titles[position],
            year=year or None,
            genres=self.genre_sets[int(self.genre_codes[position])],
            imdb_id=self.imdb[position] or None,
            tmdb_id=tmdb or None,
            ratings=int(self.ratings[position]),
            title_ko=self.titles_ko[position] or None,
            country=self.countries[int(self.country_codes[position])] or None,
            kr_release=date.fromordinal(release) if release else None,
            kr_audience=int(self.audience[position]),
            jw_rank=rank or None,
            origin=self.origins[int(self.origin_codes[position])],
            mean_rating=_mean(float(self.means[position])),
            votes=int(self.votes[position]),
        )

    def __iter__(self) -> Iterator[Movie]:
        return (self[i] for i in range(len(self)))


def _mean(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)
