"""SQLAlchemy 2 table definitions: the schema that the Alembic migrations create.

Every table that holds a user's data references ``users.id`` with ``ON DELETE CASCADE`` so that
forgetting a user is one DELETE and cannot leave orphans behind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now; one helper so every timestamp is UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base; ``Base.metadata`` is what Alembic compares against."""


class User(Base):
    """A Telegram user we have heard from."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, nullable=False)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Profile(Base):
    """Demographics from onboarding; each field is written as soon as the user answers it."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(16))
    onboarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # "Only my subscriptions" toggle of the recommendation list.
    only_subscribed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Where the user watches (ISO 3166-1 alpha-2) when chosen in /profile; None = from the
    # language (Korean → KR) or the deployment's TMDB_REGION.
    region: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Favourite(Base):
    """A film the user named as a favourite (MovieLens id)."""

    __tablename__ = "favourites"
    __table_args__ = (UniqueConstraint("user_id", "movie_id", name="uq_favourites_user_movie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    movie_id: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Subscription(Base):
    """An OTT platform the user pays for."""

    __tablename__ = "subscriptions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """A reaction to a recommended film: like, dislike or watched (latest wins per kind)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("user_id", "movie_id", "kind", name="uq_feedback_user_movie_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    movie_id: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchlistItem(Base):
    """A film saved for later."""

    __tablename__ = "watchlist"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    movie_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The daily watchlist check (handlers/recommend/alerts.py): when it last took this row
    # (setting it is the row's claim, so two processes never check one row on the same day),
    # and what it found then — {"region": "KR", "services": [...]}, the services that carried
    # the film. None until the first check, which records without alerting.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    alert_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Prediction(Base):
    """One answer a model gave: what it was asked, what it said, and which model said it."""

    __tablename__ = "predictions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    capability: Mapped[str] = mapped_column(String(32), nullable=False)
    input: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    output: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    model_version: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FormDraft(Base):
    """A form the user is filling in (OST features, an audience release): the values so far.

    Kept in the database rather than in PTB's ``user_data`` so that a restart, or another
    process on the same PostgreSQL, continues the form where the user left it.
    """

    __tablename__ = "form_drafts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class InboundMessage(Base):
    """Everything a user told the bot, once per Telegram update (``update_id`` is unique)."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    update_id: Mapped[int] = mapped_column(BigInteger, unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    content: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set once the update has been answered: a re-delivered update (Telegram retries an
    # unacknowledged one; a killed process re-fetches its last batch) is then skipped, while
    # one that was stored but never answered is handled again.
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The whole update as JSON while it is unanswered (cleared when handled_at is set): in
    # polling mode Telegram has forgotten an update once the next batch is fetched, so one in
    # flight when the process died is replayed from here at the next start.
    raw: Mapped[str | None] = mapped_column(Text)


class ConversationState(Base):
    """State of a persistent ConversationHandler for one key (chat id, user id)."""

    __tablename__ = "conversation_states"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    state: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class AvailabilityCache(Base):
    """Live "where to watch" answers (TMDB) kept for a while: one row per film and region.

    Shared by every user and process, so a popular film costs one TMDB call per TTL.
    """

    __tablename__ = "availability_cache"

    tmdb_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(8), primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class TmdbFilm(Base):
    """A film found by a live TMDB search (its Korean title, year, genres, poster), so that it
    keeps an id, a card and where-to-watch answers after the search. Shared by all users."""

    __tablename__ = "tmdb_films"

    tmdb_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class CatalogueAddition(Base):
    """A film the daily catalogue refresh added (``inference.catalogue.additions``): every
    process loads these into its catalogue, so new releases are found without a restart."""

    __tablename__ = "catalogue_additions"

    movie_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # ``Addition.to_json``: the film (Movie.to_json's fields and the build's), other titles,
    # people in both scripts, KOBIS code.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # tmdb, kobis, tmdb+kobis
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class CatalogueRefreshRun(Base):
    """One day's catalogue refresh. Inserting the day's row is the claim: with several
    processes on one database only the one whose insert succeeded does the day's work."""

    __tablename__ = "catalogue_refresh_runs"

    run_date: Mapped[date] = mapped_column(Date, primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))  # None while running; done, failed
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class RateWindow(Base):
    """One shared rate limit's recent events (``storage.rate_windows``): the send budget of the
    whole bot, of one group chat, or one user's per-minute limit on a flow. ``stamps`` holds
    the times (seconds since the epoch, the database's clock) of the last ``limit`` events,
    oldest first; every process of a deployment checks and extends it in one statement.
    Only PostgreSQL deployments use it (one SQLite process keeps its limits in memory)."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    stamps: Mapped[list[float]] = mapped_column(
        ARRAY(Double()).with_variant(JSON(), "sqlite"), nullable=False
    )


class RateLimitProcess(Base):
    """A live bot process that shares the rate limits: each beats every few seconds, so that
    when the database is away each can fall back to its share of the budget (budget / live)."""

    __tablename__ = "rate_limit_processes"

    process_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


Index("ix_predictions_capability_created", Prediction.capability, Prediction.created_at)
