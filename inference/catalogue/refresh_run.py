"""One run of the daily refresh: ask TMDB and KOBIS what is new, merge it into the additions.

With a TMDB client: ``/movie/now_playing`` and ``/movie/upcoming`` for KR (in Korean) and US
(in English), up to ``MAX_PAGES`` pages each, then one ``/movie/{id}`` (Korean title, credits,
providers, English title) per film the build does not already have. With a KOBIS client:
yesterday's daily box office (the latest KOBIS has in the morning), then the film details of
each film the build does not already have. The watch providers each detail carries are put in
the where-to-watch cache for KR and US, so the first question about a new film is answered at
once.

A list that cannot be read (TMDB or KOBIS down, a bad key, an answer of another shape) fails
the whole run — ``RefreshFailed``, nothing merged, the catalogue as it was — because merging
with one source missing would split films that tomorrow's run would have joined. One film whose
details fail is left for tomorrow (counted as failed); a KOBIS film that could be one of those
is left for tomorrow too, rather than added on its own and duplicated when TMDB answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from inference.catalogue.additions import Addition
from inference.catalogue.kobis import BoxOfficeEntry, KobisClient, release_from_kobis
from inference.catalogue.refresh import MergeOutcome, close_years, film_years, merge
from inference.catalogue.releases import Release, list_entry, release_from_tmdb
from inference.catalogue.search import Catalogue
from inference.catalogue.titles import compact, has_hangul, normalize_title
from inference.catalogue.tmdb import (
    RELEASE_LISTS,
    ProviderUnavailable,
    TmdbWatchProviders,
    parse_providers,
)
from inference.catalogue.where_to_watch import AvailabilityCache

log = logging.getLogger(__name__)

LIST_REGIONS = (("KR", "ko-KR"), ("US", "en-US"))  # (region, language) of the release lists
PROVIDER_REGIONS = ("KR", "US")  # where-to-watch answers kept from each film's details
MAX_PAGES = 3  # pages of 20 per list: now-playing and upcoming rarely have more that matter
CONCURRENCY = 4  # detail requests in flight at once
WARNINGS_PER_RUN = 5  # failed films logged one by one; the rest only counted (TMDB down midway)


class RefreshFailed(Exception):
    """A source could not be read at all; the message never contains a key."""


@dataclass(slots=True)
class RefreshReport:
    """What one run did (one INFO line; returned to tests)."""

    day: date
    sources: tuple[str, ...] = ()
    fetched: int = 0  # distinct films the lists named
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    known: int = 0  # nothing to add: in the build already (or an adult film)
    failed: int = 0  # details that could not be had or read: tried again tomorrow
    errors: list[str] = field(default_factory=list)  # why, free of keys

    def line(self) -> str:
        """The log line's counts."""
        return (
            f"{self.fetched} fetched, {self.new} new, {self.updated} updated, "
            f"{self.failed} failed ({self.known} known, {self.unchanged} unchanged)"
        )


@dataclass(slots=True)
class RefreshResult:
    """A run's report and the merged additions (``outcome.changed`` are to be stored)."""

    report: RefreshReport
    outcome: MergeOutcome


@dataclass(slots=True)
class _Listed:
    """A TMDB film as a list named it: its Korean-list date and the titles lists gave it."""

    kr_release: date | None = None
    titles: set[str] = field(default_factory=set)


