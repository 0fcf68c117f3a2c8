"""The send budget and per-user limits shared by processes on one PostgreSQL (issue 24.3).

Unit tests of the schedule (in memory and in PostgreSQL), then the real python-telegram-bot
client against the local Bot API server: two Applications on one database never send more than
the shared rate (and without sharing they do), a per-user limit spent in one process holds in
another, and while PostgreSQL is away sending goes on within the process's share, with one
WARNING.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
from collections.abc import AsyncIterator, Iterable
from typing import Any

import pytest

from bot.application import CineApp, build_application
from bot.localapi import CallRecord, LocalBotApiServer
from bot.send_budget import LocalSlots, Rate, SharedSendBudget, group_of
from storage.database import Database
from storage.rate_windows import RateWindows, SharedLimitsUnavailable
from tests.conftest import (
    POSTGRES_URL,
    BotFactory,
    make_settings,
    next_message,
    reset_postgres,
    stop_bot,
)
from tests.test_faults import _Switch
from tests.test_poster_chat import encoded, poster_image

# -- the schedule, in memory -------------------------------------------------------------------


def most_in_any_window(times: Iterable[float], period_s: float) -> int:
    """The largest number of ``times`` in any half-open window ``[t, t + period_s)``."""
    ordered = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - period_s:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_rates_per_second_and_their_shares() -> None:
    assert Rate.per_second(30) == Rate(30, 1.0)
    assert Rate.per_second(2.5) == Rate(2, 0.8)
    assert Rate.per_second(0.5) == Rate(1, 2.0)
    assert Rate(30, 1.0).share(1) == Rate(30, 1.0)
    assert Rate(30, 1.0).share(2) == Rate(15, 1.0)
    assert Rate(20, 60.0).share(3) == Rate(6, 60.0)
    assert Rate(2, 1.0).share(4) == Rate(1, 2.0)  # one send every 2 s: a quarter of 2/s


def test_group_chats_are_negative_ids_or_channel_names() -> None:
    assert group_of(-100123) == -100123 and group_of("-42") == -42
    assert group_of("@cinema_news") == "@cinema_news"
    assert group_of(1801) is None and group_of("1801") is None


async def test_local_slots_book_in_order_and_never_more_than_the_limit_per_period() -> None:
    now = [0.0]
    slots = LocalSlots(clock=lambda: now[0])
    assert [await slots.reserve("send", 3, 1.0) for _ in range(7)] == [0, 0, 0, 1, 1, 1, 2]
    now[0] = 5.0  # long after: a free window again
    assert await slots.reserve("send", 3, 1.0) == 0
    assert await slots.reserve("other", 3, 1.0) == 0  # keys are separate budgets
    # Random arrivals, bursts included: the booked slots keep every window within the limit
    # and go out in booking order.
    rng = random.Random(7)
    for gap in (0.0, 0.05):
        booked: list[float] = []
        for _ in range(400):
            now[0] += rng.choice((0.0, 0.0, 0.01, 0.2, 1.5))
            booked.append(now[0] + await slots.reserve(f"burst{gap}", 5, 1.0, gap))
        assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(booked))
        assert most_in_any_window(booked, 1.0) == 5  # reached (bursts) but never exceeded
    now[0] = 100.0
    assert [await slots.reserve("spread", 3, 1.0, 0.2) for _ in range(4)] == pytest.approx(
        [0.0, 0.2, 0.4, 1.0]
    )


class _DownStore:
    """A shared store that is away: every call fails, as ``RateWindows`` does while resting."""

    def __init__(self) -> None:
        self.calls = 0

    async def reserve(self, key: str, limit: int, period_s: float) -> float:
        self.calls += 1
        raise SharedLimitsUnavailable("resting after a failure")


class _TwoProcesses:
    """Presence: this process and one other."""

    async def beat(self, process_id: str, live_within_s: float) -> int:
        return 2

    async def leave(self, process_id: str) -> None:
        return None


async def test_without_the_shared_store_each_process_keeps_to_its_share() -> None:
    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    budget = SharedSendBudget(
        _DownStore(),
        _TwoProcesses(),
        overall=Rate(10, 1.0),
        per_group=Rate(4, 60.0),
        slack_s=0.0,
        fallback=LocalSlots(clock=lambda: now[0]),
        sleep=sleep,
    )
    await budget.start()
    try:
        assert budget.live_processes == 2
        for _ in range(12):  # 12 private sends at once: 5 a second (half of 10), spread
            await budget.acquire(1801)
        assert waits == pytest.approx([0.1, 0.2, 0.3, 0.4, 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1])
        assert (budget.local_slots, budget.shared_slots) == (12, 0)
        waits.clear()
        for _ in range(3):  # a group: half of 4 a minute, and the bot's share too
            await budget.acquire(-100500)
        assert [w for w in waits if w >= 60] == [60.0]
    finally:
        await budget.close()


# -- the schedule, in PostgreSQL ---------------------------------------------------------------


@pytest.fixture
async def postgres_url() -> str:
    if not POSTGRES_URL:
        pytest.skip(
            "shared limits need PostgreSQL: set TEST_DATABASE_URL (.ci/run does when a server "
            "answers on 127.0.0.1:5432)"
        )
    await reset_postgres(POSTGRES_URL)
    database = Database(POSTGRES_URL)
    await database.migrate()
    await database.dispose()
    return POSTGRES_URL


@pytest.fixture
async def two_stores(postgres_url: str) -> AsyncIterator[tuple[RateWindows, RateWindows]]:
    """Two stores with their own connections, as two processes have."""
    first, second = RateWindows(postgres_url), RateWindows(postgres_url)
    yield first, second
    await first.dispose()
    await second.dispose()


async def test_two_stores_book_one_schedule(two_stores: tuple[RateWindows, RateWindows]) -> None:
    first, second = two_stores
    waits = await asyncio.gather(
        *(store.reserve("send", 10, 1.0) for _ in range(20) for store in (first, second))
    )
    # 40 slots at 10 a second, booked from both at once: exactly 10 in each second from now.
    assert sorted(round(w) for w in waits) == [0] * 10 + [1] * 10 + [2] * 10 + [3] * 10
    assert all(w < 3.05 for w in waits)
    assert await first.reserve("send:group:-1", 10, 60.0) <= 0  # another key, its own budget
    spread = [await store.reserve("spread", 10, 1.0, 0.25) for store in (first, second) * 2]
    assert [round(w * 4) for w in spread] == [0, 1, 2, 3]  # a quarter of a second apart


async def test_a_shared_per_user_window_counts_every_process(
    two_stores: tuple[RateWindows, RateWindows],
) -> None:
    first, second = two_stores
    taken = [await store.take("user:poster:7", 3, 60.0) for store in (first, second) * 3]
    assert taken[:3] == [0.0, 0.0, 0.0]
    assert all(59.0 < wait <= 60.0 for wait in taken[3:])  # refused, and not counted
    assert await first.take("user:poster:8", 3, 60.0) == 0.0  # another user is not affected
    assert await first.take("user:poster:7", 4, 60.0) == 0.0  # a bigger limit has room


async def test_heartbeats_count_the_live_processes(
    two_stores: tuple[RateWindows, RateWindows],
) -> None:
    first, second = two_stores
    assert await first.beat("a", 15.0) == 1
    assert await second.beat("b", 15.0) == 2
    await second.leave("b")
    assert await first.beat("a", 15.0) == 1


async def test_an_unreachable_store_fails_fast_logs_once_and_recovers(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    switch = _Switch(5432)
    await switch.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{switch.port}")
    store = RateWindows(url, retry_after_s=0.3)
    try:
        assert await store.reserve("send", 5, 1.0) <= 0
        switch.cut()
        caplog.set_level(logging.INFO, logger="storage.rate_windows")
        for _ in range(3):
            with pytest.raises(SharedLimitsUnavailable):
                await store.reserve("send", 5, 1.0)
        assert not store.available  # resting: the later calls did not even connect
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "shared rate limits unavailable" in warnings[0].message
        switch.up = True
        await asyncio.sleep(0.35)
        assert await store.reserve("send", 5, 1.0) <= 1.2
        assert any("available again" in r.message for r in caplog.records)
    finally:
        await store.dispose()
        await switch.close()


# -- through python-telegram-bot and the local Bot API server ----------------------------------


def sends(api: LocalBotApiServer, since: int = 0) -> list[CallRecord]:
    """The server's sendMessage requests (after the first ``since`` calls of its log)."""
    return [c for c in list(api.call_log)[since:] if c.method == "sendMessage"]


