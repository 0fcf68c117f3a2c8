"""Build the runtime film catalogue and offline availability table from MovieLens and OTT lists.

    python -m models.catalogue.build --movielens ../shared/data/movielens/ml-latest-small \
        --ott ../shared/data/ott --out data/catalogue

The bot must start in well under a second and never parse the raw Kaggle dumps, so this script
reduces them once to two small gzip CSVs plus ``metadata.json`` (input hashes, counts, match
rates). Titles are matched with ``inference.catalogue.titles`` — the same normaliser the search uses. The
output is byte-for-byte deterministic for the same inputs (sorted rows, gzip mtime 0); only
``metadata.json`` carries the build date.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import platform
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from inference.checksums import sha256_file
from inference.catalogue.titles import join_key, parse_movielens_title

CATALOGUE_FILE = "movies.csv.gz"
AVAILABILITY_FILE = "availability.csv.gz"
METADATA_FILE = "metadata.json"
CROSSWALK = Path(__file__).with_name("kinolights_crosswalk.csv")
TOP_N = 1000  # match rate among the most-rated films: the ones users actually ask about

CATALOGUE_COLUMNS = (
    "movie_id",
    "title",
    "ml_title",
    "year",
    "genres",
    "imdb_id",
    "tmdb_id",
    "ratings",
    "mean_rating",
)
AVAILABILITY_COLUMNS = ("movie_id", "platform", "region", "kind", "source", "snapshot")


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
    by_crosswalk: int = 0
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
KINOLIGHTS_PLATFORMS = {
    "netflix": "netflix",
    "wavve": "wavve",
    "coupang play": "coupang_play",
    "tving": "tving",
    "disney+": "disney_plus",
    "watcha": "watcha",
}
# Not mapped: Kinolights' "Apple TV+" also covers the Apple TV store (rent/buy, e.g. Mission:
# Impossible), which is not a subscription offer; U+모바일tv, Genie TV, LAFTEL, BFLIX are not
# platforms CineMate knows. They are counted in metadata.json as unknown_platforms.


def _year(value: Any) -> int | None:
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        return None
    return year if 1870 <= year <= 2100 else None


def _imdb(value: Any) -> str | None:
    text = str(value).strip() if isinstance(value, str) else ""
    return text if text.startswith("tt") and text[2:].isdigit() else None


def load_movielens(root: Path) -> pd.DataFrame:
    """movies.csv + links.csv + per-film rating count and mean, one row per movieId."""
    movies = pd.read_csv(root / "movies.csv", dtype={"movieId": int, "title": str, "genres": str})
    links = pd.read_csv(root / "links.csv", dtype={"imdbId": str, "tmdbId": "Int64"})
    ratings = pd.read_csv(root / "ratings.csv", usecols=["movieId", "rating"])
    stats = ratings.groupby("movieId")["rating"].agg(ratings="count", mean_rating="mean")
    frame = movies.merge(links, on="movieId", how="left").merge(
        stats, left_on="movieId", right_index=True, how="left"
    )
    parsed = [parse_movielens_title(t) for t in frame["title"]]
    return pd.DataFrame(
        {
            "movie_id": frame["movieId"],
            "title": [p.display for p in parsed],
            "ml_title": frame["title"].str.strip(),
            "year": pd.array([p.year for p in parsed], dtype="Int64"),
            "genres": frame["genres"].replace("(no genres listed)", ""),
            "imdb_id": ["tt" + i.zfill(7) if isinstance(i, str) else None for i in frame.imdbId],
            "tmdb_id": frame["tmdbId"],
            "ratings": frame["ratings"].fillna(0).astype(int),
            "mean_rating": frame["mean_rating"].round(2),
        }
    ).sort_values("movie_id", ignore_index=True)


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


def read_kinolights(folder: Path, name: str, stats: SourceStats) -> Iterator[Listing]:
    """Korean titles with a comma list of platforms; unknown platforms are counted, not kept."""
    frame = pd.read_csv(folder / name, encoding="utf-8-sig")
    for row in frame.to_dict("records"):
        if "영화" not in str(row["genre"]):  # films only, like the other sources
            continue
        known: list[str] = []
        for raw in str(row["platform"]).split(",") if isinstance(row["platform"], str) else []:
            label = raw.strip()
            pid = KINOLIGHTS_PLATFORMS.get(label.casefold())
            if pid:
                known.append(pid)
            elif label:
                stats.unknown_platforms[label] = stats.unknown_platforms.get(label, 0) + 1
        if known:
            yield Listing(str(row["title"]), _year(row["year"]), None, tuple(known))


class Matcher:
    """imdb_id via links.csv first, then the exact ``norm_title|year`` key, then a crosswalk."""

    def __init__(self, movies: pd.DataFrame, crosswalk: dict[tuple[str, int], int]) -> None:
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
        self.crosswalk = crosswalk

    def match(self, listing: Listing, stats: SourceStats) -> int | None:
        """The movieId of a listing, or None. A listing with an imdb_id that MovieLens lacks is
        not title-matched: a disagreeing id means a different film (remake, namesake)."""
        stats.listings += 1
        if listing.imdb_id:
            movie_id = self.by_imdb.get(listing.imdb_id)
            if movie_id is not None:
                stats.by_imdb += 1
            return movie_id
        if listing.year is not None and (listing.title, listing.year) in self.crosswalk:
            stats.by_crosswalk += 1
            return self.crosswalk[(listing.title, listing.year)]
        key = join_key(listing.title, listing.year)
        if key in self.ambiguous_keys:
            stats.ambiguous_title_year += 1
            return None
        movie_id = self.by_key.get(key) if key else None
        if movie_id is not None:
            stats.by_title_year += 1
        return movie_id


def load_crosswalk(path: Path) -> dict[tuple[str, int], int]:
    """Hand-checked Korean title → movieId pairs (Kinolights lists films by Korean title)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["kinolights_title"], int(row["kinolights_year"])): int(row["movie_id"])
            for row in csv.DictReader(handle)
        }


