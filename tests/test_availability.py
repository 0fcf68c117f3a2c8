"""Offline availability per region, offer ordering, regions and the cache JSON form."""

from __future__ import annotations

from datetime import date

import pytest

from inference.catalogue.availability import Availability, Offer, OfferKind, OfflineAvailability
from inference.catalogue.regions import PLATFORM_BY_ID, PLATFORMS, platforms_in, user_region

MATRIX, PARASITE, TOY_STORY = 2571, 202439, 1
NEVER_LISTED = 40697  # "Babylon 5": in the catalogue, in no OTT list


@pytest.fixture(scope="module")
def offline() -> OfflineAvailability:
    return OfflineAvailability.load()


def offer(platform: str, kind: OfferKind, snapshot: date | None, source: str = "s") -> Offer:
    name = PLATFORM_BY_ID[platform].name_en if platform in PLATFORM_BY_ID else platform
    return Offer(platform, name, kind, "KR", source, snapshot)


def test_korean_lists_answer_korean_users(offline: OfflineAvailability) -> None:
    parasite = offline.lookup(PARASITE, "KR")
    assert parasite.has_data and not parasite.live and parasite.region == "KR"
    assert {o.platform_id for o in parasite.offers} == {"netflix", "watcha", "wavve",
                                                         "google_play"}  # fmt: skip
    assert all(o.region == "KR" and o.snapshot == date(2023, 5, 15) for o in parasite.offers)
    assert all(o.url and o.url.startswith("https://www.justwatch.com/kr/") for o in parasite.offers)
    kinds = {o.platform_id: o.kind for o in parasite.offers}
    assert kinds["google_play"] is OfferKind.STORE and kinds["netflix"] is OfferKind.SUBSCRIPTION
    assert parasite.as_of == date(2023, 5, 15) and parasite.link is not None
    # TVING and Coupang Play were not crawled: "no data", never "not there".
    assert not parasite.covered("tving") and parasite.on("tving") is None
    assert parasite.covered("disney_plus") and parasite.on("disney_plus") is None
    assert parasite.on("netflix") is True


def test_us_lists_only_for_the_us(offline: OfflineAvailability) -> None:
    matrix_us = offline.lookup(MATRIX, "US")
    assert {o.platform_id for o in matrix_us.offers} >= {"netflix", "max"}
    assert all(o.region == "US" and o.snapshot and o.source for o in matrix_us.offers)
    matrix_kr = offline.lookup(MATRIX, "KR")
    assert {o.region for o in matrix_kr.offers} == {"KR"}  # never mixed with US lists
    assert "max" not in {o.platform_id for o in matrix_kr.offers}
    elsewhere = offline.lookup(MATRIX, "JP")
    assert not elsewhere.has_data and elsewhere.covers == frozenset()


def test_no_data_is_not_no_streaming(offline: OfflineAvailability) -> None:
    unknown = offline.lookup(NEVER_LISTED, "KR")
    assert not unknown.has_data and unknown.on("netflix") is None
    assert not offline.lookup(-5, "KR").has_data


def test_movies_on_subscriptions(offline: OfflineAvailability) -> None:
    netflix = offline.movies_on(["netflix"], "KR")
    watcha = offline.movies_on(["watcha"], "KR")
    assert PARASITE in netflix and PARASITE in watcha and MATRIX in watcha
    assert offline.movies_on(["netflix", "watcha"], "KR") == netflix | watcha
    assert offline.movies_on(["tving"], "KR") == frozenset()  # no data, not "nothing there"
    assert offline.movies_on([], "KR") == frozenset()
    assert MATRIX in offline.movies_on(["max"], "US")
    assert offline.movies_on(["max"], "KR") == frozenset()
    assert NEVER_LISTED not in offline.movies_on([p.id for p in PLATFORMS], "KR")


def test_live_answers_can_say_no() -> None:
    live = Availability(1, (offer("netflix", OfferKind.SUBSCRIPTION, None),), True, "KR", None)
    assert live.on("netflix") is True and live.on("tving") is False


