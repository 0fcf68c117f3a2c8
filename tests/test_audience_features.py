"""Audience features: no leakage in track records, the market and the ceiling; normalisation,
the seed's scores and the encoding."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from inference.audience.features import (
    FEATURE_NAMES,
    GROUPS,
    MONOTONE,
    NATIONALITIES,
    NEWCOMER,
    ReleaseDescription,
    encode,
    normalise_distributor,
    normalise_nationality,
    normalise_rating,
    season_of,
)
from inference.audience.track_record import (
    NO_RECORD,
    SCREEN_LEVEL_PRIOR,
    Market,
    PastFilm,
    RecordFeatures,
    TrackRecord,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DAY = date(2015, 6, 1)


def _film(
    day: date, audience: int, director: str = "감독A", actors: tuple[str, ...] = ()
) -> PastFilm:
    return PastFilm(day, audience, director, "배급사A", actors, 200, f"film {day}")


def _history() -> list[PastFilm]:
    """Filler films (other people) plus director A's and actor B's earlier work, and one
    later film of somebody else (so DAY is inside the data, as every training row is: a date
    past the data counts a distributor's last three years back from the data's end)."""
    filler = [_film(date(2010, 1, 1 + i % 28), 1_000_000 - i * 1000, f"x{i}") for i in range(400)]
    return [
        *filler,
        _film(date(2012, 3, 1), 5_000_000, actors=("배우B",)),
        _film(date(2014, 3, 1), 200_000, actors=("배우B", "배우C")),
        PastFilm(date(2021, 1, 1), 1_000, "감독Z", "배급사Z", (), 200, "later"),
    ]


def test_own_and_later_results_never_count() -> None:
    """The film on DAY, films later the same day and after it change nothing."""
    before = TrackRecord(_history()).as_of(DAY, "감독A", "배급사A", ("배우B",))
    leaky = [
        *_history(),
        _film(DAY, 90_000_000, actors=("배우B",)),  # the film itself, a record-breaker
        _film(date(2015, 6, 2), 80_000_000, actors=("배우B",)),  # the day after
        _film(date(2020, 1, 1), 70_000_000, actors=("배우B",)),  # years later
    ]
    after = TrackRecord(leaky).as_of(DAY, "감독A", "배급사A", ("배우B",))
    assert after == before
    assert before.director_films == 2 and before.actor_films == 2
    assert before.director_score == 10  # 5M beat every filler film: rank 1 → 10 points
    career = TrackRecord(leaky).career("director", "감독A", DAY)
    assert (career.films, career.over_million, career.best_audience) == (2, 1, 5_000_000)


def test_the_day_before_does_count() -> None:
    day_before = [*_history(), _film(date(2015, 5, 31), 90_000_000)]
    records = TrackRecord(day_before)
    record = records.as_of(DAY, "감독A", None, ())
    assert record.director_films == 3
    assert records.career("director", "감독A", DAY).best_audience == 90_000_000


def test_records_are_measured_against_the_market_of_their_own_date() -> None:
    """A hit's excess is log10 admissions minus the typical release of its own date."""
    records = TrackRecord(_history())
    market = records.market(date(2012, 3, 1))
    record = records.as_of(DAY, "감독A", None, ())
    excesses = [math.log10(5_000_000) - market.audience]
    excesses.append(math.log10(200_000) - records.market(date(2014, 3, 1)).audience)
    assert record.director_best == pytest.approx(max(excesses))
    assert record.director_mean == pytest.approx(sum(excesses) / 2)


def test_seed_score_bands_and_actor_sum() -> None:
    # 400 filler films of 1,000,000 … 601,000; a best film of 800,500 ranks 200 → 10 - 199//30 = 4
    films = [*_history()[:400], _film(date(2011, 1, 1), 800_500, "감독Z", ("배우Y", "배우X"))]
    record = TrackRecord(films).as_of(DAY, "감독Z", None, ("배우Y", "배우X", "무명"))
    assert record.director_score == 4
    assert record.actor_score == 8  # summed over the leads
    low = [*_history()[:400], _film(date(2011, 1, 1), 5_000, "감독Z")]
    assert TrackRecord(low).as_of(DAY, "감독Z", None, ()).director_score == 0  # not in top 300


def test_unknown_people_are_newcomers() -> None:
    record = TrackRecord(_history()).as_of(DAY, "신인", "새배급사", ("새배우",))
    assert record == RecordFeatures()
    assert record.director_best == NO_RECORD
    assert TrackRecord(_history()).career("actor", "새배우", DAY).films == 0


