"""A new release as one source reports it (TMDB or KOBIS), before it is merged into a film.

Both APIs answer in their own shapes; the daily refresh (``refresh.py``) compares and merges
films in one: titles in both scripts, year and first release, MovieLens genres, an ISO country,
a poster, directors and leads with the names each source gives. Parsing never raises on what a
source sends: a missing field is None, an absurd date is no date, and a record without an id or
a title is no record (``None``), so one odd film never stops a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inference.catalogue.films import MAX_TMDB_ID, movielens_genre
from inference.catalogue.titles import has_hangul, romanise
from inference.catalogue.tmdb import GENRES_BY_TMDB_ID, POSTER_BASE

FIRST_YEAR = 1874  # the oldest film on record
LATEST_YEARS_AHEAD = 10  # an "upcoming" date further away than this is noise
TOP_CAST = 5
DIRECTOR, ACTOR = "director", "actor"


@dataclass(frozen=True, slots=True)
class Credit:
    """A director or actor, with the name in each script that the source gives ("" if none)."""

    role: str  # DIRECTOR or ACTOR
    name_ko: str
    name_en: str

    def to_json(self) -> dict[str, str]:
        """Plain JSON, for the stored additions."""
        return {"role": self.role, "ko": self.name_ko, "en": self.name_en}

    @classmethod
    def from_json(cls, payload: Any) -> Credit | None:
        """Inverse of ``to_json``; None for anything else."""
        if not isinstance(payload, dict) or payload.get("role") not in (DIRECTOR, ACTOR):
            return None
        ko, en = _text(payload.get("ko")), _text(payload.get("en"))
        return cls(str(payload["role"]), ko, en) if ko or en else None


@dataclass(frozen=True, slots=True)
class Release:
    """One film as TMDB or KOBIS reports it."""

    source: str  # "tmdb" or "kobis"
    title: str  # English or original title; romanised Korean when a source has only Hangul
    title_ko: str | None  # the Korean release title
    aliases: tuple[str, ...]  # other Latin-letter titles (original, KOBIS's English)
    year: int | None  # the film's year (production, else first release)
    released: date | None  # first release in Korea (KOBIS, a Korean list, a Korean film)
    genres: tuple[str, ...]  # MovieLens names
    country: str | None  # ISO 3166-1 alpha-2
    people: tuple[Credit, ...] = ()
    tmdb_id: int | None = None
    kobis_code: str | None = None
    imdb_id: str | None = None
    poster_url: str | None = None
    audience: int = 0  # KOBIS cumulative admissions
    votes: int = 0  # TMDB vote count

    def english_names(self) -> tuple[str, ...]:
        """Every Latin-letter title, for matching across sources."""
        return tuple(t for t in (self.title, *self.aliases) if t and not has_hangul(t))

    def years(self) -> set[int]:
        """The years this film may be listed under (made, first shown here)."""
        found = {self.year, self.released.year if self.released else None}
        return {y for y in found if y is not None}


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def parse_date(value: Any, today: date | None = None) -> date | None:
    """``2024-02-22`` or ``20240222`` → a date; None for anything else or an absurd year."""
    text = _text(value).replace("-", "").replace(".", "")
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        found = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return found if _plausible_year(found.year, today) else None


def parse_year(value: Any, today: date | None = None) -> int | None:
    """A plausible film year from ``2024`` or ``"2024"``; None otherwise."""
    text = str(value).strip() if isinstance(value, int | str) else ""
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if _plausible_year(year, today) else None


def _plausible_year(year: int, today: date | None) -> bool:
    return FIRST_YEAR <= year <= (today or date.today()).year + LATEST_YEARS_AHEAD


def _poster(path: Any) -> str | None:
    return f"{POSTER_BASE}{path}" if isinstance(path, str) and path.startswith("/") else None


def _tmdb_genres(payload: dict[str, Any]) -> tuple[str, ...]:
    """MovieLens genres from TMDB's genre ids (names are Korean in a ko-KR answer)."""
    found: list[str] = []
    for genre in payload.get("genres") or []:
        if not isinstance(genre, dict):
            continue
        genre_id = genre.get("id")
        known = GENRES_BY_TMDB_ID.get(genre_id) if isinstance(genre_id, int) else None
        name = _text(genre.get("name"))
        if known:
            found.append(known)
        elif name and not has_hangul(name):
            found.append(movielens_genre(name))
    return tuple(dict.fromkeys(found))


