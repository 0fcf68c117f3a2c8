"""Read the KOBIS files of the seed into known films, yearly totals and the seed's own frames.

Source of every film: the seed team's cleaned release list (``preprocessing.csv``: first
director and distributor kept, four rating classes), joined with the Naver cast by title —
several films share a title, so the Naver row whose director matches (else whose production year
is nearest) wins. Only films with at least ``MIN_TABLE_AUDIENCE`` admissions are kept: the
runtime table stays small and the excluded films are far from any top-300 rank.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
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
from inference.audience.tables import KnownFilm
from inference.audience.track_record import MAX_LEADS

RELEASES = "preprocessing.csv"
NAVER = "naver_crawling_data.csv"
TOTALS = "movie_total_people.csv"
SEED_REG = "movie_final_reg.csv"
SEED_CLS = "movie_final_cls.csv"
TABLE_INPUTS = (RELEASES, NAVER, TOTALS)  # what the runtime tables are built from
INPUTS = (*TABLE_INPUTS, SEED_REG, SEED_CLS)  # plus the seed's frames (its own splits)
CAPTURE_DATE = date(2023, 3, 20)  # SOURCE.md: list captured then; later years are partial
MIN_TABLE_AUDIENCE = 1_000
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


def known_films(data_dir: Path) -> list[KnownFilm]:
    """Every film with ≥ MIN_TABLE_AUDIENCE admissions, as known before its release."""
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
        films.append(KnownFilm(int(row.순번), str(row.영화명), release, int(row.audience)))
    films.sort(key=lambda f: (f.release.release_date, f.film_id))
    return films


def yearly_totals(data_dir: Path) -> YearlyTotals:
    """KOBIS yearly admissions; years from the capture year on are incomplete."""
    table = pd.read_csv(data_dir / TOTALS, encoding="utf-8-sig")
    by_year = dict(
        zip(table["연도"].astype(int), _number(table["관객수"]).astype(int), strict=True)
    )
    return YearlyTotals(by_year, CAPTURE_DATE.year - 1)


@dataclass(frozen=True)
class SeedFrames:
    """The seed's final regression and classification sets, unchanged."""

    reg: pd.DataFrame
    cls: pd.DataFrame


def seed_frames(data_dir: Path) -> SeedFrames:
    return SeedFrames(pd.read_csv(data_dir / SEED_REG), pd.read_csv(data_dir / SEED_CLS))
