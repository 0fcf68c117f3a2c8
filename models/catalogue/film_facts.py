"""What the English-language film tables say about each film: ids, credits, genres, new films.

MovieLens ml-latest ends in July 2023 and names no director or actor. The tables of
``film-knowledge/`` (see its SOURCE.md) fill both gaps:

* TMDB-derived tables of 5,000 US and 1,512 Korean films 1921 … 2026 (taehan1024): TMDB id,
  English and original title (Hangul for Korean films), director, top-5 cast, genres, keywords;
* US releases 2023-08 … 2025-10 with TMDB ids (hadrianbelove-stack, nrw-production), with the
  director and cast for 251 of them;
* IMDB 5000 (director and three actors by IMDb id) and Wikipedia's American films 2000 … 2023
  (cast, by title and year);
* the MovieLens 32M film list: ~1,600 films (mostly 2023) that ml-latest lacks.

Each row becomes a ``FilmFacts``; the build attaches it to a catalogue film through the ids
they share (TMDB, IMDb, MovieLens) or, for Wikipedia, an exact title and year, and a film no
catalogue source has yet becomes a film of its own (id ``900,000,000 + TMDB id``). A TMDB row
linked by its id also gives the film its English title where MovieLens spells the same title
differently ("Old Boy" → "Oldboy", see ``prefers_tmdb_title``).
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from inference.catalogue.films import JUSTWATCH_ID_BASE, MAX_TMDB_ID, movielens_genre
from inference.catalogue.titles import (
    has_hangul,
    join_key,
    normalize_title,
    parse_movielens_title,
    romanise,
)

FK = "film-knowledge"
TAEHAN = f"{FK}/taehan1024__korean-movie-recommender/data/processed"
TAEHAN_US, TAEHAN_KR = f"{TAEHAN}/us_movies.csv", f"{TAEHAN}/kr_movies.csv"
NRW = f"{FK}/hadrianbelove-stack__nrw-production"
NRW_TRACKING, NRW_DATA = f"{NRW}/museum_legacy/movie_tracking_enhanced.json", f"{NRW}/data.json"
IMDB_5000 = f"{FK}/LucasIssler__movie_metadata.csv/movie_metadata.csv"
WIKIPEDIA = tuple(f"{FK}/prust__wikipedia-movie-data/movies-{d}.json"
                  for d in ("2000s", "2010s", "2020s"))  # fmt: skip
ML_32M = f"{FK}/rezajafari2a__Imdb-webscraper/ml-32m/movies.csv"
INPUTS = (TAEHAN_US, TAEHAN_KR, NRW_TRACKING, NRW_DATA, IMDB_5000, *WIKIPEDIA, ML_32M)

# Country names of the English tables → ISO 3166-1 alpha-2 (only those that occur often).
COUNTRIES = {
    "USA": "US", "United States of America": "US", "United States": "US", "UK": "GB",
    "United Kingdom": "GB", "France": "FR", "Canada": "CA", "Germany": "DE", "Australia": "AU",
    "India": "IN", "Spain": "ES", "Japan": "JP", "China": "CN", "Hong Kong": "HK",
    "Italy": "IT", "South Korea": "KR", "Mexico": "MX", "Ireland": "IE", "New Zealand": "NZ",
}  # fmt: skip
_IMDB_ID = re.compile(r"/title/(tt\d+)")
# Genre names of the Wikipedia lists that MovieLens also has (others are dropped).
WIKI_GENRES = {"Animated": "Animation", "Science Fiction": "Sci-Fi", "Family": "Children",
               "Historical": "Drama", "Musical": "Musical", "Sports": "Drama",
               "Superhero": "Action", "Romance": "Romance", "Comedy": "Comedy",
               "Drama": "Drama", "Horror": "Horror", "Thriller": "Thriller", "Action": "Action",
               "Adventure": "Adventure", "Crime": "Crime", "Documentary": "Documentary",
               "Fantasy": "Fantasy", "Mystery": "Mystery", "War": "War",
               "Western": "Western", "Noir": "Film-Noir"}  # fmt: skip
ML_GENRES = frozenset({"Action", "Adventure", "Animation", "Children", "Comedy", "Crime",
                       "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX",
                       "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
                       "Western"})  # fmt: skip


# The tables whose ``title`` is the film's English title on TMDB (taehan1024's TMDB exports).
TITLE_SOURCES = frozenset({"tmdb_us", "tmdb_kr"})


@dataclass(frozen=True, slots=True)
class FilmFacts:
    """One film as one English-language table describes it."""

    source: str
    title: str
    year: int | None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    movielens_id: int | None = None
    original_title: str = ""  # Hangul for the Korean table's films
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()  # MovieLens genre names
    keywords: tuple[str, ...] = ()
    country: str = ""
    released: str = ""  # YYYY-MM-DD where the table has a date
    votes: int = 0  # TMDB vote count: how well known the film is
    overview: str = ""  # plot text (TMDB overview, Wikipedia lead): embedded for similarity


def _split(text: str | None, separator: str = "|") -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(separator) if p.strip())


def _ml_genres(names: tuple[str, ...]) -> tuple[str, ...]:
    mapped = [movielens_genre(g) for g in names]
    return tuple(dict.fromkeys(g for g in mapped if g in ML_GENRES))


def _int(text: object) -> int | None:
    try:
        return int(float(str(text)))
    except ValueError:
        return None


def _taehan(data: Path, path: str, source: str, country: str) -> Iterator[FilmFacts]:
    with (data / path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tmdb_id = _int(row["tmdb_id"])
            if tmdb_id is None or not row["title"].strip():
                continue
            yield FilmFacts(
                source=source,
                title=row["title"].strip(),
                year=_int(row["year"]),
                tmdb_id=tmdb_id,
                original_title=row["original_title"].strip(),
                directors=_split(row["director"], ","),
                cast=_split(row["cast_top5"]),
                genres=_ml_genres(_split(row["genres"])),
                keywords=_split(row["keywords"]),
                country=country,
                votes=_int(row["vote_count"]) or 0,
                overview=row["overview"].strip(),
            )


def _nrw(data: Path) -> Iterator[FilmFacts]:
    details = {str(m["id"]): m for m in
               json.loads((data / NRW_DATA).read_text(encoding="utf-8"))["movies"]}  # fmt: skip
    tracked = json.loads((data / NRW_TRACKING).read_text(encoding="utf-8"))["movies"]
    for key in sorted(set(tracked) | set(details), key=int):
        entry, more = tracked.get(key, {}), details.get(key, {})
        title = str(entry.get("title") or more.get("title") or "").strip()
        released = str(entry.get("primary_date") or entry.get("release_date") or "")[:10]
        year = _int(released[:4]) if released else _int(more.get("year"))
        crew = more.get("crew") or {}
        if title:
            yield FilmFacts(
                source="nrw",
                title=title,
                year=year,
                tmdb_id=int(key),
                directors=_split(crew.get("director"), ","),
                cast=tuple(str(c) for c in crew.get("cast") or []),
                genres=_ml_genres(tuple(more.get("genres") or ())),
                country=COUNTRIES.get(str(more.get("country") or ""), ""),
                released=released,
                overview=str(entry.get("overview") or more.get("synopsis") or "").strip(),
            )


def _imdb_5000(data: Path) -> Iterator[FilmFacts]:
    with (data / IMDB_5000).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            found = _IMDB_ID.search(row.get("movie_imdb_link") or "")
            title = (row.get("movie_title") or "").replace("\u00a0", " ").strip()
            if not found or not title:
                continue
            actors = (row.get(f"actor_{i}_name") or "" for i in (1, 2, 3))
            yield FilmFacts(
                source="imdb5000",
                title=title,
                year=_int(row.get("title_year")),
                imdb_id=found.group(1),
                directors=_split(row.get("director_name")),
                cast=tuple(a.strip() for a in actors if a.strip()),
                genres=_ml_genres(_split(row.get("genres"))),
                keywords=_split(row.get("plot_keywords")),
                country=COUNTRIES.get(row.get("country") or "", ""),
            )


def _wikipedia(data: Path) -> Iterator[FilmFacts]:
    for path in WIKIPEDIA:
        for entry in json.loads((data / path).read_text(encoding="utf-8")):
            title = str(entry.get("title") or "").strip()
            cast = tuple(str(c).strip() for c in entry.get("cast") or []
                         if len(str(c).strip()) > 2)  # fmt: skip
            genres = tuple(dict.fromkeys(WIKI_GENRES[g] for g in entry.get("genres") or []
                                         if g in WIKI_GENRES))  # fmt: skip
            if title and cast:
                yield FilmFacts("wikipedia", title, _int(entry.get("year")), cast=cast,
                                genres=genres, country="US",
                                overview=str(entry.get("extract") or "").strip())  # fmt: skip


def _ml_32m(data: Path) -> Iterator[FilmFacts]:
    with (data / ML_32M).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parsed = parse_movielens_title(row["title"])
            genres = () if row["genres"] == "(no genres listed)" else _split(row["genres"])
            yield FilmFacts("ml-32m", row["title"], parsed.year, movielens_id=int(row["movieId"]),
                            genres=genres)  # fmt: skip


def read_facts(data: Path) -> list[FilmFacts]:
    """Every row of the English-language tables, in a fixed order."""
    facts: list[FilmFacts] = list(_ml_32m(data))  # first: the TMDB rows may be these films
    facts += _taehan(data, TAEHAN_US, "tmdb_us", "")
    facts += _taehan(data, TAEHAN_KR, "tmdb_kr", "KR")
    facts += _nrw(data)
    facts += _imdb_5000(data)
    facts += _wikipedia(data)
    return facts


@dataclass(slots=True)
class FactLinks:
    """The facts of each catalogue film, and the films the tables add."""

    by_film: dict[int, list[FilmFacts]]
    new_films: list[dict[str, object]]  # catalogue rows (the build's columns)
    counts: dict[str, dict[str, int]]  # per source: linked by which id, added, unlinked
    tmdb_ids: dict[int, int]  # TMDB ids learnt for films MovieLens lists without one


def attach_facts(films: pd.DataFrame, facts: list[FilmFacts]) -> FactLinks:
    """Each fact row on its catalogue film — by TMDB id, IMDb id, MovieLens id, or (Wikipedia)
    an exact title and year — and a new film for a TMDB film or an ml-32m film no catalogue
    source has (TMDB films get the id a live TMDB search gives them)."""
    ids = set(films["movie_id"].astype(int))
    by_tmdb: dict[int, int] = {}
    for row in films.sort_values("ratings").itertuples(index=False):  # most-rated wins
        if not pd.isna(row.tmdb_id):
            by_tmdb[int(row.tmdb_id)] = int(row.movie_id)
    by_imdb = {str(i): int(m) for i, m in zip(films["imdb_id"], films["movie_id"], strict=True)
               if isinstance(i, str)}  # fmt: skip
    by_title: dict[str, list[int]] = defaultdict(list)
    for row in films.itertuples(index=False):
        key = join_key(str(row.title), None if pd.isna(row.year) else int(row.year))
        if key:
            by_title[key].append(int(row.movie_id))
    without_tmdb = set(films.loc[films["tmdb_id"].isna(), "movie_id"].astype(int))
    links = FactLinks(defaultdict(list), [], defaultdict(lambda: defaultdict(int)), {})
    added: dict[int, dict[str, object]] = {}
    for fact in facts:
        count = links.counts[fact.source]
        movie_id, how = _film_of(fact, ids, by_tmdb, by_imdb, by_title)
        if movie_id is None and fact.tmdb_id is not None:
            # A film MovieLens lists without ids (ml-32m's 2023 films, a few ml-latest ones)
            # is the TMDB film of the same title and year when it is the only one.
            same = [m for m in by_title.get(join_key(fact.title, fact.year) or "", [])
                    if m in without_tmdb or (m in added and added[m]["tmdb_id"] is None)]
            if len(same) == 1:
                movie_id, how = same[0], "title_year"
                links.tmdb_ids.setdefault(movie_id, fact.tmdb_id)
                by_tmdb[fact.tmdb_id] = movie_id
        if movie_id is None and fact.tmdb_id is not None and 0 < fact.tmdb_id <= MAX_TMDB_ID:
            movie_id, how = JUSTWATCH_ID_BASE + fact.tmdb_id, "added"
            row = added.get(movie_id)
            if row is None:
                added[movie_id] = _new_film(fact, movie_id, "tmdb")
            else:
                _enrich(row, fact)
        elif movie_id is None and fact.movielens_id is not None:
            movie_id, how = fact.movielens_id, "added"
            added[movie_id] = _new_film(fact, movie_id, "ml-32m")
            key = join_key(str(added[movie_id]["title"]), fact.year)
            if key:
                by_title[key].append(movie_id)
        count[how] += 1
        if movie_id is not None:
            links.by_film[movie_id].append(fact)
    for movie_id, tmdb_id in links.tmdb_ids.items():
        if movie_id in added:
            added[movie_id]["tmdb_id"] = tmdb_id
    links.new_films = [added[m] for m in sorted(added)]
    links.counts = {s: dict(sorted(c.items())) for s, c in sorted(links.counts.items())}
    return links


def _film_of(fact: FilmFacts, ids: set[int], by_tmdb: dict[int, int], by_imdb: dict[str, int],
             by_title: dict[str, list[int]]) -> tuple[int | None, str]:  # fmt: skip
    if fact.movielens_id is not None and fact.movielens_id in ids:
        return fact.movielens_id, "movielens_id"
    if fact.tmdb_id is not None:
        if fact.tmdb_id in by_tmdb:
            return by_tmdb[fact.tmdb_id], "tmdb_id"
        if JUSTWATCH_ID_BASE + fact.tmdb_id in ids:
            return JUSTWATCH_ID_BASE + fact.tmdb_id, "tmdb_id"
    if fact.imdb_id is not None and fact.imdb_id in by_imdb:
        return by_imdb[fact.imdb_id], "imdb_id"
    if fact.source == "wikipedia":
        key = join_key(fact.title, fact.year)
        found = by_title.get(key or "", [])
        if len(found) == 1:
            return found[0], "title_year"
        return None, "ambiguous" if found else "unlinked"
    return None, "unlinked"


def _new_film(fact: FilmFacts, movie_id: int, origin: str) -> dict[str, object]:
    if fact.movielens_id is not None:
        parsed = parse_movielens_title(fact.title)
        title, aliases, year = parsed.display, list(parsed.aliases), parsed.year
    else:
        title, aliases, year = fact.title, [], fact.year
        if fact.original_title and not has_hangul(fact.original_title) and (
            normalize_title(fact.original_title) != normalize_title(fact.title)
        ):
            aliases.append(fact.original_title)
    return {
        "movie_id": movie_id,
        "title": title,
        "aliases": "|".join(aliases),
        "year": year,
        "genres": "|".join(fact.genres),
        "imdb_id": fact.imdb_id,
        "tmdb_id": fact.tmdb_id,
        "ratings": 0,
        "mean_rating": None,
        "origin": origin,
    }


def _enrich(row: dict[str, object], fact: FilmFacts) -> None:
    """A second table's facts about a film already added: genres and year where missing."""
    if not row["genres"] and fact.genres:
        row["genres"] = "|".join(fact.genres)
    if row["year"] is None and fact.year is not None:
        row["year"] = fact.year


