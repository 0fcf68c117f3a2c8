"""Group commit: concurrent writers share one transaction.

SQLite has one writer, and every statement through aiosqlite is a round trip to its thread;
fifty chats each committing their own one-row transaction queue behind each other. A
:class:`Batcher` collects what arrives while the previous batch is being written and writes it
as the next batch, so under load one transaction carries many updates and when idle a batch
is a single item with no added delay. Each caller still waits until its own row is committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batcher(Generic[Item, Result]):
    """Runs ``write(items) -> results`` (one result per item, same order) in batches."""

    def __init__(
        self, write: Callable[[list[Item]], Awaitable[list[Result]]], *, max_batch: int = 256
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._queue: list[tuple[Item, asyncio.Future[Result]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """Queue ``item`` and return its result once its batch is committed."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain())
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the submitters of this loop iteration join the batch
        while self._queue:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
            try:
                results = await self._write([item for item, _ in batch])
            except Exception as exc:  # everyone in the batch learns that it failed
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
