"""Real bot processes: killed with SIGKILL mid-conversation, and two webhook processes on one
PostgreSQL with updates of one user reaching either of them."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.localapi import FaultKind, FaultRule, LocalBotApiServer
from storage.database import Database
from storage.repository import Repository
from tests.conftest import POSTGRES_URL, onboard, reach_age_step, reset_postgres
from tests.test_recommendations import button, list_id, recommendation_list

ROOT = Path(__file__).resolve().parents[1]
SECRET = "webhook-secret-for-two-processes"

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcesses:
    """Starts ``python -m bot`` processes against the local server; kills them all at the end."""

    def __init__(self, api: LocalBotApiServer, workdir: Path) -> None:
        self.api = api
        self.workdir = workdir
        self.running: list[asyncio.subprocess.Process] = []

    async def start(self, database_url: str, **env: str) -> asyncio.subprocess.Process:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        base.update(
            TELEGRAM_BOT_TOKEN=self.api.token,
            TELEGRAM_API_BASE_URL=f"http://{self.api.host}:{self.api.port}",
            DATABASE_URL=database_url,
            RATE_LIMIT_PER_SECOND="0",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
            **env,
        )
        log = open(self.workdir / f"bot-{len(self.running)}.log", "wb")  # noqa: ASYNC230, SIM115 - handed to the child
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=base, stdout=log, stderr=log
        )
        log.close()
        self.running.append(process)
        return process

    async def kill(self, process: asyncio.subprocess.Process) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed."""
        process.send_signal(signal.SIGKILL)
        await process.wait()
        # The dead poller's long poll must not hold updates back from the next process.
        await self.api.release_pollers()
        self.api.resume_long_polling()

    async def close(self) -> None:
        for process in self.running:
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
                await process.wait()


@pytest.fixture
async def processes(api: LocalBotApiServer, tmp_path: Path) -> AsyncIterator[BotProcesses]:
    spawned = BotProcesses(api, tmp_path)
    yield spawned
    await spawned.close()


async def _wait_for_row(database_url: str, query: str, update_id: int, never: str) -> None:
    """Until ``query`` (one column, ``:u`` the update id) finds a non-null value."""
    engine = create_async_engine(database_url)
    try:
        for _ in range(400):
            async with engine.connect() as conn:
                found = (await conn.execute(text(query), {"u": update_id})).scalar_one_or_none()
            if found is not None:
                return
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
    raise AssertionError(f"update {update_id} {never}")


async def wait_handled(database_url: str, update_id: int) -> None:
    """Until the bot has finished with ``update_id`` (its step written, marked handled)."""
    query = "SELECT handled_at FROM inbound_messages WHERE update_id = :u"
    await _wait_for_row(database_url, query, update_id, "was never marked handled")


async def wait_stored(database_url: str, update_id: int) -> None:
    """Until the bot has stored ``update_id`` (the middleware runs before any flow)."""
    query = "SELECT update_id FROM inbound_messages WHERE update_id = :u"
    await _wait_for_row(database_url, query, update_id, "was never stored")


async def test_sigkill_mid_conversation_then_restart_resumes_at_the_same_step(
    api: LocalBotApiServer, processes: BotProcesses, database_url: str
) -> None:
    first = await processes.start(database_url, RUN_MODE="polling")
    user = api.user(1601, language_code="ko")
    await reach_age_step(user, "ko")  # waits for the process to start, then the age question
    await wait_handled(database_url, api.last_update_id)
    await processes.kill(first)  # SIGKILL while the user is at the age step
    second = await processes.start(database_url, RUN_MODE="polling")
    gender_question = await user.ask("33", timeout=60)  # answered by the new process
    assert gender_question.buttons, gender_question
    assert gender_question.buttons[0][1].startswith("onb:gender:")
    user.press(gender_question, "onb:gender:male")
    await user.reply(timeout=30)  # the gender confirmed
    assert "좋아하는 영화" in (await user.reply(timeout=30)).text
    await wait_handled(database_url, api.last_update_id)
    await processes.kill(second)  # and again, at the favourites step
    await processes.start(database_url, RUN_MODE="polling")
    candidates = await user.ask("Toy Story", timeout=60)
    assert candidates.buttons[0][1].startswith("onb:fav:add:")


async def test_an_update_in_flight_when_killed_is_answered_after_the_restart(
    api: LocalBotApiServer, processes: BotProcesses, database_url: str
) -> None:
    """Polling confirms a batch to Telegram before handling it: the stored update is replayed."""
    first = await processes.start(database_url, RUN_MODE="polling")
    user = api.user(1603, language_code="en")
    await reach_age_step(user, "en")
    await wait_handled(database_url, api.last_update_id)
    api.faults.add(FaultRule(FaultKind.SLOW, method="sendMessage", delay_s=60))
    update_id = user.send("33")
    await wait_stored(database_url, update_id)
    await asyncio.sleep(0.5)  # the step runs until its answer hangs on the slow server
    await processes.kill(first)  # the answer was never sent; Telegram has forgotten the update
    api.faults.clear()
    await processes.start(database_url, RUN_MODE="polling")
    gender_question = await user.reply(timeout=60)  # no new message: the replayed "33"
    assert gender_question.buttons and gender_question.buttons[0][1].startswith("onb:gender:")
    await wait_handled(database_url, update_id)
    await asyncio.sleep(0.5)
    assert api.pending_events(user.id) == 0, "the replayed update was answered twice"
    user.press(gender_question, "onb:gender:female")  # and the conversation goes on from there
    await user.reply(timeout=30)
    assert "films you love" in (await user.reply(timeout=30)).text


