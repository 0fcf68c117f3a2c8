"""A python-telegram-bot ``BasePersistence`` on the application's own database.

It persists what CineMate keeps in PTB: the state of each persistent ConversationHandler, so a
restarted process (or another process on the same PostgreSQL) resumes every conversation at
the same step. Everything a flow learns from the user goes straight to the repository tables,
never into ``user_data``/``chat_data`` (see ARCHITECTURE.md), so those are not stored.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from sqlalchemy import JSON, DateTime, bindparam, delete, select, text
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.batching import Batcher
from storage.database import Database
from storage.tables import ConversationState, utcnow

# Hand-written so SQLAlchemy caches it (it never caches dialect upserts); the same SQL runs on
# SQLite and PostgreSQL.
_UPSERT_STATE = text(
    "INSERT INTO conversation_states (name, key, telegram_user_id, state, updated_at) "
    "VALUES (:name, :key, :user_id, :state, :now) "
    "ON CONFLICT (name, key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
).bindparams(bindparam("state", type_=JSON), bindparam("now", type_=DateTime(timezone=True)))
_DELETE_STATE = delete(ConversationState).where(
    ConversationState.name == bindparam("name"), ConversationState.key == bindparam("key")
)
# By primary key (name, key): one index probe per conversation name.
_STATES_OF_KEY = select(ConversationState.name, ConversationState.state).where(
    ConversationState.name.in_(bindparam("names", expanding=True)),
    ConversationState.key == bindparam("key"),
)
_StateChange = tuple[str, str, int | None, object]  # name, encoded key, user id, new state


class SqlPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Stores conversation states in the ``conversation_states`` table.

    The application calls ``update_persistence()`` after every update (``bot.application``);
    the states changed by concurrent updates are written in one transaction.
    """

    def __init__(self, database: Database, *, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._db = database
        # The state this process last read or wrote per conversation: re-writing an unchanged
        # state (PTB reports every state a step touched) costs no SQL.
        self._known_states: dict[tuple[str, str], object] = {}
        self._state_writer: Batcher[_StateChange, None] = Batcher(self._write_states)

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

    async def conversation_states_of(
        self, names: list[str], key: ConversationKey
    ) -> dict[str, object]:
        """The stored state of every persistent conversation for one key, by handler name.

        Read before each update when several processes share the database, so the step a user
        reached in another process is the one this process continues from.
        """
        encoded = _encode_key(key)
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(_STATES_OF_KEY, {"names": names, "key": encoded})
            found = {name: state for name, state in rows if state is not None}
        for name in names:
            self._known_states.pop((name, encoded), None)
        self._known_states.update({(name, encoded): state for name, state in found.items()})
        return found

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Write (or delete, when the conversation ended) one conversation's state."""
        encoded = _encode_key(key)
        if self._known_states.get((name, encoded)) == new_state:
            return
        if new_state is None:
            self._known_states.pop((name, encoded), None)
        else:
            self._known_states[(name, encoded)] = deepcopy(new_state)
        await self._state_writer.submit((name, encoded, _user_id_of(key), deepcopy(new_state)))

    async def _write_states(self, items: list[_StateChange]) -> list[None]:
        latest = {(name, key): (user_id, state) for name, key, user_id, state in items}
        now = utcnow()
        upserts = [
            {"name": name, "key": key, "user_id": user_id, "state": state, "now": now}
            for (name, key), (user_id, state) in latest.items()
            if state is not None
        ]
        deletes = [
            {"name": name, "key": key}
            for (name, key), (_, state) in latest.items()
            if state is None
        ]
        async with self._db.engine.begin() as conn:
            if upserts:
                await conn.execute(_UPSERT_STATE, upserts)
            if deletes:
                await conn.execute(_DELETE_STATE, deletes)
        return [None] * len(items)

    # -- data CineMate does not keep in PTB --------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Not stored (flows write to the repository instead)."""
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Not stored."""
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        """Not stored: bot_data holds the services, built at start-up."""
        return {}

    async def get_callback_data(self) -> CDCData | None:
        """Not used: buttons carry short validated strings."""
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Not stored."""

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Not stored."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Not stored."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Not used."""

    async def drop_user_data(self, user_id: int) -> None:
        """Nothing stored to drop."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Nothing stored to drop."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing to refresh."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Nothing to refresh."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Nothing to refresh."""

    async def flush(self) -> None:
        """Every state is written when it changes; nothing is buffered at shutdown."""


def _encode_key(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _decode_key(raw: str) -> ConversationKey:
    return tuple(json.loads(raw))


def _user_id_of(key: ConversationKey) -> int | None:
    """Our flows key conversations by (chat id, user id): the user id is the second part."""
    return key[1] if len(key) == 2 and isinstance(key[1], int) else None
