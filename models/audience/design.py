"""The modelling table: every film in the population, encoded exactly as the service encodes.

Population (the seed's "all" set and the bench's split (b)): released 2008 or later (KOBIS's
first screen counts), more than 50 screens, more than 1,000 admissions, with a KOBIS genre and
rating (26 films of 2024-07 … 10 in the 2026 files have neither). Track records, the screen
level, the market and the ceiling come from every film with admissions, each as of the film's
own date, so training rows never see their own or later results. Only settled counts are
rows (``KnownFilm.settled``: final, or a lower bound that counted the first six weeks);
``info["status"]`` says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from inference.audience.features import (
    EARLIEST_RELEASE,
    FEATURE_NAMES,
    GENRES,
    MIN_AUDIENCE,
    MIN_SCREENS,
    RATINGS,
    YearlyTotals,
    encode,
)
from inference.audience.tables import KnownFilm
from inference.audience.track_record import MARKET_TOP, SCREEN_LEVEL_RANK, TrackRecord


@dataclass(frozen=True)
class Design:
    """Rows of the population: film facts (``info``), features ``x`` (``FEATURE_NAMES``), the
    market ``offset``, log10 admissions ``y`` and the log10 ``ceiling`` at each date."""

    info: pd.DataFrame  # film_id, title, release_date, audience, screens, genre, …
    x: np.ndarray
    offset: np.ndarray
    y: np.ndarray
    ceiling: np.ndarray

    def rows(self, mask: np.ndarray) -> Design:
        info = self.info[mask].reset_index(drop=True)
        return Design(info, self.x[mask], self.offset[mask], self.y[mask], self.ceiling[mask])

    def dates(self) -> pd.Series:
        return pd.to_datetime(self.info["release_date"])

    def between(self, start: date | None, end: date | None) -> np.ndarray:
        """Mask of rows released in [start, end) (None: open)."""
        dates = self.dates()
        mask = np.ones(len(self.y), dtype=bool)
        if start is not None:
            mask &= np.asarray(dates >= pd.Timestamp(start))
        if end is not None:
            mask &= np.asarray(dates < pd.Timestamp(end))
        return mask


def in_population(film: KnownFilm) -> bool:
    r = film.release
    return (
        film.audience is not None
        and film.settled
        and r.release_date >= EARLIEST_RELEASE
        and r.screens > MIN_SCREENS
        and film.audience > MIN_AUDIENCE
        and r.genre in GENRES
        and r.rating in RATINGS
    )


def records(
    films: Sequence[KnownFilm],
    totals: YearlyTotals,
    market_top: int | None = MARKET_TOP,
    screen_rank: int | None = SCREEN_LEVEL_RANK,
) -> TrackRecord:
    """The as-of-date index over every film with admissions (see ``track_record``)."""
    counted = (f.past() for f in films if f.audience is not None)
    return TrackRecord(counted, totals.by_year, totals.last_complete, market_top, screen_rank)


def build(
    films: Sequence[KnownFilm],
    totals: YearlyTotals,
    market_top: int | None = MARKET_TOP,
    screen_rank: int | None = SCREEN_LEVEL_RANK,
) -> Design:
    """Encode the population of ``films``; records and markets from all of them
    (``market_top`` / ``screen_rank`` None: the fifth selection's definitions)."""
    index = records(films, totals, market_top, screen_rank)
    chosen = [f for f in films if in_population(f)]
    rows, offsets, ceilings, info = [], [], [], []
    for film in chosen:
        r = film.release
        record = index.as_of(r.release_date, r.director, r.distributor, r.actors)
        day = r.release_date
        encoded = encode(r, record, index.screen_level(day), index.market(day))
        rows.append(encoded.row)
        offsets.append(encoded.offset)
        ceilings.append(np.log10(index.ceiling(r.release_date)))
        info.append(
            {
                "film_id": film.film_id,
                "title": film.title,
                "release_date": r.release_date,
                "audience": film.audience,
                "screens": r.screens,
                "genre": r.genre,
                "rating": r.rating,
                "nationality": r.nationality,
                "distributor": r.distributor or "",
                "independent": r.independent,
                "status": film.status,
                "movie_cd": film.movie_cd,
            }
        )
    x = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
    audience = np.array([f.audience or 0 for f in chosen], dtype=np.float64)
    return Design(
        pd.DataFrame(info),
        x,
        np.array(offsets, dtype=np.float64),
        np.log10(audience),
        np.array(ceilings, dtype=np.float64),
    )