@contextlib.asynccontextmanager
async def message_log_locked(database_url: str) -> AsyncIterator[None]:
    """Another connection holds the message log's write lock: the bot can read, but storing an
    update waits (SQLite's busy time-out is 5 s; hold it for less)."""
    if database_url.startswith("sqlite"):
        connection = sqlite3.connect(database_url.split("///", 1)[1], isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    transaction = connection.transaction()
    await transaction.start()
    await connection.execute("LOCK TABLE inbound_messages IN SHARE ROW EXCLUSIVE MODE")
    try:
        yield
    finally:
        await transaction.rollback()
        await connection.close()


async def test_an_update_fetched_but_not_yet_stored_when_killed_is_delivered_again(
    api: LocalBotApiServer, processes: BotProcesses, database_url: str
) -> None:
    """Polling asks for the next batch (which tells Telegram to forget this one) only once every
    update of it is stored (``bot/update_gate.py``). With the message log locked, a fetched
    update stays at Telegram; after a kill -9 the new process gets it again and answers it.
    Before, it was confirmed at once, and a kill before the store lost it for good."""
    first = await processes.start(database_url, RUN_MODE="polling")
    user = api.user(1605, language_code="en")
    await reach_age_step(user, "en")
    await wait_handled(database_url, api.last_update_id)
    async with message_log_locked(database_url):
        update_id = user.send("33")
        await asyncio.sleep(1.5)  # fetched at once (a long poll was waiting), not storable
        assert api.holds_update(update_id), "confirmed to Telegram before it was stored"
        await processes.kill(first)
    await processes.start(database_url, RUN_MODE="polling")
    gender_question = await user.reply(timeout=60)  # the same "33", delivered again
    assert gender_question.buttons and gender_question.buttons[0][1].startswith("onb:gender:")
    await wait_handled(database_url, update_id)
    await asyncio.sleep(0.5)
    assert api.pending_events(user.id) == 0, "answered twice"


@pytest.fixture
async def postgres_url() -> str:
    if not POSTGRES_URL:
        pytest.skip(
            "two processes need PostgreSQL: set TEST_DATABASE_URL (.ci/run does when a server "
            "answers on 127.0.0.1:5432)"
        )
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


async def _wait_healthy(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(240):
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.25)
    raise AssertionError(f"{url} never became healthy")


async def test_two_webhook_processes_on_one_postgres_keep_every_conversation_consistent(
    api: LocalBotApiServer, processes: BotProcesses, postgres_url: str
) -> None:
    ports = [_free_port(), _free_port()]
    # Migrate once before starting the processes (the documented deployment step).
    migrate = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--migrate-only",
        cwd=processes.workdir,
        env={**os.environ, "DATABASE_URL": postgres_url, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert await migrate.wait() == 0
    for port in ports:
        await processes.start(
            postgres_url,
            RUN_MODE="webhook",
            WEBHOOK_PUBLIC_URL="https://cinemate.example",
            WEBHOOK_SECRET_TOKEN=SECRET,
            WEBHOOK_LISTEN_PORT=str(port),
        )
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    for url in urls:
        await _wait_healthy(url)
    delivery = api.deliver_by_webhook([f"{url}/telegram/webhook" for url in urls], SECRET)

    # Every consecutive update of a user goes to the other process.
    users = [api.user(1701, language_code="en"), api.user(1702, language_code="ko")]
    await asyncio.gather(
        onboard(users[0], language="en", platforms=("netflix", "watcha")),
        onboard(users[1], language="ko", age="41", platforms=("wavve",)),
    )
    # Two button presses of one user in flight at once, one to each process.
    message = await recommendation_list(users[0])
    listed_id = list_id(message)
    users[0].press_data(message.message_id or 0, f"ff:{listed_id}:0:l")  # 👍 on the first
    users[0].press_data(message.message_id or 0, f"ff:{listed_id}:1:d")  # 👎 on the second
    edits = [await users[0].next_event(timeout=30) for _ in range(4)]
    assert sum(event.kind == "callback_answer" for event in edits) == 2
    # The next list, from whichever process, leaves both films out.
    users[0].press(message, button(message, "🔄"))
    fresh = await recommendation_list(users[0], command="")

    database = Database(postgres_url)
    repo = Repository(database)
    try:
        first_list = await repo.get_prediction(1701, listed_id)
        fresh_list = await repo.get_prediction(1701, list_id(fresh))
        assert first_list is not None and fresh_list is not None
        shown = first_list.output["movies"]
        assert not {shown[0], shown[1]} & set(fresh_list.output["movies"])
        taste = await repo.get_taste(1701)
        assert taste.liked == {shown[0]} and taste.disliked == {shown[1]}
        first, second = await repo.get_profile(1701), await repo.get_profile(1702)
        assert first is not None and second is not None
        assert (first.language, first.age, first.onboarded) == ("en", 27, True)
        assert (second.language, second.age, second.onboarded) == ("ko", 41, True)
        assert set(first.subscriptions) == {"netflix", "watcha"}
        assert set(second.subscriptions) == {"wavve"}
        assert len(first.favourites) == len(second.favourites) == 10
        for user in users:
            assert await repo.count_inbound(user.id) == api.updates_sent[user.id]
    finally:
        await database.dispose()
    assert delivery.delivered == sum(api.updates_sent[u.id] for u in users)
    for user in users:
        assert api.pending_events(user.id) == 0, "an answer arrived twice"
