"""The daily catalogue refresh without the bot: parsing what TMDB and KOBIS send, the merge
rules, the stored payload, the clients against local fake servers (keys never leak) and one
run of the refresher (a failing list fails the run; a failing film waits for tomorrow)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from inference.catalogue import Catalogue
from inference.catalogue.additions import Addition
from inference.catalogue.films import JUSTWATCH_ID_BASE, KOBIS_ID_BASE, FilmRecord, Movie, kobis_id
from inference.catalogue.kobis import KobisClient, parse_box_office, release_from_kobis
from inference.catalogue.refresh import build_addition, merge, merge_people, pair_releases
from inference.catalogue.refresh_run import CatalogueRefresher, RefreshFailed
from inference.catalogue.releases import ACTOR, DIRECTOR, Credit, parse_date, release_from_tmdb
from inference.catalogue.titles import romanise
from inference.catalogue.tmdb import ProviderUnavailable, TmdbWatchProviders, film_from_search
from tests.fake_kobis import API_KEY as KOBIS_KEY
from tests.fake_kobis import FAULT, FakeKobis, movie_info
from tests.fake_tmdb import API_KEY as TMDB_KEY
from tests.fake_tmdb import FakeTmdb, Mode, film_details, fog_result, list_result
from tests.test_tmdb import assert_no_key

DAY = date(2024, 3, 2)
TIMEOUT_S = 0.3
FOG = 1999002


def fog_details() -> dict[str, Any]:
    return film_details(
        FOG, "안개 도시", english="City of Fog", released="2026-11-18", genre_ids=(9648, 27),
        directors=("Han Seo-jin",), cast=("Oh Ha-ram", "Jung Woo-rim", "Yoo Hae-jin"),
        kr_providers=((1881, "Coupang Play"),),
    )  # fmt: skip


def fog_info(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "english": "CITY OF FOG", "year": "2026", "opened": "20261118", "genres": ("미스터리",),
        "directors": (("한서진", "HAN Seo-jin"),),
        "actors": (("오하람", "OH Ha-ram"), ("정우림", ""), ("백시온", "BAEK Si-on")),
        **changes,
    }  # fmt: skip
    return movie_info("20269902", "안개 도시", **values)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


# -- parsing ---------------------------------------------------------------------------------


def test_tmdb_details_become_a_release_with_both_titles_and_people() -> None:
    release = release_from_tmdb(fog_details())
    assert release is not None
    assert (release.title, release.title_ko, release.year) == ("City of Fog", "안개 도시", 2026)
    assert release.released == date(2026, 11, 18)  # a Korean film's date is its Korean release
    assert release.genres == ("Mystery", "Horror") and release.country == "KR"
    assert release.poster_url == "https://image.tmdb.org/t/p/w342/poster-1999002.jpg"
    assert release.people[0] == Credit(DIRECTOR, "", "Han Seo-jin")
    assert [p.name_en for p in release.people if p.role == ACTOR] == [
        "Oh Ha-ram", "Jung Woo-rim", "Yoo Hae-jin"]  # fmt: skip
    foreign = film_details(1, "듄: 파트 2", english="Dune: Part Two", original="Dune: Part Two",
                           language="en", countries=("US",))  # fmt: skip
    dune = release_from_tmdb(foreign)
    assert dune is not None and dune.released is None  # the US date is not a Korean release
    assert (dune.title, dune.title_ko, dune.country) == ("Dune: Part Two", "듄: 파트 2", "US")
    # Without an English translation a Korean film is its romanised title, as a live search says.
    bare = film_details(2, "하얼빈", countries=())
    assert release_from_tmdb(bare).title == romanise("하얼빈") == "Haeolbin"  # type: ignore[union-attr]


def test_kobis_info_becomes_a_release() -> None:
    release = release_from_kobis(fog_info(), audience=11_913_725)
    assert release is not None
    assert (release.title, release.title_ko, release.year) == ("City of Fog", "안개 도시", 2026)
    assert release.released == date(2026, 11, 18) and release.country == "KR"
    assert release.genres == ("Mystery",) and release.audience == 11_913_725
    assert release.people[:2] == (Credit(DIRECTOR, "한서진", "HAN Seo-jin"),
                                  Credit(ACTOR, "오하람", "OH Ha-ram"))  # fmt: skip
    korean_only = release_from_kobis(movie_info("1", "새 영화", english=""))
    assert korean_only is not None and korean_only.title == "Sae yeonghwa"
    foreign = release_from_kobis(movie_info("2", "어떤 영화", nation="프랑스"))
    assert foreign is not None and foreign.title == "어떤 영화"  # no invented spelling
    assert release_from_kobis(movie_info("3", "성인 영화", genres=("성인물(에로)",))) is None


@pytest.mark.parametrize(
    "payload",
    [None, [], "text", 7, {}, {"id": "1999002"}, {"id": True, "title": "x"}, {"id": -4},
     {"id": 10**12, "title": "x"}, {"id": 5}, {"id": 5, "title": None, "original_title": ""},
     {"id": 5, "title": "안개 도시", "genres": "공포", "credits": [], "translations": 3},
     {"id": 5, "title": "x", "genres": [{"id": [1]}, 3, {"name": None}], "release_date": 20261118,
      "credits": {"cast": [None, {"name": 4, "order": "a"}], "crew": "Director"},
      "production_countries": [{"iso_3166_1": 7}], "origin_country": "KR", "vote_count": "many",
      "poster_path": {"a": 1}, "watch/providers": []}],
)  # fmt: skip
def test_odd_tmdb_answers_never_raise(payload: Any) -> None:
    release_from_tmdb(payload)  # a release or None, never an exception


@pytest.mark.parametrize(
    "payload",
    [None, [], {}, {"movieInfoResult": []}, {"movieInfoResult": {"movieInfo": "x"}},
     {"movieCd": "1"}, {"movieCd": "1", "movieNm": "Latin only"},
     {"movieCd": ["1"], "movieNm": "안개 도시"},
     {"movieCd": "1", "movieNm": "안개 도시", "nations": "한국",
      "genres": [None, {"genreNm": 3}], "directors": [{"peopleNm": None}, "x"],
      "actors": {"peopleNm": "a"}, "prdtYear": "20x4", "openDt": "00000000"},
     {"movieCd": "1" * 200, "movieNm": "안개 도시"}],
)  # fmt: skip
def test_odd_kobis_answers_never_raise(payload: Any) -> None:
    release_from_kobis(payload)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-18", date(2026, 11, 18)), ("20261118", date(2026, 11, 18)), ("2024-13-45", None),
     ("0000-00-00", None), ("1700-01-01", None), ("2999-01-01", None), ("", None), (None, None),
     (20261118, None), ("2024-2-22", None), ("２０２４０２２２", None)],
)  # fmt: skip
def test_absurd_dates_are_no_dates(text: Any, expected: date | None) -> None:
    assert parse_date(text, today=DAY) == expected


def test_box_office_rows_are_read_and_errors_are_errors() -> None:
    rows = {"boxOfficeResult": {"dailyBoxOfficeList": [
        {"movieCd": "20269902", "movieNm": "안개 도시", "openDt": "2026-11-18",
         "audiAcc": "6,123,456"},
        {"movieCd": "", "movieNm": "no code"}, "junk", {"movieCd": "2", "movieNm": "x",
                                                        "audiAcc": "lots"}]}}  # fmt: skip
    first, second = parse_box_office(rows)
    assert (first.code, first.title, first.opened, first.audience) == (
        "20269902", "안개 도시", date(2026, 11, 18), 6_123_456)  # fmt: skip
    assert second.audience == 0
    for broken in (None, {}, {"faultInfo": {"errorCode": "320010", "message": "bad key"}},
                   {"boxOfficeResult": {"dailyBoxOfficeList": "none"}}):  # fmt: skip
        with pytest.raises(ProviderUnavailable):
            parse_box_office(broken)


# -- merge rules -----------------------------------------------------------------------------


def test_a_new_tmdb_film_gets_the_id_a_live_search_gives_it(catalogue: Catalogue) -> None:
    release = release_from_tmdb(fog_details())
    assert release is not None
    outcome = merge(catalogue, {}, [release], [])
    (added,) = outcome.changed
    live = film_from_search(fog_result())
    assert live is not None and added.movie.movie_id == live.movie_id == JUSTWATCH_ID_BASE + FOG
    assert (outcome.new, outcome.updated, outcome.known) == (1, 0, 0)
    assert added.source == "tmdb" and added.movie.origin == "tmdb"


def test_kobis_and_tmdb_films_of_one_run_become_one_film(catalogue: Catalogue) -> None:
    tmdb = release_from_tmdb(fog_details())
    kobis = release_from_kobis(fog_info(), audience=11_000_000)
    assert tmdb is not None and kobis is not None
    outcome = merge(catalogue, {}, [tmdb], [kobis])
    (added,) = outcome.changed
    movie = added.movie
    assert movie.movie_id == JUSTWATCH_ID_BASE + FOG and added.source == "tmdb+kobis"
    assert (movie.title, movie.title_ko) == ("City of Fog", "안개 도시")
    assert movie.kr_audience == 11_000_000
    assert movie.kr_release == date(2026, 11, 18) and added.kobis_code == "20269902"
    # People carry both scripts where either source gives one.
    assert added.people[:2] == (Credit(DIRECTOR, "한서진", "Han Seo-jin"),
                                Credit(ACTOR, "오하람", "Oh Ha-ram"))  # fmt: skip
    # By Korean title alone, too; never across years.
    english_less = release_from_kobis(fog_info(english=""))
    assert english_less is not None
    assert pair_releases([tmdb], [english_less]) == [(tmdb, english_less)]
    remake = release_from_kobis(fog_info(year="2031", opened="20310101"))
    assert remake is not None
    assert pair_releases([tmdb], [remake]) == [(tmdb, None), (None, remake)]


def test_films_the_build_has_are_left_alone(catalogue: Catalogue) -> None:
    matrix = release_from_tmdb(film_details(603, "매트릭스", english="The Matrix",
                                            language="en", released="1999-03-31"))  # fmt: skip
    parasite = release_from_kobis(movie_info("20183782", "기생충", english="PARASITE", year="2019",
                                             opened="20190530"))  # fmt: skip
    memories = release_from_kobis(movie_info("20030331", "살인의 추억", year="2003",
                                             opened="20030425"))  # fmt: skip
    assert matrix is not None and parasite is not None and memories is not None
    outcome = merge(catalogue, {}, [matrix], [parasite, memories])
    assert (outcome.known, outcome.new, outcome.changed) == (3, 0, [])


def test_a_film_only_kobis_has_gets_the_id_the_build_would_give(catalogue: Catalogue) -> None:
    release = release_from_kobis(movie_info("20261234", "아무도 모르는 영화", opened="20261201",
                                            year="2026", directors=(("홍길동", ""),)))  # fmt: skip
    assert release is not None
    (added,) = merge(catalogue, {}, [], [release]).changed
    assert added.movie.movie_id == kobis_id("아무도 모르는 영화", "2026-12-01")
    assert KOBIS_ID_BASE <= added.movie.movie_id < JUSTWATCH_ID_BASE
    assert (added.movie.origin, added.source, added.people) == (
        "kobis", "kobis", (Credit(DIRECTOR, "홍길동", ""),))  # fmt: skip
    # A different film already holding that id moves this one on, as the build does.
    squatter = Movie(added.movie.movie_id, "Someone Else", 2001, ("Drama",), None, None, 5,
                     title_ko="다른 영화")  # fmt: skip
    small = Catalogue.from_records([FilmRecord(squatter)])
    (moved,) = merge(small, {}, [], [release]).changed
    assert moved.movie.movie_id == kobis_id("아무도 모르는 영화|2", "2026-12-01")


def test_a_second_run_adds_nothing_twice_and_keeps_what_it_knew(catalogue: Catalogue) -> None:
    tmdb = release_from_tmdb(fog_details())
    kobis = release_from_kobis(fog_info(), audience=5_000_000)
    assert tmdb is not None and kobis is not None
    first = merge(catalogue, {}, [tmdb], [kobis])
    again = merge(catalogue, first.additions, [tmdb], [kobis])
    assert (again.new, again.updated, again.unchanged, again.changed) == (0, 0, 1, [])
    # The next day: more admissions; TMDB lists it no more — the TMDB facts stay.
    later = release_from_kobis(fog_info(), audience=6_000_000)
    assert later is not None
    next_day = merge(catalogue, first.additions, [], [later])
    (updated,) = next_day.changed
    assert (next_day.new, next_day.updated) == (0, 1)
    assert updated.movie.kr_audience == 6_000_000 and updated.movie.tmdb_id == FOG
    assert updated.movie.poster_url and updated.source == "tmdb+kobis"


def test_tmdb_takes_the_place_of_a_film_kobis_alone_gave(catalogue: Catalogue) -> None:
    kobis = release_from_kobis(fog_info())
    tmdb = release_from_tmdb(fog_details())
    assert kobis is not None and tmdb is not None
    earlier = merge(catalogue, {}, [], [kobis]).additions
    (kobis_only,) = earlier.values()
    now = merge(catalogue, earlier, [tmdb], [])
    (merged,) = now.changed
    assert merged.movie.movie_id == kobis_only.movie.movie_id  # saved ids keep working
    assert merged.movie.tmdb_id == FOG and merged.source == "tmdb+kobis"
    assert (now.new, now.updated) == (0, 1)
    overlay = Catalogue.from_records([a.record for a in now.additions.values()])
    assert overlay.by_tmdb(FOG) == overlay.get(merged.movie.movie_id)


def test_people_get_the_other_script_from_the_other_source() -> None:
    tmdb = (Credit(DIRECTOR, "", "Bong Joon-ho"), Credit(ACTOR, "", "Song Kang-ho"),
            Credit(ACTOR, "", "Lee Sun-kyun"))  # fmt: skip
    kobis = (Credit(DIRECTOR, "봉준호", ""), Credit(ACTOR, "송강호", "SONG Kang-ho"),
             Credit(ACTOR, "이선균", ""))  # fmt: skip
    assert merge_people(tmdb, kobis) == (
        Credit(DIRECTOR, "봉준호", "Bong Joon-ho"),  # the one director: by place
        Credit(ACTOR, "송강호", "Song Kang-ho"),  # by the Latin name
        Credit(ACTOR, "", "Lee Sun-kyun"),  # KOBIS has no Latin name: not guessed
    )
    assert merge_people((), kobis) == kobis


def test_additions_round_trip_and_bad_payloads_are_refused(catalogue: Catalogue) -> None:
    tmdb = release_from_tmdb(fog_details())
    kobis = release_from_kobis(fog_info(), audience=7)
    assert tmdb is not None and kobis is not None
    addition = build_addition(JUSTWATCH_ID_BASE + FOG, tmdb, kobis)
    assert Addition.from_json(addition.to_json()) == addition
    good = addition.to_json()
    for broken in (None, [], {}, {**good, "v": 2}, {**good, "movie_id": "x"},
                   {**good, "movie_id": 850_000_000_000}, {**good, "title": ""},
                   {**good, "kr_release": "soon"}, {**good, "year": [1]}):  # fmt: skip
        with pytest.raises(ValueError):
            Addition.from_json(broken)
    odd = Addition.from_json({**good, "people": [None, {"role": "actor"}, {"role": "x"}],
                              "aliases": "x", "source": "elsewhere"})  # fmt: skip
    assert odd.people == () and odd.record.aliases == "" and odd.source == "tmdb"


# -- clients against the fake servers ----------------------------------------------------------


@pytest.fixture
async def kobis() -> AsyncIterator[FakeKobis]:
    async with FakeKobis() as server:
        yield server


@pytest.fixture
async def tmdb() -> AsyncIterator[FakeTmdb]:
    async with FakeTmdb() as server:
        yield server


async def test_the_kobis_client_reads_the_box_office_and_film_details(kobis: FakeKobis) -> None:
    kobis.add(fog_info(), 11_000_000)
    client = KobisClient(KOBIS_KEY, base_url=kobis.base_url, timeout_s=TIMEOUT_S)
    try:
        (entry,) = await client.daily_box_office(date(2024, 3, 1))
        info = await client.movie_info(entry.code)
    finally:
        await client.close()
    assert (entry.code, entry.title, entry.audience) == ("20269902", "안개 도시", 11_000_000)
    assert release_from_kobis(info) == release_from_kobis(fog_info())
    assert kobis.queries[0]["targetDt"] == "20240301" and kobis.queries[0]["key"] == KOBIS_KEY


@pytest.mark.parametrize(
    "mode", [FAULT, Mode.SERVER_ERROR, Mode.SLOW, Mode.MALFORMED, Mode.REDIRECT_LOOP]
)
async def test_kobis_failures_are_unavailable_without_the_key(
    kobis: FakeKobis, mode: Mode
) -> None:
    kobis.add(fog_info())
    kobis.mode = mode
    client = KobisClient(KOBIS_KEY, base_url=kobis.base_url, timeout_s=TIMEOUT_S)
    try:
        for call in (client.daily_box_office(DAY), client.movie_info("20269902")):
            with pytest.raises(ProviderUnavailable) as caught:
                await call
            assert_no_key(caught.value, KOBIS_KEY)
    finally:
        await client.close()
    assert KOBIS_KEY not in repr(client)


async def test_a_wrong_kobis_key_is_an_error_not_an_empty_day(kobis: FakeKobis) -> None:
    secret = "wrong-kobis-key-0123"
    client = KobisClient(secret, base_url=kobis.base_url, timeout_s=TIMEOUT_S)
    try:
        with pytest.raises(ProviderUnavailable, match="320010") as caught:
            await client.daily_box_office(DAY)
    finally:
        await client.close()
    assert_no_key(caught.value, secret)


@pytest.mark.parametrize(
    "mode", [Mode.UNAUTHORIZED, Mode.SERVER_ERROR, Mode.SLOW, Mode.MALFORMED, Mode.REDIRECT_LOOP]
)
async def test_tmdb_list_and_detail_failures_are_unavailable_without_the_key(
    tmdb: FakeTmdb, mode: Mode
) -> None:
    tmdb.lists_mode = mode
    tmdb.details_modes[FOG] = mode
    client = TmdbWatchProviders(TMDB_KEY, base_url=tmdb.base_url, timeout_s=TIMEOUT_S)
    try:
        for call in (client.release_list("now_playing", "KR", "ko-KR"),
                     client.film_details(FOG)):  # fmt: skip
            with pytest.raises(ProviderUnavailable) as caught:
                await call
            assert_no_key(caught.value, TMDB_KEY)
    finally:
        await client.close()


# -- one run of the refresher ----------------------------------------------------------------


def serve_exhuma(tmdb: FakeTmdb, kobis: FakeKobis) -> None:
    """안개 도시 in KR's now-playing list (and details), and in KOBIS's box office."""
    details = fog_details()
    tmdb.film_details[FOG] = details
    tmdb.release_lists[("now_playing", "KR")] = [list_result(details)]
    kobis.add(fog_info(), 11_000_000)


async def refresher_for(
    catalogue: Catalogue, tmdb: FakeTmdb, kobis: FakeKobis
) -> tuple[CatalogueRefresher, TmdbWatchProviders, KobisClient]:
    live = TmdbWatchProviders(TMDB_KEY, base_url=tmdb.base_url, timeout_s=TIMEOUT_S)
    box = KobisClient(KOBIS_KEY, base_url=kobis.base_url, timeout_s=TIMEOUT_S)
    return CatalogueRefresher(catalogue, live, box, max_pages=2), live, box


async def test_a_run_asks_each_list_and_only_about_films_the_build_lacks(
    catalogue: Catalogue, tmdb: FakeTmdb, kobis: FakeKobis
) -> None:
    serve_exhuma(tmdb, kobis)
    matrix = film_details(603, "매트릭스", english="The Matrix", language="en")
    tmdb.film_details[603] = matrix
    tmdb.release_lists[("upcoming", "US")] = [list_result(matrix, "en-US")] * 3
    tmdb.page_size = 1  # three pages; two are read
    kobis.add(movie_info("20183782", "기생충", year="2019", opened="20190530"), 10_000_000)
    refresher, live, box = await refresher_for(catalogue, tmdb, kobis)
    try:
        result = await refresher.run(DAY, {})
    finally:
        await live.close()
        await box.close()
    report = result.report
    assert (report.fetched, report.new, report.known, report.failed) == (4, 1, 2, 0)
    assert tmdb.details == [FOG]  # The Matrix is built: its details are never asked
    assert kobis.calls("movie") == 1  # nor 기생충's
    assert kobis.queries[0]["targetDt"] == "20240301"  # yesterday's box office
    asked = {(q["list"], q["region"], q["language"], q["page"]) for q in tmdb.list_requests}
    assert ("now_playing", "KR", "ko-KR", "1") in asked
    assert ("upcoming", "US", "en-US", "2") in asked
    assert ("upcoming", "US", "en-US", "3") not in asked  # max_pages
    (added,) = result.outcome.changed
    assert added.source == "tmdb+kobis" and added.movie.kr_audience == 11_000_000


@pytest.mark.parametrize("broken", ["tmdb", "kobis"])
async def test_a_list_that_cannot_be_read_fails_the_whole_run(
    catalogue: Catalogue, tmdb: FakeTmdb, kobis: FakeKobis, broken: str,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    serve_exhuma(tmdb, kobis)
    if broken == "tmdb":
        tmdb.lists_mode = Mode.REDIRECT_LOOP
    else:
        kobis.mode = Mode.REDIRECT_LOOP
    refresher, live, box = await refresher_for(catalogue, tmdb, kobis)
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(RefreshFailed) as caught:
            await refresher.run(DAY, {})
    finally:
        await live.close()
        await box.close()
    assert_no_key(caught.value, TMDB_KEY)
    assert_no_key(caught.value, KOBIS_KEY)
    assert TMDB_KEY not in caplog.text and KOBIS_KEY not in caplog.text
    assert tmdb.details == []  # nothing asked after the failed list


async def test_a_film_whose_details_fail_waits_and_so_does_its_kobis_twin(
    catalogue: Catalogue, tmdb: FakeTmdb, kobis: FakeKobis
) -> None:
    serve_exhuma(tmdb, kobis)
    tmdb.details_modes[FOG] = Mode.SERVER_ERROR
    other = movie_info("20240002", "다른 새 영화", year="2024", opened="20240301")
    kobis.add(other, 1000)
    refresher, live, box = await refresher_for(catalogue, tmdb, kobis)
    try:
        result = await refresher.run(DAY, {})
    finally:
        await live.close()
        await box.close()
    # 안개 도시 on KOBIS is left for tomorrow rather than added alone and duplicated then.
    assert (result.report.new, result.report.failed) == (1, 2)
    (added,) = result.outcome.changed
    assert added.movie.title_ko == "다른 새 영화"
    assert all(TMDB_KEY not in e for e in result.report.errors)


async def test_odd_list_entries_and_details_never_stop_a_run(
    catalogue: Catalogue, tmdb: FakeTmdb, kobis: FakeKobis
) -> None:
    serve_exhuma(tmdb, kobis)
    odd: list[Any] = ["junk", {"id": "12"}, {"id": -3}, None,
                      {"id": 555, "release_date": "9999-99-99"}]  # fmt: skip
    tmdb.release_lists[("now_playing", "KR")] += odd
    tmdb.film_details[555] = {"id": 555, "title": None, "genres": "many"}  # no title: no film
    kobis.box_office.append({"movieCd": "20249999", "movieNm": "상세정보 없음",
                             "openDt": "soon", "audiAcc": "-5"})  # KOBIS knows no details
    kobis.box_office.append({"movieNm": "코드 없음"})
    refresher, live, box = await refresher_for(catalogue, tmdb, kobis)
    try:
        result = await refresher.run(DAY, {})
    finally:
        await live.close()
        await box.close()
    assert (result.report.new, result.report.failed) == (1, 2)  # 안개 도시; 555 and 20249999 wait
    assert result.outcome.changed[0].movie.title_ko == "안개 도시"
