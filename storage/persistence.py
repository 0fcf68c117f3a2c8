"""A python-telegram-bot ``BasePersistence`` on the application's own database.

Conversation states, user_data and chat_data live in SQL beside the profiles, so a restarted
process (or a second process on the same PostgreSQL) resumes every conversation where it was.
Data must be JSON-serialisable: that keeps the store readable and free of pickle.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from sqlalchemy import JSON, DateTime, bindparam, delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.batching import Batcher
from storage.database import Database
from storage.tables import ConversationState, PtbData, utcnow

BOT_DATA_KEY = 0
_StateChange = tuple[str, str, int | None, object]  # name, encoded key, user id, new state
# Written by hand so SQLAlchemy caches it (it never caches dialect upserts); runs after most
# updates. Identical SQL on SQLite and PostgreSQL.
_UPSERT_STATE = text(
    "INSERT INTO conversation_states (name, key, telegram_user_id, state, updated_at) "
    "VALUES (:name, :key, :user_id, :state, :now) "
    "ON CONFLICT (name, key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
).bindparams(bindparam("state", type_=JSON), bindparam("now", type_=DateTime(timezone=True)))


class SqlPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Stores PTB state in the ``conversation_states`` and ``ptb_data`` tables.

    ``update_interval`` only matters for data PTB tracks lazily; the application also calls
    ``update_persistence()`` after every update (see ``bot.application``), so a conversation
    state is on disk before the next update of that chat is handled.
    """

    def __init__(
        self,
        database: Database,
        *,
        store_bot_data: bool = False,
        update_interval: float = 60,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=store_bot_data, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._db = database
        self._insert = pg_insert if database.dialect == "postgresql" else sqlite_insert
        # What this process last read or wrote, so that PTB's "maybe changed" calls for
        # untouched data (it marks every user and chat of every update) cost no SQL.
        self._known_data: dict[tuple[str, int], Any] = {}
        self._known_states: dict[tuple[str, str], object] = {}
        self._state_writer: Batcher[_StateChange, None] = Batcher(self._write_states)

    # -- reading -----------------------------------------------------------------------------

    async def _read_kind(self, kind: str) -> dict[int, dict[Any, Any]]:
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(select(PtbData.key, PtbData.data).where(PtbData.kind == kind))
            found = {int(key): dict(data) for key, data in rows}
        self._known_data.update({(kind, key): data for key, data in found.items()})
        return found

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """All stored user_data, loaded once at start-up."""
        return await self._read_kind("user")

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """All stored chat_data, loaded once at start-up."""
        return await self._read_kind("chat")

    async def get_bot_data(self) -> dict[Any, Any]:
        """Stored bot_data (empty unless ``store_bot_data``)."""
        return (await self._read_kind("bot")).get(BOT_DATA_KEY, {})

    async def get_callback_data(self) -> CDCData | None:
        """Arbitrary callback data is not used: buttons carry short validated strings."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        """States of one persistent ConversationHandler, keyed by (chat id, user id)."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(ConversationState.key, ConversationState.state).where(
                    ConversationState.name == name
                )
            )
            found = {key: state for key, state in rows if state is not None}
        self._known_states.update({(name, key): state for key, state in found.items()})
        return {_decode_key(key): state for key, state in found.items()}

    # -- writing -----------------------------------------------------------------------------

    async def _upsert_data(self, kind: str, key: int, data: dict[Any, Any]) -> None:
        payload = json.loads(json.dumps(data))
        if self._known_data.get((kind, key)) == payload:
            return
        self._known_data[(kind, key)] = payload
        stmt = self._insert(PtbData).values(kind=kind, key=key, data=payload)
        stmt = stmt.on_conflict_do_update(
            index_elements=[PtbData.kind, PtbData.key], set_={"data": stmt.excluded.data}
        )
        async with self._db.engine.begin() as conn:
            await conn.execute(stmt)

    async def _drop_data(self, kind: str, key: int) -> None:
        if self._known_data.pop((kind, key), None) is None:
            return
        async with self._db.engine.begin() as conn:
            await conn.execute(delete(PtbData).where(PtbData.kind == kind, PtbData.key == key))

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Write one user's user_data (skipped when empty, to keep the table small)."""
        if data:
            await self._upsert_data("user", user_id, data)
        else:
            await self._drop_data("user", user_id)

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Write one chat's chat_data."""
        if data:
            await self._upsert_data("chat", chat_id, data)
        else:
            await self._drop_data("chat", chat_id)

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Write bot_data."""
        await self._upsert_data("bot", BOT_DATA_KEY, data)

    async def update_callback_data(self, data: CDCData) -> None:
        """Not used (see :meth:`get_callback_data`)."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's user_data."""
        await self._drop_data("user", user_id)

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget one chat's chat_data."""
        await self._drop_data("chat", chat_id)

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Write (or delete, when the conversation ended) one conversation's state."""
        encoded = _encode_key(key)
        known = self._known_states.get((name, encoded))
        if known == new_state:
            return
        if new_state is None:
            self._known_states.pop((name, encoded), None)
        else:
            self._known_states[(name, encoded)] = deepcopy(new_state)
        # PTB hands over the changed conversations of many updates at once: they are
        # written together, one transaction per batch.
        await self._state_writer.submit((name, encoded, _user_id_of(key), deepcopy(new_state)))

    async def _write_states(self, items: list[_StateChange]) -> list[None]:
        latest = {(name, key): (user_id, state) for name, key, user_id, state in items}
        now = utcnow()
        upserts = [
            {"name": name, "key": key, "user_id": user_id, "state": state, "now": now}
            for (name, key), (user_id, state) in latest.items()
            if state is not None
        ]
        async with self._db.engine.begin() as conn:
            if upserts:
                await conn.execute(_UPSERT_STATE, upserts)
            for (name, key), (_, state) in latest.items():
                if state is None:
                    await conn.execute(
                        delete(ConversationState).where(
                            ConversationState.name == name, ConversationState.key == key
                        )
                    )
        return [None] * len(items)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Data is authoritative in memory for this process; nothing to refresh."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """See :meth:`refresh_user_data`."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """See :meth:`refresh_user_data`."""

    async def flush(self) -> None:
        """Everything is written as it changes; nothing is buffered."""


def _encode_key(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _decode_key(raw: str) -> ConversationKey:
    return tuple(json.loads(raw))


def _user_id_of(key: ConversationKey) -> int | None:
    """Our handlers key conversations by (chat id, user id): the user id is the last int."""
    ints = [part for part in key if isinstance(part, int)]
    return ints[-1] if len(key) == 2 and ints else None


__all__ = ["SqlPersistence"]
