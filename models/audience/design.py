"""The modelling table: every film in the population, encoded exactly as the service encodes.

Population (the seed's "all" set and the bench's split (b)): released 2003 or later, more than
50 screens, more than 1,000 admissions. Track records and screen levels come from the whole
films table, each as of the film's own date, so training rows never see their own or later
results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from inference.audience.features import (
    ALL_COLUMNS,
    EARLIEST_RELEASE,
    MIN_AUDIENCE,
    MIN_SCREENS,
    column_names,
    market_levels,
    values,
)
from inference.audience.tables import KnownFilm
from inference.audience.track_record import TrackRecord


@dataclass(frozen=True)
class Design:
    """Rows of the population: film facts (``info``), features ``x`` and log10 audience ``y``.

    ``x`` holds the columns ``columns`` (every candidate column after ``build``; one
    variant's, in the service's order, after ``variant``).
    """

    info: pd.DataFrame  # film_id, title, release_date, audience, screens, genre, rating, …
    x: np.ndarray
    y: np.ndarray
    columns: tuple[str, ...] = ALL_COLUMNS

    def rows(self, mask: np.ndarray) -> Design:
        info = self.info[mask].reset_index(drop=True)
        return Design(info, self.x[mask], self.y[mask], self.columns)

    def variant(self, name: str) -> Design:
        """The columns of variant ``name`` (features.MARKET_VARIANTS), served order."""
        wanted = column_names(name)
        x = self.x[:, [self.columns.index(c) for c in wanted]]
        return Design(self.info, x, self.y, wanted)

    def dates(self) -> pd.Series:
        return pd.to_datetime(self.info["release_date"])


def in_population(film: KnownFilm) -> bool:
    r = film.release
    return (
        r.release_date >= EARLIEST_RELEASE
        and r.screens > MIN_SCREENS
        and film.audience > MIN_AUDIENCE
    )


def build(films: Sequence[KnownFilm]) -> Design:
    """Encode the population of ``films`` (every candidate column), records from all of them."""
    index = TrackRecord(f.past() for f in films)
    chosen = [f for f in films if in_population(f)]
    rows, info = [], []
    for film in chosen:
        r = film.release
        record = index.as_of(r.release_date, r.director, r.distributor, r.actors)
        markets = market_levels(index, r.release_date)
        row = values(r, record, index.screen_level(r.release_date), markets)
        rows.append([row[c] for c in ALL_COLUMNS])
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
                "director_score": record.director_score,
                "distributor_score": record.distributor_score,
                "actor_score": record.actor_score,
            }
        )
    x = np.array(rows, dtype=np.float64).reshape(len(rows), len(ALL_COLUMNS))
    audience = np.array([f.audience for f in chosen], dtype=np.float64)
    return Design(pd.DataFrame(info), x, np.log10(audience))


def before(design: Design, day: date) -> np.ndarray:
    """Mask of rows released strictly before ``day``."""
    return np.asarray(design.dates() < pd.Timestamp(day))
