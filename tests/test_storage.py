"""Repository and persistence on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storage.database import Database
from storage.persistence import SqlPersistence
from storage.repository import Repository
from tests.conftest import POSTGRES_URL, reset_postgres


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
        stored = await repo.record_inbound(
            telegram_id=1, chat_id=1, update_id=77, kind="text", content="안녕 🎬 ' OR 1=1; --"
        )
        assert not stored.already_handled  # stored but not yet answered: handle it again
    await repo.record_inbound(telegram_id=1, chat_id=1, update_id=78, kind="text", content="x")
    assert stored.user.telegram_id == 1 and stored.user.language is None
    assert await repo.count_inbound(1) == 2
    await repo.mark_handled(77)
    again = await repo.record_inbound(
        telegram_id=1, chat_id=1, update_id=77, kind="text", content="again"
    )
    assert again.already_handled and await repo.count_inbound(1) == 2


async def test_unanswered_updates_are_kept_until_answered_and_only_while_recent(
    database: Database,
) -> None:
    """The raw JSON of an update lives until it is answered: what a killed process was doing."""
    repo = Repository(database)
    for update_id in (92, 91, 93):  # stored out of order, replayed in update order
        await repo.record_inbound(
            telegram_id=9,
            chat_id=9,
            update_id=update_id,
            kind="text",
            content=str(update_id),
            raw=f'{{"update_id": {update_id}}}',
        )
    await repo.mark_handled(92)
    assert await repo.unanswered_updates(timedelta(minutes=15)) == [
        (91, '{"update_id": 91}'),
        (93, '{"update_id": 93}'),
    ]
    # Nothing is young enough for a zero window: both are forgotten, not replayed later.
    assert await repo.unanswered_updates(timedelta(0)) == []
    assert await repo.unanswered_updates(timedelta(minutes=15)) == []
    assert await repo.count_inbound(9) == 3  # the message log keeps every update


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


async def test_form_drafts_are_one_row_per_user_and_form(database: Database) -> None:
    repo = Repository(database)
    assert await repo.get_draft(3, "ost") == {}
    await repo.save_draft(3, "ost", {"values": {"energy": 80.0}, "order": ["energy"]})
    await repo.save_draft(3, "ost", {"values": {"energy": 60.0, "tempo": 120.0}, "order": []})
    await repo.save_draft(3, "audience", {"screens": 900})
    await repo.save_draft(4, "ost", {"values": {"tempo": 90.0}})
    assert await repo.get_draft(3, "ost") == {
        "values": {"energy": 60.0, "tempo": 120.0},
        "order": [],
    }
    assert (await repo.count_user_rows(3)).form_drafts == 2
    await repo.clear_draft(3, "ost")
    await repo.clear_draft(3, "ost")  # clearing twice is harmless
    assert await repo.get_draft(3, "ost") == {}
    assert await repo.get_draft(3, "audience") == {"screens": 900}
    assert await repo.get_draft(4, "ost") == {"values": {"tempo": 90.0}}
    await repo.clear_drafts(3)
    assert (await repo.count_user_rows(3)).form_drafts == 0
    assert (await repo.count_user_rows(4)).form_drafts == 1


async def test_forget_cascades_and_spares_others(database: Database) -> None:
    repo = Repository(database)
    persistence = SqlPersistence(database)
    for uid in (1, 2):
        await repo.set_age(uid, 20 + uid)
        await repo.set_subscriptions(uid, ["tving"])
        await repo.record_feedback(uid, 5, "like")
        await repo.add_to_watchlist(uid, 6)
        await repo.save_draft(uid, "ost", {"values": {"energy": 80.0}})
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


async def test_migrations_create_exactly_the_declared_schema(database: Database) -> None:
    """Alembic's autogenerate finds nothing to add: the migrations match storage/tables.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.tables import Base

    def differences(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection)
        return list(compare_metadata(context, Base.metadata))

    async with database.engine.connect() as connection:
        found = await connection.run_sync(differences)
    assert found == []


