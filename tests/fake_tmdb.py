"""A local stand-in for TMDB's ``/movie/{id}/watch/providers``, ``/movie/{id}`` (a poster, or
the full details with credits, providers and translations), ``/search/movie`` and the release
lists ``/movie/now_playing`` and ``/movie/upcoming`` on 127.0.0.1 (no network in tests).

Each TMDB id can be told how to answer: a normal payload, 401, 500, too slow, malformed JSON, or
a payload without the asked region. The server counts requests per id and keeps the query
strings it saw, so tests can check that the key is sent and the cache saves a request.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self

from aiohttp import web

from tests.local_app import serve

API_KEY = "test-key-5f2b9c0e1a"  # what the fake accepts; anything else is a 401


class Mode(StrEnum):
    """How the fake answers for one TMDB id."""

    OK = "ok"
    UNAUTHORIZED = "401"
    SERVER_ERROR = "500"
    SLOW = "slow"
    MALFORMED = "malformed"
    NO_REGION = "no_region"
    REDIRECT_LOOP = "redirect_loop"  # aiohttp's error then quotes the URL, key and all


def providers(*entries: tuple[int, str]) -> list[dict[str, Any]]:
    """TMDB provider objects in the documented shape."""
    return [
        {"provider_id": pid, "provider_name": name, "logo_path": f"/{pid}.jpg",
         "display_priority": priority}
        for priority, (pid, name) in enumerate(entries)
    ]  # fmt: skip


def matrix_payload(tmdb_id: int = 603) -> dict[str, Any]:
    """A realistic answer: KR and US entries, every offer kind, known and unknown providers."""
    return {
        "id": tmdb_id,
        "results": {
            "KR": {
                "link": f"https://www.themoviedb.org/movie/{tmdb_id}/watch?locale=KR",
                "flatrate": providers((8, "Netflix"), (1796, "Netflix basic with Ads"),
                                      (97, "Watcha"), (1883, "TVING"), (1881, "Coupang Play")),
                "rent": providers((3, "Google Play Movies"), (8, "Netflix"), (9, "Amazon Video")),
                "buy": providers((2, "Apple TV"), (3, "Google Play Movies")),
                "free": providers((999, "Some Free Service")),
                "ads": providers((1234, "Ad Stream")),
            },
            "US": {
                "link": f"https://www.themoviedb.org/movie/{tmdb_id}/watch?locale=US",
                "flatrate": providers((1899, "Max"), (15, "Hulu"), (531, "Paramount Plus")),
            },
        },
    }  # fmt: skip


def exhuma_result() -> dict[str, Any]:
    """파묘 (Exhuma, 2024) as TMDB's ko-KR search shows it: newer than the offline data."""
    return {
        "id": 838209, "title": "파묘", "original_title": "파묘", "original_language": "ko",
        "release_date": "2024-02-22", "genre_ids": [9648, 27], "poster_path": "/exhuma.jpg",
        "popularity": 80.1,
    }  # fmt: skip


def fog_result() -> dict[str, Any]:
    """안개 도시 (City of Fog, 2026-11), a Korean film newer than every offline source (invented
    for the tests): what a live search and the daily refresh find."""
    return {
        "id": 1999002, "title": "안개 도시", "original_title": "안개 도시",
        "original_language": "ko", "release_date": "2026-11-18", "genre_ids": [9648, 27],
        "poster_path": "/fog.jpg", "popularity": 40.2,
    }  # fmt: skip


def garden_result() -> dict[str, Any]:
    """시간의 정원 (2026-11), a film newer than every offline source (invented for the tests)."""
    return {
        "id": 1999001, "title": "시간의 정원", "original_title": "시간의 정원",
        "original_language": "ko", "release_date": "2026-11-20", "genre_ids": [18],
        "poster_path": "/garden.jpg", "popularity": 12.5,
    }  # fmt: skip


