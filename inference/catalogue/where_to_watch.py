"""Where to watch a film in a region: a fresh cached TMDB answer, else TMDB live, else the
offline table of that region.

The database cache is reached through the ``AvailabilityCache`` protocol so that inference never
imports storage; storage's repository implements it. Every failure degrades to the next source
with a warning (never the API key) instead of an error for the user.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any, Protocol

from inference.catalogue.availability import Availability, OfflineAvailability
from inference.catalogue.films import Movie
from inference.catalogue.tmdb import ProviderUnavailable, TmdbWatchProviders

log = logging.getLogger(__name__)


class AvailabilityCache(Protocol):
    """Stored live answers, keyed by TMDB id and region (``Availability.to_json`` payloads)."""

    async def get_cached_availability(
        self, tmdb_id: int, region: str, max_age: timedelta
    ) -> dict[str, Any] | None: ...

    async def put_cached_availability(
        self, tmdb_id: int, region: str, payload: dict[str, Any]
    ) -> None: ...


class WhereToWatch:
    """The one entry point handlers use for availability."""

    def __init__(
        self,
        offline: OfflineAvailability,
        live: TmdbWatchProviders | None = None,
        cache: AvailabilityCache | None = None,
        ttl: timedelta = timedelta(hours=24),
    ) -> None:
        self._offline = offline
        self._live = live
        self._cache = cache
        self._ttl = ttl

    @property
    def live(self) -> bool:
        """Whether answers come from TMDB (when it answers)."""
        return self._live is not None

    async def lookup(
        self, movie: Movie, region: str, *, max_age: timedelta | None = None
    ) -> Availability:
        """The best availability we can get now for ``region``.

        Order: a cached live answer younger than ``ttl`` (or ``max_age``: the daily watchlist
        check takes only answers fetched during its run, so it sees TMDB's answer of today);
        TMDB live (then cached); the offline table of the region when there is no live client,
        no TMDB id, or TMDB fails. A broken cache is skipped, not fatal: reading errors go on to
        TMDB, writing errors still return the live answer. A live answer with no offers for the
        region is returned as such (``has_data`` False), not replaced by old offline lists.
        """
        region = region.upper()
        if self._live is None or movie.tmdb_id is None:
            return self._offline.lookup(movie.movie_id, region)
        cached = await self._read_cache(movie, region, self._ttl if max_age is None else max_age)
        if cached is not None:
            return cached
        try:
            availability = await self._live.fetch(movie, region)
        except ProviderUnavailable as error:
            log.warning("live availability failed, using the offline table: %s", error)
            return self._offline.lookup(movie.movie_id, region)
        if self._cache is not None:
            try:
                await self._cache.put_cached_availability(
                    movie.tmdb_id, region, availability.to_json()
                )
            except Exception as error:  # a cache outage must not cost the user the answer
                log.warning("could not cache availability of tmdb:%s: %r", movie.tmdb_id, error)
        return availability

    async def _read_cache(
        self, movie: Movie, region: str, max_age: timedelta
    ) -> Availability | None:
        """A fresh cached answer, or None on a miss, a stale/corrupt entry or a cache error."""
        if self._cache is None or movie.tmdb_id is None:
            return None
        try:
            payload = await self._cache.get_cached_availability(movie.tmdb_id, region, max_age)
            if payload is None:
                return None
            cached = Availability.from_json(payload)
        except Exception as error:  # corrupt payload or database trouble: treat as a miss
            log.warning("availability cache unusable for tmdb:%s: %r", movie.tmdb_id, error)
            return None
        # Two MovieLens entries can share a TMDB id; answer with the id that was asked for.
        return (
            cached
            if cached.movie_id == movie.movie_id
            else replace(cached, movie_id=movie.movie_id)
        )
