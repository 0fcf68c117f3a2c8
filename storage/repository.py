"""Repository: every query the bot makes, as coroutines that return dataclasses.

Statements are SQLAlchemy Core on an ``AsyncConnection``: the ORM unit of work costs about
twice as much CPU per call and buys nothing for these short statements (see the README's
performance notes). One short transaction per call keeps SQLite's single writer free and makes
each user action atomic. Inserts that may be retried (an update delivered twice, a button
pressed twice) are idempotent upserts, so nothing is ever stored twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Row,
    Select,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.batching import Batcher
from storage.database import Database
from storage.records import (
    CatalogueRefreshRecord,
    ImportCounts,
    InboundRecord,
    PredictionRecord,
    ProfileRecord,
    TasteRecord,
    UserDataCounts,
    UserRecord,
    WatchlistBatch,
    WatchlistCheck,
    WatchlistEntry,
)
from storage.tables import (
    AvailabilityCache,
    CatalogueAddition,
    CatalogueRefreshRun,
    ConversationState,
    Favourite,
    Feedback,
    FormDraft,
    InboundMessage,
    Prediction,
    Profile,
    Subscription,
    TmdbFilm,
    User,
    WatchlistItem,
)


def _table(model: type[Any]) -> Table:
    """The Core table behind a declarative class (typed as Table for mypy)."""
    return cast(Table, model.__table__)


users = _table(User)
profiles = _table(Profile)
favourites = _table(Favourite)
subscriptions = _table(Subscription)
feedback = _table(Feedback)
watchlist = _table(WatchlistItem)
predictions = _table(Prediction)
inbound = _table(InboundMessage)
conversation_states = _table(ConversationState)
availability_cache = _table(AvailabilityCache)
form_drafts = _table(FormDraft)
tmdb_films = _table(TmdbFilm)
catalogue_additions = _table(CatalogueAddition)
catalogue_refresh_runs = _table(CatalogueRefreshRun)
# The same tables under names that ``import_history``'s arguments do not shadow.
favourites_table = favourites
watchlist_table = watchlist

# Feedback kinds; a like and a dislike of the same film exclude each other.
FEEDBACK_KINDS = ("like", "dislike", "watched")
_OPPOSITE_FEEDBACK = {"like": "dislike", "dislike": "like"}


_TIMESTAMP = DateTime(timezone=True)
# Written by hand: SQLAlchemy never caches the compiled form of dialect-specific upserts
# (``inherit_cache = False``), and these run on every update. Same SQL on SQLite and PostgreSQL.
_UPSERT_USER = text(
    "INSERT INTO users (telegram_id, created_at, updated_at) VALUES (:telegram_id, :now, :now) "
    "ON CONFLICT (telegram_id) DO UPDATE SET telegram_id = excluded.telegram_id "
    "RETURNING id"
).bindparams(bindparam("now", type_=_TIMESTAMP))
_ADD_USER = text(
    "INSERT INTO users (telegram_id, created_at, updated_at) VALUES (:telegram_id, :now, :now) "
    "ON CONFLICT (telegram_id) DO NOTHING"
).bindparams(bindparam("now", type_=_TIMESTAMP))
_ADD_INBOUND = text(
    "INSERT INTO inbound_messages (update_id, user_id, chat_id, kind, content, raw, created_at) "
    "VALUES (:update_id, :user_id, :chat_id, :kind, :content, :raw, :now) "
    "ON CONFLICT (update_id) DO NOTHING"
).bindparams(bindparam("now", type_=_TIMESTAMP))
_HANDLED_AMONG = text(
    "SELECT update_id FROM inbound_messages WHERE update_id IN :ids AND handled_at IS NOT NULL"
).bindparams(bindparam("ids", expanding=True))
_MARK_HANDLED = text(
    "UPDATE inbound_messages SET handled_at = :now, raw = NULL WHERE update_id = :update_id"
).bindparams(bindparam("now", type_=_TIMESTAMP))
_USERS_BY_TELEGRAM_ID = (
    select(
        users.c.id, users.c.telegram_id, users.c.language, profiles.c.onboarded_at,
        profiles.c.region,
    )
    .select_from(users.outerjoin(profiles, profiles.c.user_id == users.c.id))
    .where(users.c.telegram_id.in_(bindparam("ids", expanding=True)))
)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(content: str | None) -> str | None:
    """Text every backend can store, so one odd message never fails a whole group commit
    (other users' updates included): PostgreSQL text cannot hold NUL, and neither SQLite nor
    PostgreSQL can encode a lone UTF-16 surrogate (JSON may carry one as ``\\ud800``); both
    are stored as U+FFFD, everything else as sent."""
    if content is None:
        return None
    return _UNSTORABLE.sub("\ufffd", content)


@dataclass(frozen=True, slots=True)
class _Inbound:
    telegram_id: int
    chat_id: int
    update_id: int
    kind: str
    content: str | None
    raw: str | None


class Repository:
    """Data access for handlers; created once and shared through ``bot_data``."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._insert = pg_insert if database.dialect == "postgresql" else sqlite_insert
        self._inbound_writer: Batcher[_Inbound, InboundRecord] = Batcher(self._write_inbound)
        self._handled_writer: Batcher[int, None] = Batcher(self._write_handled)
        self._profile_reader: Batcher[int, ProfileRecord | None] = Batcher(self._read_profiles)
        self._profiles_query = _profiles_query(database.dialect)

    # -- users -------------------------------------------------------------------------------

    async def _ensure_user(self, conn: AsyncConnection, telegram_id: int) -> int:
        """The user's row, created if missing: one upsert that returns the row either way."""
        row = (await conn.execute(_UPSERT_USER, {"telegram_id": telegram_id, "now": _now()})).one()
        return int(row.id)

    async def _insert_ignoring_duplicates(
        self, conn: AsyncConnection, table: Table, conflict: list[str], **values: Any
    ) -> None:
        await conn.execute(
            self._insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[table.c[name] for name in conflict])
        )

    async def _insert_all_ignoring_duplicates(
        self, conn: AsyncConnection, table: Table, conflict: list[str],
        rows: list[dict[str, Any]],
    ) -> None:
        """``_insert_ignoring_duplicates`` for many rows in one statement (none: nothing)."""
        if rows:
            await conn.execute(
                self._insert(table).on_conflict_do_nothing(
                    index_elements=[table.c[name] for name in conflict]
                ),
                rows,
            )

    async def record_inbound(
        self,
        *,
        telegram_id: int,
        chat_id: int,
        update_id: int,
        kind: str,
        content: str | None,
        raw: str | None = None,
    ) -> InboundRecord:
        """Store one incoming update (once, even if delivered again); return its user and
        whether it was already answered (:meth:`mark_handled`). ``raw``, the whole update as
        JSON, is kept until it is answered (:meth:`unanswered_updates`).

        Runs on every update, so concurrent calls share one transaction (group commit).
        """
        return await self._inbound_writer.submit(
            _Inbound(telegram_id, chat_id, update_id, kind, content, raw)
        )

    async def _write_inbound(self, items: list[_Inbound]) -> list[InboundRecord]:
        now = _now()
        telegram_ids = sorted({item.telegram_id for item in items})
        async with self._db.engine.begin() as conn:
            found = await self._users_by_telegram_id(conn, telegram_ids)
            missing = [t for t in telegram_ids if t not in found]
            if missing:  # first message of these users: one row each, then read them back
                await conn.execute(_ADD_USER, [{"telegram_id": t, "now": now} for t in missing])
                found.update(await self._users_by_telegram_id(conn, missing))
            await conn.execute(
                _ADD_INBOUND,
                [
                    {
                        "update_id": item.update_id,
                        "user_id": found[item.telegram_id].id,
                        "chat_id": item.chat_id,
                        "kind": item.kind,
                        "content": _storable(item.content),
                        "raw": item.raw,
                        "now": now,
                    }
                    for item in items
                ],
            )
            handled = set(
                (await conn.execute(_HANDLED_AMONG, {"ids": [i.update_id for i in items]}))
                .scalars()
                .all()
            )
        return [
            InboundRecord(found[item.telegram_id], item.update_id in handled) for item in items
        ]

    async def mark_handled(self, update_id: int) -> None:
        """Record that an update has been answered, so a re-delivery of it is skipped (and
        forget its raw JSON)."""
        await self._handled_writer.submit(update_id)

    async def unanswered_updates(self, max_age: timedelta) -> list[tuple[int, str]]:
        """``(update_id, raw JSON)`` of updates stored but never answered within ``max_age``,
        oldest first: what a process was handling when it died. Older ones are forgotten (their
        raw JSON is dropped, the message log row stays): a user does not want a reply hours
        late."""
        cutoff = _now() - max_age
        pending = (inbound.c.handled_at.is_(None)) & (inbound.c.raw.is_not(None))
        async with self._db.engine.begin() as conn:
            rows = await conn.execute(
                select(inbound.c.update_id, inbound.c.raw)
                .where(pending & (inbound.c.created_at >= cutoff))
                .order_by(inbound.c.update_id)
            )
            found = [(int(row.update_id), str(row.raw)) for row in rows]
            await conn.execute(
                update(inbound).where(pending & (inbound.c.created_at < cutoff)).values(raw=None)
            )
        return found

    async def _write_handled(self, update_ids: list[int]) -> list[None]:
        now = _now()
        async with self._db.engine.begin() as conn:
            await conn.execute(_MARK_HANDLED, [{"now": now, "update_id": u} for u in update_ids])
        return [None] * len(update_ids)

    async def get_user(self, telegram_id: int) -> UserRecord | None:
        """The stored user, if any (read only: an inline query stores nothing)."""
        async with self._db.engine.connect() as conn:
            return (await self._users_by_telegram_id(conn, [telegram_id])).get(telegram_id)

    @staticmethod
    async def _users_by_telegram_id(
        conn: AsyncConnection, telegram_ids: list[int]
    ) -> dict[int, UserRecord]:
        rows = await conn.execute(_USERS_BY_TELEGRAM_ID, {"ids": telegram_ids})
        return {row.telegram_id: _user_record(row) for row in rows}

    async def set_language(self, telegram_id: int, language: str) -> None:
        """Remember the language the user chose."""
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            await conn.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(language=language, updated_at=_now())
            )

    # -- profile -----------------------------------------------------------------------------

    async def _update_profile(self, telegram_id: int, **values: Any) -> None:
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            now = _now()
            stmt = self._insert(profiles).values(user_id=user_id, updated_at=now, **values)
            stmt = stmt.on_conflict_do_update(
                index_elements=[profiles.c.user_id], set_={**values, "updated_at": now}
            )
            await conn.execute(stmt)

    async def set_age(self, telegram_id: int, age: int) -> None:
        """Store the user's age (already validated by the handler)."""
        await self._update_profile(telegram_id, age=age)

    async def set_gender(self, telegram_id: int, gender: str) -> None:
        """Store the user's gender."""
        await self._update_profile(telegram_id, gender=gender)

    async def mark_onboarded(self, telegram_id: int) -> None:
        """Record that the user finished onboarding (the first time only)."""
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            await self._insert_ignoring_duplicates(
                conn, profiles, ["user_id"], user_id=user_id, updated_at=_now()
            )
            await conn.execute(
                update(profiles)
                .where(profiles.c.user_id == user_id, profiles.c.onboarded_at.is_(None))
                .values(onboarded_at=_now())
            )

    async def set_subscriptions(self, telegram_id: int, platforms: Iterable[str]) -> None:
        """Replace the user's OTT subscriptions with exactly ``platforms``."""
        wanted = sorted(set(platforms))
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            await conn.execute(delete(subscriptions).where(subscriptions.c.user_id == user_id))
            if wanted:
                now = _now()
                await conn.execute(
                    insert(subscriptions),
                    [{"user_id": user_id, "platform": p, "created_at": now} for p in wanted],
                )

    async def get_profile(self, telegram_id: int) -> ProfileRecord | None:
        """Everything about the user, or None if we hold nothing.

        Concurrent calls share one query (one statement for any number of users).
        """
        return await self._profile_reader.submit(telegram_id)

    async def _read_profiles(self, telegram_ids: list[int]) -> list[ProfileRecord | None]:
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(self._profiles_query, {"ids": sorted(set(telegram_ids))})
            found = {row.telegram_id: _profile_record(row) for row in rows}
        return [found.get(telegram_id) for telegram_id in telegram_ids]

    # -- favourites, feedback, watchlist -----------------------------------------------------

    async def _add_for_user(
        self, table: Table, conflict: list[str], telegram_id: int, **values: Any
    ) -> None:
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            await self._insert_ignoring_duplicates(
                conn, table, ["user_id", *conflict], user_id=user_id, created_at=_now(), **values
            )

    async def _user_id(self, conn: AsyncConnection, telegram_id: int) -> int | None:
        """The internal id of a known user, without creating one."""
        return cast(
            int | None,
            (
                await conn.execute(select(users.c.id).where(users.c.telegram_id == telegram_id))
            ).scalar_one_or_none(),
        )

    async def _remove_for_user(
        self, table: Table, telegram_id: int, *conditions: ColumnElement[bool]
    ) -> bool:
        async with self._db.engine.begin() as conn:
            user_id = await self._user_id(conn, telegram_id)
            if user_id is None:
                return False
            result = await conn.execute(
                delete(table).where(table.c.user_id == user_id, *conditions)
            )
            return bool(result.rowcount)

    async def add_favourite(self, telegram_id: int, movie_id: int) -> None:
        """Add a favourite film; adding it again changes nothing."""
        await self._add_for_user(favourites, ["movie_id"], telegram_id, movie_id=movie_id)

    async def remove_favourite(self, telegram_id: int, movie_id: int) -> bool:
        """Drop a favourite; False if it was not one."""
        return await self._remove_for_user(
            favourites, telegram_id, favourites.c.movie_id == movie_id
        )

    async def record_feedback(self, telegram_id: int, movie_id: int, kind: str) -> None:
        """Store a reaction (like, dislike, watched) once per film and kind.

        A like replaces an earlier dislike of the same film and the other way round, in one
        transaction, so the recommender never sees both.
        """
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"unknown feedback kind {kind!r}")
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            opposite = _OPPOSITE_FEEDBACK.get(kind)
            if opposite is not None:
                await conn.execute(
                    delete(feedback).where(
                        feedback.c.user_id == user_id,
                        feedback.c.movie_id == movie_id,
                        feedback.c.kind == opposite,
                    )
                )
            await self._insert_ignoring_duplicates(
                conn,
                feedback,
                ["user_id", "movie_id", "kind"],
                user_id=user_id,
                movie_id=movie_id,
                kind=kind,
                created_at=_now(),
            )

    async def remove_feedback(self, telegram_id: int, movie_id: int, kind: str) -> bool:
        """Take back a reaction (a second tap on the same button); False if there was none."""
        return await self._remove_for_user(
            feedback, telegram_id, feedback.c.movie_id == movie_id, feedback.c.kind == kind
        )

    async def add_to_watchlist(self, telegram_id: int, movie_id: int) -> None:
        """Save a film for later; saving it twice keeps one row."""
        await self._add_for_user(watchlist, ["movie_id"], telegram_id, movie_id=movie_id)

    async def remove_from_watchlist(self, telegram_id: int, movie_id: int) -> bool:
        """Take a film off the watchlist; False if it was not on it."""
        return await self._remove_for_user(watchlist, telegram_id, watchlist.c.movie_id == movie_id)

    async def get_watchlist(self, telegram_id: int) -> tuple[int, ...]:
        """The user's watchlist, oldest first."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(watchlist.c.movie_id)
                .join(users, users.c.id == watchlist.c.user_id)
                .where(users.c.telegram_id == telegram_id)
                .order_by(watchlist.c.created_at, watchlist.c.movie_id)
            )
            return tuple(int(row.movie_id) for row in rows)

    async def get_taste(self, telegram_id: int) -> TasteRecord:
        """Feedback and watchlist of one user: what the recommender must learn from or skip."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(feedback.c.kind, feedback.c.movie_id)
                .join(users, users.c.id == feedback.c.user_id)
                .where(users.c.telegram_id == telegram_id)
                .union_all(
                    select(literal("watchlist").label("kind"), watchlist.c.movie_id)
                    .join(users, users.c.id == watchlist.c.user_id)
                    .where(users.c.telegram_id == telegram_id)
                )
            )
            by_kind: dict[str, set[int]] = {}
            for row in rows:
                by_kind.setdefault(row.kind, set()).add(int(row.movie_id))
        return TasteRecord(
            liked=frozenset(by_kind.get("like", ())),
            disliked=frozenset(by_kind.get("dislike", ())),
            watched=frozenset(by_kind.get("watched", ())),
            watchlist=frozenset(by_kind.get("watchlist", ())),
        )

    async def import_history(
        self,
        telegram_id: int,
        favourites: Iterable[int],
        disliked: Iterable[int],
        watched: Iterable[int],
        watchlist: Iterable[int],
    ) -> ImportCounts:
        """Store a film history imported from another service, all of it or nothing: one
        transaction reads what the user already has and adds only what is new.

        What the user said in CineMate wins over the file: an existing favourite, 👍 or 👎 is
        kept (a film 👎'd here is not made a favourite, one 👍'd or a favourite is not
        disliked); the watchlist takes only films not watched. Nothing is ever stored twice
        (and a concurrent tap that got there first is ignored by the upserts).
        """
        wanted = {
            "favourites": list(dict.fromkeys(favourites)),
            "disliked": list(dict.fromkeys(disliked)),
            "watched": list(dict.fromkeys(watched)),
            "watchlist": list(dict.fromkeys(watchlist)),
        }
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            had_favourites = set(
                (await conn.execute(
                    select(favourites_table.c.movie_id).where(
                        favourites_table.c.user_id == user_id
                    )
                )).scalars()
            )  # fmt: skip
            marks: dict[str, set[int]] = {kind: set() for kind in FEEDBACK_KINDS}
            rows = await conn.execute(
                select(feedback.c.kind, feedback.c.movie_id).where(feedback.c.user_id == user_id)
            )
            for row in rows:
                marks.setdefault(row.kind, set()).add(int(row.movie_id))
            had_watchlist = set(
                (await conn.execute(
                    select(watchlist_table.c.movie_id)
                    .where(watchlist_table.c.user_id == user_id)
                )).scalars()
            )  # fmt: skip
            not_favourite = had_favourites | marks["dislike"]
            new_favourites = [m for m in wanted["favourites"] if m not in not_favourite]
            not_disliked = had_favourites | marks["like"] | marks["dislike"]
            not_disliked |= set(wanted["favourites"])
            new_disliked = [m for m in wanted["disliked"] if m not in not_disliked]
            new_watched = [m for m in wanted["watched"] if m not in marks["watched"]]
            not_to_watch = had_watchlist | marks["watched"] | set(wanted["watched"])
            new_watchlist = [m for m in wanted["watchlist"] if m not in not_to_watch]
            now = _now()
            await self._insert_all_ignoring_duplicates(
                conn, favourites_table, ["user_id", "movie_id"],
                [{"user_id": user_id, "movie_id": m, "created_at": now} for m in new_favourites],
            )
            feedback_rows = [
                *({"movie_id": m, "kind": "dislike"} for m in new_disliked),
                *({"movie_id": m, "kind": "watched"} for m in new_watched),
            ]
            await self._insert_all_ignoring_duplicates(
                conn, feedback, ["user_id", "movie_id", "kind"],
                [{**row, "user_id": user_id, "created_at": now} for row in feedback_rows],
            )
            await self._insert_all_ignoring_duplicates(
                conn, watchlist_table, ["user_id", "movie_id"],
                [{"user_id": user_id, "movie_id": m, "created_at": now} for m in new_watchlist],
            )
            total = (
                await conn.execute(
                    select(func.count())
                    .select_from(favourites_table)
                    .where(favourites_table.c.user_id == user_id)
                )
            ).scalar_one()
        changed = {*new_favourites, *new_disliked, *new_watched, *new_watchlist}
        named = {m for films in wanted.values() for m in films}
        return ImportCounts(
            favourites=len(new_favourites),
            disliked=len(new_disliked),
            watched=len(new_watched),
            watchlist=len(new_watchlist),
            kept=len(named - changed),
            favourites_total=int(total),
        )

    async def set_only_subscribed(self, telegram_id: int, value: bool) -> None:
        """Remember the "only my subscriptions" toggle of the recommendation list."""
        await self._update_profile(telegram_id, only_subscribed=value)

    async def set_region(self, telegram_id: int, region: str | None) -> None:
        """The region whose streaming offers the user sees (None: from their language)."""
        await self._update_profile(telegram_id, region=region)

    # -- availability cache (shared by all users) --------------------------------------------

    async def get_cached_availability(
        self, tmdb_id: int, region: str, max_age: timedelta
    ) -> dict[str, Any] | None:
        """A live where-to-watch answer fetched less than ``max_age`` ago, else None."""
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(availability_cache.c.payload).where(
                        availability_cache.c.tmdb_id == tmdb_id,
                        availability_cache.c.region == region,
                        availability_cache.c.fetched_at >= _now() - max_age,
                    )
                )
            ).one_or_none()
        return None if row is None else cast(dict[str, Any], row.payload)

    async def put_cached_availability(
        self, tmdb_id: int, region: str, payload: dict[str, Any]
    ) -> None:
        """Store (or refresh) a live where-to-watch answer."""
        now = _now()
        stmt = self._insert(availability_cache).values(
            tmdb_id=tmdb_id, region=region, payload=payload, fetched_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[availability_cache.c.tmdb_id, availability_cache.c.region],
            set_={"payload": payload, "fetched_at": now},
        )
        async with self._db.engine.begin() as conn:
            await conn.execute(stmt)

    # -- films found by a live TMDB search (shared by all users) ------------------------------

    async def get_cached_films(self, tmdb_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The stored search results of these TMDB films (payloads by id)."""
        wanted = sorted(set(tmdb_ids))
        if not wanted:
            return {}
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(tmdb_films.c.tmdb_id, tmdb_films.c.payload).where(
                    tmdb_films.c.tmdb_id.in_(wanted)
                )
            )
            return {int(row.tmdb_id): cast(dict[str, Any], row.payload) for row in rows}

    async def put_cached_film(self, tmdb_id: int, payload: dict[str, Any]) -> None:
        """Store (or refresh) a film a live TMDB search found."""
        now = _now()
        stmt = self._insert(tmdb_films).values(tmdb_id=tmdb_id, payload=payload, fetched_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[tmdb_films.c.tmdb_id], set_={"payload": payload, "fetched_at": now}
        )
        async with self._db.engine.begin() as conn:
            await conn.execute(stmt)

    # -- the daily catalogue refresh (bot/catalogue_refresh.py) -------------------------------

    async def get_catalogue_additions(self) -> list[dict[str, Any]]:
        """Every film the refresh added (``Addition.to_json`` payloads), by id."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(catalogue_additions.c.payload).order_by(catalogue_additions.c.movie_id)
            )
            return [cast(dict[str, Any], row.payload) for row in rows]

    async def claim_catalogue_refresh(self, day: date) -> bool:
        """Take ``day``'s refresh: True for the one caller whose insert made the day's row —
        another process (PostgreSQL waits for its transaction, then finds the row) or a second
        run the same day gets False."""
        stmt = (
            self._insert(catalogue_refresh_runs)
            .values(run_date=day, claimed_at=_now())
            .on_conflict_do_nothing(index_elements=[catalogue_refresh_runs.c.run_date])
            .returning(catalogue_refresh_runs.c.run_date)
        )
        async with self._db.engine.begin() as conn:
            return (await conn.execute(stmt)).first() is not None

    async def finish_catalogue_refresh(
        self,
        day: date,
        outcome: str,
        report: dict[str, Any],
        additions: Iterable[tuple[int, str, dict[str, Any]]] = (),
    ) -> None:
        """Store the run's new and updated films ``(movie_id, source, payload)`` and how the run
        ended, in one transaction: the films and the record of the run go together or not at
        all. A film stored before keeps its ``first_seen``."""
        rows = [{"movie_id": m, "source": s, "payload": p} for m, s, p in additions]
        now = _now()
        async with self._db.engine.begin() as conn:
            if rows:
                stmt = self._insert(catalogue_additions)
                await conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[catalogue_additions.c.movie_id],
                        set_={
                            "payload": stmt.excluded.payload,
                            "source": stmt.excluded.source,
                            "updated_at": stmt.excluded.updated_at,
                        },
                    ),
                    [{**row, "first_seen": now, "updated_at": now} for row in rows],
                )
            await conn.execute(
                update(catalogue_refresh_runs)
                .where(catalogue_refresh_runs.c.run_date == day)
                .values(finished_at=now, outcome=outcome, report=report)
            )

    async def get_catalogue_refresh(self, day: date) -> CatalogueRefreshRecord | None:
        """The record of ``day``'s refresh, None when no process has claimed it."""
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(catalogue_refresh_runs).where(catalogue_refresh_runs.c.run_date == day)
                )
            ).one_or_none()
        if row is None:
            return None
        return CatalogueRefreshRecord(
            run_date=row.run_date,
            claimed_at=row.claimed_at,
            finished_at=row.finished_at,
            outcome=row.outcome,
            report=_state(row.report),
        )

    # -- form drafts -------------------------------------------------------------------------

    async def get_draft(self, telegram_id: int, form: str) -> dict[str, Any]:
        """The values entered so far in ``form`` ({} when none)."""
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(form_drafts.c.data)
                    .join(users, users.c.id == form_drafts.c.user_id)
                    .where(users.c.telegram_id == telegram_id, form_drafts.c.form == form)
                )
            ).one_or_none()
        return {} if row is None else dict(row.data)

    async def save_draft(self, telegram_id: int, form: str, data: dict[str, Any]) -> None:
        """Replace the draft of ``form`` with ``data`` (one row per user and form)."""
        now = _now()
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            stmt = self._insert(form_drafts).values(
                user_id=user_id, form=form, data=data, updated_at=now
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=[form_drafts.c.user_id, form_drafts.c.form],
                set_={"data": data, "updated_at": now},
            )
            await conn.execute(stmt)

    async def clear_draft(self, telegram_id: int, form: str) -> None:
        """Forget the draft of ``form`` (the form was sent or cancelled)."""
        await self._remove_for_user(form_drafts, telegram_id, form_drafts.c.form == form)

    async def clear_drafts(self, telegram_id: int) -> None:
        """Forget every form the user was filling in (/cancel)."""
        await self._remove_for_user(form_drafts, telegram_id)

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
        now = _now()
        async with self._db.engine.begin() as conn:
            user_id = await self._ensure_user(conn, telegram_id)
            prediction_id = (
                await conn.execute(
                    insert(predictions)
                    .values(
                        user_id=user_id,
                        capability=capability,
                        input=input,
                        output=output,
                        model_version=model_version,
                        created_at=now,
                    )
                    .returning(predictions.c.id)
                )
            ).scalar_one()
        return PredictionRecord(
            id=prediction_id,
            capability=capability,
            input=input,
            output=output,
            model_version=model_version,
            created_at=now,
        )

    async def get_prediction(self, telegram_id: int, prediction_id: int) -> PredictionRecord | None:
        """One logged answer of this user (None for another user's or an unknown id): a list
        message's buttons name the list they show by its log row."""
        query = (
            select(
                predictions.c.id,
                predictions.c.capability,
                predictions.c.input,
                predictions.c.output,
                predictions.c.model_version,
                predictions.c.created_at,
            )
            .join(users, users.c.id == predictions.c.user_id)
            .where(predictions.c.id == prediction_id, users.c.telegram_id == telegram_id)
        )
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        return PredictionRecord(
            id=row.id,
            capability=row.capability,
            input=dict(row.input),
            output=dict(row.output),
            model_version=row.model_version,
            created_at=row.created_at,
        )

    # -- watchlist alerts (the daily check, handlers/recommend/alerts.py) ---------------------

    async def claim_watchlist_checks(
        self,
        *,
        now: datetime,
        due_before: datetime,
        after_user_id: int = 0,
        limit: int = 100,
    ) -> WatchlistBatch:
        """Take the watchlists of the next ``limit`` users (by internal id, after
        ``after_user_id``) that have rows not checked since ``due_before``.

        The rows get ``checked_at = now`` in the statement that returns them: a second process
        running the check at the same time (PostgreSQL re-reads a row another transaction just
        claimed and finds it no longer due), or a second run the same day, gets nothing, so no
        film is checked, nor an alert sent, twice. A user whose rows another process took in
        between is left out (the batch says how far it looked, so the caller goes on after
        them). Each user comes with language, region and services.
        """
        due = watchlist.c.checked_at.is_(None) | (watchlist.c.checked_at < due_before)
        async with self._db.engine.begin() as conn:
            user_ids = list(
                (
                    await conn.execute(
                        select(watchlist.c.user_id)
                        .where(due, watchlist.c.user_id > after_user_id)
                        .group_by(watchlist.c.user_id)
                        .order_by(watchlist.c.user_id)
                        .limit(limit)
                    )
                ).scalars()
            )
            if not user_ids:
                return WatchlistBatch((), None)
            claimed = (
                await conn.execute(
                    update(watchlist)
                    .where(watchlist.c.user_id.in_(user_ids), due)
                    .values(checked_at=now)
                    .returning(
                        watchlist.c.user_id,
                        watchlist.c.movie_id,
                        watchlist.c.alert_state,
                        watchlist.c.created_at,
                    )
                )
            ).all()
            entries: dict[int, list[Row[Any]]] = {}
            for row in claimed:
                entries.setdefault(int(row.user_id), []).append(row)
            if not entries:
                return WatchlistBatch((), max(user_ids))
            people = (
                await conn.execute(
                    select(users.c.id, users.c.telegram_id, users.c.language, profiles.c.region)
                    .select_from(users.outerjoin(profiles, profiles.c.user_id == users.c.id))
                    .where(users.c.id.in_(sorted(entries)))
                )
            ).all()
            services: dict[int, list[str]] = {}
            for row in await conn.execute(
                select(subscriptions.c.user_id, subscriptions.c.platform)
                .where(subscriptions.c.user_id.in_(sorted(entries)))
                .order_by(subscriptions.c.platform)
            ):
                services.setdefault(int(row.user_id), []).append(str(row.platform))
        checks = [
            WatchlistCheck(
                user_id=int(person.id),
                telegram_id=int(person.telegram_id),
                language=person.language,
                region=person.region,
                subscriptions=tuple(services.get(int(person.id), ())),
                entries=tuple(
                    WatchlistEntry(int(row.movie_id), _state(row.alert_state), now)
                    for row in sorted(
                        entries[int(person.id)], key=lambda r: (r.created_at, r.movie_id)
                    )
                ),
            )
            for person in people
        ]
        return WatchlistBatch(tuple(sorted(checks, key=lambda c: c.user_id)), max(user_ids))

    async def save_watchlist_states(
        self, states: Iterable[tuple[int, int, dict[str, Any]]]
    ) -> None:
        """Record what the check found: ``(telegram_id, movie_id, alert_state)`` each; a row
        the user removed meanwhile is simply not there any more."""
        rows = [{"t": t, "m": m, "state": state} for t, m, state in states]
        if not rows:
            return
        owner = select(users.c.id).where(users.c.telegram_id == bindparam("t")).scalar_subquery()
        async with self._db.engine.begin() as conn:
            await conn.execute(
                update(watchlist)
                .where(watchlist.c.user_id == owner, watchlist.c.movie_id == bindparam("m"))
                .values(alert_state=bindparam("state", type_=watchlist.c.alert_state.type)),
                rows,
            )

    async def get_watchlist_states(self, telegram_id: int) -> dict[int, WatchlistEntry]:
        """The check's record of each film on the user's watchlist, by film id."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(watchlist.c.movie_id, watchlist.c.alert_state, watchlist.c.checked_at)
                .join(users, users.c.id == watchlist.c.user_id)
                .where(users.c.telegram_id == telegram_id)
            )
            return {
                int(row.movie_id): WatchlistEntry(
                    int(row.movie_id), _state(row.alert_state), row.checked_at
                )
                for row in rows
            }

    # -- the message log's numbering ---------------------------------------------------------

    async def last_update_id(self) -> int:
        """The highest update id ever stored (0 for none): the console's local Bot API server
        numbers a restarted chat's updates after it, so none is taken for a re-delivery."""
        async with self._db.engine.connect() as conn:
            found = (await conn.execute(select(func.max(inbound.c.update_id)))).scalar_one()
        return int(found or 0)

    # -- forgetting --------------------------------------------------------------------------

    async def forget_user(self, telegram_id: int) -> bool:
        """Delete every row about the user; True if there was anything to delete."""
        async with self._db.engine.begin() as conn:
            deleted = await conn.execute(delete(users).where(users.c.telegram_id == telegram_id))
            await conn.execute(
                delete(conversation_states).where(
                    conversation_states.c.telegram_user_id == telegram_id
                )
            )
            return bool(deleted.rowcount)

    async def count_user_rows(self, telegram_id: int) -> UserDataCounts:
        """Rows per table that belong to the user: proves /forget left nothing behind."""
        async with self._db.engine.connect() as conn:
            user_id = (
                await conn.execute(select(users.c.id).where(users.c.telegram_id == telegram_id))
            ).scalar_one_or_none()

            async def count(table: Table, condition: ColumnElement[bool] | None) -> int:
                if condition is None:
                    return 0
                stmt = select(func.count()).select_from(table).where(condition)
                return int((await conn.execute(stmt)).scalar_one())

            def owned(table: Table) -> ColumnElement[bool] | None:
                return None if user_id is None else table.c.user_id == user_id

            return UserDataCounts(
                users=await count(users, users.c.telegram_id == telegram_id),
                profiles=await count(profiles, owned(profiles)),
                favourites=await count(favourites, owned(favourites)),
                subscriptions=await count(subscriptions, owned(subscriptions)),
                feedback=await count(feedback, owned(feedback)),
                watchlist=await count(watchlist, owned(watchlist)),
                predictions=await count(predictions, owned(predictions)),
                inbound_messages=await count(inbound, owned(inbound)),
                conversation_states=await count(
                    conversation_states, conversation_states.c.telegram_user_id == telegram_id
                ),
                form_drafts=await count(form_drafts, owned(form_drafts)),
            )

    async def count_inbound(self, telegram_id: int) -> int:
        """How many updates from this user are stored."""
        return (await self.count_user_rows(telegram_id)).inbound_messages


