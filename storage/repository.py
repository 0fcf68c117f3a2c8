"""Repository: every query the bot makes, as coroutines that return dataclasses.

One short transaction per call keeps SQLite's single writer free and makes each user action
atomic. Inserts that may be retried (an update delivered twice, a button pressed twice) are
written as idempotent upserts so nothing is ever stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.records import PredictionRecord, ProfileRecord, UserDataCounts, UserRecord
from storage.tables import (
    ConversationState,
    Favourite,
    Feedback,
    InboundMessage,
    Prediction,
    Profile,
    PtbData,
    Subscription,
    User,
    WatchlistItem,
)


class Repository:
    """Data access for handlers; created once and shared through ``bot_data``."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._insert = pg_insert if database.dialect == "postgresql" else sqlite_insert

    # -- users -------------------------------------------------------------------------------

    async def _ensure_user(self, session: AsyncSession, telegram_id: int) -> User:
        stmt = (
            self._insert(User)
            .values(telegram_id=telegram_id, created_at=_now(), updated_at=_now())
            .on_conflict_do_nothing(index_elements=[User.telegram_id])
        )
        await session.execute(stmt)
        user = (
            await session.execute(select(User).where(User.telegram_id == telegram_id))
        ).scalar_one()
        return user

    async def get_user(self, telegram_id: int) -> UserRecord | None:
        """The user, or None if we never stored them (or they asked to be forgotten)."""
        async with self._db.sessions() as session:
            user = (
                await session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            return _user_record(user) if user else None

    async def record_inbound(
        self,
        *,
        telegram_id: int,
        chat_id: int,
        update_id: int,
        kind: str,
        content: str | None,
    ) -> UserRecord:
        """Store one incoming update (once, even if delivered again) and return its user."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            await session.execute(
                self._insert(InboundMessage)
                .values(
                    update_id=update_id,
                    user_id=user.id,
                    chat_id=chat_id,
                    kind=kind,
                    content=content,
                    created_at=_now(),
                )
                .on_conflict_do_nothing(index_elements=[InboundMessage.update_id])
            )
            return _user_record(user)

    async def set_language(self, telegram_id: int, language: str) -> None:
        """Remember the language the user chose."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            user.language = language

    # -- profile -----------------------------------------------------------------------------

    async def _profile_row(self, session: AsyncSession, telegram_id: int) -> Profile:
        user = await self._ensure_user(session, telegram_id)
        await session.execute(
            self._insert(Profile)
            .values(user_id=user.id, updated_at=_now())
            .on_conflict_do_nothing(index_elements=[Profile.user_id])
        )
        return (
            await session.execute(select(Profile).where(Profile.user_id == user.id))
        ).scalar_one()

    async def set_age(self, telegram_id: int, age: int) -> None:
        """Store the user's age (already validated by the handler)."""
        async with self._db.sessions.begin() as session:
            (await self._profile_row(session, telegram_id)).age = age

    async def set_gender(self, telegram_id: int, gender: str) -> None:
        """Store the user's gender."""
        async with self._db.sessions.begin() as session:
            (await self._profile_row(session, telegram_id)).gender = gender

    async def mark_onboarded(self, telegram_id: int) -> None:
        """Record that the user finished onboarding (kept on later edits)."""
        async with self._db.sessions.begin() as session:
            profile = await self._profile_row(session, telegram_id)
            if profile.onboarded_at is None:
                profile.onboarded_at = _now()

    async def set_subscriptions(self, telegram_id: int, platforms: Iterable[str]) -> None:
        """Replace the user's OTT subscriptions with exactly ``platforms``."""
        wanted = sorted(set(platforms))
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            await session.execute(delete(Subscription).where(Subscription.user_id == user.id))
            session.add_all(
                Subscription(user_id=user.id, platform=p, created_at=_now()) for p in wanted
            )

    async def get_profile(self, telegram_id: int) -> ProfileRecord | None:
        """Everything about the user in one read, or None if we hold nothing."""
        async with self._db.sessions() as session:
            user = (
                await session.execute(select(User).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()
            if user is None:
                return None
            profile = await session.get(Profile, user.id)
            subs = (
                await session.execute(
                    select(Subscription.platform)
                    .where(Subscription.user_id == user.id)
                    .order_by(Subscription.platform)
                )
            ).scalars()
            favs = (
                await session.execute(
                    select(Favourite.movie_id)
                    .where(Favourite.user_id == user.id)
                    .order_by(Favourite.id)
                )
            ).scalars()
            return ProfileRecord(
                telegram_id=telegram_id,
                language=user.language,
                age=profile.age if profile else None,
                gender=profile.gender if profile else None,
                subscriptions=tuple(subs),
                favourites=tuple(favs),
                onboarded=bool(profile and profile.onboarded_at),
            )

    # -- favourites, feedback, watchlist -----------------------------------------------------

    async def add_favourite(self, telegram_id: int, movie_id: int) -> None:
        """Add a favourite film; adding it again changes nothing."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            await session.execute(
                self._insert(Favourite)
                .values(user_id=user.id, movie_id=movie_id, created_at=_now())
                .on_conflict_do_nothing(index_elements=[Favourite.user_id, Favourite.movie_id])
            )

    async def record_feedback(self, telegram_id: int, movie_id: int, kind: str) -> None:
        """Store a reaction (like, dislike, watched) once per film and kind."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            await session.execute(
                self._insert(Feedback)
                .values(user_id=user.id, movie_id=movie_id, kind=kind, created_at=_now())
                .on_conflict_do_nothing(
                    index_elements=[Feedback.user_id, Feedback.movie_id, Feedback.kind]
                )
            )

    async def add_to_watchlist(self, telegram_id: int, movie_id: int) -> None:
        """Save a film for later; saving it twice keeps one row."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            await session.execute(
                self._insert(WatchlistItem)
                .values(user_id=user.id, movie_id=movie_id, created_at=_now())
                .on_conflict_do_nothing(
                    index_elements=[WatchlistItem.user_id, WatchlistItem.movie_id]
                )
            )

    # -- predictions -------------------------------------------------------------------------

    async def log_prediction(
        self,
        telegram_id: int,
        *,
        capability: str,
        input: dict[str, Any],
        output: dict[str, Any],
        model_version: str,
    ) -> PredictionRecord:
        """Keep what a model was asked and answered, for audits and model comparisons."""
        async with self._db.sessions.begin() as session:
            user = await self._ensure_user(session, telegram_id)
            row = Prediction(
                user_id=user.id,
                capability=capability,
                input=input,
                output=output,
                model_version=model_version,
                created_at=_now(),
            )
            session.add(row)
            await session.flush()
            return PredictionRecord(
                id=row.id,
                capability=row.capability,
                input=row.input,
                output=row.output,
                model_version=row.model_version,
                created_at=row.created_at,
            )

    # -- forgetting --------------------------------------------------------------------------

    async def forget_user(self, telegram_id: int) -> bool:
        """Delete every row about the user; True if there was anything to delete."""
        async with self._db.sessions.begin() as session:
            deleted = await session.execute(delete(User).where(User.telegram_id == telegram_id))
            await session.execute(
                delete(ConversationState).where(ConversationState.telegram_user_id == telegram_id)
            )
            await session.execute(
                delete(PtbData).where(PtbData.kind == "user", PtbData.key == telegram_id)
            )
            return bool(getattr(deleted, "rowcount", 0))

    async def count_user_rows(self, telegram_id: int) -> UserDataCounts:
        """Rows per table that belong to the user: proves /forget left nothing behind."""
        async with self._db.sessions() as session:
            user_id = (
                await session.execute(select(User.id).where(User.telegram_id == telegram_id))
            ).scalar_one_or_none()

            async def count(table: Any, column: Any, value: object) -> int:
                if value is None:
                    return 0
                stmt = select(func.count()).select_from(table).where(column == value)
                return int((await session.execute(stmt)).scalar_one())

            return UserDataCounts(
                users=await count(User, User.telegram_id, telegram_id),
                profiles=await count(Profile, Profile.user_id, user_id),
                favourites=await count(Favourite, Favourite.user_id, user_id),
                subscriptions=await count(Subscription, Subscription.user_id, user_id),
                feedback=await count(Feedback, Feedback.user_id, user_id),
                watchlist=await count(WatchlistItem, WatchlistItem.user_id, user_id),
                predictions=await count(Prediction, Prediction.user_id, user_id),
                inbound_messages=await count(InboundMessage, InboundMessage.user_id, user_id),
                conversation_states=await count(
                    ConversationState, ConversationState.telegram_user_id, telegram_id
                ),
                ptb_data=await count(PtbData, PtbData.key, telegram_id),
            )

    async def count_inbound(self, telegram_id: int) -> int:
        """How many updates from this user are stored."""
        return (await self.count_user_rows(telegram_id)).inbound_messages


def _now() -> datetime:
    return datetime.now(UTC)


def _user_record(user: User) -> UserRecord:
    return UserRecord(id=user.id, telegram_id=user.telegram_id, language=user.language)
