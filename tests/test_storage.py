"""Repository and persistence on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from storage.database import Database
from storage.persistence import SqlPersistence
from storage.repository import Repository


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    await db.migrate()  # idempotent: a second start changes nothing
    yield db
    await db.dispose()


async def test_inbound_updates_are_stored_once(database: Database) -> None:
    repo = Repository(database)
    for _ in range(3):  # the same update delivered three times
        user = await repo.record_inbound(
            telegram_id=1, chat_id=1, update_id=77, kind="text", content="안녕 🎬 ' OR 1=1; --"
        )
    await repo.record_inbound(telegram_id=1, chat_id=1, update_id=78, kind="text", content="x")
    assert user.telegram_id == 1 and user.language is None
    assert await repo.count_inbound(1) == 2


async def test_profile_fields_and_subscriptions(database: Database) -> None:
    repo = Repository(database)
    assert await repo.get_profile(5) is None
    await repo.set_language(5, "ko")
    await repo.set_age(5, 30)
    await repo.set_gender(5, "na")
    await repo.set_subscriptions(5, ["wavve", "netflix", "wavve"])
    await repo.add_favourite(5, 10)
    await repo.add_favourite(5, 10)
    await repo.mark_onboarded(5)
    profile = await repo.get_profile(5)
    assert profile is not None
    assert (profile.language, profile.age, profile.gender) == ("ko", 30, "na")
    assert profile.subscriptions == ("netflix", "wavve")
    assert profile.favourites == (10,)
    assert profile.onboarded


async def test_predictions_are_logged_with_their_model_version(database: Database) -> None:
    repo = Repository(database)
    record = await repo.log_prediction(
        9,
        capability="ost",
        input={"energy": 0.8},
        output={"genres": {"Drama": 71}},
        model_version="rf-1",
    )
    assert record.id > 0 and record.output == {"genres": {"Drama": 71}}
    assert (await repo.count_user_rows(9)).predictions == 1


async def test_forget_cascades_and_spares_others(database: Database) -> None:
    repo = Repository(database)
    persistence = SqlPersistence(database)
    for uid in (1, 2):
        await repo.set_age(uid, 20 + uid)
        await repo.set_subscriptions(uid, ["tving"])
        await repo.record_feedback(uid, 5, "like")
        await repo.add_to_watchlist(uid, 6)
        await persistence.update_conversation("onboarding", (uid, uid), 2)
    before = await repo.count_user_rows(2)
    assert await repo.forget_user(1) is True
    assert (await repo.count_user_rows(1)).total == 0
    assert await repo.count_user_rows(2) == before
    assert await repo.forget_user(1) is False


async def test_persistence_round_trips_conversation_states(database: Database) -> None:
    persistence = SqlPersistence(database)
    await persistence.update_conversation("onboarding", (10, 10), 3)
    await persistence.update_conversation("onboarding", (10, 10), 4)
    await persistence.update_conversation("profile", (11, 11), 1)
    await persistence.update_conversation("profile", (11, 11), None)
    # Concurrent changes (as PTB hands them over) land together, the latest per key winning.
    await asyncio.gather(*(persistence.update_conversation("forget", (u, u), 1) for u in range(20)))
    restarted = SqlPersistence(database)  # a new process reads what the old one wrote
    assert await restarted.get_conversations("onboarding") == {(10, 10): 4}
    assert await restarted.get_conversations("profile") == {}
    assert len(await restarted.get_conversations("forget")) == 20


async def test_ping_reports_an_unreachable_database(tmp_path: object) -> None:
    dead = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert await dead.ping() is False
    await dead.dispose()
