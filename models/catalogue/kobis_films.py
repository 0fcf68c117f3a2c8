"""Every film Korean cinemas showed, 1977 … 2026, as one record per film from all KOBIS sources.

KOBIS (the Korean Film Council's box-office system) is the one source that knows what Koreans
call a film — its Korean release title, the director and actors in Hangul — but it reaches us in
many partial copies, none with a TMDB or IMDb id:

* ``kobis/KOBIS_release_list_2023-03-20.csv`` — every release 1977 … Jan 2023 with national
  admissions, no film code, no English title;
* ``film-knowledge/hahahellooo__movdata`` and ``Veneno06__MyMovieProject`` (lists) — the KOBIS
  film lists of 2014 … 2024 with the film code (movieCd) and often the English title;
* ``Veneno06__MyMovieProject`` details (2021 … 2025-10) — directors and actors in Hangul *and*
  in Latin letters (``peopleNmEn``);
* ``kobis-2026/`` — daily and weekly top-10s with cumulative admissions and codes, the 2024 …
  Feb 2025 totals, monthly lists, and films of March 2025 … 2026 with metadata only;
* ``kobis/naver_crawling_data.csv`` — lead actors of the release list's films (Naver).

Rows about one film are joined by film code, by (title, opening date), and re-releases by
(title, director). Admissions of films released from ``HELD_BACK_FROM`` on are never read
(``kobis-2026/SOURCE.md`` keeps them apart to check the box-office model).
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# KOBIS_GENRES is re-exported: the build reads it from here.
from inference.catalogue.kobis_terms import COUNTRIES
from inference.catalogue.kobis_terms import KOBIS_GENRES as KOBIS_GENRES
from inference.catalogue.titles import compact

RELEASE_LIST = "kobis/KOBIS_release_list_2023-03-20.csv"
NAVER_CAST = "kobis/naver_crawling_data.csv"
HAH_LISTS = "film-knowledge/hahahellooo__movdata/data/movies"
VENENO = "film-knowledge/Veneno06__MyMovieProject/docs/data"
VENENO_DETAILS = f"{VENENO}/movies/kobis_movie_details_2021_2025.jsonl"
K26 = "kobis-2026"
DAILY_BOX = f"{K26}/daily_top10_2020_2024-07_kobis_boxoffice.csv"
DAILY_DETAILS = f"{K26}/daily_top10_2020_2024-07_kobis_movie_details.csv"
WEEKLY = f"{K26}/weekly_top10_2004_to_2025-02.csv"
TOTALS = f"{K26}/films_2024-01_to_2025-02_totals.csv"
TITLES_2025 = f"{K26}/films_2025-03_to_2026-07_titles.csv"
META_2025 = f"{K26}/films_2025-09_to_2026-09_metadata.csv"
PEOPLE_2025 = f"{K26}/films_2025-09_to_2026-09_people.csv"
YEARLY = f"{K26}/yearly_top10_2004_2024.csv"
ALLTIME = f"{K26}/alltime_top_before_2025-03.csv"
MONTHLY = f"{K26}/monthly"
MONTHLY_META = f"{K26}/monthly_metadata_only"

# kobis-2026/SOURCE.md: admissions of releases from this day on are an independent check of the
# box-office model; the catalogue never reads them (none are in the files, and none are used).
HELD_BACK_FROM = "2025-03-01"
ADULT_GENRE = "성인물(에로)"

EXCEL_EPOCH = date(1899, 12, 30)  # the monthly list of 2025-06 writes dates as Excel serials


@dataclass(frozen=True, slots=True)
class Name:
    """A person as one source writes them: Hangul, and Latin letters where it gives them."""

    ko: str
    en: str = ""


@dataclass(slots=True)
class Row:
    """What one source says about one release of one film."""

    source: str
    title: str
    opened: str = ""  # YYYY-MM-DD
    code: str = ""  # KOBIS movieCd
    title_en: str = ""
    title_original: str = ""
    production_year: int | None = None
    nation: str = ""  # as KOBIS writes it ("미국")
    genres: tuple[str, ...] = ()  # KOBIS genre names
    directors: tuple[Name, ...] = ()
    actors: tuple[Name, ...] = ()
    audience: int | None = None  # admissions of this release, None when the source has none
    box_office: bool = False  # the row comes from a box-office chart, not a plain film list


@dataclass(slots=True)
class KobisFilm:
    """One film: every KOBIS row about it merged (re-releases included)."""

    title: str  # the Korean title of its first release
    first_release: str  # YYYY-MM-DD
    codes: tuple[str, ...] = ()
    title_en: str = ""
    title_original: str = ""
    production_year: int | None = None
    country: str = ""  # ISO 3166-1 alpha-2, "" unknown
    genres: tuple[str, ...] = ()
    directors: tuple[Name, ...] = ()
    actors: tuple[Name, ...] = ()
    audience: int = 0  # national admissions summed over its releases (0 unknown)
    releases: tuple[str, ...] = ()  # opening dates
    adult: bool = False
    charted: bool = False  # appeared in a box-office chart or total
    sources: tuple[str, ...] = ()
    legacy_title: str = ""  # title and first release of the release list's group (the id of a
    legacy_release: str = ""  # KOBIS-only film of the previous catalogue is derived from them)
    # every (title, first release) the previous catalogue grouped on its own — a re-release
    # under its own title ("써니 감독판") was a film of its own there
    legacy_groups: tuple[tuple[str, str], ...] = ()

    @property
    def year(self) -> int:
        """The film's year: production year when KOBIS gives one, else its first release."""
        return self.production_year or int(self.first_release[:4])

    @property
    def release_year(self) -> int:
        """The year of its first release in Korea."""
        return int(self.first_release[:4])

    @property
    def notable(self) -> bool:
        """Seen by enough people, or charted, to be a catalogue film of its own when nothing
        links it: below that the lists are mostly films with a handful of tickets."""
        return not self.adult and (self.audience >= NOTABLE_AUDIENCE or self.charted)


