"""The modelling table: every film in the population, encoded exactly as the service encodes.

Population (the seed's "all" set and the bench's split (b)): released 2008 or later (KOBIS's
first screen counts), more than 50 screens, more than 1,000 admissions. Track records, the
screen level, the market and the ceiling come from the whole films table, each as of the
film's own date, so training rows never see their own or later results.
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
    MIN_AUDIENCE,
    MIN_SCREENS,
    YearlyTotals,
    encode,
)
from inference.audience.tables import KnownFilm
from inference.audience.track_record import TrackRecord


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
        r.release_date >= EARLIEST_RELEASE
        and r.screens > MIN_SCREENS
        and film.audience > MIN_AUDIENCE
    )


def build(films: Sequence[KnownFilm], totals: YearlyTotals) -> Design:
    """Encode the population of ``films``; records and markets from all of them."""
    index = TrackRecord((f.past() for f in films), totals.by_year, totals.last_complete)
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
            }
        )
    x = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
    audience = np.array([f.audience for f in chosen], dtype=np.float64)
    return Design(
        pd.DataFrame(info),
        x,
        np.array(offsets, dtype=np.float64),
        np.log10(audience),
        np.array(ceilings, dtype=np.float64),
    )
