"""TMDB live providers and title search against a local fake server, and the
cache → live → offline fallback."""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from inference.catalogue import Catalogue, Movie
from inference.catalogue.availability import Availability, OfferKind, OfflineAvailability
from inference.catalogue.directory import FilmDirectory
from inference.catalogue.films import JUSTWATCH_ID_BASE
from inference.catalogue.tmdb import (
    ProviderUnavailable,
    TmdbWatchProviders,
    film_from_search,
    platform_for,
)
from inference.catalogue.where_to_watch import WhereToWatch
from tests.fake_tmdb import API_KEY, FakeTmdb, Mode, exhuma_result, garden_result

MATRIX = Movie(2571, "The Matrix", 1999, ("Action", "Sci-Fi"), "tt0133093", 603, 278)
NO_TMDB = Movie(40697, "Babylon 5", None, ("Sci-Fi",), "tt0105946", None, 2)
TIMEOUT_S = 0.3


@pytest.fixture
async def tmdb() -> AsyncIterator[FakeTmdb]:
    async with FakeTmdb() as server:
        yield server


@pytest.fixture
async def client(tmdb: FakeTmdb) -> AsyncIterator[TmdbWatchProviders]:
    live = TmdbWatchProviders(API_KEY, base_url=tmdb.base_url, timeout_s=TIMEOUT_S)
    yield live
    await live.close()


@pytest.fixture(scope="module")
def offline() -> OfflineAvailability:
    return OfflineAvailability.load()


def kinds(availability: Availability) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for offer in availability.offers:
        found.setdefault(offer.kind.value, []).append(offer.platform_id)
    return found


async def test_fetch_parses_and_keeps_kinds_apart(
    tmdb: FakeTmdb, client: TmdbWatchProviders
) -> None:
    availability = await client.fetch(MATRIX)
    assert availability.live and availability.has_data
    assert (availability.movie_id, availability.region) == (MATRIX.movie_id, "KR")
    assert availability.link == "https://www.themoviedb.org/movie/603/watch?locale=KR"
    assert kinds(availability) == {
        "subscription": ["netflix", "watcha", "tving", "coupang_play"],  # Netflix-with-ads merged
        "free": ["tmdb:999"],
        "ads": ["tmdb:1234"],
        "rent": ["google_play", "netflix", "prime_video"],
        "buy": ["tmdb:2", "google_play"],
    }
    names = {(o.platform_id, o.kind): o.name for o in availability.offers}
    assert names[("netflix", OfferKind.SUBSCRIPTION)] == "Netflix"
    assert names[("google_play", OfferKind.RENT)] == "Google Play"
    assert names[("tmdb:2", OfferKind.BUY)] == "Apple TV"  # the store, not Apple TV+
    today = datetime.now(UTC).date()
    assert all(o.source == "tmdb" and o.region == "KR" for o in availability.offers)
    assert all(o.snapshot in {today, today - timedelta(days=1)} for o in availability.offers)
    assert tmdb.requests[603] == 1
    assert tmdb.queries[-1]["api_key"] == API_KEY


async def test_other_region_maps_us_platforms(tmdb: FakeTmdb, client: TmdbWatchProviders) -> None:
    live = TmdbWatchProviders(API_KEY, region="us", base_url=tmdb.base_url, timeout_s=TIMEOUT_S)
    try:
        availability = await live.fetch(MATRIX)
    finally:
        await live.close()
    assert availability.region == "US"
    assert kinds(availability) == {"subscription": ["max", "hulu", "paramount_plus"]}
    per_call = await client.fetch(MATRIX, "us")  # a user's region overrides the default
    assert per_call.region == "US" and kinds(per_call) == kinds(availability)


async def test_region_without_entry_is_live_no_data(
    tmdb: FakeTmdb, client: TmdbWatchProviders
) -> None:
    tmdb.answer(603, Mode.NO_REGION)
    availability = await client.fetch(MATRIX)
    assert availability == Availability(MATRIX.movie_id, (), True, "KR", None)
    assert not availability.has_data


def test_provider_names_map_when_ids_are_unknown() -> None:
    assert platform_for(424242, "TVING") == ("tving", "TVING")
    assert platform_for(424243, "coupang play") == ("coupang_play", "Coupang Play")
    assert platform_for(424244, "Paramount Plus Apple TV Channel") == (
        "tmdb:424244",
        "Paramount Plus Apple TV Channel",
    )


@pytest.mark.parametrize(
    "mode", [Mode.UNAUTHORIZED, Mode.SERVER_ERROR, Mode.SLOW, Mode.MALFORMED, Mode.REDIRECT_LOOP]
)
async def test_failures_raise_provider_unavailable_without_the_key(
    tmdb: FakeTmdb, client: TmdbWatchProviders, mode: Mode
) -> None:
    tmdb.answer(603, mode)
    with pytest.raises(ProviderUnavailable) as caught:
        await client.fetch(MATRIX)
    assert_no_key(caught.value)


