"""MovieLens for the catalogue: ml-latest (2023) films, and the ml-latest-small ids it replaced.

ml-latest is the base of the catalogue: every one of its films, with the rating count and mean
as the popularity signal. The bot used ml-latest-small (2018) before, and users' favourites and
watchlists hold its ids. MovieLens ids are stable between releases, but 288 ml-latest-small
films are not in ml-latest 2023 (MovieLens dropped TV specials and merged a few duplicates):
12 come back under another id with the same IMDb id (``id_map``), and the other 276 stay in the
catalogue as ``ml-latest-small`` films so that nothing a user saved disappears.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from inference.catalogue.titles import parse_movielens_title

LATEST_FILES = ("movies.csv", "links.csv", "ratings_summary.csv")
SMALL_FILES = ("movies.csv", "links.csv", "ratings.csv")


@dataclass(frozen=True, slots=True)
class MovieLens:
    """The films of both releases, ready to be joined with the Korean sources."""

    films: pd.DataFrame  # one row per catalogue film from MovieLens (ml-latest + legacy)
    id_map: pd.DataFrame  # old_id, new_id, how: ml-latest-small ids that ml-latest renumbered


def _imdb(value: object) -> str | None:
    return f"tt{str(value).zfill(7)}" if isinstance(value, str) and value.isdigit() else None


def _frame(
    movies: pd.DataFrame, links: pd.DataFrame, counts: pd.DataFrame, origin: str
) -> pd.DataFrame:
    """movies + links + rating counts → the catalogue's MovieLens columns."""
    frame = movies.merge(links, on="movieId", how="left").merge(counts, on="movieId", how="left")
    parsed = [parse_movielens_title(t) for t in frame["title"]]
    return pd.DataFrame(
        {
            "movie_id": frame["movieId"].astype(int),
            "title": [p.display for p in parsed],
            "aliases": ["|".join(p.aliases) for p in parsed],
            "year": pd.array([p.year for p in parsed], dtype="Int64"),
            "genres": frame["genres"].replace("(no genres listed)", ""),
            "imdb_id": [_imdb(i) for i in frame["imdbId"]],
            "tmdb_id": frame["tmdbId"].astype("Int64"),
            "ratings": frame["ratings"].fillna(0).astype(int),
            "mean_rating": frame["mean_rating"].round(2),
            "origin": origin,
        }
    )


def load_latest(root: Path) -> pd.DataFrame:
    """ml-latest 2023: movies.csv + links.csv + ratings_summary.csv (counts and means)."""
    movies = pd.read_csv(root / "movies.csv", dtype={"movieId": int, "title": str, "genres": str})
    links = pd.read_csv(root / "links.csv", dtype={"imdbId": str, "tmdbId": "Int64"})
    counts = pd.read_csv(root / "ratings_summary.csv").rename(
        columns={"rating_count": "ratings", "rating_mean": "mean_rating"}
    )
    return _frame(movies, links, counts, "ml-latest")


def load_small(root: Path) -> pd.DataFrame:
    """ml-latest-small 2018, with counts and means computed from its ratings.csv."""
    movies = pd.read_csv(root / "movies.csv", dtype={"movieId": int, "title": str, "genres": str})
    links = pd.read_csv(root / "links.csv", dtype={"imdbId": str, "tmdbId": "Int64"})
    ratings = pd.read_csv(root / "ratings.csv", usecols=["movieId", "rating"])
    counts = (
        ratings.groupby("movieId")["rating"]
        .agg(ratings="count", mean_rating="mean")
        .reset_index()
    )
    return _frame(movies, links, counts, "ml-latest-small")


def load(latest_root: Path, small_root: Path) -> MovieLens:
    """ml-latest plus the ml-latest-small films it lacks; old ids mapped by IMDb id."""
    latest = load_latest(latest_root)
    small = load_small(small_root)
    missing = small[~small["movie_id"].isin(latest["movie_id"])]
    by_imdb = dict(zip(latest["imdb_id"], latest["movie_id"], strict=True))
    mapped = missing["imdb_id"].map(by_imdb)
    id_map = pd.DataFrame(
        {
            "old_id": missing.loc[mapped.notna(), "movie_id"].astype(int),
            "new_id": mapped[mapped.notna()].astype(int),
            "how": "imdb_id",
        }
    ).sort_values("old_id", ignore_index=True)
    legacy = missing[mapped.isna()]
    films = pd.concat([latest, legacy], ignore_index=True)
    films = films.sort_values("movie_id", ignore_index=True)
    return MovieLens(films, id_map)
