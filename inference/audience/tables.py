"""The runtime tables in data/audience/: known KOBIS films and yearly totals (read and written).

The films table is at once the title-lookup list and the timeline the track-record index is
built from: every film with admissions counts toward records and the market; a film whose
admissions are not in the data (``audience`` None: released from 2025-03-01 on, metadata only)
can be found by title and forecast, never shown or counted with a figure. Files are
sha256-checked against data/audience/metadata.json before they are read. Plain ``csv`` + ``gzip``
keep serving free of pandas.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inference.audience.errors import ArtifactError
from inference.audience.features import ReleaseDescription, YearlyTotals
from inference.audience.track_record import PastFilm
from inference.checksums import sha256_file

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "audience"
FILMS_FILE = "films.csv.gz"
TOTALS_FILE = "yearly_totals.csv"
FILM_COLUMNS = (
    "film_id",
    "title",
    "release_date",
    "director",
    "distributor",
    "nationality",
    "genre",
    "rating",
    "independent",
    "screens",
    "audience",
    "actors",
    "movie_cd",
    "audience_status",
)
ACTOR_SEPARATOR = "|"
# ``audience_status`` (``KnownFilm.status``); "" = no admissions in the data
FINAL, PARTIAL, EARLY = "final", "partial", "early"


@dataclass(frozen=True)
class KnownFilm:
    """A released film: how it looked before release, and what it then drew.

    ``audience``: national admissions, None when the data has none (a film released from
    2025-03-01 on: metadata only, ``release.screens`` 0 and genre/rating possibly "").
    ``status``: FINAL, PARTIAL (a lower bound: a file stopped counting while the film was still
    in cinemas, at least six weeks after it opened — trained and scored on), EARLY (a lower
    bound counted within six weeks of the opening, or missing it: shown, never trained or
    scored on), "" without admissions. ``movie_cd``: KOBIS's film code where a file gives it.
    """

    film_id: int
    title: str
    release: ReleaseDescription
    audience: int | None
    status: str = FINAL
    movie_cd: str = ""

    @property
    def final(self) -> bool:
        return self.status == FINAL

    @property
    def settled(self) -> bool:
        """A count the model may learn from and be scored on: final, or six weeks' worth."""
        return self.audience is not None and self.status in (FINAL, PARTIAL)

    def past(self) -> PastFilm:
        """The film as the track-record index counts it (only films with admissions)."""
        r = self.release
        assert self.audience is not None, "a film without admissions is never counted"
        return PastFilm(
            r.release_date,
            self.audience,
            r.director,
            r.distributor,
            r.actors,
            r.screens,
            self.title,
        )


@dataclass(frozen=True)
class Tables:
    films: tuple[KnownFilm, ...]
    totals: YearlyTotals


def film_row(film: KnownFilm) -> list[str]:
    """One films-table row, ``FILM_COLUMNS`` order."""
    r = film.release
    return [
        str(film.film_id),
        film.title,
        r.release_date.isoformat(),
        r.director or "",
        r.distributor or "",
        r.nationality,
        r.genre,
        r.rating,
        str(int(r.independent)),
        str(r.screens),  # 0: no screen count (before 2008, or released from 2025-03-01 on)
        "" if film.audience is None else str(film.audience),
        ACTOR_SEPARATOR.join(r.actors),
        film.movie_cd,
        film.status,
    ]


def _film(row: dict[str, str]) -> KnownFilm:
    release = ReleaseDescription(
        release_date=date.fromisoformat(row["release_date"]),
        screens=int(row["screens"] or 0),
        genre=row["genre"],
        rating=row["rating"],
        nationality=row["nationality"],
        distributor=row["distributor"] or None,
        director=row["director"] or None,
        actors=tuple(a for a in row["actors"].split(ACTOR_SEPARATOR) if a),
        independent=row["independent"] == "1",
    )
    return KnownFilm(
        int(row["film_id"]),
        row["title"],
        release,
        int(row["audience"]) if row["audience"] else None,
        status=row.get("audience_status", FINAL),
        movie_cd=row.get("movie_cd", ""),
    )


def write_films(path: Path, films: Iterable[KnownFilm]) -> None:
    """Gzip CSV with a fixed mtime, so the same films give byte-identical files."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FILM_COLUMNS)
    writer.writerows(film_row(f) for f in films)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.getvalue().encode("utf-8"))


def write_totals(path: Path, totals: YearlyTotals) -> None:
    """``estimated`` 1: not a KOBIS yearly total but an estimate (data/audience/README.md)."""
    lines = ["year,audience,complete,estimated"]
    for year in sorted(totals.by_year):
        complete = int(year <= totals.last_complete)
        estimated = int(year in totals.estimated)
        lines.append(f"{year},{totals.by_year[year]},{complete},{estimated}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _verified(directory: Path) -> None:
    try:
        meta = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
        expected = {name: meta["files"][name]["sha256"] for name in (FILMS_FILE, TOTALS_FILE)}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ArtifactError(f"cannot read {directory / 'metadata.json'}: {error}") from error
    for name, digest in expected.items():
        path = directory / name
        if not path.is_file():
            raise ArtifactError(f"missing table {path}")
        if sha256_file(path) != digest:
            raise ArtifactError(f"sha256 mismatch for {path}")


def load_tables(directory: Path | None = None) -> Tables:
    """The committed tables, checked against their metadata.json first."""
    directory = directory or DEFAULT_DIR
    _verified(directory)
    with gzip.open(directory / FILMS_FILE, "rt", encoding="utf-8", newline="") as handle:
        films = tuple(_film(row) for row in csv.DictReader(handle))
    rows = list(csv.DictReader((directory / TOTALS_FILE).open(encoding="utf-8")))
    by_year = {int(r["year"]): int(r["audience"]) for r in rows}
    last = max(int(r["year"]) for r in rows if r["complete"] == "1")
    estimated = frozenset(int(r["year"]) for r in rows if r.get("estimated") == "1")
    return Tables(films, YearlyTotals(by_year, last, estimated))
