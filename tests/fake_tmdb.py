"""A local stand-in for TMDB's ``/movie/{id}/watch/providers``, ``/movie/{id}`` (a poster) and
``/search/movie`` on 127.0.0.1 (no network in tests).

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
            return web.Response(
                text='{"id": 603, "results": {"KR": ', content_type="application/json"
            )
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
        """``/movie/{id}``: a film's details; only its poster matters to CineMate."""
        if request.query.get("api_key") != API_KEY:
            return web.json_response({"status_code": 7, "success": False}, status=401)
        tmdb_id = int(request.match_info["tmdb_id"])
        self.details.append(tmdb_id)
        return web.json_response({"id": tmdb_id, "poster_path": f"/poster-{tmdb_id}.jpg"})

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/3/movie/{tmdb_id:\\d+}/watch/providers", self._handle)
        app.router.add_get("/3/search/movie", self._search)
        app.router.add_get("/3/movie/{tmdb_id:\\d+}", self._details)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}/3"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()  # let slow handlers finish so shutdown is quick
        if self._runner is not None:
            await self._runner.cleanup()
