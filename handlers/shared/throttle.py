"""Per-user rate limit on the expensive flows (poster model, recommendation lists, imports).

One user flooding posters or /recommend would take CPU from every other chat; a person never
needs more than a few a minute. A sliding window per (user, flow): with a shared ``store``
(several processes on one PostgreSQL, ``storage.rate_windows``) one window for the whole
deployment, one statement per call; otherwise, or while the store cannot be reached, in this
process's memory (then the limit holds per process, so at most ``processes ×`` the setting
while the database is away — which still bounds a flood).
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from handlers.shared.log_context import REFUSED, set_outcome

_LOG = logging.getLogger(__name__)


class WindowStore(Protocol):
    """Shared sliding windows (``storage.rate_windows.RateWindows`` has this method)."""

    async def take(self, key: str, limit: int, period_s: float) -> float:
        """0.0 and count the event if fewer than ``limit`` fell within ``period_s``; else
        seconds until one leaves the window."""
        ...


class Throttle:
    """``await wait_needed(user_id)`` → seconds to wait (0: go ahead, and it is counted)."""

    def __init__(
        self,
        per_minute: int,
        *,
        flow: str = "",
        store: WindowStore | None = None,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = per_minute
        self._flow = flow
        self._store = store
        self._window_s = window_s
        self._clock = clock
        self._calls: dict[int, deque[float]] = {}

    async def wait_needed(self, user_id: int) -> int:
        """0 and count the call if the user is under the limit, else whole seconds to wait
        (then the refusal is logged as a WARNING and the update's outcome is "refused")."""
        wait = await self._wait_needed(user_id)
        if wait:
            _LOG.warning("%s limit of %d a minute reached: refused for %d s", self._flow or "a",
                         self._limit, wait)  # fmt: skip
            set_outcome(REFUSED)
        return wait

    async def _wait_needed(self, user_id: int) -> int:
        if self._limit <= 0:  # 0 turns the limit off
            return 0
        if self._store is not None:
            try:
                wait = await self._store.take(
                    f"user:{self._flow}:{user_id}", self._limit, self._window_s
                )
            except Exception:  # the store logged the outage once; this process's window counts
                return self._local_wait(user_id)
            return max(1, math.ceil(wait)) if wait > 0 else 0
        return self._local_wait(user_id)

    def _local_wait(self, user_id: int) -> int:
        now = self._clock()
        calls = self._calls.setdefault(user_id, deque())
        while calls and calls[0] <= now - self._window_s:
            calls.popleft()
        if len(calls) >= self._limit:
            return max(1, math.ceil(calls[0] + self._window_s - now))
        calls.append(now)
        if len(self._calls) > 10_000:  # forget idle users now and then: memory stays bounded
            self._forget_idle(now)
        return 0

    def _forget_idle(self, now: float) -> None:
        idle = [u for u, c in self._calls.items() if not c or c[-1] <= now - self._window_s]
        for user_id in idle:
            del self._calls[user_id]