def test_ordered_puts_my_subscriptions_first_then_by_kind() -> None:
    day = date(2025, 1, 1)
    availability = Availability(
        1,
        (
            offer("watcha", OfferKind.BUY, day),
            offer("wavve", OfferKind.RENT, day),
            offer("tving", OfferKind.ADS, day),
            offer("coupang_play", OfferKind.FREE, day),
            offer("netflix", OfferKind.SUBSCRIPTION, day),
            offer("disney_plus", OfferKind.SUBSCRIPTION, day),
            offer("watcha", OfferKind.SUBSCRIPTION, day),
        ),
        True,
        "KR",
        None,
    )
    ordered = availability.ordered(["watcha", "disney_plus"])
    assert [(o.platform_id, o.kind.value) for o in ordered] == [
        ("disney_plus", "subscription"),
        ("watcha", "subscription"),
        ("netflix", "subscription"),
        ("coupang_play", "free"),
        ("tving", "ads"),
        ("wavve", "rent"),
        ("watcha", "buy"),
    ]


def test_ordered_keeps_the_newest_snapshot_per_platform_and_kind() -> None:
    old = offer("netflix", OfferKind.SUBSCRIPTION, date(2020, 7, 18), "mosp-2020")
    new = offer("netflix", OfferKind.SUBSCRIPTION, date(2023, 1, 1), "justwatch-2023")
    undated = offer("netflix", OfferKind.SUBSCRIPTION, None, "x")
    rent = offer("netflix", OfferKind.RENT, date(2019, 1, 1))
    availability = Availability(1, (old, undated, new, rent), False, None, None)
    assert availability.ordered([]) == [new, rent]


def test_json_round_trip(offline: OfflineAvailability) -> None:
    live = Availability(
        603,
        (
            offer("netflix", OfferKind.SUBSCRIPTION, date(2025, 5, 1), "tmdb"),
            Offer("tmdb:3", "Google Play Movies", OfferKind.RENT, "KR", "tmdb", None),
        ),
        True,
        "KR",
        "https://www.themoviedb.org/movie/603-the-matrix/watch?locale=KR",
    )
    for availability in (
        live,
        offline.lookup(MATRIX, "KR"),
        offline.lookup(MATRIX, "US"),
        offline.lookup(NEVER_LISTED, "KR"),
    ):
        assert Availability.from_json(availability.to_json()) == availability


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"v": 99, "movie_id": 1, "offers": [], "live": False},
        {"v": 1, "movie_id": 1, "offers": [], "live": True},  # an older cache entry: a miss
        {"v": 2, "movie_id": 1, "offers": [{"platform_id": "x"}], "live": True},
        {"v": 2, "movie_id": 1, "offers": None, "live": True},
        {"v": 2, "movie_id": 1, "live": True, "offers": [{"platform_id": "x", "name": "X",
         "kind": "lease", "region": "KR", "source": "tmdb", "snapshot": None}]},
    ],
)  # fmt: skip
def test_from_json_rejects_malformed_payloads(payload: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Availability.from_json(payload)


def test_platforms_keep_their_ids_and_each_region_has_its_own() -> None:
    assert [p.id for p in PLATFORMS[:11]] == [
        "netflix", "disney_plus", "prime_video", "apple_tv_plus",
        "watcha", "tving", "wavve", "coupang_play", "hulu", "max", "paramount_plus",
    ]  # fmt: skip  (stored in profiles and callback data: only ever appended to)
    assert PLATFORM_BY_ID["max"].name("ko") == "맥스"
    assert PLATFORM_BY_ID["paramount_plus"].name("en") == "Paramount+"
    korea = [p.id for p in platforms_in("KR")]
    assert korea[:4] == ["netflix", "tving", "coupang_play", "wavve"]
    assert {"watcha", "disney_plus", "apple_tv_plus", "u_plus_mobile_tv", "google_play"} <= set(
        korea
    )
    assert not {"hulu", "max", "paramount_plus"} & set(korea)
    assert "watcha" not in {p.id for p in platforms_in("us")}
    assert "hulu" in {p.id for p in platforms_in("us")}
    assert PLATFORM_BY_ID["google_play"].store and not PLATFORM_BY_ID["netflix"].store
    link = PLATFORM_BY_ID["netflix"].search_link("기생충")
    assert link == "https://www.netflix.com/search?q=%EA%B8%B0%EC%83%9D%EC%B6%A9"


def test_user_region_from_choice_language_or_default() -> None:
    assert user_region("US", "ko", "KR") == "US"  # chosen in /profile
    assert user_region(None, "ko", "US") == "KR"  # Korean language → Korea
    assert user_region(None, "en", "US") == "US"  # else the deployment's TMDB_REGION
    assert user_region(None, "en", "KR") == "KR"