NOTABLE_AUDIENCE = 1000


def _date(text: object) -> str:
    """``20240103``, ``2024-01-03``, ``2024.01.03`` or an Excel serial → ``2024-01-03``."""
    value = str(text or "").strip().replace(".", "-")
    if not value or value.lower() == "nan":
        return ""
    if value.isdigit() and len(value) == 5:
        return (EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    if value.isdigit() and len(value) == 8:
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return ""


def _int(text: object) -> int | None:
    value = str(text or "").replace(",", "").strip()
    try:
        return int(float(value))
    except ValueError:
        return None


def _year(text: object) -> int | None:
    value = _int(text)
    return value if value is not None and 1870 < value < 2100 else None


def _names(text: object, separator: str = ",") -> tuple[Name, ...]:
    return tuple(Name(n.strip()) for n in str(text or "").split(separator) if n.strip())


def _genres(text: object) -> tuple[str, ...]:
    """KOBIS genres, joined by "," "|" or "/" — except inside 멜로/로맨스."""
    value = str(text or "").replace("멜로/로맨스", "멜로·로맨스")
    for separator in ("|", "/"):
        value = value.replace(separator, ",")
    return tuple(g.strip().replace("멜로·로맨스", "멜로/로맨스") for g in value.split(",")
                 if g.strip() and g.strip() != "nan")  # fmt: skip


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _release_list(data: Path) -> Iterator[Row]:
    for row in _csv(data / RELEASE_LIST):
        title, opened = (row.get("영화명") or "").strip(), _date(row.get("개봉일"))
        if title and opened:
            yield Row(
                "release_list",
                title,
                opened,
                nation=(row.get("국적") or "").strip(),
                genres=_genres(row.get("장르")),
                directors=_names(row.get("감독")),
                audience=_int(row.get("전국 관객수")),
            )


def _list_rows(source: str, records: Iterable[dict[str, object]]) -> Iterator[Row]:
    """KOBIS ``searchMovieList`` records (the hahahellooo and Veneno year lists)."""
    for record in records:
        title, opened = str(record.get("movieNm") or "").strip(), _date(record.get("openDt"))
        directors = record.get("directors") or []
        assert isinstance(directors, list)
        if title and opened:
            yield Row(
                source,
                title,
                opened,
                code=str(record.get("movieCd") or ""),
                title_en=str(record.get("movieNmEn") or "").strip(),
                production_year=_year(record.get("prdtYear")),
                nation=str(record.get("repNationNm") or record.get("nationAlt") or ""),
                genres=_genres(record.get("genreAlt")),
                directors=tuple(
                    Name(str(d["peopleNm"]).strip())
                    for d in directors
                    if str(d.get("peopleNm") or "").strip()
                ),
            )


def _hah(data: Path) -> Iterator[Row]:
    for path in sorted((data / HAH_LISTS).glob("year=*/data.json")):
        yield from _list_rows("kobis_lists", json.loads(path.read_text(encoding="utf-8")))


def _veneno_lists(data: Path) -> Iterator[Row]:
    for path in sorted((data / VENENO / "years").glob("year-*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        yield from _list_rows("kobis_lists", payload.get("movieList") or [])


def _person(entry: dict[str, object]) -> Name:
    ko, en = entry.get("peopleNm") or "", entry.get("peopleNmEn") or ""
    return Name(str(ko).strip(), str(en).strip())


def _veneno_details(data: Path) -> Iterator[Row]:
    with (data / VENENO_DETAILS).open(encoding="utf-8") as handle:
        for line in handle:
            info = json.loads(line)["movieInfoResult"]["movieInfo"]
            title, opened = str(info.get("movieNm") or "").strip(), _date(info.get("openDt"))
            if not title or not opened:
                continue
            nations = [n["nationNm"] for n in info.get("nations") or []]
            yield Row(
                "kobis_details",
                title,
                opened,
                code=str(info.get("movieCd") or ""),
                title_en=str(info.get("movieNmEn") or "").strip(),
                title_original=str(info.get("movieNmOg") or "").strip(),
                production_year=_year(info.get("prdtYear")),
                nation=nations[0] if nations else "",
                genres=tuple(g["genreNm"] for g in info.get("genres") or []),
                directors=tuple(p for p in map(_person, info.get("directors") or []) if p.ko),
                actors=tuple(p for p in map(_person, info.get("actors") or []) if p.ko),
            )


def _daily(data: Path) -> Iterator[Row]:
    cumulative: dict[str, int] = {}
    for row in _csv(data / DAILY_BOX):
        total = _int(row.get("audiAcc"))
        code = row.get("movieCd") or ""
        if total is not None and _date(row.get("openDt")) < HELD_BACK_FROM:
            cumulative[code] = max(total, cumulative.get(code, 0))
    for row in _csv(data / DAILY_DETAILS):
        title, opened = (row.get("movieNm") or "").strip(), _date(row.get("openDt"))
        code = row.get("movieCd") or ""
        if title and opened:
            yield Row(
                "kobis_daily",
                title,
                opened,
                code=code,
                title_en=(row.get("movieNmEn") or "").strip(),
                production_year=_year(row.get("prdtYear")),
                nation=(row.get("nations") or "").split(",")[0].strip(),
                genres=_genres(row.get("genres")),
                directors=_names(row.get("directors")),
                actors=_names(row.get("actors")),
                audience=cumulative.get(code),
                box_office=True,
            )


def _weekly(data: Path) -> Iterator[Row]:
    best: dict[tuple[str, str, str], int] = {}
    for row in _csv(data / WEEKLY):
        key = ((row.get("영화코드") or "").strip(), (row.get("영화명") or "").strip(),
               _date(row.get("개봉일")))  # fmt: skip
        total = _int(row.get("누적관객"))
        if key[1] and key[2] and total is not None and key[2] < HELD_BACK_FROM:
            best[key] = max(total, best.get(key, 0))
    for (code, title, opened), total in sorted(best.items()):
        yield Row("kobis_weekly", title, opened, code=code, audience=total, box_office=True)


def _charts(data: Path) -> Iterator[Row]:
    """Totals of 2024 … Feb 2025, the yearly top-10s and the all-time list: admissions by title
    and opening date."""
    for path, total_column in ((TOTALS, "최종관객"), (YEARLY, "그해말누적"), (ALLTIME, "누적관객")):
        for row in _csv(data / path):
            title, opened = (row.get("영화명") or "").strip(), _date(row.get("개봉일"))
            if title and opened and opened < HELD_BACK_FROM:
                yield Row("kobis_totals", title, opened, audience=_int(row.get(total_column)),
                          box_office=True)  # fmt: skip


def _monthly(data: Path) -> Iterator[Row]:
    """The monthly charts: metadata for every film in them; admissions are per month (and
    months are missing), so they are not a film's total and are not read."""
    paths = sorted((data / MONTHLY).glob("*.csv")) + sorted((data / MONTHLY_META).glob("*.csv"))
    for path in paths:
        for row in _csv(path):
            title, opened = (row.get("MOVIE_NM") or "").strip(), _date(row.get("OPN_DE"))
            if title and opened:
                yield Row(
                    "kobis_monthly",
                    title,
                    opened,
                    nation=(row.get("NLTY_NM") or "").strip(),
                    genres=_genres(row.get("GENRE_NM")),
                    directors=_names(row.get("DRCTR_NM")),
                    box_office=True,
                )


def _recent(data: Path) -> Iterator[Row]:
    """Films of March 2025 … 2026: titles and dates, and metadata with the director."""
    directors = {row["movieCd"]: row.get("director") or "" for row in _csv(data / PEOPLE_2025)}
    for row in _csv(data / META_2025):
        title, opened = (row.get("movieNm") or "").strip(), _date(row.get("openDt"))
        if title and opened:
            yield Row(
                "kobis_2026",
                title,
                opened,
                code=row.get("movieCd") or "",
                nation=(row.get("nation") or "").strip(),
                genres=_genres(row.get("genre")),
                directors=_names(directors.get(row.get("movieCd") or "")),
                box_office=True,
            )
    for row in _csv(data / TITLES_2025):
        title, opened = (row.get("영화명") or "").strip(), _date(row.get("개봉일"))
        if title and opened:
            yield Row("kobis_2026", title, opened, box_office=True)


def _naver_cast(data: Path) -> dict[tuple[str, str], tuple[Name, ...]]:
    """Lead actors by (title key, first director) from the Naver crawl of the release list."""
    cast: dict[tuple[str, str], tuple[Name, ...]] = {}
    for row in _csv(data / NAVER_CAST):
        try:
            directors = ast.literal_eval(row.get("감독") or "[]")
            actors = ast.literal_eval(row.get("출연") or "[]")
        except (ValueError, SyntaxError):
            continue
        key = (compact(row.get("영화명") or ""), str(directors[0]).strip() if directors else "")
        if key[0] and actors:
            cast.setdefault(key, tuple(Name(str(a).strip()) for a in actors if str(a).strip()))
    return cast


READERS = (_release_list, _hah, _veneno_lists, _veneno_details, _daily, _weekly, _charts,
           _monthly, _recent)  # fmt: skip
INPUTS = (RELEASE_LIST, NAVER_CAST, DAILY_BOX, DAILY_DETAILS, WEEKLY, TOTALS, TITLES_2025,
          META_2025, PEOPLE_2025, YEARLY, ALLTIME, VENENO_DETAILS)  # fmt: skip


def input_files(data: Path) -> list[Path]:
    """Every file this module reads (for the build's sha256 list)."""
    files = [data / p for p in INPUTS]
    files += sorted((data / HAH_LISTS).glob("year=*/data.json"))
    files += sorted((data / VENENO / "years").glob("year-*.json"))
    files += sorted((data / MONTHLY).glob("*.csv")) + sorted((data / MONTHLY_META).glob("*.csv"))
    return files


class _Groups:
    """Union-find over rows: rows of one film end in one group."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, items: Iterable[int]) -> None:
        first = None
        for item in items:
            root = self.find(item)
            if first is None:
                first = root
            elif root != first:
                self.parent[max(root, first)] = min(root, first)
                first = min(root, first)


def read_rows(data: Path) -> list[Row]:
    """Every row of every KOBIS source, in a fixed order."""
    return [row for reader in READERS for row in reader(data)]


# A re-release under its own title ("아바타 3D 스페셜에디션", "아바타 리마스터링", "연지구 디
# 오리지널 4K") is the same film: the edition words are dropped before grouping.
_EDITION = re.compile(
    r"[\s:\-]*[(\[]?\s*(?:(?:디지털\s*)?리마스터(?:링|드)?|확장판|감독판|무삭제판?|재개봉|"
    r"(?:디|더)\s*오리지널|오리지널\s*(?:버전|판)|스페셜\s*에디션|익스텐디드(?:\s*에디션)?|"
    r"[234]D|4K|IMAX|HFR|\d+주년)(?:\s*(?:버전|판|개봉))?\s*[)\]]?\s*$",
    re.IGNORECASE,
)


def edition_base(title: str) -> str:
    """The title without trailing edition words ("아바타 3D 스페셜에디션" → "아바타")."""
    previous, text = None, title.strip()
    while previous != text:
        previous, text = text, _EDITION.sub("", text).strip()
    return text or title


def group_rows(rows: list[Row]) -> list[list[Row]]:
    """Rows of one film together: same code, same (title, opening date), and re-releases —
    the same title (edition words aside) by the same director, or an edition of the one film
    of that title."""
    groups = _Groups(len(rows))
    keys: dict[tuple[str, ...], list[int]] = defaultdict(list)
    editions: list[int] = []
    for index, row in enumerate(rows):
        title = compact(row.title)
        base = compact(edition_base(row.title))
        if row.code:
            keys[("code", row.code)].append(index)
        keys[("opened", title, row.opened)].append(index)
        if row.directors:
            keys[("director", base, row.directors[0].ko)].append(index)
        if base != title:
            editions.append(index)
        else:
            keys[("title", title)].append(index)
    for key, members in keys.items():
        if key[0] != "title":
            groups.join(members)
    for index in editions:  # an edition without a director: the one film of that title
        base = compact(edition_base(rows[index].title))
        same = {groups.find(i) for i in keys.get(("title", base), [])}
        if len(same) == 1:
            groups.join([index, next(iter(same))])
    grouped: dict[int, list[int]] = defaultdict(list)
    for index in range(len(rows)):
        grouped[groups.find(index)].append(index)
    return [[rows[i] for i in members] for _, members in sorted(grouped.items())]


SOURCE_ORDER = ("kobis_details", "kobis_daily", "kobis_2026", "kobis_lists", "kobis_monthly",
                "release_list", "kobis_weekly", "kobis_totals")  # fmt: skip


def _first(values: Iterable[str]) -> str:
    return next((v for v in values if v), "")


def merge(rows: list[Row], cast: dict[tuple[str, str], tuple[Name, ...]]) -> KobisFilm:
    """One film from its rows: the most detailed source first for each fact."""
    rows = sorted(rows, key=lambda r: (SOURCE_ORDER.index(r.source), r.opened))
    first = min(rows, key=lambda r: (r.opened, SOURCE_ORDER.index(r.source)))
    releases = sorted({r.opened for r in rows})
    # Admissions per release: the largest figure any source gives for it (a chart's cumulative
    # count may be taken mid-run; the release list's and totals' are final).
    per_release: dict[str, int] = {}
    for row in rows:
        if row.audience is not None and row.opened < HELD_BACK_FROM:
            per_release[row.opened] = max(row.audience, per_release.get(row.opened, 0))
    directors = _richest(r.directors for r in rows)
    actors = _richest(r.actors for r in rows)
    title_key = compact(first.title)
    if not actors and directors:
        actors = cast.get((title_key, directors[0].ko), ())
    genres = next((r.genres for r in rows if r.genres), ())
    legacy = min((r for r in rows if r.source == "release_list"), default=None,
                 key=lambda r: r.opened)  # fmt: skip
    old_groups: dict[tuple[str, str], Row] = {}
    for row in sorted((r for r in rows if r.source == "release_list"), key=lambda r: r.opened):
        key = (compact(row.title), ",".join(n.ko for n in row.directors))
        old_groups.setdefault(key, row)
    return KobisFilm(
        title=first.title,
        first_release=first.opened,
        codes=tuple(sorted({r.code for r in rows if r.code})),
        title_en=_first(r.title_en for r in rows),
        title_original=_first(r.title_original for r in rows),
        production_year=min(
            (r.production_year for r in rows if r.production_year), default=None
        ),
        country=COUNTRIES.get(_first(r.nation.strip() for r in rows), ""),
        genres=genres,
        directors=directors,
        actors=actors,
        audience=sum(per_release.values()),
        releases=tuple(releases),
        adult=any(ADULT_GENRE in r.genres for r in rows),
        charted=any(r.box_office for r in rows),
        sources=tuple(sorted({r.source for r in rows})),
        legacy_title=legacy.title if legacy else "",
        legacy_release=legacy.opened if legacy else "",
        legacy_groups=tuple(sorted((r.title, r.opened) for r in old_groups.values())),
    )


def _richest(lists: Iterable[tuple[Name, ...]]) -> tuple[Name, ...]:
    """The first list that spells names in Latin letters too, else the first non-empty one."""
    candidates = [names for names in lists if names]
    with_latin = [names for names in candidates if any(n.en for n in names)]
    return (with_latin or candidates or [()])[0]


def read_films(data: Path) -> list[KobisFilm]:
    """Every KOBIS film, one record each, ordered by first release and title."""
    cast = _naver_cast(data)
    films = [merge(group, cast) for group in group_rows(read_rows(data))]
    films.sort(key=lambda f: (f.first_release, f.title, f.codes))
    return films


@dataclass(slots=True)
class KobisCounts:
    """Counts for metadata.json."""

    films_by_source: dict[str, int] = field(default_factory=dict)
    films: int = 0
    adult: int = 0
    with_code: int = 0
    with_english_title: int = 0
    with_latin_names: int = 0
    charted: int = 0
    released_from_2023_03: int = 0


def counts(films: list[KobisFilm]) -> KobisCounts:
    """How many films each source speaks of, and what the merged films hold."""
    result = KobisCounts()
    for film in films:
        for source in film.sources:
            result.films_by_source[source] = result.films_by_source.get(source, 0) + 1
    result.films_by_source = dict(sorted(result.films_by_source.items()))
    result.films = len(films)
    result.adult = sum(f.adult for f in films)
    result.with_code = sum(bool(f.codes) for f in films)
    result.with_english_title = sum(bool(f.title_en) for f in films)
    result.with_latin_names = sum(any(n.en for n in f.directors + f.actors) for f in films)
    result.charted = sum(f.charted for f in films)
    result.released_from_2023_03 = sum(f.first_release >= "2023-03-01" for f in films)
    return result
