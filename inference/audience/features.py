"""Box-office features: one source of truth for training, serving and the bot's buttons.

A film is described as it is known *before* release (``ReleaseDescription``); ``encode`` turns
that description, its track record as of the release date (``track_record.RecordFeatures``)
and the screen level then (``TrackRecord.screen_level``) into the model's row. Training calls
the same code on every historical film, so the two can never drift apart.

Deliberate departures from the seed, each to avoid using what is unknown at release time or
what a model would have to extrapolate:
- no yearly-total column. The seed fed the film's own year's total (which contains the film's
  own audience); its "previous complete year" form was tried and dropped: in any training
  window ending before 2021 its low values come only from 2003–05, when KOBIS coverage was
  still growing, so a model read the covid years 2021–22 as "2004" and collapsed. A market
  shortfall from the films table (``TrackRecord.market``) was then a candidate and lost on the
  validation folds;
- no unbounded calendar trend. At a fixed screen count audiences fall year on year because
  screen counts inflated (``track_record`` module docstring), and a network fed a linear
  ``year`` extrapolated that fall past the data (a 1,200-screen 2023 release got ~0.4M). The
  candidates (``MARKET_VARIANTS``) add ``relative_screens`` — screens against the screen level
  of their time, from earlier releases only — and either clamp the year to the last year of the
  training data (``year_clamped``; the clamp year is stored in metadata.json and applied when
  serving) or drop it; the rolling-origin validation folds chose among them
  (models/audience/train.py refuses to export another choice than ``SERVED_MARKET_VARIANT``).
  The third selection's rule kept the plain ``covid`` network (mean median APE over the folds
  0.530; relative screens without year 0.549), because in the covid fold (train <= 2019) the
  covid flag is constant and only a falling year trend predicts 2020. The fourth selection
  fixed the protocol first: no calendar-year column is servable (``servable``), a short-horizon
  market level (``MARKET_WINDOWS``, ``TrackRecord.market_level``) may show a shock instead, and
  the same folds and rule choose among the servable variants. The market level helped GBM on
  the covid fold but not the network (it never varies in a <= 2019 training window, so the
  network extrapolated it), and the served model is the network on relative screens and the
  covid flag, without year (0.549);
- the Naver user rating is not a feature (known only after release; the seed's two models did
  not use it either).
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
from inference.audience.track_record import RecordFeatures, TrackRecord

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
#: The seed's four rating classes (18세관람가 and 제한상영가 fold into 청소년관람불가).
RATINGS: tuple[str, ...] = ("전체관람가", "12세관람가", "15세관람가", "청소년관람불가")
#: The seed's top-7 nationalities by number of releases, then everything else.
NATIONALITIES: tuple[str, ...] = ("미국", "한국", "일본", "영국", "프랑스", "중국", "독일", "기타")
OTHER = "기타"
SEASONS: tuple[str, ...] = ("봄", "여름", "가을", "겨울")
COVID_YEARS = range(2020, 2023)  # the seed's flag: 2020–2022
EARLIEST_RELEASE = date(2003, 1, 1)  # the seed's window starts here; earlier dates are refused

_NATIONALITY_ALIASES: dict[str, str] = {
    "usa": "미국",
    "us": "미국",
    "america": "미국",
    "unitedstates": "미국",
    "korea": "한국",
    "southkorea": "한국",
    "대한민국": "한국",
    "japan": "일본",
    "uk": "영국",
    "unitedkingdom": "영국",
    "britain": "영국",
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
    "씨제이엔터테인먼트": "씨제이이엔엠",
    "cj엔터테인먼트": "씨제이이엔엠",
    "롯데쇼핑롯데엔터테인먼트": "롯데엔터테인먼트",
    "롯데컬처웍스롯데엔터테인먼트": "롯데엔터테인먼트",
    "이십세기폭스필름코퍼레이션": "이십세기폭스코리아",
    "브에나비스타인터내셔널코리아": "월트디즈니컴퍼니코리아",
    "소니픽쳐스릴리징월트디즈니스튜디오스코리아": "한국소니픽쳐스릴리징브에나비스타영화",
    "소니픽쳐스릴리징코리아": "소니픽쳐스엔터테인먼트코리아",
    "콜럼비아트라이스타": "소니픽쳐스엔터테인먼트코리아",
    "씨제이씨지브이(cjcgv)": "씨지브이",
    "cgvicecon": "씨지브이",
    "스폰지": "스폰지이엔티",
    "메가박스": "메가박스중앙플러스엠",
    "메가박스중앙": "메가박스중앙플러스엠",
    "플러스엠엔터테인먼트": "메가박스중앙플러스엠",
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
    """KOBIS yearly admissions; ``last_complete`` is the latest year with a full count.

    Kept in the tables for reference; no longer a model input (see the module docstring).
    """

    by_year: Mapping[int, int]
    last_complete: int

    def known_before(self, day: date) -> int:
        """Total of the latest complete year before ``day``'s year (clamped to the table)."""
        year = min(day.year - 1, self.last_complete)
        known = [y for y in self.by_year if y <= self.last_complete]
        return int(self.by_year[max(min(known), year)])


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
    """KOBIS rating text (first of a list) → one of the four ``RATINGS``."""
    first = normalise_key(raw).split(",")[0]
    for rating, marks in (
        ("전체관람가", ("전체",)),
        ("12세관람가", ("12세",)),
        ("15세관람가", ("15세",)),
        ("청소년관람불가", ("청소년", "18세", "19세", "제한", "연소자")),
    ):
        if any(mark in first for mark in marks):
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


