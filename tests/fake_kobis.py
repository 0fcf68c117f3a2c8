"""A local stand-in for the KOBIS open API on 127.0.0.1: the daily box office and movie info.

Like KOBIS, a wrong key is answered with HTTP 200 and a ``faultInfo`` object. The whole server
or one film can be told to fail (500, too slow, malformed JSON, a redirect loop whose aiohttp
error quotes the URL and so the key); the server keeps the query strings it saw.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

from tests.fake_tmdb import Mode
from tests.local_app import serve

API_KEY = "kobis-key-3c9d81f0e2"  # what the fake accepts
FAULT = Mode.UNAUTHORIZED  # answered as KOBIS answers a bad key: 200 with faultInfo


def movie_info(
    code: str,
    title_ko: str,
    *,
    english: str = "",
    original: str = "",
    year: str = "2024",
    opened: str = "20240222",
    nation: str = "한국",
    genres: tuple[str, ...] = ("드라마",),
    directors: tuple[tuple[str, str], ...] = (),
    actors: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """A ``movieInfo`` object as ``searchMovieInfo.json`` returns it (people: (Hangul, Latin))."""
    return {
        "movieCd": code, "movieNm": title_ko, "movieNmEn": english, "movieNmOg": original,
        "showTm": "120", "prdtYear": year, "openDt": opened, "prdtStatNm": "개봉",
        "typeNm": "장편", "nations": [{"nationNm": nation}],
        "genres": [{"genreNm": g} for g in genres],
        "directors": [{"peopleNm": ko, "peopleNmEn": en} for ko, en in directors],
        "actors": [{"peopleNm": ko, "peopleNmEn": en, "cast": "", "castEn": ""}
                   for ko, en in actors],
        "showTypes": [], "companys": [], "audits": [], "staffs": [],
    }  # fmt: skip


def box_office_row(rank: int, info: dict[str, Any], audience_total: int) -> dict[str, Any]:
    """One ``dailyBoxOfficeList`` row for the film ``info`` describes."""
    opened = str(info["openDt"])
    return {
        "rnum": str(rank), "rank": str(rank), "rankInten": "0", "rankOldAndNew": "OLD",
        "movieCd": info["movieCd"], "movieNm": info["movieNm"],
        "openDt": f"{opened[:4]}-{opened[4:6]}-{opened[6:]}", "salesAmt": "1000000",
        "audiCnt": "1000", "audiAcc": str(audience_total), "scrnCnt": "100", "showCnt": "300",
    }  # fmt: skip


@dataclass
class FakeKobis:
    """The server; use ``async with FakeKobis() as kobis`` and ``kobis.base_url``."""

    movies: dict[str, dict[str, Any]] = field(default_factory=dict)  # movieCd → movieInfo
    box_office: list[dict[str, Any]] = field(default_factory=list)  # rows, for any date
    mode: Mode = Mode.OK  # how every request answers
    info_modes: dict[str, Mode] = field(default_factory=dict)  # per film
    slow_s: float = 5.0
    queries: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, info: dict[str, Any], audience_total: int = 0, *, listed: bool = True) -> None:
        """Know a film, and put it on the box office (in the order added) unless not listed."""
        self.movies[info["movieCd"]] = info
        if listed:
            self.box_office.append(box_office_row(len(self.box_office) + 1, info, audience_total))

    async def _answer(self, mode: Mode, request: web.Request) -> web.StreamResponse | None:
        if request.query.get("key") != API_KEY or mode is FAULT:
            return web.json_response({"faultInfo": {"message": "유효하지않은 키값입니다.",
                                                    "errorCode": "320010"}})  # fmt: skip
        if mode is Mode.SERVER_ERROR:
            return web.Response(status=500, text="Internal Server Error")
        if mode is Mode.REDIRECT_LOOP:
            raise web.HTTPFound(location=str(request.rel_url))
        if mode is Mode.SLOW:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), self.slow_s)
        if mode is Mode.MALFORMED:
            return web.Response(text='{"boxOfficeResult": {', content_type="application/json")
        return None

    async def _box_office(self, request: web.Request) -> web.StreamResponse:
        self.queries.append({**request.query, "call": "boxoffice"})
        failed = await self._answer(self.mode, request)
        if failed is not None:
            return failed
        target = request.query.get("targetDt", "")
        return web.json_response({"boxOfficeResult": {
            "boxofficeType": "일별 박스오피스", "showRange": f"{target}~{target}",
            "dailyBoxOfficeList": self.box_office,
        }})  # fmt: skip

    async def _movie_info(self, request: web.Request) -> web.StreamResponse:
        self.queries.append({**request.query, "call": "movie"})
        code = request.query.get("movieCd", "")
        failed = await self._answer(self.info_modes.get(code, self.mode), request)
        if failed is not None:
            return failed
        if code not in self.movies:
            return web.json_response({"faultInfo": {"message": "영화코드가 없습니다.",
                                                    "errorCode": "320011"}})  # fmt: skip
        return web.json_response(
            {"movieInfoResult": {"movieInfo": self.movies[code], "source": "영화진흥위원회"}}
        )

    def calls(self, call: str) -> int:
        """How many requests of one kind ("boxoffice" or "movie") arrived."""
        return sum(1 for q in self.queries if q["call"] == call)

    async def __aenter__(self) -> Self:
        app = web.Application()
        root = "/kobisopenapi/webservice/rest"
        app.router.add_get(f"{root}/boxoffice/searchDailyBoxOfficeList.json", self._box_office)
        app.router.add_get(f"{root}/movie/searchMovieInfo.json", self._movie_info)
        self._runner, address = await serve(app)
        self.base_url = f"{address}{root}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._release.set()  # let slow handlers finish so shutdown is quick
        if self._runner is not None:
            await self._runner.cleanup()
