"""Audience features: no leakage in track records, normalisation, the seed's scores, encoding."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from inference.audience.features import (
    ALL_COLUMNS,
    CLAMPED_YEAR,
    FEATURE_NAMES,
    GROUPS,
    MARKET_VARIANTS,
    MARKET_WINDOWS,
    SERVED_MARKET_VARIANT,
    YEAR_COLUMNS,
    ReleaseDescription,
    YearlyTotals,
    column_names,
    encode,
    market_levels,
    normalise_distributor,
    normalise_nationality,
    normalise_rating,
    season_of,
    servable,
)
from inference.audience.track_record import (
    MARKET_FLOOR,
    MARKET_LEVEL_CEILING,
    SCREEN_LEVEL_PRIOR,
    PastFilm,
    RecordFeatures,
    TrackRecord,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DAY = date(2015, 6, 1)


def _film(
    day: date, audience: int, director: str = "감독A", actors: tuple[str, ...] = ()
) -> PastFilm:
    return PastFilm(day, audience, director, "배급사A", actors)


def _history() -> list[PastFilm]:
    """Filler films (other people) plus director A's and actor B's earlier work."""
    filler = [_film(date(2010, 1, 1 + i % 28), 1_000_000 - i * 1000, f"x{i}") for i in range(400)]
    return [
        *filler,
        _film(date(2012, 3, 1), 5_000_000, actors=("배우B",)),
        _film(date(2014, 3, 1), 200_000, actors=("배우B", "배우C")),
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


def test_the_day_before_does_count() -> None:
    day_before = [*_history(), _film(date(2015, 5, 31), 90_000_000)]
    record = TrackRecord(day_before).as_of(DAY, "감독A", None, ())
    assert record.director_films == 3 and record.director_best == pytest.approx(7.954, abs=1e-3)


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


def test_distributor_recent_window_is_three_years() -> None:
    films = [_film(date(2010, 1, 1), 10_000_000), _film(date(2014, 1, 1), 100_000)]
    record = TrackRecord(films).as_of(DAY, None, "배급사A", ())
    assert record.distributor_films == 1  # the 2010 film is older than three years
    assert record.distributor_score == 10  # …but its best-ever rank (1st) still counts


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


def test_categories() -> None:
    assert normalise_rating("15세이상관람가") == "15세관람가"
    assert normalise_rating("18세관람가,청소년관람불가") == "청소년관람불가"
    assert normalise_rating("12세이상관람가,전체관람가") == "12세관람가"
    assert normalise_nationality("USA") == "미국" and normalise_nationality("캐나다") == "기타"
    assert [season_of(m) for m in (12, 1, 3, 6, 9, 11)] == [
        "겨울",
        "겨울",
        "봄",
        "여름",
        "가을",
        "가을",
    ]


def test_yearly_total_is_the_last_complete_year_before() -> None:
    totals = YearlyTotals({2004: 1, 2019: 226, 2020: 59, 2022: 112, 2023: 23}, last_complete=2022)
    assert totals.known_before(date(2021, 5, 1)) == 59
    assert totals.known_before(date(2023, 5, 1)) == 112  # the seed's rule for 2023
    assert totals.known_before(date(2026, 5, 1)) == 112  # future: latest complete year
    assert totals.known_before(date(2003, 5, 1)) == 1  # before the table: its first year


def test_encode_row() -> None:
    release = ReleaseDescription(DAY, 800, "액션", "15세관람가", "한국", None, None)
    level = math.log10(400)
    encoded = encode(release, RecordFeatures(), level, year_clamp=2030)
    row = dict(zip(FEATURE_NAMES, encoded.row, strict=True))
    assert row["log10_screens"] == pytest.approx(2.903, abs=1e-3)
    assert row["genre=액션"] == 1 and row["rating=15세관람가"] == 1 and row["nationality=한국"] == 1
    assert row["season=여름"] == 1 and row["covid"] == 0
    covid = encode(replace(release, release_date=date(2021, 3, 3)), RecordFeatures(), level, 2030)
    assert dict(zip(FEATURE_NAMES, covid.row, strict=True))["covid"] == 1
    assert "log10_prev_year_total" not in FEATURE_NAMES  # extrapolated badly; see features.py
    if "relative_screens" in FEATURE_NAMES:
        assert row["relative_screens"] == pytest.approx(math.log10(2), abs=1e-9)  # 800 vs 400


def test_the_clamped_year_never_passes_the_clamp() -> None:
    release = ReleaseDescription(date(2027, 6, 1), 800, "액션", "15세관람가", "한국", None, None)
    later = replace(release, release_date=date(2029, 6, 1))
    for variant in MARKET_VARIANTS:
        columns = column_names(variant)
        if CLAMPED_YEAR in columns:
            assert "year" not in columns  # never both: the plain year would still extrapolate
    if CLAMPED_YEAR in FEATURE_NAMES:
        rows = [encode(r, RecordFeatures(), 3.0, year_clamp=2023).row for r in (release, later)]
        assert rows[0] == rows[1]
        at = FEATURE_NAMES.index(CLAMPED_YEAR)
        assert rows[0][at] == 2023 - 2003


def test_variants_share_every_column_but_screens_and_year() -> None:
    assert set(MARKET_VARIANTS) == {
        "covid",
        "covid+relscreens",
        "covid+relscreens-noyear",
        "covid+relscreens+market90-noyear",
        "covid+relscreens+market180-noyear",
    }
    assert column_names(SERVED_MARKET_VARIANT) == FEATURE_NAMES
    assert set(ALL_COLUMNS) == set(column_names("covid")) | {
        "relative_screens",
        CLAMPED_YEAR,
        *MARKET_WINDOWS,
    }
    assert "year" not in column_names("covid+relscreens-noyear")
    assert not servable("covid") and not servable("covid+relscreens")
    assert [v for v in MARKET_VARIANTS if servable(v)] == [
        v for v in MARKET_VARIANTS if v.endswith("-noyear")
    ]
    assert not set(FEATURE_NAMES) & set(YEAR_COLUMNS) or not servable(SERVED_MARKET_VARIANT)
    assert [g.name for g in GROUPS].count("release_year") == 1
    assert [g.name for g in GROUPS].count("screens") == 1


def _levels(year: int, screens: tuple[int, ...]) -> list[PastFilm]:
    """One population film a week of ``year``, screens cycling through ``screens``."""
    first = date(year, 1, 1).toordinal()
    return [
        PastFilm(date.fromordinal(first + 7 * i), 50_000, None, None, (), screens[i % len(screens)])
        for i in range(52)
    ]


def test_screen_level_is_the_90th_percentile_of_earlier_wide_releases() -> None:
    films = [*_levels(2014, (100, 200, 300, 400, 500, 600, 700, 800, 900, 1000))]
    films += _levels(2015, (100, 200, 300, 400, 500, 600, 700, 800, 900, 1000))
    records = TrackRecord(films)
    day = date(2016, 3, 1)  # window: the two years ending 60 days before → 2014-01 … 2015-12
    expected = math.log10(float(np.quantile([f.screens for f in films], 0.9)))
    assert records.screen_level(day) == pytest.approx(expected)
    assert TrackRecord(films[:10]).screen_level(day) == SCREEN_LEVEL_PRIOR  # too few releases
    # Below the population (≤ 50 screens or ≤ 1,000 admissions) releases do not count.
    small = [replace(f, screens=20) for f in films] + [replace(f, audience=500) for f in films]
    assert TrackRecord([*films, *small]).screen_level(day) == records.screen_level(day)


def test_screen_level_ignores_own_and_later_films_and_stops_at_the_settled_data() -> None:
    films = [f for y in range(2010, 2018) for f in _levels(y, (100, 300, 900))]
    day = date(2016, 6, 1)
    base = TrackRecord(films).screen_level(day)
    later = [
        *films,
        *(PastFilm(day, 10**7, None, None, (), 3000) for _ in range(50)),
        *(PastFilm(date(2016, 5, 1), 10**7, None, None, (), 3000) for _ in range(50)),
    ]
    assert TrackRecord(later).screen_level(day) == base  # its own day and the last 60 days
    last = TrackRecord(films)
    assert last.screen_level(date(2030, 1, 1)) == last.screen_level(date(2035, 1, 1))


def _market(year: int, audience: int, day: int = 1) -> list[PastFilm]:
    """Twelve films a year, one a month, each of ``audience``."""
    return [PastFilm(date(year, m, day), audience, None, None, ()) for m in range(1, 13)]


def test_market_shortfall_is_the_trailing_year_against_five_before() -> None:
    usual = [f for y in range(2010, 2016) for f in _market(y, 1_000_000)]
    films = [*usual, *_market(2016, 250_000), *_market(2017, 1_000_000)]
    records = TrackRecord(films)
    # window: the 365 days to 2016-11-02 (60 days before) → Dec 2015 + eleven films at a quarter
    shrunk = records.market(date(2017, 1, 1))
    assert shrunk == pytest.approx(math.log10((1 + 11 * 0.25) / 12), abs=1e-9)
    assert records.market(date(2015, 6, 1)) == 0.0  # the usual size (growth would clip to 0)
    assert TrackRecord(_market(2010, 5)).market(date(2010, 6, 1)) == 0.0  # no history: 0
    bust = [*usual, *_market(2016, 1), *_market(2017, 1)]
    assert TrackRecord(bust).market(date(2017, 3, 1)) == MARKET_FLOOR


def test_market_ignores_own_and_later_films_and_stops_at_the_settled_data() -> None:
    films = [f for y in range(2010, 2018) for f in _market(y, 1_000_000)]
    day = date(2016, 6, 1)
    base = TrackRecord(films).market(day)
    later = [
        *films,
        PastFilm(day, 10**9, None, None, ()),
        PastFilm(date(2016, 5, 1), 1, None, None, ()),
    ]
    assert TrackRecord(later).market(day) == base  # its own day and the last 60 days: unseen
    last = TrackRecord(films)
    assert last.market(date(2030, 1, 1)) == last.market(date(2035, 1, 1))  # latest known market


def _weekly(year: int, audience: int) -> list[PastFilm]:
    """One population film (100 screens) a week of ``year``, each of ``audience``."""
    first = date(year, 1, 1).toordinal()
    return [
        PastFilm(date.fromordinal(first + 7 * i), audience, None, None, (), 100) for i in range(52)
    ]


def test_market_level_is_the_last_months_against_three_years_before() -> None:
    usual = [f for y in range(2012, 2016) for f in _weekly(y, 100_000)]
    records = TrackRecord([*usual, *_weekly(2016, 25_000), *_weekly(2017, 25_000)])
    day = date(2016, 9, 1)  # windows end 30 days before: inside 2016 for 90 and 180 days
    assert records.market_level(day, 90) == pytest.approx(math.log10(0.25), abs=0.02)
    assert records.market_level(date(2015, 9, 1), 90) == pytest.approx(0.0, abs=0.02)
    levels = market_levels(records, day)
    assert set(levels) == set(MARKET_WINDOWS)
    assert TrackRecord(_weekly(2012, 5)).market_level(date(2012, 9, 1), 90) == 0.0  # no history
    boom = TrackRecord([*usual, *_weekly(2016, 10**7)])
    assert boom.market_level(day, 90) == MARKET_LEVEL_CEILING
    bust = TrackRecord([*usual, *_weekly(2016, 1)])
    assert bust.market_level(day, 180) == MARKET_FLOOR
    # Below the population (≤ 50 screens or ≤ 1,000 admissions) releases do not count.
    small = [replace(f, screens=20, audience=10**8) for f in _weekly(2016, 1)]
    assert TrackRecord([*usual, *_weekly(2016, 25_000), *small]).market_level(
        day, 90
    ) == records.market_level(day, 90)


def test_market_level_ignores_own_and_later_films_and_holds_past_the_data() -> None:
    films = [f for y in range(2010, 2018) for f in _weekly(y, 100_000)]
    day = date(2016, 6, 1)
    base = TrackRecord(films).market_level(day, 90)
    later = [
        *films,
        PastFilm(day, 10**9, None, None, (), 3000),
        PastFilm(date(2016, 5, 10), 10**9, None, None, (), 3000),  # within the 30-day lag
    ]
    assert TrackRecord(later).market_level(day, 90) == base
    last = TrackRecord(films)
    assert last.market_level(date(2030, 5, 31), 90) == last.market_level(date(2033, 5, 31), 90)


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (the KOBIS files)")
def test_population_and_real_data_leakage() -> None:
    from models.audience import data, design

    films = data.known_films(SHARED / "kobis")
    table = design.build(films)
    assert len(table.y) == 4168  # the seed's resizing_all.csv count
    assert (~design.before(table, date(2021, 1, 1))).sum() == 635
    # Inflate one 2019 film's own audience tenfold: its own features must not move.
    film = next(f for f in films if f.title == "극한직업")
    index = next(i for i, f in enumerate(films) if f is film)
    inflated = list(films)
    inflated[index] = replace(film, audience=film.audience * 10)
    r = film.release
    inflated[index] = replace(inflated[index], release=replace(r, screens=r.screens * 10))
    same = [
        (
            TrackRecord(f.past() for f in group).as_of(
                r.release_date, r.director, r.distributor, r.actors
            ),
            TrackRecord(f.past() for f in group).market(r.release_date),
            TrackRecord(f.past() for f in group).screen_level(r.release_date),
            market_levels(TrackRecord(f.past() for f in group), r.release_date),
        )
        for group in (films, inflated)
    ]
    assert same[0] == same[1]
    # Wide releases of 2019 are wider than those of 2009: the level follows the inflation.
    index = TrackRecord(f.past() for f in films)
    assert index.screen_level(date(2019, 6, 1)) - index.screen_level(date(2009, 6, 1)) > 0.3
