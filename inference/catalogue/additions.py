"""A film the daily refresh added to the catalogue, and the JSON it is stored as.

The catalogue build is a file on disk; films released since live in the database (storage's
``catalogue_additions``) as these payloads, and every process loads them into the catalogue's
overlay (``Catalogue.add_films``) at start-up and after each refresh. The payload is
``Movie.to_json``'s style with what the build's columns also hold (Korean release, admissions,
other titles) and the people, so a film added today reads like one the build made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inference.catalogue.films import FilmRecord, Movie, validate_ids
from inference.catalogue.releases import Credit

PAYLOAD_VERSION = 1
SOURCES = ("tmdb", "kobis", "tmdb+kobis")


@dataclass(frozen=True, slots=True)
class Addition:
    """One added film: its catalogue record, people and where it came from."""

    record: FilmRecord
    people: tuple[Credit, ...] = ()
    kobis_code: str | None = None
    source: str = "tmdb"  # one of SOURCES

    @property
    def movie(self) -> Movie:
        """The film as the catalogue serves it."""
        return self.record.movie

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the database."""
        movie = self.movie
        return {
            "v": PAYLOAD_VERSION,
            "movie_id": movie.movie_id,
            "title": movie.title,
            "title_ko": movie.title_ko,
            "year": movie.year,
            "genres": list(movie.genres),
            "tmdb_id": movie.tmdb_id,
            "imdb_id": movie.imdb_id,
            "country": movie.country,
            "kr_release": movie.kr_release.isoformat() if movie.kr_release else None,
            "kr_audience": movie.kr_audience,
            "votes": movie.votes,
            "origin": movie.origin,
            "poster_url": movie.poster_url,
            "aliases": _split(self.record.aliases),
            "ko_aliases": _split(self.record.ko_aliases),
            "people": [p.to_json() for p in self.people],
            "kobis_code": self.kobis_code,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, payload: Any) -> Addition:
        """Inverse of ``to_json``; ValueError for a payload of another version or shape."""
        if not isinstance(payload, dict) or payload.get("v") != PAYLOAD_VERSION:
            raise ValueError("not a catalogue addition payload of this version")
        try:
            movie_id = int(payload["movie_id"])
            validate_ids([movie_id])
            title = str(payload["title"]).strip()
            if not title:
                raise ValueError("a film without a title")
            year, tmdb_id = payload.get("year"), payload.get("tmdb_id")
            released = payload.get("kr_release")
            movie = Movie(
                movie_id=movie_id,
                title=title,
                year=int(year) if year is not None else None,
                genres=tuple(str(g) for g in payload.get("genres") or ()),
                imdb_id=_optional(payload.get("imdb_id")),
                tmdb_id=int(tmdb_id) if tmdb_id is not None else None,
                ratings=0,
                title_ko=_optional(payload.get("title_ko")),
                country=_optional(payload.get("country")),
                kr_release=date.fromisoformat(released) if released else None,
                kr_audience=max(0, int(payload.get("kr_audience") or 0)),
                origin=str(payload.get("origin") or "tmdb"),
                poster_url=_optional(payload.get("poster_url")),
                votes=max(0, int(payload.get("votes") or 0)),
            )
            people = (Credit.from_json(p) for p in payload.get("people") or ())
            source = str(payload.get("source") or "tmdb")
            return cls(
                FilmRecord(movie, _join(payload.get("aliases")), _join(payload.get("ko_aliases"))),
                tuple(p for p in people if p is not None),
                _optional(payload.get("kobis_code")),
                source if source in SOURCES else "tmdb",
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed catalogue addition: {error!r}") from error


def _optional(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _split(text: str) -> list[str]:
    return [part for part in text.split("|") if part]


def _join(values: Any) -> str:
    """``|``-joined names, as ``FilmRecord`` keeps them (a name cannot contain ``|``)."""
    if not isinstance(values, list):
        return ""
    return "|".join(str(v).replace("|", " ") for v in values if isinstance(v, str) and v)