def _profiles_query(dialect: str) -> Select[Any]:
    """Profiles of many users in one statement; subscriptions and favourites aggregated as
    "a,b,c" strings (the aggregate is spelled differently on SQLite and PostgreSQL)."""

    def joined(column: Any, order: Any, owner: Any) -> Any:
        if dialect == "postgresql":
            separator = aggregate_order_by(literal(","), order)
            aggregate = func.string_agg(cast_(column, String), separator)
        else:
            aggregate = func.group_concat(cast_(column, String), ",")
        return select(aggregate).where(owner == users.c.id).scalar_subquery()

    return (
        select(
            users.c.telegram_id,
            users.c.language,
            profiles.c.age,
            profiles.c.gender,
            profiles.c.onboarded_at,
            profiles.c.only_subscribed,
            profiles.c.region,
            joined(
                subscriptions.c.platform, subscriptions.c.platform, subscriptions.c.user_id
            ).label("subscriptions"),
            joined(favourites.c.movie_id, favourites.c.id, favourites.c.user_id).label(
                "favourites"
            ),
        )
        .select_from(users.outerjoin(profiles, profiles.c.user_id == users.c.id))
        .where(users.c.telegram_id.in_(bindparam("ids", expanding=True)))
    )


def _profile_record(row: Row[Any]) -> ProfileRecord:
    return ProfileRecord(
        telegram_id=row.telegram_id,
        language=row.language,
        age=row.age,
        gender=row.gender,
        subscriptions=tuple(sorted(row.subscriptions.split(","))) if row.subscriptions else (),
        favourites=tuple(int(m) for m in row.favourites.split(",")) if row.favourites else (),
        onboarded=row.onboarded_at is not None,
        only_subscribed=bool(row.only_subscribed),
        region=row.region,
    )


def _user_record(row: Row[Any]) -> UserRecord:
    return UserRecord(
        id=row.id,
        telegram_id=row.telegram_id,
        language=row.language,
        onboarded=row.onboarded_at is not None,
        region=row.region,
    )


def _state(value: Any) -> dict[str, Any] | None:
    """A stored alert state; anything but an object (a JSON ``null``) counts as none."""
    return dict(value) if isinstance(value, dict) else None


def _now() -> datetime:
    return datetime.now(UTC)