async def test_feedback_like_and_dislike_exclude_each_other(database: Database) -> None:
    repo = Repository(database)
    await repo.record_feedback(9, 10, "like")
    await repo.record_feedback(9, 10, "dislike")
    await repo.record_feedback(9, 11, "watched")
    await repo.record_feedback(9, 11, "watched")
    await repo.add_to_watchlist(9, 12)
    taste = await repo.get_taste(9)
    assert (taste.liked, taste.disliked) == (frozenset(), {10})
    assert taste.watched == {11} and taste.watchlist == {12}
    assert await repo.remove_feedback(9, 10, "dislike")
    assert not await repo.remove_feedback(9, 10, "dislike")
    assert await repo.remove_from_watchlist(9, 12)
    assert await repo.get_watchlist(9) == ()
    assert (await repo.get_taste(9)).disliked == frozenset()
    with pytest.raises(ValueError, match="unknown feedback kind"):
        await repo.record_feedback(9, 10, "love")


async def test_availability_cache_respects_its_age(database: Database) -> None:
    repo = Repository(database)
    assert await repo.get_cached_availability(603, "KR", timedelta(hours=1)) is None
    await repo.put_cached_availability(603, "KR", {"offers": [1]})
    await repo.put_cached_availability(603, "KR", {"offers": [2]})  # refreshed, one row
    assert await repo.get_cached_availability(603, "KR", timedelta(hours=1)) == {"offers": [2]}
    assert await repo.get_cached_availability(603, "US", timedelta(hours=1)) is None
    assert await repo.get_cached_availability(603, "KR", timedelta(seconds=-1)) is None
    await repo.set_only_subscribed(9, True)
    profile = await repo.get_profile(9)
    assert profile is not None and profile.only_subscribed


@pytest.mark.parametrize("odd", ["a\x00b", "a\ud800b", "\udfff"])
async def test_unstorable_characters_never_fail_the_batch(database: Database, odd: str) -> None:
    """PostgreSQL refuses NUL in text, and no backend can encode a lone surrogate; the message
    is kept (→ U+FFFD) and a concurrent update of another user in the same group commit is
    stored too."""
    repo = Repository(database)
    await asyncio.gather(
        repo.record_inbound(telegram_id=61, chat_id=61, update_id=610, kind="text", content=odd),
        repo.record_inbound(telegram_id=62, chat_id=62, update_id=620, kind="text", content="😀"),
    )
    assert await repo.count_inbound(61) == 1 and await repo.count_inbound(62) == 1


async def test_watchlist_checks_are_claimed_once_until_due_again(database: Database) -> None:
    """The daily check takes each row once a day: claiming marks it, batches go by user."""
    repo = Repository(database)
    now = datetime.now(UTC)
    day = timedelta(hours=20)
    await repo.set_language(31, "ko")
    await repo.set_region(31, "US")
    await repo.set_subscriptions(31, ["watcha", "netflix"])
    for movie_id in (12, 11):
        await repo.add_to_watchlist(31, movie_id)
    await repo.add_to_watchlist(32, 11)
    await repo.set_language(33, "en")  # a user without a watchlist is never taken
    first = await repo.claim_watchlist_checks(now=now, due_before=now - day, limit=1)
    assert [c.telegram_id for c in first.checks] == [31]
    (check,) = first.checks
    assert first.last_user_id == check.user_id
    assert (check.language, check.region) == ("ko", "US")
    assert check.subscriptions == ("netflix", "watcha")
    assert [(e.movie_id, e.alert_state) for e in check.entries] == [(12, None), (11, None)]
    rest = await repo.claim_watchlist_checks(
        now=now, due_before=now - day, after_user_id=check.user_id
    )
    assert [(c.telegram_id, c.language, c.subscriptions) for c in rest.checks] == [(32, None, ())]
    none_due = await repo.claim_watchlist_checks(now=now, due_before=now - day)  # all taken
    assert none_due.checks == () and none_due.last_user_id is None

    await repo.save_watchlist_states([(31, 11, {"region": "US", "services": ["netflix"]})])
    await repo.save_watchlist_states([(31, 99, {"region": "US", "services": []})])  # not saved
    states = await repo.get_watchlist_states(31)
    assert states[11].alert_state == {"region": "US", "services": ["netflix"]}
    assert states[12].alert_state is None and states[12].checked_at is not None
    assert set(states) == {11, 12}

    tomorrow = now + timedelta(days=1)
    again = (await repo.claim_watchlist_checks(now=tomorrow, due_before=tomorrow - day)).checks
    assert [c.telegram_id for c in again] == [31, 32]
    assert dict((e.movie_id, e.alert_state) for e in again[0].entries)[11] == {
        "region": "US",
        "services": ["netflix"],
    }
    await repo.remove_from_watchlist(31, 11)
    await repo.add_to_watchlist(31, 11)  # saved again: a new row, checked afresh
    assert (await repo.get_watchlist_states(31))[11].alert_state is None
    assert await repo.forget_user(31)
    assert await repo.get_watchlist_states(31) == {}


