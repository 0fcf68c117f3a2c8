"""Every film the bot can name: the offline catalogue, plus films a live TMDB search found.

Handlers look films up here rather than in the ``Catalogue`` directly, because a button or a
watchlist may hold the id of a film that only TMDB knew (파묘, anything newer than the data):
such films are kept in the database (``FilmCache``, implemented by storage's repository) when
the search finds them. A title the catalogue does not know is searched on TMDB
(``language=ko-KR``) when a key is configured; a result TMDB maps to a catalogue film is that
film, given the Korean title and poster TMDB knows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from inference.catalogue.films import JUSTWATCH_ID_BASE, Movie
from inference.catalogue.search import Catalogue
from inference.catalogue.tmdb import ProviderUnavailable, TmdbWatchProviders

POSTER_CACHE = 5_000  # posters remembered per process (a URL each)
log = logging.getLogger(__name__)


class FilmCache(Protocol):
    """Films found by live searches, by TMDB id (``Movie.to_json`` payloads)."""

    async def get_cached_films(self, tmdb_ids: Iterable[int]) -> dict[int, dict[str, Any]]: ...

    async def put_cached_film(self, tmdb_id: int, payload: dict[str, Any]) -> None: ...


class FilmDirectory:
    """Films by id (offline or cached) and the live search for unknown titles."""

    def __init__(
        self,
        catalogue: Catalogue,
        live: TmdbWatchProviders | None = None,
        cache: FilmCache | None = None,
    ) -> None:
        self.catalogue = catalogue
        self._live = live
        self._cache = cache
        self._posters: dict[int, str | None] = {}  # TMDB id → poster URL, oldest first

    async def poster_url(self, movie: Movie) -> str | None:
        """The film's TMDB poster (with ``TMDB_API_KEY``), remembered for the process; None
        offline, for a film without a TMDB id, or when TMDB does not answer in time."""
        if movie.poster_url:
            return movie.poster_url
        if self._live is None or movie.tmdb_id is None:
            return None
        if movie.tmdb_id in self._posters:
            return self._posters[movie.tmdb_id]
        try:
            url = await self._live.poster(movie.tmdb_id)
        except ProviderUnavailable as error:
            log.warning("poster lookup failed: %s", error)
            return None
        if len(self._posters) >= POSTER_CACHE:
            self._posters.pop(next(iter(self._posters)))
        self._posters[movie.tmdb_id] = url
        return url

    @property
    def can_search_live(self) -> bool:
        """Whether unknown titles can be looked up on TMDB."""
        return self._live is not None

    async def get(self, movie_id: int) -> Movie | None:
        """The film with this id, from the catalogue or the cache of live finds."""
        return (await self.get_many([movie_id])).get(movie_id)

    async def get_many(self, movie_ids: Iterable[int]) -> dict[int, Movie]:
        """The films with these ids that exist (one cache query for those off the catalogue)."""
        found: dict[int, Movie] = {}
        missing: list[int] = []
        for movie_id in movie_ids:
            movie = self.catalogue.get(movie_id)
            if movie is not None:
                found[movie_id] = movie
            elif movie_id > JUSTWATCH_ID_BASE and self._cache is not None:
                missing.append(movie_id - JUSTWATCH_ID_BASE)
        if missing and self._cache is not None:
            try:
                payloads = await self._cache.get_cached_films(missing)
            except Exception as error:  # a cache outage costs the film, not the answer
                log.warning("film cache unusable: %r", error)
                payloads = {}
            for payload in payloads.values():
                try:
                    movie = Movie.from_json(payload)
                except ValueError as error:
                    log.warning("ignoring a cached film: %s", error)
                    continue
                found[movie.movie_id] = movie
        return found

    async def search_live(self, query: str, region: str) -> list[Movie]:
        """Films TMDB finds for ``query`` (best first); [] without a key or when TMDB fails.

        A result the catalogue already holds (by TMDB id) is that catalogue film, with TMDB's
        Korean title and poster added; any other is remembered in the cache so that its id
        keeps working on buttons and in the watchlist.
        """
        if self._live is None:
            return []
        try:
            results = await self._live.search(query, region)
        except ProviderUnavailable as error:
            log.warning("live title search failed: %s", error)
            return []
        films: list[Movie] = []
        for result in results:
            assert result.tmdb_id is not None
            known = self.catalogue.by_tmdb(result.tmdb_id)
            if known is not None:
                films.append(
                    replace(
                        known,
                        title_ko=known.title_ko or result.title_ko,
                        poster_url=result.poster_url,
                    )
                )
                continue
            films.append(result)
            if self._cache is not None:
                try:
                    await self._cache.put_cached_film(result.tmdb_id, result.to_json())
                except Exception as error:
                    log.warning("could not cache tmdb:%s: %r", result.tmdb_id, error)
        return films
