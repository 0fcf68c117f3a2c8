"""TMDB live: "where to watch" (data by JustWatch) and title search for films we do not know.

``GET /movie/{tmdb_id}/watch/providers`` answers, per region, lists of providers by how they are
paid for: ``flatrate`` (subscription), ``free``, ``ads``, ``rent`` and ``buy``. Those kinds stay
apart here: "included in your Netflix" and "rent it on Google Play" are different answers.

``GET /search/movie?language=ko-KR`` finds a film the offline catalogue lacks (파묘, anything
released after mid-2023) with its Korean title and poster; the bot keeps the result in the
database so the film has an id and a card from then on.

``GET /movie/now_playing`` and ``/movie/upcoming`` (per region) and ``/movie/{id}`` with its
credits, providers and translations feed the daily catalogue refresh (``refresh.py``).

The v3 API key travels in the query string, so aiohttp errors (which quote the URL) would leak it
into logs; every error leaves this module as ``ProviderUnavailable`` with the key redacted and
without the original exception chained (``keyed_api.py``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from inference.catalogue.availability import Availability, Offer, OfferKind
from inference.catalogue.films import JUSTWATCH_ID_BASE, MAX_TMDB_ID, Movie
from inference.catalogue.keyed_api import KeyedApiClient
from inference.catalogue.regions import PLATFORM_BY_ID
from inference.catalogue.titles import has_hangul, romanise

SOURCE = "tmdb"
# The release lists the daily refresh reads, and what a film's details carry along.
RELEASE_LISTS = ("now_playing", "upcoming")
DETAILS_PARTS = "credits,watch/providers,translations"

# TMDB response key → offer kind, in TMDB's own order.
KIND_BY_KEY = {
    "flatrate": OfferKind.SUBSCRIPTION,
    "free": OfferKind.FREE,
    "ads": OfferKind.ADS,
    "rent": OfferKind.RENT,
    "buy": OfferKind.BUY,
}

# TMDB provider ids of the platforms CineMate knows. Store fronts that merely share a brand
# ("Apple TV" id 2, channels sold through Prime or Apple) are not the subscription and stay
# "tmdb:<id>"; Amazon Video (9) is Prime Video's store, so its rent/buy offers map to Prime.
PLATFORM_BY_PROVIDER_ID: dict[int, str] = {
    8: "netflix",
    1796: "netflix",  # Netflix basic with Ads
    337: "disney_plus",
    119: "prime_video",
    9: "prime_video",
    2100: "prime_video",  # Amazon Prime Video with Ads
    350: "apple_tv_plus",
    97: "watcha",
    1883: "tving",
    356: "wavve",
    1881: "coupang_play",
    3: "google_play",  # Google Play Movies: rent and buy
    15: "hulu",
    1899: "max",
    384: "max",  # HBO Max, before the 2023 rename
    531: "paramount_plus",
}
# Exact provider names, for ids TMDB may renumber or add; compared case-insensitively.
PLATFORM_BY_PROVIDER_NAME: dict[str, str] = {
    "netflix": "netflix",
    "disney plus": "disney_plus",
    "disney+": "disney_plus",
    "amazon prime video": "prime_video",
    "prime video": "prime_video",
    "apple tv plus": "apple_tv_plus",
    "apple tv+": "apple_tv_plus",
    "watcha": "watcha",
    "tving": "tving",
    "wavve": "wavve",
    "coupang play": "coupang_play",
    "hulu": "hulu",
    "max": "max",
    "hbo max": "max",
    "paramount plus": "paramount_plus",
    "paramount+": "paramount_plus",
    "google play movies": "google_play",
    "u+ mobile tv": "u_plus_mobile_tv",
    "u+mobile tv": "u_plus_mobile_tv",
}

# TMDB movie genre ids → MovieLens genre names (the catalogue's vocabulary).
GENRES_BY_TMDB_ID: dict[int, str] = {
    28: "Action", 12: "Adventure", 16: "Animation", 35: "Comedy", 80: "Crime",
    99: "Documentary", 18: "Drama", 10751: "Children", 14: "Fantasy", 36: "Drama",
    27: "Horror", 10402: "Musical", 9648: "Mystery", 10749: "Romance", 878: "Sci-Fi",
    53: "Thriller", 10752: "War", 37: "Western",
}  # fmt: skip
POSTER_BASE = "https://image.tmdb.org/t/p/w342"
SEARCH_RESULTS = 5


class ProviderUnavailable(Exception):
    """Live availability could not be had (timeout, HTTP error, bad key, bad JSON, no TMDB id).

    The message never contains the API key.
    """


def platform_for(provider_id: int, provider_name: str) -> tuple[str, str]:
    """Our ``(platform_id, display name)`` for a TMDB provider; unknown ones as "tmdb:<id>"."""
    platform_id = PLATFORM_BY_PROVIDER_ID.get(provider_id) or PLATFORM_BY_PROVIDER_NAME.get(
        provider_name.strip().casefold()
    )
    platform = PLATFORM_BY_ID.get(platform_id) if platform_id else None
    if platform is None:
        return f"tmdb:{provider_id}", provider_name.strip() or f"TMDB provider {provider_id}"
    return platform.id, platform.name_en


def _priority(provider: dict[str, Any]) -> int:
    """TMDB's display order within a list; entries without one go last."""
    priority = provider.get("display_priority")
    return priority if isinstance(priority, int) else 1_000_000


