"""The US streaming lists (JustWatch US, MOSP, shivamb): offline "where to watch" for region US.

Dated third-party snapshots of US subscription catalogues (see ``../shared/data/ott/*/SOURCE.md``),
matched to MovieLens by IMDb id where the list has one, otherwise by the exact normalised
``title|year`` key of ``inference.catalogue.titles`` (the normaliser the search uses). They are
shown only to users whose region is US: a Korean user never sees a US list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from inference.catalogue.titles import join_key


@dataclass(frozen=True, slots=True)
class Listing:
    """One film row of one OTT list, before it is matched to MovieLens."""

    title: str
    year: int | None
    imdb_id: str | None
    platforms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """One OTT data source: where it is, which platforms, when, and how to read it."""

    id: str
    region: str
    snapshot: date
    snapshot_precision: str  # "day" or "year": the JustWatch/MOSP v2 dumps carry no exact date
    files: tuple[str, ...]


@dataclass(slots=True)
class SourceStats:
    """Match counts for ``metadata.json``."""

    listings: int = 0
    by_imdb: int = 0
    by_title_year: int = 0
    ambiguous_title_year: int = 0
    unknown_platforms: dict[str, int] = field(default_factory=dict)
    films: set[int] = field(default_factory=set)


JUSTWATCH_PLATFORMS = {
    "netflix_titles.csv": "netflix",
    "amazon_prime_titles.csv": "prime_video",
    "disney_titles.csv": "disney_plus",
    "hbo_titles.csv": "max",
    "hulu_titles.csv": "hulu",
    "paramount_titles.csv": "paramount_plus",
    "apple_titles.csv": "apple_tv_plus",
}
SHIVAMB_PLATFORMS = {
    "netflix_titles.csv": "netflix",
    "amazon_prime_titles.csv": "prime_video",
    "disney_plus_titles.csv": "disney_plus",
    "hulu_titles.csv": "hulu",
}
MOSP_V1, MOSP_V2 = "MoviesOnStreamingPlatforms_updated.csv", "MoviesOnStreamingPlatforms.csv"
MOSP_COLUMNS = {
    "Netflix": "netflix",
    "Hulu": "hulu",
    "Prime Video": "prime_video",
    "Disney+": "disney_plus",
}
def _year(value: Any) -> int | None:
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        return None
    return year if 1870 <= year <= 2100 else None


def _imdb(value: Any) -> str | None:
    text = str(value).strip() if isinstance(value, str) else ""
    return text if text.startswith("tt") and text[2:].isdigit() else None


def read_justwatch(folder: Path, name: str) -> Iterator[Listing]:
    """Movies of one JustWatch-derived list (has imdb_id)."""
    frame = pd.read_csv(folder / name, usecols=["title", "type", "release_year", "imdb_id"])
    for row in frame[frame["type"] == "MOVIE"].itertuples(index=False):
        yield Listing(
            str(row.title),
            _year(row.release_year),
            _imdb(row.imdb_id),
            (JUSTWATCH_PLATFORMS[name],),
        )


def read_shivamb(folder: Path, name: str) -> Iterator[Listing]:
    """Movies of one shivamb list (title + release_year only)."""
    frame = pd.read_csv(folder / name, usecols=["type", "title", "release_year"])
    for row in frame[frame["type"] == "Movie"].itertuples(index=False):
        yield Listing(str(row.title), _year(row.release_year), None, (SHIVAMB_PLATFORMS[name],))


def shivamb_snapshot(folder: Path) -> date:
    """The newest ``date_added`` across the shivamb lists: the day the scrape was current."""
    newest: list[date] = []
    for name in SHIVAMB_PLATFORMS:
        added = pd.to_datetime(
            pd.read_csv(folder / name, usecols=["date_added"])["date_added"].str.strip(),
            errors="coerce",
            format="mixed",
        )
        newest.append(added.max().date())
    return max(newest)


def read_mosp(folder: Path, name: str) -> Iterator[Listing]:
    """One MOSP file: a row per film with a 0/1 flag per platform."""
    frame = pd.read_csv(folder / name, encoding="utf-8-sig")
    for row in frame.to_dict("records"):
        flagged = tuple(pid for col, pid in MOSP_COLUMNS.items() if row.get(col) == 1)
        if flagged:
            yield Listing(str(row["Title"]), _year(row["Year"]), None, flagged)


class Matcher:
    """imdb_id via links.csv first, then the exact ``norm_title|year`` key."""

    def __init__(self, movies: pd.DataFrame) -> None:
        self.by_imdb: dict[str, int] = {
            i: int(m) for i, m in zip(movies["imdb_id"], movies["movie_id"], strict=True) if i
        }
        keys: dict[str, list[int]] = {}
        for title, year, movie_id in zip(
            movies["title"], movies["year"], movies["movie_id"], strict=True
        ):
            key = join_key(title, None if pd.isna(year) else int(year))
            if key:
                keys.setdefault(key, []).append(int(movie_id))
        self.by_key = {k: v[0] for k, v in keys.items() if len(v) == 1}
        self.ambiguous_keys = {k for k, v in keys.items() if len(v) > 1}

    def match(self, listing: Listing, stats: SourceStats) -> int | None:
        """The movieId of a listing, or None. A listing with an imdb_id that MovieLens lacks is
        not title-matched: a disagreeing id means a different film (remake, namesake)."""
        stats.listings += 1
        if listing.imdb_id:
            movie_id = self.by_imdb.get(listing.imdb_id)
            if movie_id is not None:
                stats.by_imdb += 1
            return movie_id
        key = join_key(listing.title, listing.year)
        if key in self.ambiguous_keys:
            stats.ambiguous_title_year += 1
            return None
        movie_id = self.by_key.get(key) if key else None
        if movie_id is not None:
            stats.by_title_year += 1
        return movie_id


def us_sources(ott: Path) -> list[tuple[Source, Path]]:
    """Every US list with its folder, newest first."""
    jw, mosp = ott / "justwatch_titles", ott / "movies_on_streaming_platforms"
    shiv = ott / "shivamb_titles"
    jw_2022 = ("amazon_prime_titles.csv", "hulu_titles.csv")
    jw_2023 = tuple(f for f in JUSTWATCH_PLATFORMS if f not in jw_2022)
    return [
        (Source("justwatch-2023", "US", date(2023, 1, 1), "year", jw_2023), jw),
        (Source("justwatch-2022", "US", date(2022, 1, 1), "year", jw_2022), jw),
        # v1 has no date of its own; the commit that holds it is from 2020-07-18.
        (Source("mosp-2020", "US", date(2020, 7, 18), "day", (MOSP_V1,)), mosp),
        (Source("mosp-2021", "US", date(2021, 1, 1), "year", (MOSP_V2,)), mosp),
        (
            Source("shivamb-2021", "US", shivamb_snapshot(shiv), "day", tuple(SHIVAMB_PLATFORMS)),
            shiv,
        ),
    ]


def listings(source: Source, folder: Path, name: str) -> Iterable[Listing]:
    """The film rows of one file of one source."""
    family = source.id.split("-")[0]
    if family == "justwatch":
        return read_justwatch(folder, name)
    if family == "shivamb":
        return read_shivamb(folder, name)
    return read_mosp(folder, name)
