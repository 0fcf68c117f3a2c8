"""The Korean side of the catalogue: Korean titles, KOBIS releases and JustWatch Korea offers.

Three sources, none of which shares an id with all the others (see the SOURCE.md files):

* ``kr-catalogue/kr_titles.csv`` — JustWatch Korea's localised titles (joined to ml-latest by
  TMDB id) and KMRD's Korean ↔ English pairs (joined by title and year). The only bridge from a
  Korean title to a MovieLens film.
* ``kobis/KOBIS_release_list_2023-03-20.csv`` — every release in Korea 1977 – Jan 2023 with its
  Korean title, director, country and national audience, but no id and no English title. It is
  joined to the films through their Korean titles (same spacing-free key, release year within
  ``YEAR_WINDOW`` of the film's year) and, for Korean films that MovieLens lists under a
  romanised original title ("Masquerade (Gwanghai, Wangyidoen namja)"), through the romanised
  KOBIS title. Korean films it still cannot place become catalogue films of their own, so a
  Korean user finds 베테랑 even though nothing links it to ml-latest's "Veteran (2015)".
* ``kr-catalogue/kr_offers.csv`` — which Korean service listed which film on 2023-05-15, with
  the rank in that service's popularity-ordered list (the lists are capped at ~1,500 titles).

Films JustWatch Korea lists but ml-latest lacks (527, mostly small Korean and international
films) are added with an id derived from their TMDB id, so their offers are not lost.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from inference.catalogue.films import JUSTWATCH_ID_BASE, KOBIS_ID_BASE, KOBIS_ID_SPAN
from inference.catalogue.titles import compact, has_hangul, romanise

KR_TITLES = "kr_titles.csv"
KR_OFFERS = "kr_offers.csv"
KOBIS_RELEASES = "KOBIS_release_list_2023-03-20.csv"
KR_AS_OF = "2023-05-15"

# KOBIS release year minus the film's year: a foreign film reaches Korean cinemas up to a few
# years after it was made; a remake with the same Korean title (올드보이 2003 / 2013) is a decade
# away, so the window keeps them apart.
YEAR_WINDOW = (-1, 3)
ROMANISED_MIN_SCORE = 90.0  # rapidfuzz ratio of romanised KOBIS title vs a MovieLens alternate
# JustWatch's non-Hangul "Korean" titles of Korean films are themselves romanised Korean
# ("Heojil kyolshim" for 헤어질 결심), in another system than the romanizer's: a lower bar.
ROMANISED_JUSTWATCH_MIN_SCORE = 75.0
ROMANISED_JUSTWATCH_MIN_CHARS = 8  # shorter ones are as often English ("Mank", "The Deal")
# A Korean film with a few thousand admissions in Korea is not the one hundreds of MovieLens
# users rated: a shared Korean title (트라이앵글, the 2009 Korean film and the British
# "Triangle") is then a namesake. KOBIS counts are complete from 2004 on.
IMPLAUSIBLE_AUDIENCE = 10_000
IMPLAUSIBLE_RATINGS = 300
COMPLETE_COUNTS_FROM = 2004
ROMANISED_MIN_CHARS = 4
# romanised Korean title vs MovieLens' original title of the same film: the Korean title is
# known to be this film's, so only the spelling differs ("Salinui chueok" ~ "Sarinui chueok")
ORIGINAL_TITLE_MIN_SCORE = 80.0
# Letter pairs of Korean romanisation that Japanese, Chinese and European titles rarely have:
# without one, "Il Postino" (일 포스티노), "Nikita" (니키타) or the Cantonese "Do ma daan"
# (도마단) would pass as Korean originals.
KOREAN_ROMANISATION = re.compile(r"eo|eu|ae|ui|oe|wo")
# A Korean film KOBIS cannot place becomes a film of its own from this many admissions on:
# below it the list is mostly unreleased-in-practice titles with a handful of tickets.
KOBIS_ONLY_MIN_AUDIENCE = 1000
EXCLUDED_KOBIS_GENRES = frozenset({"성인물(에로)"})

# JustWatch Korea's service names (kr_offers.service) → CineMate platform ids.
SERVICE_PLATFORMS = {
    "netflix": "netflix",
    "disney_plus": "disney_plus",
    "watcha": "watcha",
    "wavve": "wavve",
    "google_play": "google_play",
    "apple_tv": "apple_tv_plus",  # the 58 films are Apple Originals: Apple TV+, not the store
}

# KOBIS genres → MovieLens genres (the recommender's vocabulary). 사극 (historical drama) is
# Drama; 가족 is MovieLens' Children; 공연 (concert films) and 기타 have no counterpart.
KOBIS_GENRES = {
    "드라마": ("Drama",),
    "멜로/로맨스": ("Romance",),
    "액션": ("Action",),
    "애니메이션": ("Animation",),
    "코미디": ("Comedy",),
    "공포(호러)": ("Horror",),
    "다큐멘터리": ("Documentary",),
    "스릴러": ("Thriller",),
    "범죄": ("Crime",),
    "SF": ("Sci-Fi",),
    "미스터리": ("Mystery",),
    "판타지": ("Fantasy",),
    "전쟁": ("War",),
    "어드벤처": ("Adventure",),
    "가족": ("Children",),
    "사극": ("Drama",),
    "뮤지컬": ("Musical",),
    "서부극(웨스턴)": ("Western",),
}

# Country names as KOBIS and KMRD write them → ISO 3166-1 alpha-2.
COUNTRIES = {
    "한국": "KR", "미국": "US", "일본": "JP", "프랑스": "FR", "영국": "GB", "잉글랜드": "GB",
    "중국": "CN", "독일": "DE", "독일(구 서독)": "DE", "캐나다": "CA", "홍콩": "HK",
    "스페인": "ES", "러시아": "RU", "러시아(구 소련)": "RU", "이탈리아": "IT", "호주": "AU",
    "오스트레일리아": "AU", "대만": "TW", "태국": "TH", "덴마크": "DK", "인도": "IN",
    "스웨덴": "SE", "노르웨이": "NO", "멕시코": "MX", "헝가리": "HU", "네덜란드": "NL",
    "아일랜드": "IE", "벨기에": "BE", "핀란드": "FI", "폴란드": "PL", "이스라엘": "IL",
    "브라질": "BR", "아르헨티나": "AR", "터키": "TR", "뉴질랜드": "NZ", "이란": "IR",
    "체코": "CZ", "오스트리아": "AT", "아이슬란드": "IS", "말레이시아": "MY",
    "인도네시아": "ID", "우크라이나": "UA", "베트남": "VN", "칠레": "CL", "루마니아": "RO",
    "카자흐스탄": "KZ", "스위스": "CH", "페루": "PE", "그리스": "GR", "싱가포르": "SG",
    "크로아티아": "HR", "남아프리카공화국": "ZA", "남아프리카 공화국": "ZA", "필리핀": "PH",
    "포르투갈": "PT", "우루과이": "UY", "불가리아": "BG", "에스토니아": "EE",
    "콜롬비아": "CO", "베네수엘라": "VE", "이라크": "IQ", "세르비아": "RS", "모로코": "MA",
    "쿠바": "CU", "이집트": "EG", "몰타": "MT", "몽고": "MN", "슬로바키아": "SK",
}  # fmt: skip


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
    kobis_genre: str = ""


@dataclass(frozen=True, slots=True)
class KobisGroup:
    """One film's KOBIS rows: the first release and its re-releases (same title, director)."""

    title: str
    key: str
    director: str
    first_release: str
    year: int
    country: str
    genre: str
    audience: int  # summed over the releases


