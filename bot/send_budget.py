"""The bot's send budget, shared by every process on one PostgreSQL.

Telegram allows a bot about 30 messages a second overall and 20 a minute in one group chat,
whichever process sends them. Each process limiting itself (PTB's ``AIORateLimiter``) lets N
processes send N times that and collect 429s; so with ``SHARED_RATE_LIMITS`` each send books a
slot in a window every process shares (``storage.rate_windows``: one statement per send) and
waits for it. A slot is never refused, only later, so a burst is spread out rather than lost;
consecutive slots are at least half the average spacing apart (a burst goes out at twice the
average rate: 30 in about half a second), so that no process sends a second's budget at once.

The windows are ``SLACK_S`` longer than Telegram's: a send leaves a process some milliseconds
after its slot (the event loop, the HTTP request), by different amounts in different
processes, and without slack the server could see the limit plus one within a second.

When the shared windows cannot be reached (the database away), sending must not stop: each
send then books a slot in this process's own windows, sized to its share of the budget (the
budget divided by the processes that beat within ``LIVE_WITHIN_S`` at the last heartbeat that
got through; the whole budget if none ever did). The store logs the outage once; the shared
windows are used again as soon as they answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

_LOG = logging.getLogger(__name__)

SLACK_S = 0.1
BEAT_EVERY_S = 5.0
LIVE_WITHIN_S = 15.0  # three missed beats and a process no longer counts
OVERALL_KEY = "send"


class SlotStore(Protocol):
    """Books slots in sliding windows (``storage.rate_windows.RateWindows`` on PostgreSQL,
    :class:`LocalSlots` in memory)."""

    async def reserve(self, key: str, limit: int, period_s: float, gap_s: float = 0.0) -> float:
        """Book the next slot of ``key`` (≤ ``limit`` per ``period_s``, ≥ ``gap_s`` after the
        last); seconds until it (≤ 0: now)."""
        ...


class Presence(Protocol):
    """Who else is sending: heartbeats of the processes sharing the budget."""

    async def beat(self, process_id: str, live_within_s: float) -> int:
        """Say this process is alive; how many are (this one included)."""
        ...

    async def leave(self, process_id: str) -> None:
        """Stop counting this process."""
        ...


class SendBudget(Protocol):
    """What the rate limiter (``bot.retrying_limiter``) needs of a budget."""

    async def start(self) -> None:
        """Before the first send."""
        ...

    async def close(self) -> None:
        """After the last send."""
        ...

    async def acquire(self, chat_id: int | str) -> None:
        """Return when a send to ``chat_id`` may go out."""
        ...


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``limit`` sends in any ``period_s``."""

    limit: int
    period_s: float

    @classmethod
    def per_second(cls, rate: float) -> Rate:
        """30.0 → 30 a second; 2.5 → 2 every 0.8 s; 0.5 → 1 every 2 s."""
        limit = max(1, math.floor(rate))
        return cls(limit, limit / rate)

    def share(self, processes: int) -> Rate:
        """One of ``processes`` equal shares: 30/s → 15/s for two; 20/min → 6/min for three;
        a share below one send per period stretches the period instead."""
        if processes <= 1:
            return self
        if self.limit >= processes:
            return Rate(self.limit // processes, self.period_s)
        return Rate(1, self.period_s * processes / self.limit)


class LocalSlots:
    """The same schedule as the shared windows, in this process's memory (the fallback)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._stamps: dict[str, deque[float]] = {}

    async def reserve(self, key: str, limit: int, period_s: float, gap_s: float = 0.0) -> float:
        """Book the next slot: now, ``gap_s`` after the last slot, and ``period_s`` after the
        slot ``limit`` back."""
        now = self._clock()
        stamps = self._stamps.get(key)
        if stamps is None or stamps.maxlen != limit:
            stamps = self._stamps[key] = deque(stamps or (), maxlen=limit)
        slot = now
        if stamps:
            slot = max(slot, stamps[-1] + gap_s)
            if len(stamps) == limit:
                slot = max(slot, stamps[0] + period_s)
        stamps.append(slot)
        if len(self._stamps) > 1024:  # group chats come and go: forget the idle ones
            self._forget_idle(now, period_s)
        return slot - now

    def _forget_idle(self, now: float, period_s: float) -> None:
        idle = [k for k, s in self._stamps.items() if s and s[-1] < now - max(period_s, 60.0)]
        for key in idle:
            del self._stamps[key]


def _gap(rate: Rate, spread: bool) -> float:
    """Slots of the bot's budget are at least half the average spacing apart (a burst of 30
    takes half a second): a process then never fires a whole second's budget at one instant,
    and how late each send leaves it — what ``SLACK_S`` must cover — stays small. A group's
    20 a minute are not spread (a reply's second message would wait 1.5 s)."""
    return rate.period_s / rate.limit / 2 if spread else 0.0


def group_of(chat_id: int | str) -> int | str | None:
    """The group or channel a send goes to (Telegram's negative ids, ``@channel`` names), or
    None for a private chat."""
    if isinstance(chat_id, str):
        try:
            chat_id = int(chat_id)
        except ValueError:
            return chat_id
    return chat_id if chat_id < 0 else None


class SharedSendBudget:
    """``await budget.acquire(chat_id)`` before each send: waits for a slot of the group's
    budget (a group chat), then of the bot's; shared through ``store`` while it answers."""

    def __init__(
        self,
        store: SlotStore,
        presence: Presence | None,
        *,
        overall: Rate,
        per_group: Rate | None,
        slack_s: float = SLACK_S,
        beat_every_s: float = BEAT_EVERY_S,
        fallback: SlotStore | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._store = store
        self._presence = presence
        self._overall = overall
        self._per_group = per_group
        self._slack_s = slack_s
        self._beat_every_s = beat_every_s
        self._fallback = fallback or LocalSlots()
        self._sleep = sleep
        self._process_id = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._beating: asyncio.Task[None] | None = None
        self.live_processes = 1  # at the last heartbeat that got through
        # What it cost: read by the summary at close, tests and benchmarks.
        self.shared_slots = 0
        self.local_slots = 0
        self.booking_s = 0.0  # time spent booking shared slots (the database round trips)
        self.waited_s = 0.0  # time sends waited for their slot

    async def start(self) -> None:
        """First heartbeat (so the fallback share is known early), then one every few s."""
        if self._presence is None or self._beating is not None:
            return
        await self._beat()
        self._beating = asyncio.get_running_loop().create_task(self._beat_forever())

    async def close(self) -> None:
        """Stop beating and leave, so the other processes' share grows at once."""
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
            self._beating = None
            assert self._presence is not None
            with contextlib.suppress(Exception):  # gone anyway after LIVE_WITHIN_S
                await self._presence.leave(self._process_id)
        if self.shared_slots or self.local_slots:
            _LOG.info(
                "send budget: %d shared slots (%.2f ms to book each), %d from this process's "
                "share; sends waited %.1f s in all",
                self.shared_slots,
                1000 * self.booking_s / max(self.shared_slots, 1),
                self.local_slots,
                self.waited_s,
            )

    async def acquire(self, chat_id: int | str) -> None:
        """Wait until this send fits the group's budget and the bot's."""
        group = group_of(chat_id)
        if group is not None and self._per_group is not None:
            await self._slot(f"{OVERALL_KEY}:group:{group}", self._per_group, spread=False)
        await self._slot(OVERALL_KEY, self._overall, spread=True)

    async def _slot(self, key: str, rate: Rate, *, spread: bool) -> None:
        started = time.perf_counter()
        period_s = rate.period_s + self._slack_s
        try:
            wait = await self._store.reserve(key, rate.limit, period_s, _gap(rate, spread))
        except Exception:  # the store logged the outage once; sending goes on
            share = rate.share(self.live_processes)
            wait = await self._fallback.reserve(
                key, share.limit, share.period_s + self._slack_s, _gap(share, spread)
            )
            self.local_slots += 1
        else:
            self.booking_s += time.perf_counter() - started
            self.shared_slots += 1
        if wait > 0:
            self.waited_s += wait
            await self._sleep(wait)

    async def _beat(self) -> None:
        assert self._presence is not None
        try:
            self.live_processes = await self._presence.beat(self._process_id, LIVE_WITHIN_S)
        except Exception:  # the store logged it; the last count stands
            return

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(self._beat_every_s)
            await self._beat()
