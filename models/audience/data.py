"""Read the KOBIS files into known films and yearly totals.

Films released to 2023-02-23: the seed team's cleaned release list (``preprocessing.csv``:
first director and distributor kept, four rating classes), joined with the Naver cast by title —
several films share a title, so the Naver row whose director matches (else whose production year
is nearest) wins. Only films with at least ``MIN_TABLE_AUDIENCE`` admissions are kept: the
runtime table stays small and the excluded films are far from any top-300 rank.

With ``../shared/data/kobis-2026`` (``kobis2026.py``): the seed's films still in cinemas at its
capture get the later counts, every seed film that a 2026 file names gets its ``movieCd``, and
the films released after the seed's last one are added — with admissions (≥ 1,000) to
2025-02-28, metadata only from 2025-03-01 on.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from inference.audience.features import (
    ReleaseDescription,
    YearlyTotals,
    normalise_distributor,
    normalise_person,
    normalise_rating,
)
from inference.audience.tables import EARLY, FINAL, PARTIAL, KnownFilm
from inference.audience.track_record import MAX_LEADS, SETTLE_DAYS
from models.audience import kobis2026

RELEASES = "preprocessing.csv"
NAVER = "naver_crawling_data.csv"
TOTALS = "movie_total_people.csv"
TABLE_INPUTS = (RELEASES, NAVER, TOTALS)  # what the runtime tables are built from
CAPTURE_DATE = date(2023, 3, 20)  # SOURCE.md: list captured then; later years are partial
#: Seed films released from here on were still in cinemas at the capture: partial counts.
PARTIAL_FROM = date(2022, 12, 20)
NEW_FILM_IDS = 1_000_000  # films of the 2026 files: ids from here, in (date, title) order
DATA_END = kobis2026.CUT  # admissions of films released before this date only
MIN_TABLE_AUDIENCE = 1_000
ESTIMATED_YEARS = (2023, 2024)  # complete years of the 2026 files without a KOBIS total
MAX_NAVER_YEAR_GAP = 3


def _number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype(str).str.replace(",", ""), errors="coerce")


def _cast(raw: object) -> list[str]:
    if not isinstance(raw, str) or not raw.startswith("["):
        return []
    names = ast.literal_eval(raw)
    return [n for n in (normalise_person(x) for x in names) if n]


def _naver_leads(naver: pd.DataFrame) -> dict[str, list[tuple[int, list[str], list[str]]]]:
    """Title → [(production year, directors, cast)], every Naver row for that title."""
    by_title: dict[str, list[tuple[int, list[str], list[str]]]] = {}
    for row in naver.itertuples(index=False):
        cast = _cast(row.출연)
        if cast:
            year = int(row.제작연도) if pd.notna(row.제작연도) else 0
            by_title.setdefault(str(row.영화명), []).append((year, _cast(row.감독), cast))
    return by_title


def _leads(
    candidates: list[tuple[int, list[str], list[str]]], director: str | None, year: int
) -> tuple[str, ...]:
    """The lead actors of the Naver row that is most plausibly this film, or ()."""
    close = [c for c in candidates if c[0] == 0 or abs(c[0] - year) <= MAX_NAVER_YEAR_GAP]
    if not close:
        return ()
    best = min(close, key=lambda c: (director not in c[1], abs(c[0] - year)))
    return tuple(dict.fromkeys(best[2]))[:MAX_LEADS]


def known_films(data_dir: Path, data_2026: Path | None = None) -> list[KnownFilm]:
    """The seed's films (≥ MIN_TABLE_AUDIENCE admissions), with the 2026 files when given."""
    films = seed_films(data_dir)
    if data_2026 is None:
        return films
    return merge(films, kobis2026.read(data_2026))


def seed_films(data_dir: Path) -> list[KnownFilm]:
    """Every film of the seed's list with ≥ MIN_TABLE_AUDIENCE admissions (those released from
    PARTIAL_FROM on with a lower bound: PARTIAL if counted six weeks after their opening at the
    capture, else EARLY)."""
    raw = pd.read_csv(data_dir / RELEASES)
    raw["audience"] = _number(raw["전국 관객수"])
    raw["screens"] = _number(raw["전국 스크린수"])
    raw = raw[raw["audience"] >= MIN_TABLE_AUDIENCE]
    naver = _naver_leads(pd.read_csv(data_dir / NAVER))
    films = []
    for row in raw.itertuples(index=False):
        day = date.fromisoformat(str(row.개봉일))
        director = normalise_person(row.감독)
        release = ReleaseDescription(
            release_date=day,
            screens=int(row.screens),
            genre=str(row.장르),
            rating=normalise_rating(str(row.등급)),
            nationality=str(row.국적),
            distributor=normalise_distributor(row.배급사),
            director=director,
            actors=_leads(naver.get(str(row.영화명), []), director, day.year),
            independent=row.영화구분 == "독립/예술영화",
        )
        status = FINAL if day < PARTIAL_FROM else _status(0, day, CAPTURE_DATE)
        films.append(KnownFilm(int(row.순번), str(row.영화명), release, int(row.audience), status))
    films.sort(key=lambda f: (f.release.release_date, f.film_id))
    return films