@dataclass(slots=True)
class KoreanStats:
    """Counts for metadata.json."""

    kobis_rows: int = 0
    kobis_groups: int = 0
    kobis_linked_by_title: int = 0
    kobis_linked_by_romanisation: int = 0
    kobis_only_films: int = 0
    korean_by_original_title: int = 0
    kobis_unplaced_foreign: int = 0
    kobis_unplaced_small: int = 0
    justwatch_only_films: int = 0
    justwatch_without_tmdb_id: int = 0
    offers: int = 0
    offers_without_film: int = 0


def _roman_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isascii() and c.isalnum())


def kobis_id(group: KobisGroup) -> int:
    """A stable id for a KOBIS-only film: KOBIS gives none, so one is derived from the title
    and first release date (the build fails on a collision rather than merge two films)."""
    digest = zlib.crc32(f"{group.title}|{group.first_release}".encode())
    return KOBIS_ID_BASE + digest % KOBIS_ID_SPAN


def read_kobis(path: Path, stats: KoreanStats) -> list[KobisGroup]:
    """KOBIS rows grouped into films: re-releases share the title and the director."""
    frame = pd.read_csv(path, dtype=str).dropna(subset=["영화명", "개봉일"])
    stats.kobis_rows = len(frame)
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in frame.to_dict("records"):
        key = compact(row["영화명"])
        if key:
            grouped[(key, str(row.get("감독") or "").strip())].append(row)
    groups = []
    for (key, director), rows in grouped.items():
        rows.sort(key=lambda r: str(r["개봉일"]))
        first = rows[0]
        groups.append(
            KobisGroup(
                title=str(first["영화명"]).strip(),
                key=key,
                director=director,
                first_release=str(first["개봉일"])[:10],
                year=int(str(first["개봉일"])[:4]),
                country=COUNTRIES.get(str(first["국적"]).strip(), ""),
                genre=str(first.get("장르") or ""),
                audience=sum(int(float(r["전국 관객수"] or 0)) for r in rows),
            )
        )
    groups.sort(key=lambda g: (g.first_release, g.title, g.director))
    stats.kobis_groups = len(groups)
    return groups


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


