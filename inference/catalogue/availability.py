"""Where a film streams: offers, their ordering for a user, and the offline availability table.

The offline table (``data/catalogue/availability.csv.gz``, built by ``models/catalogue/build``)
is a few dated third-party snapshots of US catalogues plus a tiny Korean sample. Finding nothing
there means we have no data, not that the film is unavailable — ``Availability.has_data`` keeps
the two apart so the bot never says "not streaming anywhere" on the strength of an old list.
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

from inference.catalogue.regions import PLATFORM_BY_ID

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "catalogue"
AVAILABILITY_FILE = "availability.csv.gz"
JSON_VERSION = 1


class OfferKind(StrEnum):
    """How an offer is paid for; the order of members is the display order after the user's
    own subscriptions."""

    SUBSCRIPTION = "subscription"
    FREE = "free"
    ADS = "ads"
    RENT = "rent"
    BUY = "buy"


_KIND_RANK = {kind: rank for rank, kind in enumerate(OfferKind)}


@dataclass(frozen=True, slots=True)
class Offer:
    """One way to watch a film: a platform, how it is paid for, where and according to whom."""

    platform_id: str  # an id from inference.catalogue.regions when known, else "tmdb:<provider_id>"
    name: str  # display name: the platform's English name, or the provider's name
    kind: OfferKind
    region: str  # "US", "KR"
    source: str  # "justwatch-2023", "mosp-2021", "shivamb-2021", "kinolights-2025", "tmdb"
    snapshot: date | None  # when the source saw the offer

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the availability cache."""
        return {
            "platform_id": self.platform_id,
            "name": self.name,
            "kind": self.kind.value,
            "region": self.region,
            "source": self.source,
            "snapshot": self.snapshot.isoformat() if self.snapshot else None,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Offer:
        """Inverse of ``to_json``; raises ValueError (or KeyError/TypeError) when malformed."""
        snapshot = payload.get("snapshot")
        return cls(
            platform_id=str(payload["platform_id"]),
            name=str(payload["name"]),
            kind=OfferKind(payload["kind"]),
            region=str(payload["region"]),
            source=str(payload["source"]),
            snapshot=date.fromisoformat(snapshot) if snapshot else None,
        )


@dataclass(frozen=True, slots=True)
class Availability:
    """Everything known about where one film can be watched."""

    movie_id: int
    offers: tuple[Offer, ...]
    live: bool  # True when the offers come from TMDB just now (or its cache)
    region: str | None  # the region asked for when live; None for the mixed offline table
    link: str | None  # TMDB's JustWatch page for the film when live

    @property
    def has_data(self) -> bool:
        """False means "no data", never "not streaming"."""
        return bool(self.offers)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the availability cache in the database."""
        return {
            "v": JSON_VERSION,
            "movie_id": self.movie_id,
            "offers": [offer.to_json() for offer in self.offers],
            "live": self.live,
            "region": self.region,
            "link": self.link,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Availability:
        """Inverse of ``to_json``; raises ValueError for a payload of another version or shape,
        so a stale or corrupt cache entry is treated as a miss."""
        try:
            if payload.get("v") != JSON_VERSION:
                raise ValueError(f"unsupported availability payload version {payload.get('v')!r}")
            return cls(
                movie_id=int(payload["movie_id"]),
                offers=tuple(Offer.from_json(o) for o in payload["offers"]),
                live=bool(payload["live"]),
                region=payload.get("region"),
                link=payload.get("link"),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed availability payload: {error!r}") from error

    def ordered(self, subscriptions: Iterable[str]) -> list[Offer]:
        """Offers for display: included in the user's subscriptions first, then other
        subscriptions, free, with ads, rent, buy. One offer per (platform, kind): the newest
        snapshot wins, since several sources may list the same platform."""
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


class OfflineAvailability:
    """The availability table built from the OTT snapshots, in memory (~8k rows)."""

    def __init__(self, offers: dict[int, tuple[Offer, ...]]) -> None:
        self._offers = offers
        by_platform: dict[str, set[int]] = {}
        for movie_id, film_offers in offers.items():
            for offer in film_offers:
                if offer.kind is OfferKind.SUBSCRIPTION:
                    by_platform.setdefault(offer.platform_id, set()).add(movie_id)
        self._by_platform = {p: frozenset(ids) for p, ids in by_platform.items()}

    @classmethod
    def load(cls, data_dir: Path | None = None) -> OfflineAvailability:
        """Read ``availability.csv.gz`` written by ``models/catalogue/build.py``."""
        path = (data_dir or DEFAULT_DIR) / AVAILABILITY_FILE
        interned: dict[tuple[str, str, str, str, str], Offer] = {}
        grouped: dict[int, list[Offer]] = {}
        with gzip.open(path, "rb") as raw:
            for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
                key = (row["platform"], row["kind"], row["region"], row["source"], row["snapshot"])
                offer = interned.get(key)
                if offer is None:
                    platform = PLATFORM_BY_ID.get(row["platform"])
                    offer = Offer(
                        platform_id=row["platform"],
                        name=platform.name_en if platform else row["platform"],
                        kind=OfferKind(row["kind"]),
                        region=row["region"],
                        source=row["source"],
                        snapshot=date.fromisoformat(row["snapshot"]) if row["snapshot"] else None,
                    )
                    interned[key] = offer
                grouped.setdefault(int(row["movie_id"]), []).append(offer)
        return cls({movie_id: tuple(offers) for movie_id, offers in grouped.items()})

    def __len__(self) -> int:
        """Number of films with at least one offer."""
        return len(self._offers)

    def lookup(self, movie_id: int) -> Availability:
        """All offline offers for a film; ``has_data`` is False when the table has none."""
        return Availability(movie_id, self._offers.get(movie_id, ()), False, None, None)

    def movies_on(self, platform_ids: Iterable[str]) -> frozenset[int]:
        """Films with a subscription offer on any of these platforms ("only my subscriptions").

        Films without data are not in the set: callers filtering on it should say the filter
        covers only films we have availability data for.
        """
        found: set[int] = set()
        for platform_id in platform_ids:
            found |= self._by_platform.get(platform_id, frozenset())
        return frozenset(found)