def _status(final: int, opened: date, counted_to: date | None, covered: bool = False) -> str:
    """FINAL with a final count; else PARTIAL if the count covers the first six weeks."""
    if final:
        return FINAL
    if covered or (counted_to and opened + dt.timedelta(days=SETTLE_DAYS) <= counted_to):
        return PARTIAL
    return EARLY


def _release(film: kobis2026.NewFilm) -> ReleaseDescription:
    return ReleaseDescription(
        release_date=film.release_date,
        screens=film.screens,
        genre=film.genre,
        rating=film.rating,
        nationality=film.nationality,
        distributor=film.distributor,
        director=film.director,
        actors=film.actors,
        independent=bool(film.independent),
    )


def merge(seed: list[KnownFilm], new: list[kobis2026.NewFilm]) -> list[KnownFilm]:
    """The seed's films updated from the 2026 files, then the films released after them.

    A seed film keeps its facts; it takes the ``movieCd`` of the 2026 film with its title
    opening within ``kobis2026.DATE_SLACK`` days, and, if it was still in cinemas at the capture,
    that film's final count, else the larger of the two counts (PARTIAL when either covers its
    first six weeks), and the larger screen count.
    """
    by_title: dict[str, list[kobis2026.NewFilm]] = {}
    for named in new:
        by_title.setdefault(kobis2026.title_key(named.title), []).append(named)
    used: set[int] = set()
    out: list[KnownFilm] = []
    for film in seed:
        day = film.release.release_date
        close = [
            candidate
            for candidate in by_title.get(kobis2026.title_key(film.title), [])
            if abs((candidate.release_date - day).days) <= kobis2026.DATE_SLACK
            and id(candidate) not in used
        ]
        match = min(close, key=lambda c: abs((c.release_date - day).days), default=None)
        if match is None:
            out.append(film)
            continue
        used.add(id(match))
        if film.final or not match.audience:
            out.append(replace(film, movie_cd=match.movie_cd))
            continue
        assert film.audience is not None
        audience = match.final or max(film.audience, match.lower)
        screens = max(film.release.screens, match.screens)
        release = replace(film.release, screens=screens)
        seed_covered = film.status == PARTIAL
        status = _status(match.final, day, None, match.covered or seed_covered)
        out.append(
            replace(
                film,
                release=release,
                audience=audience,
                status=status,
                movie_cd=match.movie_cd,
            )
        )
    last = max(f.release.release_date for f in seed)
    later = [n for n in new if n.release_date > last and id(n) not in used]
    kept = [
        n
        for n in later
        if (n.release_date < DATA_END and n.audience >= MIN_TABLE_AUDIENCE)
        or (n.release_date >= DATA_END and not n.audience)
    ]
    for i, added in enumerate(kept):
        out.append(
            KnownFilm(
                NEW_FILM_IDS + i,
                added.title,
                _release(added),
                added.audience if added.release_date < DATA_END else None,
                status=(
                    _status(added.final, added.release_date, None, added.covered)
                    if added.release_date < DATA_END
                    else ""
                ),
                movie_cd=added.movie_cd,
            )
        )
    out.sort(key=lambda f: (f.release.release_date, f.film_id))
    return out


def yearly_totals(data_dir: Path, data_2026: Path | None = None) -> YearlyTotals:
    """KOBIS yearly admissions; years from the capture year on are incomplete.

    With the 2026 files, 2023 and 2024 (no KOBIS yearly total there) are estimated: the weekly
    top-10's admissions of the year divided by the share of a year the weekly top-10 counts
    (its median over 2004–2022, ``kobis2026.weekly_share``), and marked ``estimated``.
    """
    table = pd.read_csv(data_dir / TOTALS, encoding="utf-8-sig")
    by_year = dict(
        zip(table["연도"].astype(int), _number(table["관객수"]).astype(int), strict=True)
    )
    if data_2026 is None:
        return YearlyTotals(by_year, CAPTURE_DATE.year - 1)
    share = kobis2026.weekly_share(data_2026, by_year)
    sums = kobis2026.weekly_sums(data_2026)
    estimated = frozenset(ESTIMATED_YEARS)
    for year in ESTIMATED_YEARS:
        by_year[year] = round(sums[year] / share)
    return YearlyTotals(by_year, max(ESTIMATED_YEARS), estimated)