def _by_title_key(facts: dict[int, KoreanFacts]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for movie_id, fact in facts.items():
        for title, _ in fact.titles:
            key = compact(title)
            if key and movie_id not in found[key]:
                found[key].append(movie_id)
    return found


def _closest(group: KobisGroup, candidates: Iterable[int], years: dict[int, int | None],
             ratings: dict[int, int]) -> int | None:  # fmt: skip
    """The candidate whose year fits the KOBIS release best (released at or after it first)."""
    low, high = YEAR_WINDOW
    fitting = []
    for movie_id in candidates:
        year = years.get(movie_id)
        delta = 0 if year is None else group.year - year
        if low <= delta <= high and not _implausible(group, ratings.get(movie_id, 0)):
            fitting.append((abs(delta) + (0.5 if delta < 0 else 0.0),
                            -ratings.get(movie_id, 0), movie_id))  # fmt: skip
    return min(fitting)[2] if fitting else None


def _implausible(group: KobisGroup, ratings: int) -> bool:
    """A little-seen Korean release cannot be a film many MovieLens users rated."""
    return (
        group.country == "KR"
        and group.year >= COMPLETE_COUNTS_FROM
        and group.audience < IMPLAUSIBLE_AUDIENCE
        and ratings > IMPLAUSIBLE_RATINGS
    )


def link_kobis(
    groups: list[KobisGroup],
    films: pd.DataFrame,
    facts: dict[int, KoreanFacts],
    stats: KoreanStats,
) -> list[KobisGroup]:
    """Attach each KOBIS film to a catalogue film; returns the Korean films left unplaced."""
    years = {
        int(m): (None if pd.isna(y) else int(y))
        for m, y in zip(films["movie_id"], films["year"], strict=True)
    }
    ratings = dict(zip(films["movie_id"].astype(int), films["ratings"].astype(int), strict=True))
    by_key = _by_title_key(facts)
    unplaced: list[KobisGroup] = []
    for group in groups:
        movie_id = _closest(group, by_key.get(group.key, ()), years, ratings)
        if movie_id is None:
            unplaced.append(group)
            continue
        stats.kobis_linked_by_title += 1
        _attach(facts[movie_id], group)
    return _link_romanised(unplaced, films, facts, stats)


def _attach(fact: KoreanFacts, group: KobisGroup) -> None:
    """Add a KOBIS film's audience; its first release dates the film unless one fits better."""
    fact.kr_audience += group.audience
    if fact.kobis_year is None or (group.audience > 0 and group.year < fact.kobis_year):
        fact.kobis_year = group.year
        fact.kr_release, fact.kr_release_source = group.first_release, "kobis"
        fact.country = group.country or fact.country
        fact.kobis_genre = group.genre
    if group.title not in (t for t, _ in fact.titles):
        fact.titles.append((group.title, "kobis"))


def _link_romanised(
    unplaced: list[KobisGroup],
    films: pd.DataFrame,
    facts: dict[int, KoreanFacts],
    stats: KoreanStats,
) -> list[KobisGroup]:
    """Korean KOBIS films against MovieLens' romanised original titles (and JustWatch's
    romanised "Korean" titles), same year ± 1, films without a Korean title only."""
    by_year: dict[int, list[tuple[str, int, float, int]]] = defaultdict(list)
    for row in films.itertuples(index=False):
        fact = facts.get(int(row.movie_id))
        if pd.isna(row.year) or (fact is not None and fact.titles):
            continue
        names = [(a, ROMANISED_MIN_SCORE) for a in str(row.aliases).split("|") if a]
        if fact is not None:
            names += [
                (a, ROMANISED_JUSTWATCH_MIN_SCORE
                 if len(_roman_key(a)) >= ROMANISED_JUSTWATCH_MIN_CHARS else ROMANISED_MIN_SCORE)
                for a in fact.latin_aliases
            ]  # fmt: skip
        rated = int(row.ratings)
        for name, bar in names:
            key = _roman_key(name)
            if len(key) >= ROMANISED_MIN_CHARS:
                by_year[int(row.year)].append((key, int(row.movie_id), bar, rated))
    left: list[KobisGroup] = []
    taken: set[int] = set()
    for group in unplaced:
        roman = _roman_key(romanise(group.title))
        pool = [
            c
            for y in (group.year - 1, group.year, group.year + 1)
            for c in by_year.get(y, [])
            if c[1] not in taken and not _implausible(group, c[3])
        ]
        best = None
        if group.country == "KR" and len(roman) >= ROMANISED_MIN_CHARS and pool:
            scores = process.cdist([roman], [c[0] for c in pool], scorer=fuzz.ratio)[0]
            passing = {pool[i][1]: float(scores[i]) for i in range(len(pool))
                       if scores[i] >= pool[i][2]}  # fmt: skip
            ranked = sorted(passing.items(), key=lambda item: -item[1])
            if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
                best = ranked[0][0]
        if best is None:
            left.append(group)
            continue
        taken.add(best)
        stats.kobis_linked_by_romanisation += 1
        _attach(facts[best], group)
    return left


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


def kobis_only_films(
    unplaced: list[KobisGroup], facts: dict[int, KoreanFacts], stats: KoreanStats
) -> pd.DataFrame:
    """Korean films KOBIS knows and nothing links to MovieLens, as catalogue films."""
    films = []
    seen: dict[int, KobisGroup] = {}
    for group in unplaced:
        if group.country != "KR":
            stats.kobis_unplaced_foreign += 1
            continue
        if group.audience < KOBIS_ONLY_MIN_AUDIENCE or group.genre in EXCLUDED_KOBIS_GENRES:
            stats.kobis_unplaced_small += 1
            continue
        movie_id = kobis_id(group)
        if movie_id in seen:
            raise RuntimeError(f"KOBIS id collision: {group} and {seen[movie_id]}")
        seen[movie_id] = group
        fact = facts[movie_id]
        _attach(fact, group)
        films.append(
            {
                "movie_id": movie_id,
                "title": romanise(group.title),
                "aliases": "",
                "year": group.year,
                "genres": "|".join(KOBIS_GENRES.get(group.genre, ())),
                "imdb_id": None,
                "tmdb_id": None,
                "ratings": 0,
                "mean_rating": None,
                "origin": "kobis",
            }
        )
    stats.kobis_only_films = len(films)
    return pd.DataFrame(films)


def read_offers(path: Path, film_ids: set[int], stats: KoreanStats) -> list[tuple[Any, ...]]:
    """(movie_id, platform, rank, justwatch_url) per JustWatch Korea listing of a known film."""
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
        if movie_id is None or movie_id not in film_ids:
            stats.offers_without_film += 1
            continue
        rows.add((int(movie_id), SERVICE_PLATFORMS[row.service], int(row.service_rank),
                  str(row.justwatch_url)))  # fmt: skip
    stats.offers = len(rows)
    return sorted(rows)
