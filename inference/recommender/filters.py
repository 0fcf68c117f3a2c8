"""Which films a request allows: "한국 스릴러", "a funny movie from the 90s", "on Netflix".

A :class:`FilmFilter` is read from what the user asked (genres they named, the genres of a
mood, a country, a period) and turned into the set of catalogue ids the recommender may rank
(``Recommender.recommend(..., allowed=…)``); a service filter is intersected with the offline
availability by the caller. Explicit genres must all be present ("로맨틱 코미디" = Romance and
Comedy); a mood asks for any of its genres ("무서운" = Horror or Thriller). Computed on the
catalogue's columns, so a filter over 89k films takes a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from inference.catalogue.films import FilmTable


@dataclass(frozen=True, slots=True)
class FilmFilter:
    """What the films must be."""

    all_genres: frozenset[str] = frozenset()
    any_genres: frozenset[str] = frozenset()
    # The part of ``all_genres`` a mood asked for (dropped with the mood when widening).
    mood_genres: frozenset[str] = frozenset()
    country: str | None = None
    years: tuple[int, int] | None = None

    @property
    def empty(self) -> bool:
        """True when it lets every film through."""
        return not (self.all_genres or self.any_genres or self.country or self.years)

    def without_mood(self) -> FilmFilter:
        """The same filter without its mood genres (to widen a request that found too little)."""
        return FilmFilter(
            self.all_genres - self.mood_genres, frozenset(), frozenset(), self.country, self.years
        )

    def mask(self, table: FilmTable) -> npt.NDArray[np.bool_]:
        """One boolean per catalogue film."""
        keep = np.ones(table.ids.size, dtype=np.bool_)
        if self.all_genres or self.any_genres:
            per_code = np.array(
                [
                    self.all_genres <= set(genres)
                    and (not self.any_genres or bool(self.any_genres & set(genres)))
                    for genres in table.genre_sets
                ],
                dtype=np.bool_,
            )
            keep &= per_code[table.genre_codes]
        if self.country:
            per_country = np.array([c == self.country for c in table.countries], dtype=np.bool_)
            keep &= per_country[table.country_codes]
        if self.years:
            low, high = self.years
            keep &= (table.years >= low) & (table.years <= high)
        return keep

    def allowed(self, table: FilmTable, within: frozenset[int] | None = None) -> frozenset[int]:
        """The ids of the films that pass (and are in ``within`` when given)."""
        ids = table.ids[self.mask(table)]
        if within is not None:
            ids = ids[np.isin(ids, np.fromiter(within, dtype=np.int64))]
        return frozenset(int(i) for i in ids)
