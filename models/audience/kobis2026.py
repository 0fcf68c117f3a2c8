"""Read ../shared/data/kobis-2026 into films released after the seed's list (and fixes to it).

The seed's KOBIS list (``data.py``) ends with releases of 2023-02-23, captured in March 2023.
The 2026 files (their SOURCE.md) add, from several partial KOBIS exports:

- films released 2023-02-24 … 2025-02-28 **with** screens and admissions where a file gives
  them: the daily top-10 2020 … 2024-07-21 with KOBIS movie info (``movieCd``, director, actors,
  distributors, genres, rating, nations), the monthly box-office lists (2024-01 … 03, 2024-11 …
  2025-02: peak screens and admissions of the month, director, distributor, genre, rating,
  country, 독립/예술영화), the list of films opened 2024-01 … 2025-02 with their first-day screens
  and **final** admissions (최종관객), the weekly top-10 2004 … 2025-02 (cumulative admissions),
  the yearly top-10 and the all-time list (cumulative admissions);
- films released 2025-03-01 … 2026-09 with **metadata only** (title, opening date, director,
  distributor, genre, rating, country): their admissions are held back to check the model, so
  nothing here ever gives them a screen count or an audience (``build`` asserts it).

One film, several files: files with a KOBIS ``movieCd`` are joined by it; the others by title
(NFKC, case and spaces ignored) and opening date (the nearest within ``DATE_SLACK`` days).

**Admissions** (``audience``): the final count where a file has one (최종관객, or the all-time
list), else the largest cumulative count any file gives (the daily top-10's ``audiAcc`` on the
film's last day in the top 10, the weekly top-10's 누적관객, the yearly top-10's count at the
year's end, the sum of its monthly rows) — a lower bound (``final`` 0). It is ``covered`` when
a file that gives it counted the film's first ``SETTLE_DAYS`` (six weeks) — the daily file ends
2024-07-21, the weekly one with 2025-02, a yearly count at the year's end, and monthly rows
only where the months from the opening are all there (2024-01 … 03, 2024-11 … 2025-02: a film
of 2024-10 in the November list lacks its opening weeks). On the seed's films of 2015–2022 the
daily/weekly lower bound is within 5 % of the final count for about half of the films and
within 20 % for 73 % (build metadata ``checks``).

**Screens** (``screens``): as in the seed's list (KOBIS 개봉일람 전국 스크린수), the *peak*
number of screens showing the film on one day. The seed's column equals the film's largest
daily ``scrnCnt`` in the daily top-10 for 80 % of its 2020–22 films (median ratio 1.00); the
monthly lists' TOT_SCRN_CO is the peak within the month (= the daily maximum for 73 % of
2024-01 … 03 releases). A film's screens are the largest of: its daily ``scrnCnt``, its monthly
TOT_SCRN_CO, its first-day screens (totals file) — 0 when no file gives any.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from inference.audience.features import (
    GENRES,
    normalise_distributor,
    normalise_person,
    normalise_rating,
)
from inference.audience.track_record import MAX_LEADS, SETTLE_DAYS

CUT = date(2025, 3, 1)  # SOURCE.md: no screens or admissions for films released from here on
DAILY = "daily_top10_2020_2024-07_kobis_boxoffice.csv"
DETAILS = "daily_top10_2020_2024-07_kobis_movie_details.csv"
TOTALS = "films_2024-01_to_2025-02_totals.csv"
WEEKLY = "weekly_top10_2004_to_2025-02.csv"
YEARLY = "yearly_top10_2004_2024.csv"
ALLTIME = "alltime_top_before_2025-03.csv"
TITLES = "films_2025-03_to_2026-07_titles.csv"
META = "films_2025-09_to_2026-09_metadata.csv"
PEOPLE = "films_2025-09_to_2026-09_people.csv"
MONTHLY = "monthly"
MONTHLY_META = "monthly_metadata_only"
DATE_SLACK = 7  # days two files may disagree on one film's opening date
EXCEL_EPOCH = date(1899, 12, 30)  # OPN_DE of 2025-06 holds Excel serial days (45807 = 05-30)
INDEPENDENT = "독립/예술영화"
#: The share of a year's admissions the weekly top-10 counts (its median over 2004–2022,
#: against KOBIS's yearly totals; 0.936–0.977, 0.868 in 2020) — ``yearly_estimates``.
WEEKLY_SHARE_YEARS = range(2004, 2023)


def files(data_dir: Path) -> list[str]:
    """Every input file, relative to ``data_dir``, sorted (for metadata's sha256 list)."""
    found = [p for p in data_dir.rglob("*.csv")]
    return sorted(str(p.relative_to(data_dir)) for p in found)


def title_key(title: str) -> str:
    """The form titles are joined in: NFKC, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).lower()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def _number(value: object) -> int:
    """A count as the files write it ("1,421.00000", "1 421 ", 45807): 0 when blank."""
    text = _text(value).replace(",", "").replace(" ", "")
    if not text:
        return 0
    try:
        return int(float(text))
    except ValueError:
        return 0


def parse_day(value: object) -> date | None:
    """YYYYMMDD, YYYY-MM-DD, or Excel serial days (the 2025-06 monthly list)."""
    text = _text(value).replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"\d{8}", text):
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{5}", text):
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    return None


def first_genre(raw: object) -> str:
    """The first genre KOBIS lists ("드라마,액션", "판타지|멜로/로맨스", "애니메이션/액션/…"):
    genres themselves contain "/" (멜로/로맨스), so the known names are matched from the start."""
    text = _text(raw).replace(" ", "")
    for part in re.split(r"[,|]", text):
        for genre in sorted(GENRES, key=len, reverse=True):
            if part.startswith(genre):
                return genre
        if part:
            return "기타"
    return ""


def first_rating(raw: object) -> str:
    text = _text(raw)
    if not text:
        return ""
    try:
        return normalise_rating(text)
    except ValueError:
        return ""


def _first(raw: object) -> str:
    return _text(raw).split(",")[0].strip()


@dataclass
class NewFilm:
    """One film as the 2026 files describe it; fields fill in from the files in a fixed order
    (the first file that gives a value wins, except counts: the largest wins)."""

    title: str
    release_date: date
    movie_cd: str = ""
    director: str | None = None
    distributor: str | None = None
    nationality: str = ""
    genre: str = ""
    rating: str = ""
    independent: bool | None = None
    actors: tuple[str, ...] = ()
    screens: int = 0
    final: int = 0  # 최종관객 or the all-time list's count
    lower: int = 0  # the largest partial cumulative count
    covered: bool = False  # a partial count includes the film's first SETTLE_DAYS
    sources: set[str] = field(default_factory=set)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)  # counts per file

    @property
    def audience(self) -> int:
        return self.final or self.lower

    def fill(self, source: str, **values: object) -> None:
        self.sources.add(source)
        for name, value in values.items():
            if name in ("screens", "lower", "final"):
                counts = self.by_source.setdefault(source, {})
                counts[name] = max(counts.get(name, 0), int(value))  # type: ignore[call-overload]
            if name in ("screens", "lower"):
                setattr(self, name, max(getattr(self, name), int(value)))  # type: ignore[call-overload]
            elif name == "final":
                self.final = self.final or int(value)  # type: ignore[call-overload]
            elif name == "covered":
                self.covered = self.covered or bool(value)
            elif value not in (None, "", ()) and getattr(self, name) in (None, "", ()):
                setattr(self, name, value)


class Films:
    """The films met so far, found by ``movieCd`` or by title key and nearest opening date."""

    def __init__(self) -> None:
        self._by_code: dict[str, NewFilm] = {}
        self._by_title: dict[str, list[NewFilm]] = {}

    def __iter__(self) -> Iterator[NewFilm]:
        seen: set[int] = set()
        for films in self._by_title.values():
            for film in films:
                if id(film) not in seen:
                    seen.add(id(film))
                    yield film

    def find(self, title: str, day: date, movie_cd: str = "") -> NewFilm | None:
        if movie_cd and movie_cd in self._by_code:
            return self._by_code[movie_cd]
        close = [
            f
            for f in self._by_title.get(title_key(title), [])
            if abs((f.release_date - day).days) <= DATE_SLACK
            and not (movie_cd and f.movie_cd and f.movie_cd != movie_cd)
        ]
        return min(close, key=lambda f: abs((f.release_date - day).days), default=None)

    def get(self, title: str, day: date, movie_cd: str = "") -> NewFilm:
        """The film, created if no file has named it yet."""
        film = self.find(title, day, movie_cd)
        if film is None:
            film = NewFilm(_text(title), day)
            self._by_title.setdefault(title_key(title), []).append(film)
        if movie_cd and not film.movie_cd:
            film.movie_cd = movie_cd
        if film.movie_cd:
            self._by_code.setdefault(film.movie_cd, film)
        return film


def _covers(opened: date, counted_to: date) -> bool:
    """Whether a count made on ``counted_to`` includes the film's first SETTLE_DAYS."""
    return opened + dt.timedelta(days=SETTLE_DAYS) <= counted_to


def _months_cover(opened: date, months: set[str]) -> bool:
    """Whether monthly rows (``months``: "YYYYMM") include every month of the film's first
    SETTLE_DAYS: a film of 2024-10 in the 2024-11 list lacks its opening weeks."""
    last = opened + dt.timedelta(days=SETTLE_DAYS)
    day = opened.replace(day=1)
    while day <= last:
        if f"{day:%Y%m}" not in months:
            return False
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return True


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _daily(data_dir: Path, films: Films) -> None:
    """Daily top-10 with KOBIS movie info: metadata, peak screens, latest cumulative count."""
    details = _csv(data_dir / DETAILS)
    for row in details.itertuples(index=False):
        day = parse_day(row.openDt)
        if day is None:
            continue
        directors = [normalise_person(d) for d in _text(row.directors).split(",")]
        actors = [normalise_person(a) for a in _text(row.actors).split(",")]
        films.get(row.movieNm, day, _text(row.movieCd)).fill(
            "daily",
            director=next((d for d in directors if d), None),
            distributor=normalise_distributor(_text(row.distributors)),
            nationality=_first(row.nations),
            genre=first_genre(row.genres),
            rating=first_rating(_first(row.watchGradeNm)),
            actors=tuple(dict.fromkeys(a for a in actors if a))[:MAX_LEADS],
        )
    daily = _csv(data_dir / DAILY)
    end = max(d for d in (parse_day(v) for v in daily["date"].unique()) if d is not None)
    daily["scrn"] = daily["scrnCnt"].map(_number)
    daily["acc"] = daily["audiAcc"].map(_number)
    grouped = daily.groupby("movieCd", sort=True).agg(
        title=("movieNm", "first"), opened=("openDt", "first"), scrn=("scrn", "max"),
        acc=("acc", "max"),
    )  # fmt: skip
    for code, row in grouped.iterrows():
        day = parse_day(row["opened"])
        if day is not None:
            films.get(row["title"], day, str(code)).fill(
                "daily", screens=row["scrn"], lower=row["acc"], covered=_covers(day, end)
            )


def _weekly(data_dir: Path, films: Films) -> None:
    weekly = _csv(data_dir / WEEKLY)
    starts = (parse_day(v) for v in weekly["주시작일"].unique())
    end = max(d for d in starts if d is not None) + dt.timedelta(days=6)
    weekly["acc"] = weekly["누적관객"].map(_number)
    grouped = weekly.groupby("영화코드", sort=True).agg(
        title=("영화명", "first"), opened=("개봉일", "first"), acc=("acc", "max")
    )
    for code, row in grouped.iterrows():
        day = parse_day(row["opened"])
        if day is not None:
            films.get(row["title"], day, str(code)).fill(
                "weekly", lower=row["acc"], covered=_covers(day, end)
            )


def _monthly(directory: Path, films: Films, source: str) -> None:
    """The monthly lists: metadata, and (with figures) peak screens and monthly admissions."""
    sums: dict[int, int] = {}
    by_id: dict[int, NewFilm] = {}
    months = {p.stem[-6:] for p in directory.glob("*.csv")}
    for path in sorted(directory.glob("*.csv")):
        for row in _csv(path).to_dict("records"):
            day = parse_day(row.get("OPN_DE"))
            title = _text(row.get("MOVIE_NM"))
            if day is None or not title:
                continue
            film = films.get(title, day)
            kind = _text(row.get("MOVIE_SDIV_NM"))
            film.fill(
                source,
                director=normalise_person(_first(row.get("DRCTR_NM"))),
                distributor=normalise_distributor(_text(row.get("DISTB_CMPNY_NM"))),
                nationality=_first(row.get("NLTY_NM")),
                genre=first_genre(row.get("GENRE_NM")),
                rating=first_rating(_first(row.get("GRAD_NM"))),
                independent=(kind == INDEPENDENT) if kind else None,
            )
            if "TOT_SCRN_CO" in row:
                film.fill(source, screens=_number(row["TOT_SCRN_CO"]))
                sums[id(film)] = sums.get(id(film), 0) + _number(row.get("VIEWNG_NMPR_CO"))
                by_id[id(film)] = film
    for key, total in sums.items():
        film = by_id[key]
        film.fill(source, lower=total, covered=_months_cover(film.release_date, months))


def _totals(data_dir: Path, films: Films) -> None:
    for row in _csv(data_dir / TOTALS).itertuples(index=False):
        day = parse_day(row.개봉일)
        if day is not None:
            films.get(row.영화명, day).fill(
                "totals", screens=_number(row.스크린수), final=_number(row.최종관객)
            )


def _lists(data_dir: Path, films: Films) -> None:
    """The all-time list (final counts) and the yearly top-10 (counts at the year's end)."""
    for row in _csv(data_dir / ALLTIME).itertuples(index=False):
        day = parse_day(row.개봉일)
        if day is not None:
            films.get(row.영화명, day).fill("alltime", final=_number(row.누적관객))
    for row in _csv(data_dir / YEARLY).itertuples(index=False):
        day = parse_day(row.개봉일)
        if day is not None:
            year_end = date(int(row.연도), 12, 31)
            films.get(row.영화명, day).fill(
                "yearly", lower=_number(row.그해말누적), covered=_covers(day, year_end)
            )


def _metadata_only(data_dir: Path, films: Films) -> None:
    """Films of 2025-03 … 2026-09: titles, dates, people, companies, genre, rating, country."""
    meta = _csv(data_dir / META)
    for row in meta.itertuples(index=False):
        day = parse_day(row.openDt)
        if day is not None:
            films.get(row.movieNm, day, _text(row.movieCd)).fill(
                "metadata", nationality=_first(row.nation), genre=first_genre(row.genre)
            )
    for row in _csv(data_dir / PEOPLE).itertuples(index=False):
        day = parse_day(row.openDt)
        if day is not None:
            films.get(row.movieNm, day, _text(row.movieCd)).fill(
                "metadata",
                director=normalise_person(_first(row.director)),
                distributor=normalise_distributor(_text(row.company)),
                rating=first_rating(row.watchGrade),
            )
    _monthly(data_dir / MONTHLY_META, films, "monthly")
    for row in _csv(data_dir / TITLES).itertuples(index=False):
        day = parse_day(row.개봉일)
        if day is not None:
            films.get(row.영화명, day).fill("titles")


def read(data_dir: Path) -> list[NewFilm]:
    """Every film the 2026 files name, in a fixed order (opening date, title, movieCd).

    Files with a movieCd are read first, so a title-only row joins the film it names; the order
    below is also the order in which a field's first value wins.
    """
    films = Films()
    _daily(data_dir, films)
    _weekly(data_dir, films)
    _monthly(data_dir / MONTHLY, films, "monthly")
    _totals(data_dir, films)
    _lists(data_dir, films)
    _metadata_only(data_dir, films)
    found = sorted(films, key=lambda f: (f.release_date, title_key(f.title), f.movie_cd))
    for film in found:
        if film.release_date >= CUT and (film.screens or film.audience):
            raise ValueError(f"{film.title} ({film.release_date}) has held-back figures")
    return found


def weekly_share(data_dir: Path, totals: Mapping[int, int]) -> float:
    """The median share of a year's admissions counted by the weekly top-10 (weeks by their
    starting day), over ``WEEKLY_SHARE_YEARS``."""
    sums = weekly_sums(data_dir)
    shares = sorted(sums[y] / totals[y] for y in WEEKLY_SHARE_YEARS if y in sums and y in totals)
    middle = len(shares) // 2
    return shares[middle] if len(shares) % 2 else (shares[middle - 1] + shares[middle]) / 2


def weekly_sums(data_dir: Path) -> dict[int, int]:
    """Admissions of the weekly top-10, per year of the week's first day (duplicates once)."""
    weekly = _csv(data_dir / WEEKLY).drop_duplicates(["주시작일", "순위"])
    weekly["count"] = weekly["주간관객"].map(_number)
    weekly["year"] = weekly["주시작일"].str[:4].astype(int)
    return {int(y): int(v) for y, v in weekly.groupby("year")["count"].sum().items()}