def write_gzip_csv(path: Path, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """A gzip CSV with a fixed header and mtime 0, so rebuilding gives identical bytes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle,
    ):
        handle.write(text.getvalue().encode("utf-8"))


def _cell(value: Any) -> Any:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def build(movielens: Path, ott: Path, out: Path) -> dict[str, Any]:
    """Run the whole build and return the metadata that was written."""
    jw, mosp = ott / "justwatch_titles", ott / "movies_on_streaming_platforms"
    shiv, kino = ott / "shivamb_titles", ott / "korean_kinolights_sample"
    jw_2022 = ("amazon_prime_titles.csv", "hulu_titles.csv")
    jw_2023 = tuple(f for f in JUSTWATCH_PLATFORMS if f not in jw_2022)
    sources = [
        Source("justwatch-2023", "US", date(2023, 1, 1), "year", jw_2023),
        Source("justwatch-2022", "US", date(2022, 1, 1), "year", jw_2022),
        # v1 has no date of its own; the commit that holds it is from 2020-07-18.
        Source("mosp-2020", "US", date(2020, 7, 18), "day", (MOSP_V1,)),
        Source("mosp-2021", "US", date(2021, 1, 1), "year", (MOSP_V2,)),
        Source("shivamb-2021", "US", shivamb_snapshot(shiv), "day", tuple(SHIVAMB_PLATFORMS)),
        Source("kinolights-2025", "KR", date(2025, 5, 14), "day", ("fixed_contents.csv",)),
    ]
    folders = {"justwatch": jw, "mosp": mosp, "shivamb": shiv, "kinolights": kino}

    movies = load_movielens(movielens)
    matcher = Matcher(movies, load_crosswalk(CROSSWALK))
    rows: set[tuple[int, str, str, str, str, str]] = set()
    stats: dict[str, SourceStats] = {s.id: SourceStats() for s in sources}
    steps = [(s, f) for s in sources for f in s.files]
    for source, name in tqdm(steps, desc="OTT lists", unit="file", file=sys.stderr):
        family = source.id.split("-")[0]
        folder = folders[family]
        stat = stats[source.id]
        listings: Iterable[Listing]
        if family == "justwatch":
            listings = read_justwatch(folder, name)
        elif family == "shivamb":
            listings = read_shivamb(folder, name)
        elif family == "mosp":
            listings = read_mosp(folder, name)
        else:
            listings = read_kinolights(folder, name, stat)
        for listing in listings:
            movie_id = matcher.match(listing, stat)
            if movie_id is None:
                continue
            stat.films.add(movie_id)
            for pid in listing.platforms:
                rows.add(
                    (
                        movie_id,
                        pid,
                        source.region,
                        "subscription",
                        source.id,
                        source.snapshot.isoformat(),
                    )
                )

    out.mkdir(parents=True, exist_ok=True)
    write_gzip_csv(
        out / CATALOGUE_FILE,
        CATALOGUE_COLUMNS,
        ([_cell(v) for v in rec] for rec in movies[list(CATALOGUE_COLUMNS)].itertuples(False)),
    )
    write_gzip_csv(out / AVAILABILITY_FILE, AVAILABILITY_COLUMNS, sorted(rows))

    total = len(movies)
    top = set(movies.nlargest(TOP_N, ["ratings", "movie_id"])["movie_id"].astype(int))
    any_films = set().union(*(s.films for s in stats.values()))

    def rates(films: set[int]) -> dict[str, Any]:
        return {
            "films": len(films),
            "pct_of_catalogue": round(100 * len(films) / total, 1),
            f"pct_of_top_{TOP_N}": round(100 * len(films & top) / TOP_N, 1),
        }

    # Keys name each input the same way wherever the data was checked out.
    inputs = {
        f"movielens/{movielens.name}/{n}": movielens / n
        for n in ("movies.csv", "links.csv", "ratings.csv")
    }
    for s in sources:
        folder = folders[s.id.split("-")[0]]
        inputs.update({f"ott/{folder.name}/{f}": folder / f for f in s.files})
    inputs["models/catalogue/kinolights_crosswalk.csv"] = CROSSWALK
    metadata: dict[str, Any] = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "builder": "models/catalogue/build.py",
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "inputs": {key: sha256_file(path) for key, path in sorted(inputs.items())},
        "outputs": {n: sha256_file(out / n) for n in (CATALOGUE_FILE, AVAILABILITY_FILE)},
        "catalogue": {
            "films": total,
            "with_year": int(movies["year"].notna().sum()),
            "with_imdb_id": int(movies["imdb_id"].notna().sum()),
            "with_tmdb_id": int(movies["tmdb_id"].notna().sum()),
            "rated": int((movies["ratings"] > 0).sum()),
            "ambiguous_title_year_keys": len(matcher.ambiguous_keys),
        },
        "availability": {
            "rows": len(rows),
            "any_source": rates(any_films),
            "sources": {
                s.id: {
                    "region": s.region,
                    "snapshot": s.snapshot.isoformat(),
                    "snapshot_precision": s.snapshot_precision,
                    "files": list(s.files),
                    "listings": stats[s.id].listings,
                    "matched_by_imdb": stats[s.id].by_imdb,
                    "matched_by_title_year": stats[s.id].by_title_year,
                    "matched_by_crosswalk": stats[s.id].by_crosswalk,
                    "skipped_ambiguous_title_year": stats[s.id].ambiguous_title_year,
                    "unknown_platforms": dict(sorted(stats[s.id].unknown_platforms.items())),
                    **rates(stats[s.id].films),
                }
                for s in sources
            },
        },
    }
    (out / METADATA_FILE).write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return metadata


def summary(metadata: dict[str, Any]) -> dict[str, Any]:
    """The counts and match rates worth printing after a build."""
    fields = (
        "listings",
        "matched_by_imdb",
        "matched_by_title_year",
        "matched_by_crosswalk",
        "films",
        "pct_of_catalogue",
        f"pct_of_top_{TOP_N}",
    )
    availability = metadata["availability"]
    return {
        "catalogue": metadata["catalogue"],
        "availability_rows": availability["rows"],
        "any_source": availability["any_source"],
        "sources": {
            name: {f: source[f] for f in fields} for name, source in availability["sources"].items()
        },
    }


def main(argv: list[str] | None = None) -> None:
    """CLI entry point; prints the counts and match rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movielens", type=Path, required=True, help="ml-latest-small folder")
    parser.add_argument("--ott", type=Path, required=True, help="shared/data/ott folder")
    parser.add_argument("--out", type=Path, default=Path("data/catalogue"))
    args = parser.parse_args(argv)
    metadata = build(args.movielens, args.ott, args.out)
    print(json.dumps(summary(metadata), indent=2, ensure_ascii=False))
    for name in (CATALOGUE_FILE, AVAILABILITY_FILE, METADATA_FILE):
        print(f"{args.out / name}: {(args.out / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
