"""Which of a user's services a watchlisted film has newly arrived on, from one day to the next.

The daily watchlist check (``handlers/recommend/alerts.py``) keeps, per watchlist row, the
services that carried the film when it last looked (:class:`WatchState`) and compares them with
today's answer of the where-to-watch chain. Every service is remembered, not only the user's:
someone who subscribes to Watcha later is not told that a film "arrived" there when it had been
there all along. A film that leaves a service and comes back arrives again.

"Carries" means watchable with that service: included in the subscription, free or with ads;
for a store (Google Play) rentable or for sale. Netflix renting a film is not Netflix carrying
it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from inference.catalogue.availability import Availability, OfferKind
from inference.catalogue.films import Movie
from inference.catalogue.regions import PLATFORM_BY_ID, platforms_in
from inference.catalogue.where_to_watch import WhereToWatch

_STREAMING = frozenset({OfferKind.SUBSCRIPTION, OfferKind.FREE, OfferKind.ADS})
_STORE = frozenset({OfferKind.RENT, OfferKind.BUY, OfferKind.STORE})


def is_store(platform_id: str) -> bool:
    """Whether the platform rents and sells films one by one instead of a subscription."""
    platform = PLATFORM_BY_ID.get(platform_id)
    return platform is not None and platform.store


def carried(availability: Availability) -> frozenset[str]:
    """The services on which the film can be watched: streamed (subscription, free, ads), or
    for a store, rented or bought."""
    return frozenset(
        offer.platform_id
        for offer in availability.offers
        if offer.kind in (_STORE if is_store(offer.platform_id) else _STREAMING)
    )


@dataclass(frozen=True, slots=True)
class WatchState:
    """What one check found for one watchlist row: the region and the services carrying it."""

    region: str
    services: frozenset[str]

    @classmethod
    def of(cls, availability: Availability, region: str) -> WatchState:
        """The state an availability answer shows."""
        return cls(region.upper(), carried(availability))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the watchlist row."""
        return {"region": self.region, "services": sorted(self.services)}

    @classmethod
    def from_json(cls, payload: dict[str, Any] | None) -> WatchState | None:
        """The stored state, or None when there is none or it cannot be read (a first check)."""
        if not isinstance(payload, dict):
            return None
        region, services = payload.get("region"), payload.get("services")
        if not isinstance(region, str) or not isinstance(services, list):
            return None
        return cls(region.upper(), frozenset(str(s) for s in services))


def arrivals(
    previous: WatchState | None, current: WatchState, subscriptions: Iterable[str]
) -> tuple[str, ...]:
    """The user's services the film is on now and was not on at the last check, in the
    region's order. Nothing on a first check (the user saw where it streams when adding it) or
    when the region changed since (a different country's services are not arrivals)."""
    if previous is None or previous.region != current.region:
        return ()
    new = (current.services - previous.services) & frozenset(subscriptions)
    order = {p.id: rank for rank, p in enumerate(platforms_in(current.region))}
    return tuple(sorted(new, key=lambda p: (order.get(p, len(order)), p)))


class RunLookups:
    """Availability for one check run: each (film, region) asked once, at most ``concurrency``
    lookups at a time (TMDB allows some 50 requests a second; a run must not crowd out the
    users' own questions), and never a cached answer older than the run, so a change TMDB made
    since yesterday is seen. Answers another process fetched during the run are reused."""

    def __init__(self, where: WhereToWatch, *, concurrency: int = 4) -> None:
        self._where = where
        self._started = time.monotonic()
        self._gate = asyncio.Semaphore(max(1, concurrency))
        self._pending: dict[tuple[int, str], asyncio.Task[Availability]] = {}
        self.lookups = 0

    def expects_live(self, movie: Movie) -> bool:
        """Whether a good answer for this film comes from TMDB (an offline one is a fallback
        after a failure, not today's state)."""
        return self._where.live and movie.tmdb_id is not None

    async def get(self, movie: Movie, region: str) -> Availability:
        """Today's availability of ``movie`` in ``region``."""
        key = (movie.movie_id, region.upper())
        task = self._pending.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fetch(movie, key[1]))
            self._pending[key] = task
        return await asyncio.shield(task)

    async def _fetch(self, movie: Movie, region: str) -> Availability:
        async with self._gate:
            self.lookups += 1
            age = timedelta(seconds=time.monotonic() - self._started)
            return await self._where.lookup(movie, region, max_age=age)
