"""The Korean side of the catalogue: Korean titles, JustWatch Korea offers, and KOBIS facts.

* ``kr-catalogue/kr_titles.csv`` — JustWatch Korea's localised titles (joined to ml-latest by
  TMDB id) and KMRD's Korean ↔ English pairs (joined by title and year): Korean titles tied to
  a film by id, the first bridge from a Korean title to a MovieLens film.
* ``kr-catalogue/kr_offers.csv`` — which Korean service listed which film on 2023-05-15, with
  the rank in that service's popularity-ordered list (the lists are capped at ~1,500 titles).
* KOBIS films (``kobis_films.py``), once ``kobis_links.py`` has placed them: their Korean
  titles, first release in Korea, admissions, country and genre (``attach_kobis``).

Films JustWatch Korea lists but ml-latest lacks (527, mostly small Korean and international
films) are added with an id derived from their TMDB id, so their offers are not lost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from inference.catalogue.films import JUSTWATCH_ID_BASE
from inference.catalogue.titles import has_hangul, romanise
from models.catalogue.film_facts import FilmFacts
from models.catalogue.kobis_films import KobisFilm

KR_TITLES = "kr_titles.csv"
KR_OFFERS = "kr_offers.csv"
KR_AS_OF = "2023-05-15"
ROMANISED_MIN_CHARS = 4
# romanised Korean title vs MovieLens' original title of the same film: the Korean title is
# known to be this film's, so only the spelling differs ("Salinui chueok" ~ "Sarinui chueok")
ORIGINAL_TITLE_MIN_SCORE = 80.0
# Letter pairs of Korean romanisation that Japanese, Chinese and European titles rarely have:
# without one, "Il Postino" (일 포스티노), "Nikita" (니키타) or the Cantonese "Do ma daan"
# (도마단) would pass as Korean originals.
KOREAN_ROMANISATION = re.compile(r"eo|eu|ae|ui|oe|wo")

# JustWatch Korea's service names (kr_offers.service) → CineMate platform ids.
SERVICE_PLATFORMS = {
    "netflix": "netflix",
    "disney_plus": "disney_plus",
    "watcha": "watcha",
    "wavve": "wavve",
    "google_play": "google_play",
    "apple_tv": "apple_tv_plus",  # the 58 films are Apple Originals: Apple TV+, not the store
}

@dataclass(slots=True)
class KoreanFacts:
    """What the Korean sources say about one catalogue film."""

    titles: list[tuple[str, str]] = field(default_factory=list)  # (Korean title, source)
    latin_aliases: list[str] = field(default_factory=list)  # romanised "Korean" titles
    country: str = ""
    kr_release: str = ""  # YYYY-MM-DD
    kr_release_source: str = ""  # "kobis" (first release) or "justwatch" (latest re-release)
    kr_audience: int = 0
    kobis_year: int | None = None
    kobis_genres: tuple[str, ...] = ()  # KOBIS genre names
    kobis: list[KobisFilm] = field(default_factory=list)  # the KOBIS films placed on it


@dataclass(slots=True)
class KoreanStats:
    """Counts for metadata.json."""

    korean_by_original_title: int = 0
    korean_titles_from_tmdb: int = 0
    justwatch_only_films: int = 0
    justwatch_without_tmdb_id: int = 0
    offers: int = 0
    offers_without_film: int = 0


def attach_kobis(fact: KoreanFacts, kobis: KobisFilm) -> None:
    """Add a KOBIS film's admissions and titles; its first release dates the film unless an
    earlier KOBIS film with admissions is already attached (a re-release under a new title)."""
    fact.kobis.append(kobis)
    fact.kr_audience += kobis.audience
    if fact.kobis_year is None or (kobis.audience > 0 and kobis.release_year < fact.kobis_year):
        fact.kobis_year = kobis.release_year
        fact.kr_release, fact.kr_release_source = kobis.first_release, "kobis"
        fact.country = kobis.country or fact.country
        fact.kobis_genres = kobis.genres
    if kobis.title not in (t for t, _ in fact.titles):
        fact.titles.append((kobis.title, "kobis"))


def add_original_korean_titles(
    facts: dict[int, KoreanFacts], by_film: dict[int, list[FilmFacts]], stats: KoreanStats
) -> None:
    """The Hangul original title of a film in TMDB's tables (its Korean films: 부산행 for Train
    to Busan) is its Korean title, tied to it by TMDB id; the film is Korean when it comes from
    TMDB's Korean table."""
    for movie_id, rows in sorted(by_film.items()):
        for row in rows:
            title = row.original_title.strip()
            if not title or not has_hangul(title):
                continue
            fact = facts[movie_id]
            if title not in (t for t, _ in fact.titles):
                fact.titles.append((title, "tmdb"))
                stats.korean_titles_from_tmdb += 1
            if row.country == "KR" and not fact.country:
                fact.country = "KR"


def merge_twins(facts: dict[int, KoreanFacts], twins: dict[int, int]) -> None:
    """A JustWatch-only film that is a MovieLens film after all: its Korean titles, romanised
    titles and release date move to that film."""
    for twin, film in sorted(twins.items()):
        source, target = facts.pop(twin, None), facts[film]
        if source is None:
            continue
        for title in source.titles:
            if title[0] not in (t for t, _ in target.titles):
                target.titles.append(title)
        target.latin_aliases += [a for a in source.latin_aliases if a not in target.latin_aliases]
        if not target.kr_release and source.kr_release:
            target.kr_release = source.kr_release
            target.kr_release_source = source.kr_release_source


def _roman_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isascii() and c.isalnum())