async def _two_applications(api: LocalBotApiServer, url: str, **overrides: Any) -> list[CineApp]:
    """Two Applications built by the composition root on one database, bots initialised (the
    limiter and its budget started), as two processes would have them; no models loaded."""
    applications = []
    for _ in range(2):
        application = build_application(
            make_settings(url, **overrides),
            token=api.token,
            base_url=api.base_url,
            base_file_url=api.base_file_url,
        )
        await application.bot.initialize()
        applications.append(application)
    return applications


async def _close(applications: list[CineApp]) -> None:
    for application in applications:
        await application.bot.shutdown()
        if application.rate_limits is not None:  # type: ignore[attr-defined]
            await application.rate_limits.close()  # type: ignore[attr-defined]
        await application.bot_data.database.dispose()


async def test_two_applications_together_keep_to_the_shared_send_rate(
    api: LocalBotApiServer, postgres_url: str
) -> None:
    users = [api.user(2401 + i).id for i in range(4)]
    applications = await _two_applications(api, postgres_url, rate_limit_per_second=8)
    try:
        await asyncio.gather(
            *(
                app.bot.send_message(users[i % 4], f"{n}-{i}")
                for n, app in enumerate(applications)
                for i in range(16)
            )
        )
        budgets = [app.rate_limits.limiter.budget for app in applications]  # type: ignore[attr-defined]
        assert [b.shared_slots for b in budgets] == [16, 16]  # every send booked in PostgreSQL
    finally:
        await _close(applications)
    seen = sends(api)
    assert len(seen) == 32
    assert most_in_any_window((c.at for c in seen), 1.0) <= 8


