"""Start-up replays the updates a dead process left unanswered (polling mode), nothing else.

The end-to-end case (a real process SIGKILLed while its answer hangs) is in
``tests/test_processes.py``, the age limit in ``tests/test_storage.py``; here the stored rows are
written directly, so each rule is seen on its own: an unanswered update is handled once, an
answered one is not, and a row that cannot be read back is dropped without stopping the start.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta

import pytest

from bot.localapi import LocalBotApiServer
from bot.replay import replay_unanswered
from storage.database import Database
from storage.repository import Repository
from tests.conftest import BotFactory


async def _store(repo: Repository, update_id: int, raw: str) -> None:
    await repo.record_inbound(
        telegram_id=2101, chat_id=2101, update_id=update_id, kind="command", content="/help",
        raw=raw,
    )  # fmt: skip


async def test_start_up_answers_what_the_dead_process_left_unanswered(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = api.user(2101, language_code="en")
    database = Database(sqlite_url)
    await database.migrate()
    repo = Repository(database)
    help_update = {"update_id": 9_000_001, **user.update_for_text("/help")}
    await _store(repo, 9_000_001, json.dumps(help_update))
    answered = {"update_id": 9_000_002, **user.update_for_text("/profile")}
    await _store(repo, 9_000_002, json.dumps(answered))
    await repo.mark_handled(9_000_002)  # answered before the crash: never again
    await _store(repo, 9_000_003, "{not json")
    await database.dispose()

    caplog.set_level(logging.WARNING)
    application = await start_bot(sqlite_url)
    reply = await user.reply(timeout=20)
    assert "/recommend" in reply.text  # the help text, once
    assert "9000003 could not be read back" in caplog.text
    assert "replaying 1 update(s)" in caplog.text
    repo = application.bot_data.repo
    for _ in range(100):  # marked handled once its step is written, just after the reply
        if not await repo.unanswered_updates(timedelta(minutes=15)):
            break
        await asyncio.sleep(0.05)
    # Answered (and the unreadable row dropped), so a later start replays nothing.
    assert await repo.unanswered_updates(timedelta(minutes=15)) == []
    assert await replay_unanswered(application) == 0
    assert api.pending_events(user.id) == 0
