"""Box-office features: one source of truth for training, serving and the bot's buttons.

A film is described as it is known *before* release (``ReleaseDescription``); ``encode`` turns
that description, its track record as of the release date (``track_record.RecordFeatures``),
the screen level and the market then (``TrackRecord.screen_level`` / ``market``) into the
model's row and its offset. Training calls the same code on every historical film, so the two
can never drift apart.

What the model sees, and why (the fifth selection, issue 17):
- the **target is relative to the market**: log10 admissions minus ``offset``, the median log10
  admissions per screen of the releases of the year ending 30 days before the date. The
  per-screen market fell ~20-fold from 2008 to 2021 (screen inflation, many small releases,
  covid); a model without it over-predicted most later films, and one with a calendar year
  extrapolated the fall (earlier selections, README). On the validation folds the offset cut the
  covid fold's median APE from 0.86 to 0.47;
- **screens** (log10, and relative to the screen level of the time): the only columns with a
  monotone constraint — more screens never lower any quantile of the forecast;
- genre, rating, nationality (one-hot), independent/art flag, month (cyclic) and season, the
  covid flag (2020–22). No calendar year;
- **track records relative to their market**: per director, distributor (its last three years)
  and the lead actors, the best and mean "excess" of their earlier films over the typical
  release of each film's own date, the mean per-screen excess, the number of earlier films and
  the seed's top-300 score. A newcomer reads ``NO_RECORD``.

The Naver user rating is not a feature (known only after release; the seed's models did not use
it either), nor is the film's own year's total (it contains the film's audience).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from inference.audience.track_record import MIN_AUDIENCE as MIN_AUDIENCE
from inference.audience.track_record import MIN_SCREENS as MIN_SCREENS
from inference.audience.track_record import NO_RECORD, Market, RecordFeatures

#: KOBIS genres, most frequent first among films with > 50 screens and > 1,000 admissions.
GENRES: tuple[str, ...] = (
    "드라마",
    "애니메이션",
    "액션",
    "코미디",
    "멜로/로맨스",
    "공포(호러)",
    "범죄",
    "스릴러",
    "다큐멘터리",
    "미스터리",
    "SF",
    "판타지",
    "어드벤처",
    "사극",
    "가족",
    "공연",
    "전쟁",
    "뮤지컬",
    "서부극(웨스턴)",
    "성인물(에로)",
    "기타",
)
#: The seed's four rating classes (18세관람가 and 제한상영가 fold into 청소년관람불가). KOBIS
#: writes the middle two "12세이상관람가" / "15세이상관람가"; the bot shows them so.
RATINGS: tuple[str, ...] = ("전체관람가", "12세관람가", "15세관람가", "청소년관람불가")
#: The seed's top-7 nationalities by number of releases (Korea first, as a distributor
#: looks for it), then everything else.
NATIONALITIES: tuple[str, ...] = ("한국", "미국", "일본", "영국", "프랑스", "중국", "독일", "기타")
OTHER = "기타"
SEASONS: tuple[str, ...] = ("봄", "여름", "가을", "겨울")
COVID_YEARS = range(2020, 2023)  # the seed's flag: 2020–2022
#: The population's first releases with screen counts (KOBIS lists screens from 2008 on); an
#: earlier date is outside what the model was trained on.
EARLIEST_RELEASE = date(2008, 1, 1)

_NATIONALITY_ALIASES: dict[str, str] = {
    "usa": "미국",
    "us": "미국",
    "america": "미국",
    "unitedstates": "미국",
    "미국영화": "미국",
    "korea": "한국",
    "southkorea": "한국",
    "대한민국": "한국",
    "국내": "한국",
    "한국영화": "한국",
    "japan": "일본",
    "uk": "영국",
    "unitedkingdom": "영국",
    "britain": "영국",
    "england": "영국",
    "france": "프랑스",
    "china": "중국",
    "germany": "독일",
}
_LEGAL_FORMS = re.compile(
    r"\(주\)|㈜|\(유\)|\(재\)|\(사\)|주식회사|유한책임회사|유한회사|극장배급지점|\s+"
)
#: Distributors whose name changed, or that appear under several spellings, → one key.
_DISTRIBUTOR_ALIASES: dict[str, str] = {
    "cjenm": "씨제이이엔엠",
    "cje&m": "씨제이이엔엠",
    "cj": "씨제이이엔엠",
    "씨제이엔터테인먼트": "씨제이이엔엠",
    "cj엔터테인먼트": "씨제이이엔엠",
    "롯데쇼핑롯데엔터테인먼트": "롯데엔터테인먼트",
    "롯데컬처웍스롯데엔터테인먼트": "롯데엔터테인먼트",
    "롯데": "롯데엔터테인먼트",
    "이십세기폭스필름코퍼레이션": "이십세기폭스코리아",
    "브에나비스타인터내셔널코리아": "월트디즈니컴퍼니코리아",
    "디즈니": "월트디즈니컴퍼니코리아",
    "소니픽쳐스릴리징월트디즈니스튜디오스코리아": "한국소니픽쳐스릴리징브에나비스타영화",
    "소니픽쳐스릴리징코리아": "소니픽쳐스엔터테인먼트코리아",
    "콜럼비아트라이스타": "소니픽쳐스엔터테인먼트코리아",
    "씨제이씨지브이(cjcgv)": "씨지브이",
    "cgvicecon": "씨지브이",
    "스폰지": "스폰지이엔티",
    "메가박스": "메가박스중앙플러스엠",
    "메가박스중앙": "메가박스중앙플러스엠",
    "플러스엠엔터테인먼트": "메가박스중앙플러스엠",
    "new": "넥스트엔터테인먼트월드",
    "뉴": "넥스트엔터테인먼트월드",
    "워너브러더스": "워너브러더스코리아",
    # spellings of the KOBIS files of 2023-2026 (data/audience/README.md)
    "넥스트엔터테인먼트월드(new)": "넥스트엔터테인먼트월드",
    "메가박스중앙플러스엠엔터테인먼트": "메가박스중앙플러스엠",
    "씨지브이아이스콘": "씨지브이",
    "엠엔엠인터내셔널": "m&m인터내셔널",
}


@dataclass(frozen=True)
class ReleaseDescription:
    """What is known about a film before it opens; names are canonical or new (unknown)."""

    release_date: date
    screens: int
    genre: str
    rating: str
    nationality: str
    distributor: str | None
    director: str | None
    actors: tuple[str, ...] = ()  # lead actors in billing order; empty = none given
    independent: bool = False  # KOBIS 영화구분 독립/예술영화; the bot may leave the default


@dataclass(frozen=True)
class YearlyTotals:
    """KOBIS yearly admissions; ``last_complete`` is the latest year with a full count;
    ``estimated``: years whose total is an estimate, not KOBIS's own figure."""

    by_year: Mapping[int, int]
    last_complete: int
    estimated: frozenset[int] = frozenset()