def test_distributor_recent_window_is_three_years() -> None:
    films = [_film(date(2010, 1, 1), 10_000_000), _film(date(2014, 1, 1), 100_000)]
    record = TrackRecord(films).as_of(DAY, None, "배급사A", ())
    assert record.distributor_films == 1  # the 2010 film is older than three years
    assert record.distributor_score == 10  # …but its best-ever rank (1st) still counts
    career = TrackRecord(films).career("distributor", "배급사A", DAY, recent=True)
    assert career.films == 1 and career.best_audience == 100_000


def _weekly(year: int, audience: int, screens: int = 100) -> list[PastFilm]:
    """One population film a week of ``year``, each of ``audience``."""
    first = date(year, 1, 1).toordinal()
    return [
        PastFilm(date.fromordinal(first + 7 * i), audience, None, None, (), screens)
        for i in range(52)
    ]


def test_market_is_the_typical_release_of_the_year_ending_30_days_before() -> None:
    films = [*_weekly(2014, 100_000), *_weekly(2015, 10_000)]
    records = TrackRecord(films)
    assert records.market(date(2015, 1, 31)) == Market(5.0, 3.0)  # 2014's films, 100 screens
    assert records.market(date(2016, 1, 31)) == Market(4.0, 2.0)
    # Below the population (≤ 50 screens or ≤ 1,000 admissions) releases do not count.
    small = [replace(f, screens=20, audience=10**8) for f in _weekly(2015, 1)]
    assert TrackRecord([*films, *small]).market(date(2016, 1, 31)) == Market(4.0, 2.0)


def test_market_ignores_own_and_later_films_and_holds_past_the_data() -> None:
    films = [f for y in range(2010, 2018) for f in _weekly(y, 100_000)]
    day = date(2016, 6, 1)
    base = TrackRecord(films).market(day)
    later = [
        *films,
        *(PastFilm(day, 10**9, None, None, (), 3000) for _ in range(60)),
        *(PastFilm(date(2016, 5, 10), 10**9, None, None, (), 3000) for _ in range(60)),
    ]
    assert TrackRecord(later).market(day) == base  # its own day and the 30-day lag: unseen
    last = TrackRecord(films)
    assert last.market(date(2030, 1, 1)) == last.market(date(2035, 1, 1))  # latest known


def test_screen_level_is_the_90th_percentile_of_earlier_wide_releases() -> None:
    films = [f for y in (2014, 2015) for f in _weekly(y, 50_000)]
    films = [replace(f, screens=100 * (1 + i % 10)) for i, f in enumerate(films)]
    records = TrackRecord(films)
    day = date(2016, 3, 1)  # window: the two years ending 60 days before
    expected = math.log10(float(np.quantile([f.screens for f in films], 0.9)))
    assert records.screen_level(day) == pytest.approx(expected)
    assert TrackRecord(films[:10]).screen_level(day) == SCREEN_LEVEL_PRIOR  # too few releases
    last = TrackRecord(films)
    assert last.screen_level(date(2030, 1, 1)) == last.screen_level(date(2035, 1, 1))


def test_ceiling_is_the_record_or_the_largest_share_times_the_latest_year() -> None:
    films = [
        PastFilm(date(2010, 5, 1), 10_000_000, None, None, (), 1000),  # 10 % of 2010
        PastFilm(date(2012, 5, 1), 3_000_000, None, None, (), 1000),
        PastFilm(date(2013, 5, 1), 12_000_000, None, None, (), 1000),  # the record from here on
    ]
    totals = {2010: 100_000_000, 2011: 150_000_000, 2012: 200_000_000, 2013: 200_000_000}
    records = TrackRecord(films, totals, last_complete=2013)
    assert records.ceiling(date(2010, 6, 1)) == 10_000_000  # the record so far; no share yet
    assert records.ceiling(date(2012, 6, 1)) == 15_000_000  # 10 % of 2011's 150M
    assert records.ceiling(date(2013, 6, 1)) == 20_000_000  # 10 % of 2012's 200M
    assert records.ceiling(date(2030, 1, 1)) == 20_000_000  # latest complete year: 2013
    assert TrackRecord(films).ceiling(date(2014, 1, 1)) == 12_000_000  # no totals: the record


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("(주)씨제이이엔엠", "씨제이이엔엠"),
        ("CJ ENM", "씨제이이엔엠"),
        ("롯데쇼핑㈜롯데엔터테인먼트", "롯데엔터테인먼트"),
        ("롯데컬처웍스(주)롯데엔터테인먼트,(주)다른회사", "롯데엔터테인먼트"),
        ("워너브러더스 코리아(주)", "워너브러더스코리아"),
        ("소니픽쳐스엔터테인먼트코리아주식회사극장배급지점", "소니픽쳐스엔터테인먼트코리아"),
        ("", None),
        ("기타", None),
    ],
)
def test_distributor_normalisation(raw: str, key: str | None) -> None:
    assert normalise_distributor(raw) == key


