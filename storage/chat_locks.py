"""One chat's updates are handled by one process at a time, across every process of a deployment.

With several bot processes on one PostgreSQL, two updates of one user can reach two processes at
the same moment (Telegram may deliver them in parallel; a load balancer may route them apart).
Each would read the same conversation step, and the second write would silently undo the first.
A PostgreSQL advisory lock on the chat id serialises them: the second waits until the first has
written its step, then reads it.

The locks hold a connection for as long as an update is handled, so they come from their own
small pool: the repository's pool is never starved by waiting lock holders (which would
deadlock). A lock held by a process that dies is released by PostgreSQL with its connection.
On SQLite (one process by design) there is nothing to lock across processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.database import Database

_LOCK = text("SELECT pg_advisory_lock(:key)").bindparams(bindparam("key"))
_UNLOCK = text("SELECT pg_advisory_unlock(:key)").bindparams(bindparam("key"))


class ChatLocks:
    """``async with locks.hold(chat_id)``: exclusive across processes on PostgreSQL."""

    def __init__(self, database: Database, *, pool_size: int = 16) -> None:
        self._engine: AsyncEngine | None = None
        if not database.is_sqlite:
            self._engine = create_async_engine(
                database.url, pool_size=pool_size, max_overflow=0, pool_pre_ping=True
            )

    @property
    def enabled(self) -> bool:
        """False on SQLite, where one process owns the database."""
        return self._engine is not None

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        """Wait for the chat's lock, hold it for the body, release it (also on errors)."""
        if self._engine is None:
            yield
            return
        async with self._engine.connect() as connection:
            await connection.execute(_LOCK, {"key": chat_id})
            await connection.commit()
            try:
                yield
            finally:
                try:
                    await connection.execute(_UNLOCK, {"key": chat_id})
                    await connection.commit()
                except Exception:
                    # Closing the connection for good releases the lock on the server.
                    await connection.invalidate()
                    raise

    async def dispose(self) -> None:
        """Close the lock connections."""
        if self._engine is not None:
            await self._engine.dispose()
