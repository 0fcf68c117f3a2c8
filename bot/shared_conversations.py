"""Conversation steps that stay right when several processes serve one bot (PostgreSQL).

python-telegram-bot keeps each ConversationHandler's states in memory and reads them from the
persistence only at start-up. With two processes behind one webhook URL, a user who answered
the age question in process A and sends the next message to process B would find B still
waiting for the age. Before each update this module takes the chat's cross-process lock and
reloads that user's step in every persistent conversation from the database; the application
writes the new step before the lock is released (``CineMateApplication.process_update``).

Only one (chat, user) key is touched per update, and the reload is untracked, so PTB does not
write back what it just read.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, MutableMapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from telegram import Update

from storage.chat_locks import ChatLocks
from storage.errors import is_storage_unavailable
from storage.persistence import SqlPersistence

_LOG = logging.getLogger(__name__)


def conversation_key(update: object) -> tuple[int, int] | None:
    """(chat id, user id): the key every CineMate flow uses for its conversations."""
    if not isinstance(update, Update):
        return None
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    return chat.id, user.id


class SharedConversations:
    """Lock the chat across processes and bring its conversation steps up to date."""

    def __init__(
        self,
        persistence: SqlPersistence,
        locks: ChatLocks,
        conversations: dict[str, Any],
    ) -> None:
        # ``conversations``: handler name → PTB's TrackingDict of that handler's states (the
        # same objects the handlers read).
        self._persistence = persistence
        self._locks = locks
        self._conversations = conversations

    @asynccontextmanager
    async def current(self, update: object) -> AsyncIterator[None]:
        """Hold the chat's lock with its steps reloaded; the body handles the update.

        If the database cannot be reached the update is handled without the lock: its first
        database call fails the same way and the user is asked to try again.
        """
        key = conversation_key(update)
        if key is None:
            yield
            return
        async with AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(self._locks.hold(key[0]))
            except Exception as exc:
                if not is_storage_unavailable(exc):
                    raise
                _LOG.warning("chat lock unavailable (%s); handling without it", type(exc).__name__)
            else:
                await self._reload(key)
            yield

    async def close(self) -> None:
        """Release the lock connections."""
        await self._locks.dispose()

    async def _reload(self, key: tuple[int, int]) -> None:
        try:
            stored = await self._persistence.conversation_states_of(
                list(self._conversations), key
            )
        except Exception as exc:
            if not is_storage_unavailable(exc):
                raise
            _LOG.warning("could not reload conversation steps: %s", type(exc).__name__)
            return
        for name, states in self._conversations.items():
            data: MutableMapping[Any, Any] = states.data  # untracked: no write-back
            if name in stored:
                data[key] = stored[name]
            else:
                data.pop(key, None)