@pytest.mark.parametrize(
    ("typed", "rating"),
    [
        ("15세이상관람가", "15세관람가"),
        ("12세이상관람가", "12세관람가"),
        ("15세", "15세관람가"),
        ("12", "12세관람가"),
        ("청불", "청소년관람불가"),
        ("19금", "청소년관람불가"),
        ("18세관람가,청소년관람불가", "청소년관람불가"),
        ("12세이상관람가,전체관람가", "12세관람가"),
        ("전체", "전체관람가"),
    ],
)
def test_ratings_as_kobis_writes_them_and_people_type_them(typed: str, rating: str) -> None:
    assert normalise_rating(typed) == rating


def test_categories() -> None:
    with pytest.raises(ValueError):
        normalise_rating("PG-13")
    assert normalise_nationality("USA") == "미국" and normalise_nationality("캐나다") == "기타"
    assert normalise_nationality("대한민국") == "한국" and NATIONALITIES[0] == "한국"
    seasons = [season_of(m) for m in (12, 1, 3, 6, 9, 11)]
    assert seasons == ["겨울", "겨울", "봄", "여름", "가을", "가을"]


def test_encode_row_and_offset() -> None:
    release = ReleaseDescription(DAY, 800, "액션", "15세관람가", "한국", None, None)
    level = math.log10(400)
    encoded = encode(release, RecordFeatures(), level, Market(4.5, 2.25))
    row = dict(zip(FEATURE_NAMES, encoded.row, strict=True))
    assert encoded.offset == 2.25  # the target is relative to the per-screen market
    assert row["log10_screens"] == pytest.approx(2.903, abs=1e-3)
    assert row["relative_screens"] == pytest.approx(math.log10(2), abs=1e-9)  # 800 vs 400
    assert row["genre=액션"] == 1 and row["rating=15세관람가"] == 1 and row["nationality=한국"] == 1
    assert row["season=여름"] == 1 and row["covid"] == 0
    assert all(row[c] == v for c, v in NEWCOMER.items())
    covid = encode(replace(release, release_date=date(2021, 3, 3)), RecordFeatures(), level,
                   Market(4.5, 2.25))  # fmt: skip
    assert dict(zip(FEATURE_NAMES, covid.row, strict=True))["covid"] == 1
    assert not {"year", "year_clamped", "log10_prev_year_total"} & set(FEATURE_NAMES)
    assert set(MONOTONE) == {"log10_screens", "relative_screens"}
    assert [g.name for g in GROUPS][:1] == ["screens"]


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (the KOBIS files)")
def test_population_and_real_data_leakage() -> None:
    from models.audience import data, design

    films = data.known_films(SHARED / "kobis")
    totals = data.yearly_totals(SHARED / "kobis")
    table = design.build(films, totals)
    # the seed's resizing_all.csv count (4,167, less its one 2007 film) less the 18 releases of
    # the six weeks before the capture, whose counts were early (not settled)
    assert len(table.y) == 4149
    assert table.between(date(2021, 1, 1), date(2023, 2, 1)).sum() == 612
    # Inflate one 2019 film's own audience tenfold: its own features must not move.
    film = next(f for f in films if f.title == "극한직업")
    index = next(i for i, f in enumerate(films) if f is film)
    inflated = list(films)
    r = film.release
    inflated[index] = replace(film, audience=film.audience * 10,
                              release=replace(r, screens=r.screens * 10))  # fmt: skip

    def seen(group: list) -> tuple:  # type: ignore[type-arg]
        records = TrackRecord((f.past() for f in group), totals.by_year, totals.last_complete)
        day = r.release_date
        return (
            records.as_of(day, r.director, r.distributor, r.actors),
            records.market(day),
            records.screen_level(day),
            records.ceiling(day),
        )

    assert seen(films) == seen(inflated)
    records = TrackRecord(f.past() for f in films)
    # Wide releases of 2019 are wider than those of 2009; a typical release sold less.
    assert records.screen_level(date(2019, 6, 1)) - records.screen_level(date(2009, 6, 1)) > 0.3
    assert records.market(date(2019, 6, 1)).per_screen < records.market(date(2009, 6, 1)).per_screen
