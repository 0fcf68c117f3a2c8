"""Engines: the database URL alone decides SQLite or PostgreSQL.

SQLite gets WAL (readers never block the writer), ``foreign_keys=ON`` (so ``ON DELETE CASCADE``
works) and a busy timeout so a briefly locked file waits instead of failing at once.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    create_async_engine,
)

from storage.migrate import upgrade_to_head

_LOG = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000


class Database:
    """Owns the process's engine.

    On SQLite every statement goes through one connection: SQLite has a single writer, writers
    on separate connections sleep in the busy handler instead of queueing in order, and each
    extra aiosqlite connection is another thread contending for the GIL (measured: reads on a
    pool of four were 40% slower than on the shared connection). Concurrent callers share
    transactions instead (:mod:`storage.batching`). PostgreSQL uses a normal pool.
    """

    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    ) -> None:
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        self.engine: AsyncEngine = _create_engine(url, echo=echo, busy_ms=busy_timeout_ms)

    @property
    def is_sqlite(self) -> bool:
        """True for the default single-process SQLite deployment."""
        return self.dialect == "sqlite"

    async def migrate(self) -> None:
        """Apply Alembic migrations up to head (in a thread: Alembic drives its own loop)."""
        await asyncio.to_thread(upgrade_to_head, self.url)

    async def ping(self) -> bool:
        """True if a trivial query succeeds (for /healthz)."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (OSError, SQLAlchemyError) as exc:
            _LOG.warning("database ping failed: %s", type(exc).__name__)
            return False
        return True

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def _create_engine(url: str, *, echo: bool, busy_ms: int) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_pre_ping=True)
    database = parsed.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=1,
        max_overflow=0,
        pool_timeout=30,
        connect_args={"timeout": busy_ms / 1000},
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # The busy time-out first, so the pragmas below wait for a writer of another
        # connection instead of failing at once; WAL is a property of the file, switched only
        # when it is not on yet (the switch needs the file to itself: a second engine
        # connecting while the first writes got "database is locked" here).
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA journal_mode")
        row = cursor.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