def film_details(
    tmdb_id: int,
    title_ko: str,
    *,
    english: str = "",
    original: str = "",
    language: str = "ko",
    released: str = "2024-02-22",
    genre_ids: tuple[int, ...] = (18,),
    directors: tuple[str, ...] = (),
    cast: tuple[str, ...] = (),
    kr_providers: tuple[tuple[int, str], ...] = (),
    countries: tuple[str, ...] = ("KR",),
) -> dict[str, Any]:
    """``/movie/{id}?language=ko-KR&append_to_response=credits,watch/providers,translations``
    in the documented shape (genre names in Korean, as TMDB gives them in ko-KR)."""
    results: dict[str, Any] = {}
    if kr_providers:
        results["KR"] = {"link": f"https://www.themoviedb.org/movie/{tmdb_id}/watch?locale=KR",
                         "flatrate": providers(*kr_providers)}  # fmt: skip
    translations = [{"iso_3166_1": "KR", "iso_639_1": "ko", "data": {"title": title_ko}}]
    if english:
        translations.append({"iso_3166_1": "US", "iso_639_1": "en", "data": {"title": english}})
    return {
        "id": tmdb_id, "title": title_ko, "original_title": original or title_ko,
        "original_language": language, "release_date": released, "imdb_id": f"tt9{tmdb_id:07d}",
        "genres": [{"id": g, "name": f"장르{g}"} for g in genre_ids],
        "origin_country": list(countries), "poster_path": f"/poster-{tmdb_id}.jpg",
        "vote_count": 1200,
        "credits": {
            "cast": [{"id": 100 + i, "name": n, "original_name": n, "order": i}
                     for i, n in enumerate(cast)],
            "crew": [{"id": 900 + i, "name": n, "job": "Director"}
                     for i, n in enumerate(directors)],
        },
        "watch/providers": {"results": results},
        "translations": {"translations": translations},
    }  # fmt: skip


def list_result(details: dict[str, Any], language: str = "ko-KR") -> dict[str, Any]:
    """A release-list entry for a film whose details are ``details``, as the list's language
    shows it."""
    english = next((t["data"]["title"] for t in details["translations"]["translations"]
                    if t["iso_639_1"] == "en"), details["original_title"])  # fmt: skip
    return {
        "id": details["id"], "title": details["title"] if language == "ko-KR" else english,
        "original_title": details["original_title"], "release_date": details["release_date"],
        "genre_ids": [g["id"] for g in details["genres"]], "poster_path": details["poster_path"],
    }  # fmt: skip


