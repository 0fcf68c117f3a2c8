"""Where a film streams: offers, their order for a user, and the offline tables per region.

Offline, Korea has the JustWatch Korea lists of 2023-05-15 (``offers_kr.csv.gz``: Netflix,
Disney+, Watcha, Wavve, Apple TV+ and the Google Play store) and the US has dated third-party
US lists (``offers_us.csv.gz``); other regions have none. Each list holds only its service's
most popular titles, so a film missing from it is "not in my lists", never "not streaming":
``Availability.has_data`` and ``Availability.covers`` keep "no data" and "no data for this
service" (TVING, Coupang Play) apart from an answer. Offers of one region are never mixed with
another's.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from inference.catalogue.films import DEFAULT_DIR
from inference.catalogue.regions import PLATFORM_BY_ID

OFFERS_KR_FILE = "offers_kr.csv.gz"
OFFERS_US_FILE = "offers_us.csv.gz"
JSON_VERSION = 2
KR_SOURCE = "justwatch-kr"
KR_SNAPSHOT = date(2023, 5, 15)
# The services the JustWatch Korea crawl listed; everything else is "no data", not "absent".
KR_COVERED = frozenset({"netflix", "disney_plus", "watcha", "wavve", "apple_tv_plus",
                        "google_play"})  # fmt: skip
US_COVERED = frozenset({"netflix", "prime_video", "disney_plus", "max", "hulu",
                        "paramount_plus", "apple_tv_plus"})  # fmt: skip


class OfferKind(StrEnum):
    """How an offer is paid for; the order of members is the display order after the user's
    own subscriptions."""

    SUBSCRIPTION = "subscription"
    FREE = "free"
    ADS = "ads"
    RENT = "rent"
    BUY = "buy"
    STORE = "store"  # rent or buy; the Korean lists do not say which


_KIND_RANK = {kind: rank for rank, kind in enumerate(OfferKind)}


@dataclass(frozen=True, slots=True)
class Offer:
    """One way to watch a film: a platform, how it is paid for, where and according to whom."""

    platform_id: str  # an id from inference.catalogue.regions, else "tmdb:<provider_id>"
    name: str  # display name: the platform's English name, or the provider's name
    kind: OfferKind
    region: str  # "KR", "US"
    source: str  # "justwatch-kr", "justwatch-2023", "mosp-2021", "shivamb-2021", "tmdb"
    snapshot: date | None  # when the source saw the offer
    url: str | None = None  # the film's JustWatch page for this offer, when known

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the availability cache."""
        return {
            "platform_id": self.platform_id,
            "name": self.name,
            "kind": self.kind.value,
            "region": self.region,
            "source": self.source,
            "snapshot": self.snapshot.isoformat() if self.snapshot else None,
            "url": self.url,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Offer:
        """Inverse of ``to_json``; raises ValueError (or KeyError/TypeError) when malformed."""
        snapshot = payload.get("snapshot")
        url = payload.get("url")
        return cls(
            platform_id=str(payload["platform_id"]),
            name=str(payload["name"]),
            kind=OfferKind(payload["kind"]),
            region=str(payload["region"]),
            source=str(payload["source"]),
            snapshot=date.fromisoformat(snapshot) if snapshot else None,
            url=str(url) if url else None,
        )


@dataclass(frozen=True, slots=True)
class Availability:
    """Everything known about where one film can be watched in one region."""

    movie_id: int
    offers: tuple[Offer, ...]
    live: bool  # True when the offers come from TMDB just now (or its cache)
    region: str | None  # the region the offers are for
    link: str | None  # the film's JustWatch page (TMDB's, or the Korean list's)
    covers: frozenset[str] | None = None  # platforms the source knows; None = all of them
    as_of: date | None = None  # when the source's lists were made (offline)

    @property
    def has_data(self) -> bool:
        """False means "no data", never "not streaming"."""
        return bool(self.offers)

    def covered(self, platform_id: str) -> bool:
        """Whether the source would know about ``platform_id`` (TVING: not in the KR lists)."""
        return self.covers is None or platform_id in self.covers

    def on(self, platform_id: str) -> bool | None:
        """True/False whether the film is on that platform; None when the source cannot say.

        A list that does not hold the film only says "not among that service's most popular
        titles", so offline False is only ever claimed by a live answer.
        """
        if any(o.platform_id == platform_id for o in self.offers):
            return True
        return False if self.live and self.covered(platform_id) else None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the availability cache in the database."""
        return {
            "v": JSON_VERSION,
            "movie_id": self.movie_id,
            "offers": [offer.to_json() for offer in self.offers],
            "live": self.live,
            "region": self.region,
            "link": self.link,
            "covers": sorted(self.covers) if self.covers is not None else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Availability:
        """Inverse of ``to_json``; raises ValueError for a payload of another version or shape,
        so a stale or corrupt cache entry is treated as a miss."""
        try:
            if payload.get("v") != JSON_VERSION:
                raise ValueError(f"unsupported availability payload version {payload.get('v')!r}")
            covers = payload.get("covers")
            as_of = payload.get("as_of")
            return cls(
                movie_id=int(payload["movie_id"]),
                offers=tuple(Offer.from_json(o) for o in payload["offers"]),
                live=bool(payload["live"]),
                region=payload.get("region"),
                link=payload.get("link"),
                covers=frozenset(str(c) for c in covers) if covers is not None else None,
                as_of=date.fromisoformat(as_of) if as_of else None,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed availability payload: {error!r}") from error

    def ordered(self, subscriptions: Iterable[str]) -> list[Offer]:
        """Offers for display: included in the user's subscriptions first, then other
        subscriptions, free, with ads, rent, buy, stores. One offer per (platform, kind): the
        newest snapshot wins, since several sources may list the same platform."""
        mine = set(subscriptions)
        newest: dict[tuple[str, OfferKind], Offer] = {}
        for offer in self.offers:
            key = (offer.platform_id, offer.kind)
            kept = newest.get(key)
            if kept is None or (offer.snapshot or date.min) > (kept.snapshot or date.min):
                newest[key] = offer

        def rank(offer: Offer) -> tuple[int, int, int, str]:
            included = offer.kind is OfferKind.SUBSCRIPTION and offer.platform_id in mine
            return (
                0 if included else 1 + _KIND_RANK[offer.kind],
                0 if offer.platform_id in mine else 1,
                -(offer.snapshot or date.min).toordinal(),
                offer.name.casefold(),
            )

        return sorted(newest.values(), key=rank)


def _offer(platform_id: str, kind: OfferKind, region: str, source: str, snapshot: date | None,
           url: str | None) -> Offer:  # fmt: skip
    platform = PLATFORM_BY_ID.get(platform_id)
    return Offer(
        platform_id, platform.name_en if platform else platform_id, kind, region, source,
        snapshot, url,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _RegionTable:
    offers: dict[int, tuple[Offer, ...]]
    by_platform: dict[str, frozenset[int]]
    covers: frozenset[str]
    as_of: date | None
    links: dict[int, str]


def _table(grouped: dict[int, list[Offer]], covers: frozenset[str]) -> _RegionTable:
    offers = {movie_id: tuple(found) for movie_id, found in grouped.items()}
    by_platform: dict[str, set[int]] = {}
    for movie_id, film_offers in offers.items():
        for offer in film_offers:
            by_platform.setdefault(offer.platform_id, set()).add(movie_id)
    snapshots = [o.snapshot for found in offers.values() for o in found if o.snapshot]
    links = {m: next(o.url for o in f if o.url) for m, f in offers.items() if any(o.url for o in f)}
    return _RegionTable(
        offers,
        {p: frozenset(ids) for p, ids in by_platform.items()},
        covers,
        max(snapshots) if snapshots else None,
        links,
    )


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with gzip.open(path, "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))


class OfflineAvailability:
    """The offline tables of every region, in memory (~7k Korean and ~8k US rows)."""

    def __init__(self, tables: dict[str, _RegionTable]) -> None:
        self._tables = tables

    @classmethod
    def load(cls, data_dir: Path | None = None) -> OfflineAvailability:
        """Read ``offers_kr.csv.gz`` and ``offers_us.csv.gz`` (models/catalogue/build.py)."""
        directory = data_dir or DEFAULT_DIR
        kr: dict[int, list[Offer]] = {}
        interned: dict[tuple[str, str], Offer] = {}
        for row in _rows(directory / OFFERS_KR_FILE):
            platform = PLATFORM_BY_ID.get(row["platform"])
            kind = OfferKind.STORE if platform and platform.store else OfferKind.SUBSCRIPTION
            offer = _offer(row["platform"], kind, "KR", KR_SOURCE, KR_SNAPSHOT,
                           row["justwatch_url"] or None)  # fmt: skip
            kr.setdefault(int(row["movie_id"]), []).append(offer)
        us: dict[int, list[Offer]] = {}
        for row in _rows(directory / OFFERS_US_FILE):
            key = (row["platform"], row["source"] + "|" + row["snapshot"])
            listed = interned.get(key)
            if listed is None:
                snapshot = date.fromisoformat(row["snapshot"]) if row["snapshot"] else None
                listed = interned[key] = _offer(row["platform"], OfferKind(row["kind"]), "US",
                                                row["source"], snapshot, None)  # fmt: skip
            us.setdefault(int(row["movie_id"]), []).append(listed)
        return cls({"KR": _table(kr, KR_COVERED), "US": _table(us, US_COVERED)})

    def regions(self) -> tuple[str, ...]:
        """Regions with an offline table."""
        return tuple(self._tables)

    def films(self, region: str) -> int:
        """Number of films with at least one offer in ``region``'s table."""
        table = self._tables.get(region.upper())
        return len(table.offers) if table else 0

    def lookup(self, movie_id: int, region: str) -> Availability:
        """The offline offers for a film in ``region``; ``has_data`` is False when the table
        has none, and ``covers`` is empty for a region without a table."""
        table = self._tables.get(region.upper())
        if table is None:
            return Availability(movie_id, (), False, region.upper(), None, frozenset(), None)
        return Availability(
            movie_id,
            table.offers.get(movie_id, ()),
            False,
            region.upper(),
            table.links.get(movie_id),
            table.covers,
            table.as_of,
        )

    def knows_platform(self, platform_id: str, region: str) -> bool:
        """Whether the offline lists of ``region`` say anything about this platform (the
        Korean lists have no TVING or Coupang Play): a filter on one they do not cover would
        find nothing, and "nothing" would be wrong."""
        table = self._tables.get(region.upper())
        return table is not None and platform_id in table.covers

    def movies_on(self, platform_ids: Iterable[str], region: str) -> frozenset[int]:
        """Films with an offer on any of these platforms in ``region`` ("only my services").

        Films without data are not in the set: callers filtering on it should say the filter
        covers only films we have availability data for.
        """
        table = self._tables.get(region.upper())
        if table is None:
            return frozenset()
        found: set[int] = set()
        for platform_id in platform_ids:
            found |= table.by_platform.get(platform_id, frozenset())
        return frozenset(found)