def normalise_key(text: str) -> str:
    """NFKC, lower case, no spaces: the form names are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def normalise_person(raw: object) -> str | None:
    """A person's display name with tidy spaces; None for blanks and KOBIS's '기타'."""
    if not isinstance(raw, str):
        return None
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    return None if name in ("", OTHER, "nan") else name


def normalise_distributor(raw: object) -> str | None:
    """First listed distributor, legal forms and spaces dropped, renamed companies merged."""
    if not isinstance(raw, str):
        return None
    first = unicodedata.normalize("NFKC", raw).split(",")[0]
    key = _LEGAL_FORMS.sub("", first).lower()
    if key in ("", OTHER.lower(), "nan"):
        return None
    return _DISTRIBUTOR_ALIASES.get(key, key)


def normalise_rating(raw: str) -> str:
    """KOBIS rating text (first of a list), or what people type ("15세", "청불", "19금",
    "전체"), → one of the four ``RATINGS``."""
    first = normalise_key(raw).split(",")[0]
    for rating, marks in (
        ("전체관람가", ("전체", "all", "g")),
        ("12세관람가", ("12",)),
        ("15세관람가", ("15",)),
        ("청소년관람불가", ("청소년", "청불", "18", "19", "제한", "연소자", "성인", "adult")),
    ):
        if any(mark in first for mark in marks if len(mark) > 1) or first in marks:
            return rating
    raise ValueError(f"unknown rating {raw!r}")


def normalise_nationality(raw: str) -> str:
    """Any nationality → one of the top-7 or '기타' (English names of the top-7 accepted)."""
    key = normalise_key(raw).split(",")[0].replace(".", "")
    key = _NATIONALITY_ALIASES.get(key, key)
    return key if key in NATIONALITIES else OTHER


def season_of(month: int) -> str:
    """The seed's seasons: spring 3–5, summer 6–8, autumn 9–11, winter 12–2."""
    return SEASONS[((month - 3) % 12) // 3]


def _one_hot(prefix: str, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}={v}" for v in values)


@dataclass(frozen=True)
class FeatureGroup:
    """Columns that together describe one input; the unit of the "top factors" explanation."""

    name: str
    columns: tuple[str, ...]
    categorical: bool = False


def _person(role: str) -> tuple[str, ...]:
    return tuple(f"{role}_{part}" for part in ("score", "films", "best", "mean", "per_screen"))


GROUPS: tuple[FeatureGroup, ...] = (
    FeatureGroup("screens", ("log10_screens", "relative_screens")),
    FeatureGroup("genre", _one_hot("genre", GENRES), categorical=True),
    FeatureGroup("rating", _one_hot("rating", RATINGS), categorical=True),
    FeatureGroup("nationality", _one_hot("nationality", NATIONALITIES), categorical=True),
    FeatureGroup("independent", ("independent",), categorical=True),
    FeatureGroup(
        "release_month",
        ("month_sin", "month_cos", *_one_hot("season", SEASONS)),
        categorical=True,
    ),
    FeatureGroup("covid", ("covid",), categorical=True),
    FeatureGroup("director", _person("director")),
    FeatureGroup("distributor", _person("distributor")),
    FeatureGroup("actors", _person("actor")),
)
FEATURE_NAMES: tuple[str, ...] = tuple(c for g in GROUPS for c in g.columns)
#: Columns the model must be non-decreasing in (HistGradientBoosting ``monotonic_cst`` +1).
MONOTONE: tuple[str, ...] = ("log10_screens", "relative_screens")
#: Columns of the three people groups, and their value for a newcomer (no earlier film).
NEWCOMER: dict[str, float] = {
    c: (0.0 if c.endswith(("_score", "_films")) else NO_RECORD)
    for g in GROUPS[-3:]
    for c in g.columns
}


@dataclass(frozen=True)
class Encoded:
    """One model row (``FEATURE_NAMES`` order), its offset, and the categories it used."""

    row: tuple[float, ...]
    offset: float
    categories: dict[str, str] = field(default_factory=dict)


def values(
    release: ReleaseDescription, record: RecordFeatures, screen_level: float
) -> dict[str, float]:
    """Every column of one film; ``screen_level`` from ``TrackRecord.screen_level``."""
    day = release.release_date
    nationality = normalise_nationality(release.nationality)
    season = season_of(day.month)
    angle = 2 * math.pi * (day.month - 1) / 12
    log_screens = math.log10(max(release.screens, 1))
    row = {
        "log10_screens": log_screens,
        "relative_screens": log_screens - screen_level,
        **{f"genre={g}": float(g == release.genre) for g in GENRES},
        **{f"rating={r}": float(r == release.rating) for r in RATINGS},
        **{f"nationality={n}": float(n == nationality) for n in NATIONALITIES},
        "independent": float(release.independent),
        "month_sin": math.sin(angle),
        "month_cos": math.cos(angle),
        **{f"season={s}": float(s == season) for s in SEASONS},
        "covid": float(day.year in COVID_YEARS),
    }
    for role in ("director", "distributor", "actor"):
        row[f"{role}_score"] = float(getattr(record, f"{role}_score"))
        row[f"{role}_films"] = math.log1p(getattr(record, f"{role}_films"))
        for part in ("best", "mean", "per_screen"):
            row[f"{role}_{part}"] = float(getattr(record, f"{role}_{part}"))
    return row


def encode(
    release: ReleaseDescription, record: RecordFeatures, screen_level: float, market: Market
) -> Encoded:
    """The model row of one film; the caller validated genre/rating (see service)."""
    row = values(release, record, screen_level)
    nationality = normalise_nationality(release.nationality)
    categories = {"genre": release.genre, "rating": release.rating, "nationality": nationality}
    return Encoded(tuple(row[name] for name in FEATURE_NAMES), market.per_screen, categories)
