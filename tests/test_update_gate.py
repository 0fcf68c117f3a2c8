"""Polling confirms a batch only once every update of it is stored (``bot/update_gate.py``),
without waiting for slow replies: an update that waits for its chat is stored early."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import text

from bot.localapi import FaultKind, FaultRule, LocalBotApiServer
from bot.update_gate import ConfirmationGate
from tests.conftest import BotFactory


async def test_the_gate_waits_for_every_fetched_update_to_be_secured() -> None:
    gate = ConfirmationGate(timeout_s=5)
    await asyncio.wait_for(gate.wait(), 0.1)  # nothing fetched: no wait
    gate.fetched([7, 8])
    gate.secured(99)  # a replayed update, never fetched here: ignored
    waiting = asyncio.create_task(gate.wait())
    await asyncio.sleep(0.05)
    gate.secured(7)
    await asyncio.sleep(0.05)
    assert not waiting.done() and gate.pending == 1
    gate.secured(8)
    await asyncio.wait_for(waiting, 1)
    assert gate.pending == 0


async def test_a_stuck_update_holds_polling_back_only_until_the_time_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = ConfirmationGate(timeout_s=0.2)
    gate.fetched([5])
    with caplog.at_level(logging.WARNING, logger="bot.update_gate"):
        await asyncio.wait_for(gate.wait(), 2)
    assert gate.pending == 0 and "still not stored" in caplog.text


async def test_an_update_waiting_behind_a_slow_one_is_stored_and_confirmed_at_once(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    """The first update's answer hangs on a slow server; the same chat's next update is
    stored while it waits for its turn, so polling confirms both and goes on."""
    application = await start_bot(database_url)
    user = api.user(4801, language_code="en")
    await user.ask("/help", timeout=30)
    api.faults.add(FaultRule(FaultKind.SLOW, method="sendMessage", delay_s=3.0))
    slow = user.send("/help")
    waiting = user.send("/profile")
    engine = application.bot_data.database.engine
    stored: set[int] = set()
    for _ in range(40):
        await asyncio.sleep(0.05)
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT update_id FROM inbound_messages"))
            stored = {int(row[0]) for row in rows}
        if {slow, waiting} <= stored:
            break
    assert {slow, waiting} <= stored, "the waiting update was not stored before its turn"
    await asyncio.sleep(0.1)
    assert not api.holds_update(slow) and not api.holds_update(waiting)
    api.faults.clear()
    assert (await user.reply(timeout=30)).text  # /help, once the slow send ends
    assert (await user.reply(timeout=30)).text  # then /profile
