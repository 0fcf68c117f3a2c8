"""Who made a film and who is in it, for films released in Korean cinemas (KOBIS).

KOBIS lists the director and up to three lead actors of every film released in Korea with at
least 1,000 admissions (``data/audience/films.csv.gz``, the box-office model's timeline — Korean
films and foreign films alike, under their Korean titles). A catalogue film is matched by its
Korean title and the year of its Korean release (or of the film), so 괴물 (2006) is not the
괴물 of another year. Names are as KOBIS writes them (Korean); offline there is nothing for films
never released in Korean cinemas.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from inference.catalogue.films import Movie
from inference.catalogue.titles import korean_key

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "audience" / "films.csv.gz"


@dataclass(frozen=True, slots=True)
class Credits:
    """A film's director(s) and lead actors, as KOBIS lists them."""

    directors: tuple[str, ...]
    actors: tuple[str, ...]


class CreditsTable:
    """KOBIS credits by (Korean title key, release year)."""

    def __init__(self, by_key: dict[tuple[str, int], Credits]) -> None:
        self._by_key = by_key

    @classmethod
    def load(cls, path: Path | None = None) -> CreditsTable:
        """Read the KOBIS film list (a missing file gives an empty table)."""
        found: dict[tuple[str, int], Credits] = {}
        source = path or DEFAULT_FILE
        if not source.is_file():
            return cls(found)
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                title, released = row.get("title") or "", row.get("release_date") or ""
                if not title or len(released) < 4 or not released[:4].isdigit():
                    continue
                directors = tuple(d for d in (row.get("director") or "").split("|") if d)
                actors = tuple(a for a in (row.get("actors") or "").split("|") if a)
                if directors or actors:
                    key = (korean_key(title), int(released[:4]))
                    found.setdefault(key, Credits(directors, actors))
        return cls(found)

    def __len__(self) -> int:
        return len(self._by_key)

    def of(self, movie: Movie) -> Credits | None:
        """The film's KOBIS credits, if it was released in Korean cinemas."""
        if not movie.title_ko:
            return None
        key = korean_key(movie.title_ko)
        years = [y for y in (movie.kr_release.year if movie.kr_release else None, movie.year) if y]
        for year in years:
            for candidate in (year, year + 1, year - 1):
                found = self._by_key.get((key, candidate))
                if found is not None:
                    return found
        return None