@pytest.fixture
async def postgres_url() -> str:
    """A fresh PostgreSQL database (several processes share one only there)."""
    if not POSTGRES_URL:
        pytest.skip("several processes need PostgreSQL: set TEST_DATABASE_URL")
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.mark.postgres
async def test_two_processes_never_claim_the_same_watchlist_row(postgres_url: str) -> None:
    """Two processes (two engines) running the check on PostgreSQL share the rows out: every
    row is taken exactly once, whether they race or one starts while the other is mid-batch."""
    first, second = Database(postgres_url), Database(postgres_url)
    await first.migrate()
    try:
        repo_a, repo_b = Repository(first), Repository(second)
        for user in range(200, 260):
            for movie_id in (1, 2, 3):
                await repo_a.add_to_watchlist(user, movie_id)

        async def drain(
            repo: Repository, now: datetime, after: int | None = 0
        ) -> list[tuple[int, int]]:
            taken: list[tuple[int, int]] = []
            while after is not None:
                batch = await repo.claim_watchlist_checks(
                    now=now, due_before=now - timedelta(hours=20), after_user_id=after, limit=7
                )
                after = batch.last_user_id
                taken += [(c.telegram_id, e.movie_id) for c in batch.checks for e in c.entries]
                await asyncio.sleep(0.02)  # the batch's lookups and alerts
            return taken

        # Racing: which one gets how much depends on timing, but never a row twice or not at all.
        now = datetime.now(UTC)
        a, b = await asyncio.gather(drain(repo_a, now), drain(repo_b, now))
        assert len(a) + len(b) == 180 and len(set(a) | set(b)) == 180

        # One mid-batch while the other starts from the beginning: the second skips the first's
        # users and takes all the rest; the first, going on, finds nothing left.
        later = now + timedelta(days=1)
        batch = await repo_a.claim_watchlist_checks(
            now=later, due_before=later - timedelta(hours=20), after_user_id=0, limit=7
        )
        a = [(c.telegram_id, e.movie_id) for c in batch.checks for e in c.entries]
        assert sorted({user for user, _ in a}) == list(range(200, 207))
        b = await drain(repo_b, later)
        assert len(b) == 180 - 21 and not set(a) & set(b)
        assert await drain(repo_a, later, batch.last_user_id) == []
    finally:
        await first.dispose()
        await second.dispose()


async def test_the_highest_stored_update_id_is_known(database: Database) -> None:
    repo = Repository(database)
    assert await repo.last_update_id() == 0
    for update_id in (5, 1_000_000_007, 12):
        await repo.record_inbound(
            telegram_id=41, chat_id=41, update_id=update_id, kind="text", content="x"
        )
    assert await repo.last_update_id() == 1_000_000_007