def _letters(title: str) -> str:
    """A title's letters and digits only: case, accents, punctuation, spaces, a leading English
    article and the way sequel numbers are written ("II"/"2") left out; "&" reads "and"."""
    return normalize_title(title).replace(" ", "")


def prefers_tmdb_title(
    ours: str, theirs: str, korean: tuple[str, ...] = (), romanised: bool = False
) -> bool:
    """Whether TMDB's English title ``theirs`` should replace the catalogue's title ``ours``.

    MovieLens spells some titles its own way: "Old Boy" for Park Chan-wook's *Oldboy*,
    "Mouse Hunt" for *MouseHunt*, "Dumb & Dumber", "Who Framed Roger Rabbit?". TMDB's English
    title is the film's own, so it wins when the two are the same title written differently —
    the same letters once case, accents, punctuation, spaces, a leading article and the
    numbering of sequels are ignored. It does not win when:

    * the difference is letter case alone: TMDB keeps the posters' styling ("RED", "TRON:
      Legacy", "GoodFellas"), which is no better to read than MovieLens's;
    * the titles differ in their words: that is another title, not another spelling — a US
      title against the original ("Sunset Blvd." / "Sunset Boulevard", "Dead Alive" /
      "Braindead"), a translation, a title with or without its subtitle;
    * ``ours`` is the romanisation of a Korean title in ``korean`` (*Hahaha*, 하하하): for a
      Korean film whose English title is its romanised Korean one, TMDB's respacing ("Ha Ha
      Ha") is no truer.

    TMDB's title also wins, whatever its words, where the catalogue has no English title at
    all: ``ours`` is in Hangul (MovieLens's 줄탁동시 is *Stateless Things*), or ``romanised``
    says it is only the build's romanisation of the Korean title ("Seupaideomaen: homkeoming",
    a JustWatch Korea film no English source named) — a placeholder, not a title. ``theirs`` in
    Hangul never wins: it is not an English title.
    """
    if not theirs.strip() or theirs == ours or has_hangul(theirs):
        return False
    if has_hangul(ours) or romanised:
        return True
    if ours.casefold() == theirs.casefold() or _letters(ours) != _letters(theirs):
        return False
    return not any(has_hangul(k) and _letters(romanise(k)) == _letters(ours) for k in korean)


def tmdb_title(
    title: str,
    tmdb_id: int | None,
    facts: list[FilmFacts],
    korean: tuple[str, ...] = (),
    romanised: bool = False,
) -> str | None:
    """The English title of the film's TMDB row (one linked by the film's own TMDB id) when it
    should replace ``title`` (see ``prefers_tmdb_title``), else None."""
    if tmdb_id is None:
        return None
    for fact in facts:
        if (
            fact.source in TITLE_SOURCES
            and fact.tmdb_id == tmdb_id
            and prefers_tmdb_title(title, fact.title, (*korean, fact.original_title), romanised)
        ):
            return fact.title
    return None
