"""KOBIS open API (영화진흥위원회): Korea's daily box office and each film's details.

``boxoffice/searchDailyBoxOfficeList.json?targetDt=YYYYMMDD`` lists the day's top ten (code,
Korean title, opening date, cumulative admissions); ``movie/searchMovieInfo.json?movieCd=…``
gives a film's titles (Korean, English, original), production year, opening date, countries,
genres, directors and actors (Hangul and, where KOBIS has it, Latin letters). KOBIS answers a
bad key with HTTP 200 and a ``faultInfo`` object, so that is an error here too.

The key travels in the query string like TMDB's; the same client (``keyed_api.py``) keeps it
out of every message, and every failure is ``ProviderUnavailable``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inference.catalogue.keyed_api import KeyedApiClient
from inference.catalogue.kobis_terms import COUNTRIES, KOBIS_GENRES, english_display
from inference.catalogue.releases import (
    ACTOR,
    DIRECTOR,
    TOP_CAST,
    Credit,
    Release,
    parse_date,
    parse_year,
)
from inference.catalogue.titles import has_hangul, romanise
from inference.catalogue.tmdb import ProviderUnavailable

DEFAULT_BASE_URL = "https://www.kobis.or.kr/kobisopenapi/webservice/rest"
ADULT_GENRE = "성인물(에로)"  # never in the catalogue (the build leaves these out too)
MAX_CODE_CHARS = 20


@dataclass(frozen=True, slots=True)
class BoxOfficeEntry:
    """One film of a day's box office."""

    code: str  # KOBIS movieCd
    title: str  # Korean title
    opened: date | None
    audience: int  # cumulative admissions up to that day


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _count(value: Any) -> int:
    """KOBIS numbers are strings, sometimes with separators: "1,234" → 1234; junk → 0."""
    text = _text(value).replace(",", "") if isinstance(value, str) else str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 13 else 0


def _code(value: Any) -> str:
    text = _text(value) if isinstance(value, str) else str(value) if isinstance(value, int) else ""
    return text if text.isascii() and text.isalnum() and len(text) <= MAX_CODE_CHARS else ""


def parse_box_office(payload: Any, today: date | None = None) -> list[BoxOfficeEntry]:
    """The entries of a daily box-office answer; ProviderUnavailable when the answer is not
    one (an error object, another shape). Entries without a code or title are left out."""
    result = payload.get("boxOfficeResult") if isinstance(payload, dict) else None
    rows = result.get("dailyBoxOfficeList") if isinstance(result, dict) else None
    if not isinstance(rows, list):
        raise ProviderUnavailable(f"KOBIS box office: {_fault(payload)}")
    entries: list[BoxOfficeEntry] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        code, title = _code(row.get("movieCd")), _text(row.get("movieNm"))
        if code and title:
            entries.append(BoxOfficeEntry(code, title, parse_date(row.get("openDt"), today),
                                          _count(row.get("audiAcc"))))  # fmt: skip
    return entries


def _fault(payload: Any) -> str:
    """Why an answer is not the expected one (KOBIS's own error code when it sends one)."""
    fault = payload.get("faultInfo") if isinstance(payload, dict) else None
    if isinstance(fault, dict):
        return f"error {_code(fault.get('errorCode')) or '?'}"
    return "unexpected answer"


def _rows(info: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = info.get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _people(info: dict[str, Any], key: str, role: str) -> list[Credit]:
    """Directors or actors: the Hangul name, and the Latin one where KOBIS gives it (a name
    KOBIS writes only in Latin letters counts as the Latin one)."""
    found: list[Credit] = []
    for row in _rows(info, key):
        written, latin = _text(row.get("peopleNm")), _text(row.get("peopleNmEn"))
        korean = written if has_hangul(written) else ""
        latin = latin or ("" if korean else written)
        if korean or latin:
            found.append(Credit(role, korean, latin))
    return found


def release_from_kobis(
    payload: Any, *, audience: int = 0, today: date | None = None
) -> Release | None:
    """A release from a ``searchMovieInfo`` answer (or its ``movieInfo`` object); None without
    a code or a Korean title, and for adult films."""
    result = payload.get("movieInfoResult") if isinstance(payload, dict) else None
    info = result.get("movieInfo") if isinstance(result, dict) else payload
    if not isinstance(info, dict):
        return None
    code, title_ko = _code(info.get("movieCd")), _text(info.get("movieNm"))
    genre_names = [_text(r.get("genreNm")) for r in _rows(info, "genres")]
    if not code or not has_hangul(title_ko) or ADULT_GENRE in genre_names:
        return None
    nations = [_text(r.get("nationNm")) for r in _rows(info, "nations")]
    country = next((COUNTRIES[n] for n in nations if n in COUNTRIES), None)
    english = english_display(_text(info.get("movieNmEn")))
    original = _text(info.get("movieNmOg"))
    if english:
        title = english
    elif original and not has_hangul(original):
        title = original
    elif country == "KR":
        title = romanise(title_ko)  # a Korean film's name in Latin letters
    else:
        title = title_ko  # a foreign film KOBIS names only in Hangul: no invented spelling
    aliases = tuple(t for t in (original,) if t and t != title and not has_hangul(t))
    released = parse_date(info.get("openDt"), today)
    year = parse_year(info.get("prdtYear"), today) or (released.year if released else None)
    genres = (g for name in genre_names for g in KOBIS_GENRES.get(name, ()))
    people = _people(info, "directors", DIRECTOR) + _people(info, "actors", ACTOR)[:TOP_CAST]
    return Release(
        source="kobis",
        title=title,
        title_ko=title_ko,
        aliases=aliases,
        year=year,
        released=released,
        genres=tuple(dict.fromkeys(genres)),
        country=country,
        people=tuple(dict.fromkeys(people)),
        kobis_code=code,
        audience=max(audience, 0),
    )


class KobisClient(KeyedApiClient):
    """The two KOBIS calls the daily refresh makes; one aiohttp session."""

    def __init__(
        self, api_key: str, *, base_url: str = DEFAULT_BASE_URL, timeout_s: float = 3.0
    ) -> None:
        super().__init__(api_key, base_url=base_url, timeout_s=timeout_s, key_param="key")

    async def daily_box_office(self, day: date) -> list[BoxOfficeEntry]:
        """The box office of ``day`` (KOBIS has it from the next morning on)."""
        payload, failure = await self._get_json(
            "boxoffice/searchDailyBoxOfficeList.json", {"targetDt": day.strftime("%Y%m%d")}
        )
        if failure is None:
            try:
                return parse_box_office(payload)
            except ProviderUnavailable as error:
                failure = str(error)
        raise ProviderUnavailable(self._redact(f"KOBIS box office of {day}: {failure}"))

    async def movie_info(self, code: str) -> dict[str, Any]:
        """A film's ``movieInfo`` object (parsed by ``release_from_kobis``)."""
        payload, failure = await self._get_json("movie/searchMovieInfo.json", {"movieCd": code})
        if failure is None:
            result = payload.get("movieInfoResult") if isinstance(payload, dict) else None
            info = result.get("movieInfo") if isinstance(result, dict) else None
            if isinstance(info, dict):
                return info
            failure = _fault(payload)
        raise ProviderUnavailable(self._redact(f"KOBIS film {code}: {failure}"))