async def test_wrong_key_is_401_and_redacted(tmdb: FakeTmdb) -> None:
    secret = "wrong-key-0123456789"
    live = TmdbWatchProviders(secret, base_url=tmdb.base_url, timeout_s=TIMEOUT_S)
    try:
        with pytest.raises(ProviderUnavailable, match="401") as caught:
            await live.fetch(MATRIX)
    finally:
        await live.close()
    assert_no_key(caught.value, secret)
    assert secret not in repr(live)


async def test_unreachable_server_and_bad_shapes_are_unavailable(tmdb: FakeTmdb) -> None:
    tmdb.answer(603, Mode.OK, {"id": 603, "results": ["not", "an", "object"]})
    tmdb.answer(604, Mode.OK, {"id": 604, "results": {"KR": {"flatrate": "Netflix"}}})
    for base_url, movie in [
        (tmdb.base_url, MATRIX),
        (tmdb.base_url, Movie(1, "X", 2000, (), None, 604, 0)),
        ("http://127.0.0.1:9/3", MATRIX),  # nothing listens on the discard port
    ]:
        live = TmdbWatchProviders(API_KEY, base_url=base_url, timeout_s=TIMEOUT_S)
        try:
            with pytest.raises(ProviderUnavailable) as caught:
                await live.fetch(movie)
        finally:
            await live.close()
        assert_no_key(caught.value)


async def test_movie_without_tmdb_id_makes_no_request(
    tmdb: FakeTmdb, client: TmdbWatchProviders
) -> None:
    with pytest.raises(ProviderUnavailable):
        await client.fetch(NO_TMDB)
    assert sum(tmdb.requests.values()) == 0


def assert_no_key(error: BaseException, key: str = API_KEY) -> None:
    """The key is in neither the message, the repr, nor anything chained to the exception."""
    text = "".join(traceback.format_exception(error))
    assert key not in text and key not in repr(error)
    assert error.__cause__ is None and error.__context__ is None


class MemoryCache:
    """The AvailabilityCache protocol over a dict, with a clock the test can move."""

    def __init__(self) -> None:
        self.entries: dict[tuple[int, str], tuple[datetime, dict[str, Any]]] = {}
        self.now = datetime(2025, 6, 1, tzinfo=UTC)
        self.fail_reads = False
        self.fail_writes = False

    async def get_cached_availability(
        self, tmdb_id: int, region: str, max_age: timedelta
    ) -> dict[str, Any] | None:
        if self.fail_reads:
            raise ConnectionError("database is down")
        stored = self.entries.get((tmdb_id, region))
        if stored is None or self.now - stored[0] > max_age:
            return None
        return stored[1]

    async def put_cached_availability(
        self, tmdb_id: int, region: str, payload: dict[str, Any]
    ) -> None:
        if self.fail_writes:
            raise ConnectionError("database is down")
        self.entries[(tmdb_id, region)] = (self.now, payload)


async def test_fresh_cache_hit_skips_the_network(
    tmdb: FakeTmdb, client: TmdbWatchProviders, offline: OfflineAvailability
) -> None:
    cache = MemoryCache()
    where = WhereToWatch(offline, client, cache, ttl=timedelta(hours=24))
    first = await where.lookup(MATRIX, "KR")
    assert first.live and first.has_data and (603, "KR") in cache.entries
    cache.now += timedelta(hours=23)
    assert await where.lookup(MATRIX, "KR") == first
    assert tmdb.requests[603] == 1
    us = await where.lookup(MATRIX, "US")  # another region is another entry
    assert us.region == "US" and (603, "US") in cache.entries and tmdb.requests[603] == 2


async def test_expired_cache_refetches(
    tmdb: FakeTmdb, client: TmdbWatchProviders, offline: OfflineAvailability
) -> None:
    cache = MemoryCache()
    where = WhereToWatch(offline, client, cache, ttl=timedelta(hours=24))
    await where.lookup(MATRIX, "KR")
    cache.now += timedelta(hours=25)
    tmdb.answer(603, Mode.NO_REGION)
    refreshed = await where.lookup(MATRIX, "KR")
    assert tmdb.requests[603] == 2
    assert refreshed.live and not refreshed.has_data  # live "nothing in KR", not offline data
    assert cache.entries[(603, "KR")][1] == refreshed.to_json()