@dataclass(frozen=True)
class Variant:
    """The columns that differ between candidates: the "screens" and "release_year" groups."""

    screens: tuple[str, ...]
    year: tuple[str, ...]


#: One variant per candidate; the folds of models/audience/experiments.py choose, and
#: ``SERVED_MARKET_VARIANT`` is what they chose. ``year_clamped`` is the calendar year clamped to
#: the last year of the training rows (experiments.fit_predict; the service reads the clamp year
#: from metadata.json), so a later date is read as that year, never extrapolated.
MARKET_VARIANTS: dict[str, Variant] = {
    "covid": Variant(("log10_screens",), ("year", "covid")),
    "covid+relscreens": Variant(("log10_screens", "relative_screens"), ("year_clamped", "covid")),
    "covid+relscreens-noyear": Variant(("log10_screens", "relative_screens"), ("covid",)),
    "covid+relscreens+market90-noyear": Variant(
        ("log10_screens", "relative_screens"), ("covid", "market_90d")
    ),
    "covid+relscreens+market180-noyear": Variant(
        ("log10_screens", "relative_screens"), ("covid", "market_180d")
    ),
}
#: Short-horizon market levels (``TrackRecord.market_level``): column → window in days.
MARKET_WINDOWS: dict[str, int] = {"market_90d": 90, "market_180d": 180}
#: Columns that read the calendar year; a variant with one is not servable (fourth selection:
#: moving a release three years past the training data must not move its forecast).
YEAR_COLUMNS: tuple[str, ...] = ("year", "year_clamped")
SERVED_MARKET_VARIANT = "covid+relscreens-noyear"
CLAMPED_YEAR = "year_clamped"


def groups(variant: str) -> tuple[FeatureGroup, ...]:
    """The feature groups with the screens and release-year columns of ``variant``."""
    chosen = MARKET_VARIANTS[variant]
    return (
        FeatureGroup("screens", chosen.screens),
        FeatureGroup("genre", _one_hot("genre", GENRES), categorical=True),
        FeatureGroup("rating", _one_hot("rating", RATINGS), categorical=True),
        FeatureGroup("nationality", _one_hot("nationality", NATIONALITIES), categorical=True),
        FeatureGroup("independent", ("independent",)),
        FeatureGroup(
            "release_month",
            ("month_sin", "month_cos", *_one_hot("season", SEASONS)),
            categorical=True,
        ),
        FeatureGroup("release_year", chosen.year),
        FeatureGroup("director", ("director_score", "director_best", "director_films")),
        FeatureGroup(
            "distributor", ("distributor_score", "distributor_recent", "distributor_films")
        ),
        FeatureGroup("actors", ("actor_score", "actor_best", "actor_films")),
    )