class CatalogueRefresher:
    """Runs the refresh against whichever sources have a client."""

    def __init__(
        self,
        catalogue: Catalogue,
        tmdb: TmdbWatchProviders | None = None,
        kobis: KobisClient | None = None,
        *,
        cache: AvailabilityCache | None = None,
        max_pages: int = MAX_PAGES,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.catalogue = catalogue
        self._tmdb = tmdb
        self._kobis = kobis
        self._cache = cache
        self._max_pages = max_pages
        self._limit = asyncio.Semaphore(concurrency)

    @property
    def sources(self) -> tuple[str, ...]:
        """The APIs this refresher asks."""
        return tuple(n for n, c in (("tmdb", self._tmdb), ("kobis", self._kobis)) if c)

    async def run(self, day: date, stored: Mapping[int, Addition]) -> RefreshResult:
        """Fetch, then merge into ``stored`` (nothing is written here). ``RefreshFailed`` when
        a source's list cannot be read."""
        report = RefreshReport(day, self.sources)
        failure: str | None = None
        listed: dict[int, _Listed] = {}
        box: list[BoxOfficeEntry] = []
        try:
            listed = await self._tmdb_lists() if self._tmdb is not None else {}
            box = await self._box_office(day) if self._kobis is not None else []
        except ProviderUnavailable as error:
            failure = str(error)
        if failure is not None:  # raised outside the except block: nothing rides along
            raise RefreshFailed(failure)
        tmdb_wanted = [i for i in listed if not self._built_tmdb(i)]
        kobis_wanted = await asyncio.to_thread(  # title searches: off the event loop
            lambda: [e for e in box if not self._built_kobis(e, stored)]
        )
        report.fetched = len(listed) + len(box)
        report.known = (len(listed) - len(tmdb_wanted)) + (len(box) - len(kobis_wanted))
        tmdb_found, kobis_found = await asyncio.gather(
            self._tmdb_details(tmdb_wanted, listed, report),
            self._kobis_details(kobis_wanted, report),
        )
        failed_titles = {t for i in tmdb_wanted if i not in tmdb_found for t in listed[i].titles}
        kobis_kept = []
        for release in kobis_found:
            if _could_be(release, failed_titles):
                report.failed += 1  # perhaps a TMDB film we could not read: tomorrow
            else:
                kobis_kept.append(release)
        outcome = await asyncio.to_thread(
            merge, self.catalogue, stored, list(tmdb_found.values()), kobis_kept
        )
        report.known += outcome.known
        report.new, report.updated, report.unchanged = (
            outcome.new, outcome.updated, outcome.unchanged)  # fmt: skip
        return RefreshResult(report, outcome)

    def _built_tmdb(self, tmdb_id: int) -> bool:
        """Whether the build has this TMDB film (then there is nothing to ask about it)."""
        movie = self.catalogue.by_tmdb(tmdb_id)
        return movie is not None and _built(self.catalogue, movie.movie_id)

    def _built_kobis(self, entry: BoxOfficeEntry, stored: Mapping[int, Addition]) -> bool:
        """Whether the build has this box-office film (same Korean title, close years)."""
        if any(a.kobis_code == entry.code for a in stored.values()) or entry.opened is None:
            return False
        key, years = compact(entry.title), {entry.opened.year}
        for match in self.catalogue.search(entry.title, 10, "KR"):
            movie = match.movie
            if (_built(self.catalogue, movie.movie_id) and movie.title_ko
                    and compact(movie.title_ko) == key
                    and close_years(years, film_years(movie))):  # fmt: skip
                return True
        return False

    async def _tmdb_lists(self) -> dict[int, _Listed]:
        """Every film the release lists name (by TMDB id, in first-seen order)."""
        assert self._tmdb is not None
        listed: dict[int, _Listed] = {}
        for kind in RELEASE_LISTS:
            for region, language in LIST_REGIONS:
                page, pages = 1, 1
                while page <= min(pages, self._max_pages):
                    results, pages = await self._tmdb.release_list(kind, region, language, page)
                    for result in results:
                        self._note(listed, result, region)
                    page += 1
        return listed

    @staticmethod
    def _note(listed: dict[int, _Listed], result: Any, region: str) -> None:
        entry = list_entry(result)
        if entry is None:
            return
        tmdb_id, released = entry
        seen = listed.setdefault(tmdb_id, _Listed())
        if region == "KR" and released is not None:
            seen.kr_release = seen.kr_release or released
        for key in ("title", "original_title"):
            title = result.get(key)
            if isinstance(title, str) and title.strip():
                seen.titles.add(_title_key(title))

    async def _box_office(self, day: date) -> list[BoxOfficeEntry]:
        """Yesterday's box office (each film once)."""
        assert self._kobis is not None
        entries = await self._kobis.daily_box_office(day - timedelta(days=1))
        return list({e.code: e for e in entries}.values())

    async def _tmdb_details(
        self, ids: list[int], listed: Mapping[int, _Listed], report: RefreshReport
    ) -> dict[int, Release]:
        async def one(tmdb_id: int) -> Release | None:
            assert self._tmdb is not None
            async with self._limit:
                try:
                    payload = await self._tmdb.film_details(tmdb_id)
                except ProviderUnavailable as error:
                    _failed(report, str(error))
                    return None
            release = release_from_tmdb(payload, kr_release=listed[tmdb_id].kr_release)
            if release is None or release.tmdb_id != tmdb_id:
                _failed(report, f"TMDB details for tmdb:{tmdb_id}: not a film")
                return None
            await self._keep_providers(payload, release)
            return release

        found = await asyncio.gather(*(one(i) for i in ids))
        return {r.tmdb_id: r for r in found if r is not None and r.tmdb_id is not None}

    async def _keep_providers(self, payload: dict[str, Any], release: Release) -> None:
        """Put the details' watch providers in the where-to-watch cache (KR and US)."""
        providers = payload.get("watch/providers")
        if self._cache is None or release.tmdb_id is None or not isinstance(providers, dict):
            return
        for region in PROVIDER_REGIONS:
            try:
                availability = parse_providers(providers, 0, region)
            except ProviderUnavailable:
                return  # an odd providers block: where-to-watch asks TMDB itself later
            try:
                await self._cache.put_cached_availability(
                    release.tmdb_id, region, availability.to_json()
                )
            except Exception as error:  # the cache is a saving, never a reason to fail
                log.warning("could not cache the providers of tmdb:%s: %r", release.tmdb_id,
                            error)  # fmt: skip
                return

    async def _kobis_details(
        self, entries: list[BoxOfficeEntry], report: RefreshReport
    ) -> list[Release]:
        async def one(entry: BoxOfficeEntry) -> Release | None:
            assert self._kobis is not None
            async with self._limit:
                try:
                    info = await self._kobis.movie_info(entry.code)
                except ProviderUnavailable as error:
                    _failed(report, str(error))
                    return None
            release = release_from_kobis(info, audience=entry.audience)
            if release is None:  # an adult film, or no Korean title: not for the catalogue
                report.known += 1
            return release

        found = await asyncio.gather(*(one(e) for e in entries))
        return [r for r in found if r is not None]


def _built(catalogue: Catalogue, movie_id: int) -> bool:
    try:
        catalogue.position(movie_id)
    except KeyError:
        return False
    return True


def _failed(report: RefreshReport, why: str) -> None:
    report.failed += 1
    report.errors.append(why)
    if report.failed <= WARNINGS_PER_RUN:
        log.warning("catalogue refresh: %s (left for tomorrow)", why)


def _title_key(title: str) -> str:
    return compact(title) if has_hangul(title) else normalize_title(title)


def _could_be(release: Release, titles: Iterable[str]) -> bool:
    """Whether a KOBIS film shares a title with one of the listed films we could not read."""
    mine = {_title_key(t) for t in (release.title, *release.aliases, release.title_ko or "") if t}
    return bool(mine & (set(titles) - {""}))