def read_kr_titles(path: Path) -> pd.DataFrame:
    """kr_titles.csv with typed ids."""
    return pd.read_csv(
        path,
        dtype={"title_ko": str, "title_en": str, "title_alt": str, "kr_release_date": str},
        converters={"tmdb_id": _int_or_none, "movieId": _int_or_none, "year": _int_or_none},
    )


def _id(value: Any) -> int | None:
    """An id cell as int; None for an empty cell (which pandas may have made NaN)."""
    return None if value is None or pd.isna(value) else int(value)


def _int_or_none(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:  # an empty cell
        return None


def justwatch_only_films(titles: pd.DataFrame, stats: KoreanStats) -> pd.DataFrame:
    """Films JustWatch Korea lists that ml-latest lacks, as catalogue rows (no genres yet)."""
    rows = titles[(titles["source"] == "omytt") & titles["movieId"].isna()]
    stats.justwatch_without_tmdb_id = int(rows["tmdb_id"].isna().sum())
    rows = rows[rows["tmdb_id"].notna()].drop_duplicates("tmdb_id").sort_values("tmdb_id")
    films = []
    for row in rows.itertuples(index=False):
        title_ko = str(row.title_ko).strip()
        release = str(row.kr_release_date) if isinstance(row.kr_release_date, str) else ""
        films.append(
            {
                "movie_id": JUSTWATCH_ID_BASE + int(row.tmdb_id),
                "title": romanise(title_ko) if has_hangul(title_ko) else title_ko,
                "aliases": "",
                "year": int(release[:4]) if release else None,
                "genres": "",
                "imdb_id": None,
                "tmdb_id": int(row.tmdb_id),
                "ratings": 0,
                "mean_rating": None,
                "origin": "justwatch-kr",
            }
        )
    stats.justwatch_only_films = len(films)
    return pd.DataFrame(films)


def korean_titles(titles: pd.DataFrame, film_ids: set[int]) -> dict[int, KoreanFacts]:
    """Korean titles (and JustWatch's release dates) per catalogue film from kr_titles.csv."""
    facts: dict[int, KoreanFacts] = defaultdict(KoreanFacts)
    # JustWatch first: its localised title is what the Korean services show today.
    ordered = titles.assign(_order=titles["source"].map({"omytt": 0, "kmrd": 1}))
    for row in ordered.sort_values(["_order", "source_id"]).itertuples(index=False):
        movie_id, tmdb_id = _id(row.movieId), _id(row.tmdb_id)
        if movie_id is None and row.source == "omytt" and tmdb_id is not None:
            movie_id = JUSTWATCH_ID_BASE + tmdb_id
        if movie_id is None or movie_id not in film_ids:
            continue
        fact = facts[movie_id]
        title_ko = str(row.title_ko).strip() if isinstance(row.title_ko, str) else ""
        if not title_ko:
            continue
        if has_hangul(title_ko):
            if title_ko not in (t for t, _ in fact.titles):
                fact.titles.append((title_ko, "justwatch" if row.source == "omytt" else "kmrd"))
        elif title_ko not in fact.latin_aliases:
            fact.latin_aliases.append(title_ko)  # "Heojil kyolshim": still what some type
        release = row.kr_release_date
        if isinstance(release, str) and release and not fact.kr_release:
            fact.kr_release, fact.kr_release_source = release[:10], "justwatch"
    return facts


def mark_korean_originals(
    films: pd.DataFrame, facts: dict[int, KoreanFacts], stats: KoreanStats
) -> None:
    """Country KR for a MovieLens film whose original title (its parenthesised alias) is the
    romanisation of its Korean title: "Memories of Murder (Salinui chueok)" with 살인의 추억
    (a heuristic that prefers missing a Korean film to calling a foreign one Korean).

    KOBIS's release list lacks many Korean films before 2004 and most re-titled ones, and
    MovieLens has no country; without this the recommender would not know that Memories of
    Murder or The Host (Gwoemul) are Korean.
    """
    for row in films.itertuples(index=False):
        fact = facts.get(int(row.movie_id))
        if fact is None or fact.country or not fact.titles:
            continue
        aliases = [_roman_key(a) for a in str(row.aliases).split("|") if a]
        aliases = [
            a for a in aliases if len(a) >= ROMANISED_MIN_CHARS and KOREAN_ROMANISATION.search(a)
        ]
        if not aliases:
            continue
        for title, _ in fact.titles:
            roman = _roman_key(romanise(title))
            if len(roman) < ROMANISED_MIN_CHARS:
                continue
            if max(fuzz.ratio(roman, a) for a in aliases) >= ORIGINAL_TITLE_MIN_SCORE:
                fact.country = "KR"
                stats.korean_by_original_title += 1
                break


def read_offers(
    path: Path, film_ids: set[int], stats: KoreanStats, moved: dict[int, int] | None = None
) -> list[tuple[Any, ...]]:
    """(movie_id, platform, rank, justwatch_url) per JustWatch Korea listing of a known film;
    ``moved`` maps the ids of films merged into another."""
    frame = pd.read_csv(
        path,
        dtype={"service": str, "justwatch_url": str},
        converters={"movieId": _int_or_none, "tmdb_id": _int_or_none},
    )
    rows = set()
    for row in frame.itertuples(index=False):
        movie_id, tmdb_id = _id(row.movieId), _id(row.tmdb_id)
        if movie_id is None and tmdb_id is not None:
            movie_id = JUSTWATCH_ID_BASE + tmdb_id
        if movie_id is not None and moved:
            movie_id = moved.get(movie_id, movie_id)
        if movie_id is None or movie_id not in film_ids:
            stats.offers_without_film += 1
            continue
        rows.add((int(movie_id), SERVICE_PLATFORMS[row.service], int(row.service_rank),
                  str(row.justwatch_url)))  # fmt: skip
    stats.offers = len(rows)
    return sorted(rows)