async def test_live_error_falls_back_to_offline_and_logs_without_key(
    tmdb: FakeTmdb,
    client: TmdbWatchProviders,
    offline: OfflineAvailability,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tmdb.answer(603, Mode.SERVER_ERROR)
    where = WhereToWatch(offline, client, MemoryCache())
    with caplog.at_level(logging.WARNING):
        availability = await where.lookup(MATRIX, "KR")
    assert availability == offline.lookup(MATRIX.movie_id, "KR")
    assert not availability.live and availability.has_data
    assert "offline" in caplog.text and API_KEY not in caplog.text


async def test_slow_tmdb_falls_back_within_the_timeout(
    tmdb: FakeTmdb, client: TmdbWatchProviders, offline: OfflineAvailability
) -> None:
    tmdb.answer(603, Mode.SLOW)
    started = datetime.now(UTC)
    availability = await WhereToWatch(offline, client).lookup(MATRIX, "KR")
    assert not availability.live
    assert datetime.now(UTC) - started < timedelta(seconds=3)


async def test_cache_errors_do_not_cost_the_answer(
    tmdb: FakeTmdb, client: TmdbWatchProviders, offline: OfflineAvailability
) -> None:
    cache = MemoryCache()
    cache.fail_reads = cache.fail_writes = True
    availability = await WhereToWatch(offline, client, cache).lookup(MATRIX, "KR")
    assert availability.live and availability.has_data
    cache.fail_reads = cache.fail_writes = False
    cache.entries[(603, "KR")] = (cache.now, {"v": 2, "garbage": True})  # corrupt entry: a miss
    assert (await WhereToWatch(offline, client, cache).lookup(MATRIX, "KR")).live
    assert tmdb.requests[603] == 2


async def test_without_live_or_tmdb_id_it_is_offline_only(
    tmdb: FakeTmdb, client: TmdbWatchProviders, offline: OfflineAvailability
) -> None:
    offline_kr = offline.lookup(MATRIX.movie_id, "KR")
    assert await WhereToWatch(offline).lookup(MATRIX, "KR") == offline_kr
    no_data = await WhereToWatch(offline, client, MemoryCache()).lookup(NO_TMDB, "KR")
    assert no_data == offline.lookup(NO_TMDB.movie_id, "KR") and not no_data.has_data
    assert sum(tmdb.requests.values()) == 0


def test_search_results_become_films_with_korean_titles() -> None:
    exhuma = film_from_search(exhuma_result())
    assert exhuma is not None
    assert (exhuma.movie_id, exhuma.tmdb_id, exhuma.year) == (JUSTWATCH_ID_BASE + 838209, 838209,
                                                             2024)  # fmt: skip
    assert (exhuma.title_ko, exhuma.title, exhuma.country) == ("파묘", "Pamyo", "KR")
    assert exhuma.genres == ("Mystery", "Horror") and exhuma.origin == "tmdb"
    assert exhuma.poster_url == "https://image.tmdb.org/t/p/w342/exhuma.jpg"
    assert Movie.from_json(exhuma.to_json()) == exhuma
    foreign = film_from_search({"id": 1, "title": "오펜하이머", "original_title": "Oppenheimer"})
    assert foreign is not None
    assert (foreign.title, foreign.title_ko) == ("Oppenheimer", "오펜하이머")
    for broken in ({}, {"id": "x"}, {"id": 5}, {"id": -3, "title": "X"}, "nonsense", None):
        assert film_from_search(broken) is None


class FilmMemory:
    """The FilmCache protocol over a dict."""

    def __init__(self) -> None:
        self.films: dict[int, dict[str, Any]] = {}

    async def get_cached_films(self, tmdb_ids: Any) -> dict[int, dict[str, Any]]:
        return {i: self.films[i] for i in tmdb_ids if i in self.films}

    async def put_cached_film(self, tmdb_id: int, payload: dict[str, Any]) -> None:
        self.films[tmdb_id] = payload


async def test_live_search_keeps_unknown_films_and_enriches_known_ones(
    tmdb: FakeTmdb, client: TmdbWatchProviders
) -> None:
    catalogue = Catalogue.load()
    fargo = catalogue.get(608)
    assert fargo is not None and fargo.title_ko is None  # no Korean source names it
    tmdb.search_results["시간의 정원"] = [garden_result()]
    tmdb.search_results["파고"] = [
        {"id": 275, "title": "파고", "original_title": "Fargo", "release_date": "1996-03-08",
         "poster_path": "/fargo.jpg"}
    ]  # fmt: skip
    cache = FilmMemory()
    films = FilmDirectory(catalogue, client, cache)
    [garden] = await films.search_live("시간의 정원", "KR")
    assert garden.title_ko == "시간의 정원" and 1999001 in cache.films
    assert tmdb.searches[-1]["language"] == "ko-KR" and tmdb.searches[-1]["region"] == "KR"
    assert await films.get(garden.movie_id) == garden  # the id keeps working afterwards
    [known] = await films.search_live("파고", "KR")
    assert known.movie_id == 608 and known.title_ko == "파고"  # the catalogue's film
    assert 275 not in cache.films
    assert await films.search_live("nothing like this", "KR") == []
    tmdb.search_mode = Mode.SERVER_ERROR
    assert await films.search_live("시간의 정원", "KR") == []  # TMDB down: "not in my list"
    assert await FilmDirectory(catalogue).search_live("시간의 정원", "KR") == []  # no key
    assert all(API_KEY not in str(q.get("query")) for q in tmdb.searches)
