"""Group commit for PTB persistence: one flush serves every update that finished before it.

``Application.update_persistence`` takes a global lock, so calling it after each update makes
concurrent chats queue behind each other's database writes. Instead each update asks for "a
flush that starts after my changes"; while one flush runs, later requests share the next one.
Every caller still returns only once its own conversation state is on disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class GroupFlusher:
    """Coalesces concurrent flush requests into as few runs of ``flush`` as possible."""

    def __init__(self, flush: Callable[[], Awaitable[None]]) -> None:
        self._flush = flush
        self._next: asyncio.Future[None] | None = None
        self._runner: asyncio.Task[None] | None = None

    async def request(self) -> None:
        """Return once a flush that started after this call has finished (or raise its error)."""
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        waiter = self._next
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())
        await asyncio.shield(waiter)

    async def _run(self) -> None:
        while self._next is not None:
            current, self._next = self._next, None
            try:
                await self._flush()
            except Exception as exc:  # every waiter of this run sees the failure
                current.set_exception(exc)
            else:
                current.set_result(None)
