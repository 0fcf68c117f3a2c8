"""Offline availability table, offer ordering and the cache JSON form."""

from __future__ import annotations

from datetime import date

import pytest

from inference.catalogue.availability import Availability, Offer, OfferKind, OfflineAvailability
from inference.catalogue.regions import PLATFORM_BY_ID, PLATFORMS, platforms_in

MATRIX, GREEN_MILE, TOY_STORY = 2571, 3147, 1
NEVER_LISTED = 40697  # "Babylon 5": in the catalogue, in no OTT list


@pytest.fixture(scope="module")
def offline() -> OfflineAvailability:
    return OfflineAvailability.load()


def offer(platform: str, kind: OfferKind, snapshot: date | None, source: str = "s") -> Offer:
    name = PLATFORM_BY_ID[platform].name_en if platform in PLATFORM_BY_ID else platform
    return Offer(platform, name, kind, "KR", source, snapshot)


def test_offline_lookup_has_dated_sourced_offers(offline: OfflineAvailability) -> None:
    matrix = offline.lookup(MATRIX)
    assert matrix.has_data and not matrix.live and matrix.link is None
    assert {o.platform_id for o in matrix.offers} >= {"netflix", "max"}
    assert all(o.kind is OfferKind.SUBSCRIPTION and o.region == "US" for o in matrix.offers)
    assert all(o.snapshot is not None and o.source for o in matrix.offers)
    assert all(o.name == PLATFORM_BY_ID[o.platform_id].name_en for o in matrix.offers)


def test_korean_sample_is_in_the_table(offline: OfflineAvailability) -> None:
    green_mile = offline.lookup(GREEN_MILE)
    korean = [o for o in green_mile.offers if o.region == "KR"]
    assert [(o.platform_id, o.source, o.snapshot) for o in korean] == [
        ("wavve", "kinolights-2025", date(2025, 5, 14))
    ]


def test_no_data_is_not_no_streaming(offline: OfflineAvailability) -> None:
    unknown = offline.lookup(NEVER_LISTED)
    assert unknown == Availability(NEVER_LISTED, (), False, None, None)
    assert not unknown.has_data
    assert not offline.lookup(-5).has_data


def test_movies_on_subscriptions(offline: OfflineAvailability) -> None:
    netflix = offline.movies_on(["netflix"])
    max_ = offline.movies_on(["max"])
    assert MATRIX in netflix and MATRIX in max_
    assert offline.movies_on(["netflix", "max"]) == netflix | max_
    assert offline.movies_on([]) == frozenset()
    assert offline.movies_on(["no_such_platform"]) == frozenset()
    assert GREEN_MILE in offline.movies_on(["wavve"])
    assert NEVER_LISTED not in offline.movies_on([p.id for p in PLATFORMS])


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
    for availability in (live, offline.lookup(MATRIX), offline.lookup(NEVER_LISTED)):
        assert Availability.from_json(availability.to_json()) == availability


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"v": 99, "movie_id": 1, "offers": [], "live": False},
        {"v": 1, "movie_id": 1, "offers": [{"platform_id": "x"}], "live": True},
        {"v": 1, "movie_id": 1, "offers": None, "live": True},
        {"v": 1, "movie_id": 1, "live": True, "offers": [{"platform_id": "x", "name": "X",
         "kind": "lease", "region": "KR", "source": "tmdb", "snapshot": None}]},
    ],
)  # fmt: skip
def test_from_json_rejects_malformed_payloads(payload: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Availability.from_json(payload)


def test_platforms_keep_their_ids_and_gain_us_services() -> None:
    assert [p.id for p in PLATFORMS[:8]] == [
        "netflix", "disney_plus", "prime_video", "apple_tv_plus",
        "watcha", "tving", "wavve", "coupang_play",
    ]  # fmt: skip
    assert PLATFORM_BY_ID["max"].name("ko") == "맥스"
    assert PLATFORM_BY_ID["paramount_plus"].name("en") == "Paramount+"
    assert PLATFORM_BY_ID["hulu"].name("ko") == "훌루"
    assert "hulu" not in {p.id for p in platforms_in("KR")}
    assert "watcha" not in {p.id for p in platforms_in("us")}
