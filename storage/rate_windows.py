"""Rate limits shared by every bot process on one PostgreSQL: one statement per event.

Each limit is a sliding window kept as a row of ``rate_windows``: the times of its last
``limit`` events, on the database's clock (so processes on different machines agree).

- :meth:`RateWindows.reserve` books the next slot of a send budget and says how long to wait
  for it: the slot is now, or later when ``limit`` events already fall within ``period_s``
  (the oldest of them plus ``period_s``), and never sooner than ``gap_s`` after the slot
  booked last, so slots go out in order and a burst is spread a little. Any ``period_s`` then
  holds at most ``limit`` slots, however many processes book them. Reserving rather than
  refusing lets every send go out, only later, and costs one statement however many wait.
- :meth:`RateWindows.take` is a per-user limit: the event counts when fewer than ``limit``
  fall within ``period_s``; otherwise nothing is written and the answer is how long until one
  leaves the window.

Both are one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``: the row lock serialises processes
for the few microseconds of the update, and nothing is held while a process waits for its slot.

The engine is its own, with short time-outs: a send must not wait for the repository's pool,
and when PostgreSQL is away the caller should learn it within a second and fall back to its
own share. After a failure the connections are dropped and the windows are not asked again
for ``retry_after_s``: every
call meanwhile raises :class:`SharedLimitsUnavailable` at once, so a dead database costs no
time per send. The first failure of an outage is logged once as a WARNING, the recovery as INFO.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.types import Double, Integer, String

_LOG = logging.getLogger(__name__)
_T = TypeVar("_T")

_NOW = "extract(epoch FROM clock_timestamp())::float8"
# The slot: now, ``gap`` after the last booked slot, and ``period`` after the slot ``limit``
# back. GREATEST ignores NULL, which is what an index before the first element gives; a slice
# clamps to the array, so ``[n - limit + 2:]`` keeps at most the newest ``limit - 1``.
_RESERVE = text(
    f"""
    INSERT INTO rate_windows AS w (key, stamps) VALUES (:key, ARRAY[{_NOW}])
    ON CONFLICT (key) DO UPDATE SET stamps =
        w.stamps[cardinality(w.stamps) - :limit + 2:]
        || GREATEST({_NOW}, w.stamps[cardinality(w.stamps)] + :gap,
                    w.stamps[cardinality(w.stamps) - :limit + 1] + :period)
    RETURNING stamps[cardinality(stamps)] - {_NOW}
    """
).bindparams(
    bindparam("key", type_=String()),
    bindparam("limit", type_=Integer()),
    bindparam("period", type_=Double()),
    bindparam("gap", type_=Double()),
)
# Counted only when the window has room; the row comes back either way, with the time used.
_TAKE = text(
    f"""
    WITH now AS (SELECT {_NOW} AS t)
    INSERT INTO rate_windows AS w (key, stamps) SELECT :key, ARRAY[now.t] FROM now
    ON CONFLICT (key) DO UPDATE SET stamps = CASE
        WHEN cardinality(w.stamps) < :limit
          OR w.stamps[cardinality(w.stamps) - :limit + 1] <= EXCLUDED.stamps[1] - :period
        THEN w.stamps[cardinality(w.stamps) - :limit + 2:] || EXCLUDED.stamps[1]
        ELSE w.stamps END
    RETURNING (SELECT t FROM now), stamps
    """
).bindparams(
    bindparam("key", type_=String()),
    bindparam("limit", type_=Integer()),
    bindparam("period", type_=Double()),
)
_BEAT = text(
    """
    INSERT INTO rate_limit_processes (process_id, seen_at) VALUES (:process, now())
    ON CONFLICT (process_id) DO UPDATE SET seen_at = now()
    """
).bindparams(bindparam("process", type_=String()))
_LIVE = text(
    "SELECT count(*) FROM rate_limit_processes "
    "WHERE seen_at > now() - make_interval(secs => :within)"
).bindparams(bindparam("within", type_=Double()))
_LEAVE = text("DELETE FROM rate_limit_processes WHERE process_id = :process").bindparams(
    bindparam("process", type_=String())
)
# Processes gone for an hour, and windows whose newest event is an hour old (every window is a
# minute at most, so such a row constrains nothing).
_FORGET_PROCESSES = text(
    "DELETE FROM rate_limit_processes WHERE seen_at < now() - interval '1 hour'"
)
_FORGET_WINDOWS = text(
    f"DELETE FROM rate_windows WHERE stamps[cardinality(stamps)] < {_NOW} - 3600"
)


class SharedLimitsUnavailable(RuntimeError):
    """The shared windows could not be asked (database away, or resting after a failure)."""


class RateWindows:
    """The shared windows of one PostgreSQL database (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 4,
        timeout_s: float = 1.0,
        retry_after_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=timeout_s,
            # One round trip per event: each statement is its own transaction (no BEGIN and
            # COMMIT around it) and no ping before it (a dead connection fails the statement,
            # which rests the windows for a few seconds and is then replaced).
            isolation_level="AUTOCOMMIT",
            connect_args={"timeout": timeout_s, "command_timeout": timeout_s},
        )
        self._retry_after_s = retry_after_s
        self._clock = clock
        self._resting_until = 0.0
        self._down = False

    @property
    def available(self) -> bool:
        """False while resting after a failure (calls would raise at once)."""
        return self._clock() >= self._resting_until

    async def reserve(self, key: str, limit: int, period_s: float, gap_s: float = 0.0) -> float:
        """Book the next slot of ``key`` (at most ``limit`` per ``period_s``, and at least
        ``gap_s`` after the one before); seconds from now until it (0 or less: send now)."""
        params = {"key": key, "limit": limit, "period": period_s, "gap": gap_s}

        async def run() -> float:
            async with self._engine.connect() as connection:
                sent = time.perf_counter()
                wait = float((await connection.execute(_RESERVE, params)).scalar_one())
            # The wait counts from when the statement ran, about when it was sent; the answer
            # may be read much later by a busy event loop, and sleeping the whole wait then
            # would send late by that much — by different amounts in different processes.
            return wait - (time.perf_counter() - sent)

        return await self._guarded(run)

    async def take(self, key: str, limit: int, period_s: float) -> float:
        """Count one event of ``key`` if fewer than ``limit`` fell within ``period_s``: 0.0;
        else seconds until the oldest leaves the window (nothing counted)."""
        params = {"key": key, "limit": limit, "period": period_s}

        async def run() -> float:
            async with self._engine.connect() as connection:
                now, stamps = (await connection.execute(_TAKE, params)).one()
            if stamps[-1] == now:  # ours: counted
                return 0.0
            return max(float(stamps[-limit]) + period_s - float(now), 0.001)

        return await self._guarded(run)

    async def beat(self, process_id: str, live_within_s: float) -> int:
        """Say this process is alive; how many processes beat within ``live_within_s`` (this one
        included). Also forgets processes and windows idle for an hour."""

        async def run() -> int:
            async with self._engine.connect() as connection:
                await connection.execute(_BEAT, {"process": process_id})
                await connection.execute(_FORGET_PROCESSES)
                await connection.execute(_FORGET_WINDOWS)
                live = (await connection.execute(_LIVE, {"within": live_within_s})).scalar_one()
            return max(int(live), 1)

        return await self._guarded(run)

    async def leave(self, process_id: str) -> None:
        """Forget this process (at a clean shutdown), so the others' share grows at once."""
        async with self._engine.connect() as connection:
            await connection.execute(_LEAVE, {"process": process_id})

    async def dispose(self) -> None:
        """Close the connections."""
        await self._engine.dispose()

    async def _guarded(self, run: Callable[[], Awaitable[_T]]) -> _T:
        """Run one statement unless resting; on failure rest, log once, raise."""
        if not self.available:
            raise SharedLimitsUnavailable("resting after a failure")
        try:
            result = await run()
        except Exception as exc:
            self._resting_until = self._clock() + self._retry_after_s
            # The pooled connections most likely died with the outage, and without a ping
            # they would fail the next calls too: start afresh when asked again.
            with contextlib.suppress(Exception):
                await self._engine.dispose()
            if not self._down:
                self._down = True
                _LOG.warning(
                    "shared rate limits unavailable (%s: %s); this process keeps to its own "
                    "share of the send budget and its own per-user limits until the database "
                    "answers (asked again every %.0f s)",
                    type(exc).__name__,
                    _reason(exc),
                    self._retry_after_s,
                )
            raise SharedLimitsUnavailable(type(exc).__name__) from exc
        if self._down:
            self._down = False
            _LOG.info("shared rate limits available again")
        return result


def _reason(error: BaseException) -> str:
    """The driver's own words, first line only (SQLAlchemy's text adds the whole statement)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0][:160] if lines else type(cause).__name__
