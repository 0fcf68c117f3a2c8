"""The daily catalogue refresh as a JobQueue job, and the films it added in every process.

At start-up each process loads the stored additions into its catalogue's overlay
(``Catalogue.add_films``): films added by earlier refreshes — by this process or another — are
found by title, id and TMDB id like built ones. Once a day (``CATALOGUE_REFRESH_TIME``) the job
claims the day in the database (``catalogue_refresh_runs``: the first insert of the day's row
wins), so with several processes on one PostgreSQL one of them asks TMDB and KOBIS; it stores
what changed and the run's outcome in one transaction, then replaces its overlay. The others
find the day taken and follow: every ``FOLLOW_EVERY_S`` they look whether the run has finished
(for at most ``FOLLOW_FOR_S``) and then load the additions too, so every process answers with
the new films without a restart.

A source that cannot be read fails the run at WARNING, stores nothing and leaves the catalogue
as it was; the day stays claimed and the next day's run tries again. Log lines never contain a
key (the clients redact them; ``RefreshFailed`` carries only redacted text).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram.ext import JobQueue

from handlers.shared.context import CineContext
from inference.catalogue.additions import Addition
from inference.catalogue.refresh_run import CatalogueRefresher, RefreshFailed, RefreshReport
from inference.catalogue.search import Catalogue
from storage.repository import Repository

_LOG = logging.getLogger(__name__)

JOB_NAME = "catalogue_refresh"
FOLLOW_JOB_NAME = "catalogue_refresh_follow"
FOLLOW_EVERY_S = 60.0  # how often a process that lost the claim looks for the run's end
FOLLOW_FOR_S = 3600.0  # ... and for how long (a run takes a minute or two)
MAX_ERRORS_KEPT = 20  # reasons stored with a run's record


def parse_additions(payloads: list[dict[str, Any]]) -> dict[int, Addition]:
    """Stored payloads as additions by id; a payload that cannot be read is skipped with a
    warning (it is rewritten by the next run that sees the film)."""
    found: dict[int, Addition] = {}
    for payload in payloads:
        try:
            addition = Addition.from_json(payload)
        except ValueError as error:
            _LOG.warning("ignoring a stored catalogue addition: %s", error)
            continue
        found[addition.movie.movie_id] = addition
    return found


async def load_additions(catalogue: Catalogue, repo: Repository) -> int:
    """Put the stored additions into the catalogue's overlay (replacing what it had); the
    number of films. Database errors propagate (the caller decides how bad that is)."""
    additions = parse_additions(await repo.get_catalogue_additions())
    await asyncio.to_thread(catalogue.add_films, [a.record for a in additions.values()])
    return len(additions)


class CatalogueRefreshJob:
    """The JobQueue callback (``__call__``) and what it does (``run``), for one Application."""

    def __init__(
        self,
        refresher: CatalogueRefresher,
        catalogue: Catalogue,
        repo: Repository,
        timezone: str,
        *,
        follow_every_s: float = FOLLOW_EVERY_S,
        follow_for_s: float = FOLLOW_FOR_S,
    ) -> None:
        self.refresher = refresher
        self.catalogue = catalogue
        self.repo = repo
        self.timezone = ZoneInfo(timezone)
        self.follow_every_s = follow_every_s
        self.follow_for_s = follow_for_s

    def today(self) -> date:
        """The run's day in ``CATALOGUE_REFRESH_TIMEZONE``."""
        return datetime.now(self.timezone).date()

    async def __call__(self, context: CineContext) -> None:
        """The daily job: run the day's refresh, or follow the process that does."""
        day = self.today()
        if await self.run(day) is None:
            self._follow_later(context, day, time.monotonic() + self.follow_for_s)

    async def run(self, day: date | None = None) -> RefreshReport | None:
        """Refresh for ``day`` (default today) if this call claims it; None when the day was
        already taken (by another process, or an earlier run today) or cannot be claimed."""
        day = day or self.today()
        try:
            claimed = await self.repo.claim_catalogue_refresh(day)
        except Exception as error:  # the database is down: tomorrow
            _LOG.warning("catalogue refresh of %s not started: %r", day, error)
            return None
        if not claimed:
            _LOG.info("catalogue refresh of %s: already taken (another process or run)", day)
            return None
        report = RefreshReport(day, self.refresher.sources)
        try:
            stored = parse_additions(await self.repo.get_catalogue_additions())
            result = await self.refresher.run(day, stored)
        except RefreshFailed as error:
            report.errors.append(str(error))
            _LOG.warning("catalogue refresh of %s failed, tried again tomorrow: %s", day, error)
            await self._record_failure(day, report)
            return report
        except Exception:
            _LOG.exception("catalogue refresh of %s failed, tried again tomorrow", day)
            report.errors.append("unexpected error")
            await self._record_failure(day, report)
            return report
        report = result.report
        changed = [(a.movie.movie_id, a.source, a.to_json()) for a in result.outcome.changed]
        try:
            await self.repo.finish_catalogue_refresh(day, "done", _report_json(report), changed)
        except Exception:
            _LOG.exception("catalogue refresh of %s could not be stored: nothing added", day)
            return report
        records = [a.record for a in result.outcome.additions.values()]
        await asyncio.to_thread(self.catalogue.add_films, records)
        _LOG.info("catalogue refresh of %s (%s): %s", day, "+".join(report.sources) or "-",
                  report.line())  # fmt: skip
        return report

    async def follow(self, context: CineContext) -> None:
        """Another process has the day: load its films once its run has finished."""
        assert context.job is not None
        day, deadline = cast(tuple[date, float], context.job.data)
        if await self.reload_when_done(day):
            return
        if time.monotonic() < deadline:
            self._follow_later(context, day, deadline)
        else:
            _LOG.warning("catalogue refresh of %s did not finish in time here", day)

    def _follow_later(self, context: CineContext, day: date, deadline: float) -> None:
        queue = cast("JobQueue[CineContext] | None", context.application.job_queue)
        if queue is not None:
            queue.run_once(self.follow, self.follow_every_s, data=(day, deadline),
                           name=FOLLOW_JOB_NAME)  # fmt: skip

    async def reload_when_done(self, day: date) -> bool:
        """True when ``day``'s run has ended (its films are then loaded, if it succeeded)."""
        try:
            record = await self.repo.get_catalogue_refresh(day)
            if record is None or record.finished_at is None:
                return False
            if record.outcome == "done":
                count = await load_additions(self.catalogue, self.repo)
                _LOG.info("catalogue refresh of %s done elsewhere: %d added films loaded", day,
                          count)  # fmt: skip
        except Exception as error:
            _LOG.warning("could not load the catalogue additions of %s: %r", day, error)
            return False
        return True

    async def _record_failure(self, day: date, report: RefreshReport) -> None:
        try:
            await self.repo.finish_catalogue_refresh(day, "failed", _report_json(report))
        except Exception as error:
            _LOG.warning("could not record the failed catalogue refresh of %s: %r", day, error)


def _report_json(report: RefreshReport) -> dict[str, Any]:
    """The report as stored with the run (plain JSON; the reasons are already key-free)."""
    values = asdict(report)
    values["day"] = report.day.isoformat()
    values["sources"] = list(report.sources)
    values["errors"] = report.errors[:MAX_ERRORS_KEPT]
    return values
