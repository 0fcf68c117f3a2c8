"""Per-user rate limit on the expensive flows (poster model, recommendation lists).

One user flooding posters or /recommend would take CPU from every other chat; a person never
needs more than a few a minute. A sliding window per (user, flow) in this process's memory:
with several processes each keeps its own window, so the effective limit is at most
``processes ×`` the setting, which still bounds a flood.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class Throttle:
    """``allow(user_id)`` → seconds to wait (0 when the call may go ahead, and it is counted)."""

    def __init__(
        self,
        per_minute: int,
        *,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = per_minute
        self._window_s = window_s
        self._clock = clock
        self._calls: dict[int, deque[float]] = {}

    def wait_needed(self, user_id: int) -> int:
        """0 and count the call if the user is under the limit, else whole seconds to wait."""
        if self._limit <= 0:  # 0 turns the limit off
            return 0
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