def parse_providers(payload: Any, movie_id: int, region: str) -> Availability:
    """Offers for ``region`` from a watch-providers response; raises ProviderUnavailable when the
    response does not have the documented shape. A region absent from ``results`` is a valid
    answer: TMDB knows no offer there (``has_data`` False)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), dict):
        raise ProviderUnavailable("TMDB answer has no 'results' object")
    entry = payload["results"].get(region)
    if entry is None:
        return Availability(movie_id, (), True, region, None)
    if not isinstance(entry, dict):
        raise ProviderUnavailable(f"TMDB answer for region {region} is not an object")
    today = datetime.now(UTC).date()
    offers: list[Offer] = []
    seen: set[tuple[str, OfferKind]] = set()
    for key, kind in KIND_BY_KEY.items():
        providers = entry.get(key) or []
        if not isinstance(providers, list):
            raise ProviderUnavailable(f"TMDB '{key}' list for region {region} is not a list")
        valid = [
            p for p in providers if isinstance(p, dict) and isinstance(p.get("provider_id"), int)
        ]
        valid.sort(key=_priority)
        for provider in valid:
            name = provider.get("provider_name")
            platform_id, display = platform_for(
                provider["provider_id"], name if isinstance(name, str) else ""
            )
            if (platform_id, kind) in seen:  # "Netflix" and "Netflix basic with Ads"
                continue
            seen.add((platform_id, kind))
            offers.append(Offer(platform_id, display, kind, region, SOURCE, today))
    link = entry.get("link")
    return Availability(
        movie_id, tuple(offers), True, region, link if isinstance(link, str) else None
    )


def film_from_search(result: Any) -> Movie | None:
    """A catalogue film for one ``/search/movie`` result (``language=ko-KR``), or None when the
    result lacks an id or a title. The id is ``JUSTWATCH_ID_BASE + tmdb_id``, the same a
    JustWatch Korea listing of the film gets."""
    if not isinstance(result, dict):
        return None
    tmdb_id = result.get("id")
    if not isinstance(tmdb_id, int) or not 0 < tmdb_id <= MAX_TMDB_ID:
        return None
    localised = str(result.get("title") or "").strip()
    original = str(result.get("original_title") or "").strip() or localised
    if not original:
        return None
    released = str(result.get("release_date") or "")
    year = int(released[:4]) if released[:4].isdigit() else None
    listed = result.get("genre_ids")
    genre_ids: list[Any] = listed if isinstance(listed, list) else []
    genres = tuple(dict.fromkeys(GENRES_BY_TMDB_ID[g] for g in genre_ids if g in GENRES_BY_TMDB_ID))
    korean = next((t for t in (localised, original) if has_hangul(t)), None)
    poster = result.get("poster_path")
    return Movie(
        movie_id=JUSTWATCH_ID_BASE + tmdb_id,
        title=romanise(original) if has_hangul(original) else original,
        year=year,
        genres=genres,
        imdb_id=None,
        tmdb_id=tmdb_id,
        ratings=0,
        title_ko=korean,
        country="KR" if result.get("original_language") == "ko" else None,
        origin="tmdb",
        poster_url=f"{POSTER_BASE}{poster}" if isinstance(poster, str) and poster else None,
    )


class TmdbWatchProviders(KeyedApiClient):
    """A TMDB client (watch providers per region, title search, release lists and details);
    one aiohttp session."""

    def __init__(
        self,
        api_key: str,
        *,
        region: str = "KR",
        base_url: str = "https://api.themoviedb.org/3",
        timeout_s: float = 3.0,
    ) -> None:
        super().__init__(api_key, base_url=base_url, timeout_s=timeout_s, key_param="api_key")
        self.region = region.upper()

    def __repr__(self) -> str:
        return f"TmdbWatchProviders(region={self.region!r}, base_url={self._base_url!r})"

    async def fetch(self, movie: Movie, region: str | None = None) -> Availability:
        """Live offers for ``movie`` in ``region`` (default: the client's)."""
        if movie.tmdb_id is None:
            raise ProviderUnavailable(f"movie {movie.movie_id} has no TMDB id")
        region = (region or self.region).upper()
        body, failure = await self._get(f"movie/{movie.tmdb_id}/watch/providers", {})
        payload: Any = None
        if body is not None:
            try:
                payload = json.loads(body)
            except ValueError:
                failure = "malformed JSON"
        if failure is None:
            try:
                return parse_providers(payload, movie.movie_id, region)
            except ProviderUnavailable as error:
                failure = str(error)
        # Raised here, outside every except block, so no aiohttp exception (whose text quotes
        # the URL, key included) rides along as __context__.
        raise ProviderUnavailable(
            self._redact(f"TMDB providers for tmdb:{movie.tmdb_id}: {failure}")
        )

    async def search(self, query: str, region: str | None = None) -> list[Movie]:
        """Films TMDB finds for a title, with their Korean titles where TMDB has one."""
        params = {
            "query": query[:100],
            "language": "ko-KR",
            "region": (region or self.region).upper(),
            "include_adult": "false",
        }
        body, failure = await self._get("search/movie", params)
        if failure is None and body is not None:
            try:
                payload = json.loads(body)
                results = payload["results"] if isinstance(payload, dict) else None
                if isinstance(results, list):
                    found = [film_from_search(r) for r in results[:SEARCH_RESULTS]]
                    return [f for f in found if f is not None]
                failure = "no 'results' list"
            except ValueError:
                failure = "malformed JSON"
        raise ProviderUnavailable(self._redact(f"TMDB search: {failure}"))

    async def poster(self, tmdb_id: int) -> str | None:
        """The URL of a film's poster (``/movie/{id}``, Korean poster first), None when TMDB
        has none; ``ProviderUnavailable`` when TMDB cannot be asked."""
        params = {"language": "ko-KR", "include_image_language": "ko,en,null"}
        body, failure = await self._get(f"movie/{tmdb_id}", params)
        if failure is None and body is not None:
            try:
                payload = json.loads(body)
            except ValueError:
                failure = "malformed JSON"
            else:
                path = payload.get("poster_path") if isinstance(payload, dict) else None
                return f"{POSTER_BASE}{path}" if isinstance(path, str) and path else None
        raise ProviderUnavailable(self._redact(f"TMDB details for tmdb:{tmdb_id}: {failure}"))

    async def release_list(
        self, kind: str, region: str, language: str, page: int = 1
    ) -> tuple[list[Any], int]:
        """One page of ``/movie/now_playing`` or ``/movie/upcoming`` in ``region``: the raw
        results (checked one by one by the caller) and how many pages there are."""
        if kind not in RELEASE_LISTS:
            raise ValueError(f"unknown TMDB list {kind!r}")
        params = {"region": region.upper(), "language": language, "page": str(page)}
        payload, failure = await self._get_json(f"movie/{kind}", params)
        if failure is None:
            results = payload.get("results") if isinstance(payload, dict) else None
            if isinstance(results, list):
                pages = payload.get("total_pages")
                return results, pages if isinstance(pages, int) and pages > 0 else 1
            failure = "no 'results' list"
        raise ProviderUnavailable(self._redact(f"TMDB {kind} {region}: {failure}"))

    async def film_details(self, tmdb_id: int) -> dict[str, Any]:
        """``/movie/{id}`` in Korean (``ko-KR``: the Korean title) with its credits, watch
        providers of every region and translations (the English title), in one request."""
        params = {"language": "ko-KR", "append_to_response": DETAILS_PARTS}
        payload, failure = await self._get_json(f"movie/{tmdb_id}", params)
        if failure is None:
            if isinstance(payload, dict):
                return payload
            failure = "not an object"
        raise ProviderUnavailable(self._redact(f"TMDB details for tmdb:{tmdb_id}: {failure}"))