async def test_without_sharing_two_applications_send_twice_the_rate(
    api: LocalBotApiServer, postgres_url: str
) -> None:
    """The old behaviour (``SHARED_RATE_LIMITS=false``): what the shared budget prevents."""
    users = [api.user(2411 + i).id for i in range(4)]
    applications = await _two_applications(
        api, postgres_url, rate_limit_per_second=8, shared_rate_limits=False
    )
    try:
        await asyncio.gather(
            *(
                app.bot.send_message(users[i % 4], f"{n}-{i}")
                for n, app in enumerate(applications)
                for i in range(16)
            )
        )
    finally:
        await _close(applications)
    assert most_in_any_window((c.at for c in sends(api)), 1.0) >= 12


async def test_two_applications_share_a_group_chats_budget(
    api: LocalBotApiServer, postgres_url: str
) -> None:
    api.group_chat(-100777)
    applications = await _two_applications(
        api, postgres_url, rate_limit_per_second=30, rate_limit_per_group_per_minute=3
    )
    try:
        pending = [
            asyncio.ensure_future(app.bot.send_message(-100777, f"{n}-{i}"))
            for n, app in enumerate(applications)
            for i in range(3)
        ]
        await asyncio.sleep(2.0)  # the first three go at once; the others wait for a minute
        assert len(sends(api)) == 3
        assert sum(task.done() for task in pending) == 3
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    finally:
        await _close(applications)


async def test_a_per_user_limit_spent_in_one_process_holds_in_another(
    api: LocalBotApiServer, start_bot: BotFactory, postgres_url: str
) -> None:
    application = await start_bot(postgres_url, poster_per_minute=2)
    (other,) = (await _two_applications(api, postgres_url, poster_per_minute=2))[:1]
    try:
        # Another process answered two posters of this user within the minute.
        assert await other.bot_data.poster_throttle.wait_needed(2421) == 0
        assert await other.bot_data.poster_throttle.wait_needed(2421) == 0
    finally:
        await _close([other])
    user = api.user(2421, language_code="en")
    user.send_photo(encoded(poster_image(), "JPEG", quality=80), width=300, height=450)
    refused = await next_message(user)
    assert refused.method == "sendMessage" and "try again" in refused.text
    counts = await application.bot_data.repo.count_user_rows(2421)
    assert counts.predictions == 0  # no model ran in this process
    newcomer = api.user(2422)
    newcomer.send_photo(encoded(poster_image(), "JPEG", quality=80), width=300, height=450)
    assert (await next_message(newcomer)).method == "sendPhoto"


async def test_with_postgres_away_the_bot_still_answers_within_its_share(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    postgres_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    switch = _Switch(5432)
    await switch.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{switch.port}")
    try:
        application = await start_bot(url, rate_limit_per_second=30)
        budget = application.rate_limits.limiter.budget  # type: ignore[attr-defined]
        user = api.user(2431)
        assert "언어" in (await user.ask("/start", timeout=30)).text
        booked = budget.shared_slots
        assert booked >= 1 and budget.local_slots == 0
        caplog.set_level(logging.INFO)
        switch.cut()
        for _ in range(2):  # the database is away: the user is told, by a send from the share
            busy = await user.ask("/start", timeout=30)
            assert "try again" in busy.text.lower()
        assert budget.local_slots >= 2 and budget.shared_slots == booked
        warnings = [r for r in caplog.records if r.name == "storage.rate_windows"]
        assert [r.levelno for r in warnings] == [logging.WARNING]
        switch.up = True
        await asyncio.sleep(5.5)  # the windows rest for 5 s after a failure, then are asked
        while api.pending_events(user.id):  # whatever else the outage's updates sent
            await user.next_event()
        assert "언어" in (await user.ask("/start", timeout=30)).text
        assert budget.shared_slots > booked
        await stop_bot(api, application)
    finally:
        await switch.close()
