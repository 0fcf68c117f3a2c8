"""Telegram failing 10 % of calls, and a database that is locked or unreachable for a while.

Every user must still get every answer, in order, and nothing may be stored twice; when the
database is away the user is told to try again and nothing stored before is lost.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.application import CineApp
from bot.localapi import FaultKind, FaultRule, LocalBotApiServer
from tests.conftest import POSTGRES_URL, BotFactory, onboard, reach_age_step, reset_postgres

USERS = (1501, 1502, 1503, 1504)


async def _stored_counts(url: str, telegram_id: int) -> tuple[int, int, int]:
    """(inbound rows, distinct update ids, favourites) of one user, read straight from SQL."""
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        inbound, distinct = (
            await conn.execute(
                text(
                    "SELECT count(*), count(DISTINCT update_id) FROM inbound_messages m "
                    "JOIN users u ON u.id = m.user_id WHERE u.telegram_id = :t"
                ),
                {"t": telegram_id},
            )
        ).one()
        favourites = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM favourites f JOIN users u ON u.id = f.user_id "
                    "WHERE u.telegram_id = :t"
                ),
                {"t": telegram_id},
            )
        ).scalar_one()
    await engine.dispose()
    return int(inbound), int(distinct), int(favourites)


async def test_ten_percent_failed_calls_lose_no_answer_and_store_nothing_twice(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url, rate_limit_max_retries=10)
    rate = 0.025  # four kinds: 10 % of all calls, getUpdates included
    for kind in (FaultKind.RATE_LIMIT, FaultKind.SERVER_ERROR, FaultKind.DROP, FaultKind.SLOW):
        api.faults.add(
            FaultRule(kind, rate=rate, retry_after=1, delay_s=0.2, include_get_updates=True)
        )
    users = [api.user(uid, language_code="ko" if uid % 2 else "en") for uid in USERS]

    async def conversation(index: int) -> int:
        user = users[index]
        await onboard(user, language="ko" if user.id % 2 else "en")
        help_reply = await user.ask("/help", timeout=30)
        assert "/profile" in help_reply.text
        return user.id

    done = await asyncio.wait_for(
        asyncio.gather(*(conversation(i) for i in range(len(users)))), timeout=240
    )
    api.faults.clear()
    assert sorted(done) == sorted(USERS)
    fired = sum(api.faults.fired.values())
    assert fired >= 10, api.faults.fired  # the run really went through failures
    for user in users:
        assert api.pending_events(user.id) == 0, "an answer arrived twice"
        inbound, distinct, favourites = await _stored_counts(database_url, user.id)
        assert inbound == distinct == api.updates_sent[user.id]
        assert favourites == 10
        profile = await application.bot_data.repo.get_profile(user.id)
        assert profile is not None and profile.onboarded and profile.age == 27


async def test_a_timed_out_send_is_retried_and_answered(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """A call that times out may have reached Telegram: it is sent again (at least once)."""
    await start_bot(sqlite_url, read_timeout_s=0.5)
    api.faults.add(FaultRule(FaultKind.SLOW, method="sendMessage", rate=1.0, delay_s=0.8))
    user = api.user(1510)
    user.send("/help")
    while api.faults.fired[FaultKind.SLOW] == 0:  # noqa: ASYNC110 - the server has no event
        await asyncio.sleep(0.02)
    api.faults.clear()
    reply = await user.reply(timeout=20)
    assert "/profile" in reply.text


# -- the database goes away ---------------------------------------------------------------


@pytest.fixture
def locked_sqlite(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'locked.db'}"


async def test_a_locked_sqlite_file_asks_the_user_to_retry_and_loses_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, locked_sqlite: str
) -> None:
    application = await start_bot(locked_sqlite, sqlite_busy_timeout_ms=300)
    user = api.user(1520, language_code="ko")
    age_question = await reach_age_step(user, "ko")
    assert age_question.text
    path = locked_sqlite.removeprefix("sqlite+aiosqlite:///")
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the file
    try:
        busy = await user.ask("31", timeout=20)
        assert "잠시 후" in busy.text  # "try again in a moment", in Korean
    finally:
        blocker.rollback()
        blocker.close()
    gender_question = await user.ask("31", timeout=20)  # the same step, now stored
    assert gender_question.buttons and gender_question.buttons[0][1].startswith("onb:gender:")
    profile = await application.bot_data.repo.get_profile(1520)
    assert profile is not None and profile.language == "ko" and profile.age == 31


class _Switch:
    """A TCP forwarder to PostgreSQL that can be cut: connections dropped, new ones refused."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = True
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def cut(self) -> None:
        self.up = False
        for writer in self._writers:
            writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()


@pytest.fixture
async def postgres_switch() -> AsyncIterator[tuple[str, _Switch]]:
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL path not tested: set TEST_DATABASE_URL")
    await reset_postgres(POSTGRES_URL)
    switch = _Switch(5432)
    await switch.start()
    yield POSTGRES_URL.replace("127.0.0.1:5432", f"127.0.0.1:{switch.port}"), switch
    await switch.close()


async def test_an_unreachable_postgres_asks_the_user_to_retry_and_loses_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, postgres_switch: tuple[str, _Switch]
) -> None:
    url, switch = postgres_switch
    application: CineApp = await start_bot(url)
    user = api.user(1530)
    await reach_age_step(user, "en")
    switch.cut()
    busy = await user.ask("44", timeout=30)
    assert "try again" in busy.text.lower()
    switch.up = True
    gender_question = await user.ask("44", timeout=30)
    assert gender_question.buttons and gender_question.buttons[0][1].startswith("onb:gender:")
    profile = await application.bot_data.repo.get_profile(1530)
    assert profile is not None and profile.language == "en" and profile.age == 44


async def test_a_button_answer_that_timed_out_but_took_effect_is_not_an_error(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Retrying answerCallbackQuery after a late success gets "query is too old": that is the
    proof it was answered, not a failure to report to the user."""
    await start_bot(sqlite_url, read_timeout_s=0.5)
    user = api.user(1511)
    prompt = await user.ask("/start")
    api.faults.add(FaultRule(FaultKind.SLOW, method="answerCallbackQuery", delay_s=0.8))
    user.press(prompt, "onb:lang:en")
    while api.faults.fired[FaultKind.SLOW] == 0:  # noqa: ASYNC110 - the server has no event
        await asyncio.sleep(0.02)
    api.faults.clear()  # the retry goes through and finds the query already answered
    age_question = await user.reply(timeout=20)
    while "how old" not in age_question.text.lower():
        age_question = await user.reply(timeout=20)
    assert "describes you" in (await user.ask("27", timeout=20)).text