def _english_title(payload: dict[str, Any]) -> str:
    """TMDB's English title: its US (else any) English translation."""
    block = payload.get("translations")
    entries = block.get("translations") if isinstance(block, dict) else None
    english = [t for t in entries or [] if isinstance(t, dict) and t.get("iso_639_1") == "en"]
    english.sort(key=lambda t: t.get("iso_3166_1") != "US")
    for entry in english:
        data = entry.get("data")
        title = _text(data.get("title")) if isinstance(data, dict) else ""
        if title:
            return title
    return ""


def _tmdb_people(payload: dict[str, Any]) -> tuple[Credit, ...]:
    """Directors (crew job Director) and the first ``TOP_CAST`` of the cast, billing order."""
    credits = payload.get("credits")
    if not isinstance(credits, dict):
        return ()
    people: list[Credit] = []
    for member in credits.get("crew") or []:
        if isinstance(member, dict) and member.get("job") == "Director":
            people.append(_tmdb_person(DIRECTOR, member))
    cast = [c for c in credits.get("cast") or [] if isinstance(c, dict)]
    cast.sort(key=_billing)
    people += [_tmdb_person(ACTOR, c) for c in cast[:TOP_CAST]]
    return tuple(dict.fromkeys(p for p in people if p.name_ko or p.name_en))


def _billing(member: dict[str, Any]) -> int:
    order = member.get("order")
    return order if isinstance(order, int) else 10_000


def _tmdb_person(role: str, member: dict[str, Any]) -> Credit:
    names = [_text(member.get("name")), _text(member.get("original_name"))]
    korean = next((n for n in names if has_hangul(n)), "")
    latin = next((n for n in names if n and not has_hangul(n)), "")
    return Credit(role, korean, latin)


def _tmdb_country(payload: dict[str, Any]) -> str | None:
    origin = payload.get("origin_country")
    codes = [c for c in origin if isinstance(c, str)] if isinstance(origin, list) else []
    for country in payload.get("production_countries") or []:
        if isinstance(country, dict) and isinstance(country.get("iso_3166_1"), str):
            codes.append(country["iso_3166_1"])
    if payload.get("original_language") == "ko":
        codes.insert(0, "KR")
    code = next((c.upper() for c in codes if len(c) == 2 and c.isalpha()), None)
    return code


def release_from_tmdb(
    payload: Any, *, kr_release: date | None = None, today: date | None = None
) -> Release | None:
    """A release from ``/movie/{id}?language=ko-KR&append_to_response=credits,…``; None when
    the answer has no valid id or no title. ``kr_release`` is the date a Korean list gave (a
    Korean film's own date counts as its Korean release; another film's is only its year)."""
    if not isinstance(payload, dict):
        return None
    tmdb_id = payload.get("id")
    if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool) or not 0 < tmdb_id <= MAX_TMDB_ID:
        return None
    localised = _text(payload.get("title"))
    original = _text(payload.get("original_title")) or localised
    english = _english_title(payload)
    if not original and not english:
        return None
    korean = next((t for t in (localised, original) if has_hangul(t)), None)
    if english:
        title = english
    elif original and not has_hangul(original):
        title = original
    else:
        title = romanise(original or localised)
    aliases = tuple(dict.fromkeys(
        t for t in (original, localised) if t and t != title and not has_hangul(t)))  # fmt: skip
    released = parse_date(payload.get("release_date"), today)
    votes = payload.get("vote_count")
    imdb = _text(payload.get("imdb_id"))
    return Release(
        source="tmdb",
        title=title,
        title_ko=korean,
        aliases=aliases,
        year=released.year if released else None,
        released=kr_release or (released if _tmdb_country(payload) == "KR" else None),
        genres=_tmdb_genres(payload),
        country=_tmdb_country(payload),
        people=_tmdb_people(payload),
        tmdb_id=tmdb_id,
        imdb_id=imdb if imdb.startswith("tt") else None,
        poster_url=_poster(payload.get("poster_path")),
        votes=votes if isinstance(votes, int) and votes > 0 else 0,
    )


def list_entry(entry: Any, today: date | None = None) -> tuple[int, date | None] | None:
    """A TMDB list result's (id, release date), None when it has no valid id."""
    if not isinstance(entry, dict):
        return None
    tmdb_id = entry.get("id")
    if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool) or not 0 < tmdb_id <= MAX_TMDB_ID:
        return None
    return tmdb_id, parse_date(entry.get("release_date"), today)