def column_names(variant: str) -> tuple[str, ...]:
    return tuple(c for g in groups(variant) for c in g.columns)


GROUPS: tuple[FeatureGroup, ...] = groups(SERVED_MARKET_VARIANT)
FEATURE_NAMES: tuple[str, ...] = column_names(SERVED_MARKET_VARIANT)
#: Every candidate column (training builds these once and each variant takes its own).
ALL_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(c for v in MARKET_VARIANTS for c in column_names(v))
)
YEAR_ORIGIN = 2003  # "year" is years since this, so the column stays small


@dataclass(frozen=True)
class Encoded:
    """One model row (``FEATURE_NAMES`` order) and the canonical categories it used."""

    row: tuple[float, ...]
    categories: dict[str, str] = field(default_factory=dict)


def servable(variant: str) -> bool:
    """No calendar-year column: the forecast cannot extrapolate time (``YEAR_COLUMNS``)."""
    return not set(column_names(variant)) & set(YEAR_COLUMNS)


def market_levels(records: TrackRecord, day: date) -> dict[str, float]:
    """Every ``MARKET_WINDOWS`` column as of ``day``, from films released before it."""
    return {name: records.market_level(day, days) for name, days in MARKET_WINDOWS.items()}


def values(
    release: ReleaseDescription,
    record: RecordFeatures,
    screen_level: float,
    markets: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Every candidate column (``ALL_COLUMNS``) of one film; ``screen_level`` from TrackRecord.

    ``markets``: ``market_levels`` at the release date (absent columns read 0, the usual size).

    ``year_clamped`` is the plain year here; clamping needs the training rows (see
    ``MARKET_VARIANTS``) and happens in ``encode`` / experiments.fit_predict.
    """
    day = release.release_date
    nationality = normalise_nationality(release.nationality)
    season = season_of(day.month)
    angle = 2 * math.pi * (day.month - 1) / 12
    log_screens = math.log10(max(release.screens, 1))
    year = float(day.year - YEAR_ORIGIN)
    return {
        "log10_screens": log_screens,
        "relative_screens": log_screens - screen_level,
        **{f"genre={g}": float(g == release.genre) for g in GENRES},
        **{f"rating={r}": float(r == release.rating) for r in RATINGS},
        **{f"nationality={n}": float(n == nationality) for n in NATIONALITIES},
        "independent": float(release.independent),
        "month_sin": math.sin(angle),
        "month_cos": math.cos(angle),
        **{f"season={s}": float(s == season) for s in SEASONS},
        "year": year,
        CLAMPED_YEAR: year,
        "covid": float(day.year in COVID_YEARS),
        **{name: float((markets or {}).get(name, 0.0)) for name in MARKET_WINDOWS},
        "director_score": float(record.director_score),
        "director_best": record.director_best,
        "director_films": math.log1p(record.director_films),
        "distributor_score": float(record.distributor_score),
        "distributor_recent": record.distributor_recent,
        "distributor_films": math.log1p(record.distributor_films),
        "actor_score": float(record.actor_score),
        "actor_best": record.actor_best,
        "actor_films": math.log1p(record.actor_films),
    }


def encode(
    release: ReleaseDescription,
    record: RecordFeatures,
    screen_level: float,
    year_clamp: int | None = None,
    markets: Mapping[str, float] | None = None,
) -> Encoded:
    """The served model row of one film; the caller validated genre/rating (see service).

    ``year_clamp``: the last calendar year of the served model's training rows (metadata.json);
    ``year_clamped`` never exceeds it.
    """
    row = values(release, record, screen_level, markets)
    if year_clamp is not None:
        row[CLAMPED_YEAR] = min(row[CLAMPED_YEAR], float(year_clamp - YEAR_ORIGIN))
    nationality = normalise_nationality(release.nationality)
    categories = {"genre": release.genre, "rating": release.rating, "nationality": nationality}
    return Encoded(tuple(row[name] for name in FEATURE_NAMES), categories)