@dataclass
class FakeTmdb:
    """The server; use ``async with FakeTmdb() as tmdb`` and ``tmdb.base_url``."""

    modes: dict[int, Mode] = field(default_factory=dict)
    payloads: dict[int, dict[str, Any]] = field(default_factory=dict)
    slow_s: float = 5.0
    requests: Counter[int] = field(default_factory=Counter)
    queries: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""
    # /search/movie: the results per query (exact text); anything else finds nothing.
    search_results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    search_mode: Mode = Mode.OK
    searches: list[dict[str, str]] = field(default_factory=list)
    details: list[int] = field(default_factory=list)  # ids whose /movie/{id} was asked
    # /movie/{id}: full details per id (else only a poster); how each id's details answer.
    film_details: dict[int, dict[str, Any]] = field(default_factory=dict)
    details_modes: dict[int, Mode] = field(default_factory=dict)
    # /movie/now_playing and /movie/upcoming: results per (list, region), served in pages of
    # ``page_size``; ``lists_mode`` makes every list answer that way.
    release_lists: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    lists_mode: Mode = Mode.OK
    page_size: int = 20
    list_requests: list[dict[str, str]] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    def answer(self, tmdb_id: int, mode: Mode, payload: dict[str, Any] | None = None) -> None:
        """Set how ``tmdb_id`` is answered (default: ``Mode.OK`` with ``matrix_payload``)."""
        self.modes[tmdb_id] = mode
        if payload is not None:
            self.payloads[tmdb_id] = payload

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        tmdb_id = int(request.match_info["tmdb_id"])
        self.requests[tmdb_id] += 1
        self.queries.append(dict(request.query))
        if request.query.get("api_key") != API_KEY:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        mode = self.modes.get(tmdb_id, Mode.OK)
        if mode is Mode.MALFORMED:
            return web.Response(
                text='{"id": 603, "results": {"KR": ', content_type="application/json"
            )
        failed = await self._fail(mode, request)
        if failed is not None:
            return failed
        payload = self.payloads.get(tmdb_id) or matrix_payload(tmdb_id)
        if mode is Mode.NO_REGION:
            payload = {"id": tmdb_id, "results": {"FR": payload["results"].get("US", {})}}
        return web.json_response(payload)

    async def _search(self, request: web.Request) -> web.StreamResponse:
        self.searches.append(dict(request.query))
        if request.query.get("api_key") != API_KEY:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        if self.search_mode is Mode.SERVER_ERROR:
            return web.json_response({"status_code": 11, "success": False}, status=500)
        if self.search_mode is Mode.MALFORMED:
            return web.Response(text='{"results": [', content_type="application/json")
        results = self.search_results.get(request.query.get("query", ""), [])
        return web.json_response(
            {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
        )

    async def _details(self, request: web.Request) -> web.StreamResponse:
        """``/movie/{id}``: the film's details when the test gave them, else only a poster."""
        if request.query.get("api_key") != API_KEY:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        tmdb_id = int(request.match_info["tmdb_id"])
        self.details.append(tmdb_id)
        failed = await self._fail(self.details_modes.get(tmdb_id, Mode.OK), request)
        if failed is not None:
            return failed
        details = self.film_details.get(tmdb_id)
        if details is not None and request.query.get("append_to_response"):
            return web.json_response(details)
        return web.json_response({"id": tmdb_id, "poster_path": f"/poster-{tmdb_id}.jpg"})

    async def _list(self, request: web.Request) -> web.StreamResponse:
        """``/movie/now_playing`` and ``/movie/upcoming`` for ``region``, page by page."""
        self.list_requests.append({**request.query, "list": request.match_info["kind"]})
        if request.query.get("api_key") != API_KEY:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        failed = await self._fail(self.lists_mode, request)
        if failed is not None:
            return failed
        results = self.release_lists.get(
            (request.match_info["kind"], request.query.get("region", "")), []
        )
        page = int(request.query.get("page", "1"))
        pages = max(1, -(-len(results) // self.page_size))
        chunk = results[(page - 1) * self.page_size : page * self.page_size]
        return web.json_response({"dates": {"maximum": "2024-03-01", "minimum": "2024-01-01"},
                                  "page": page, "results": chunk, "total_pages": pages,
                                  "total_results": len(results)})  # fmt: skip

    async def _fail(self, mode: Mode, request: web.Request) -> web.StreamResponse | None:
        """The failure ``mode`` asks for (None: answer normally, after waiting when slow)."""
        if mode is Mode.UNAUTHORIZED:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        if mode is Mode.SERVER_ERROR:
            return web.json_response({"status_code": 11, "success": False}, status=500)
        if mode is Mode.REDIRECT_LOOP:
            raise web.HTTPFound(location=str(request.rel_url))
        if mode is Mode.SLOW:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), self.slow_s)
        if mode is Mode.MALFORMED:
            return web.Response(text='{"results": [', content_type="application/json")
        return None

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/3/movie/{tmdb_id:\\d+}/watch/providers", self._handle)
        app.router.add_get("/3/search/movie", self._search)
        app.router.add_get("/3/movie/{kind:now_playing|upcoming}", self._list)
        app.router.add_get("/3/movie/{tmdb_id:\\d+}", self._details)
        self._runner, address = await serve(app)
        self.base_url = f"{address}/3"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()  # let slow handlers finish so shutdown is quick
        if self._runner is not None:
            await self._runner.cleanup()
