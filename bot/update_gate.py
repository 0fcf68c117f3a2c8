"""Polling confirms a batch of updates only once every update of it is stored.

Telegram forgets the updates of a batch when the bot asks for the next one (``getUpdates``
with a higher offset), and python-telegram-bot asks at once, before handling them. An update
fetched but not yet stored when the process is killed was therefore lost for good: the
kill -9 benchmark (``bench/crash.py``) lost one of 400 on PostgreSQL, where storing takes a
few round trips, and an update waiting behind a slow one of the same chat is stored only when
that one ends. The gate closes the window: the transport tells it which updates each batch
held (``fetched``), the middleware tells it when each is stored (``secured``: stored, or not
meant to be), and the next ``getUpdates`` waits for that (``wait``). An update that waits for
its chat is stored early, before the wait (``bot/update_processor.py``), so one slow reply
never holds back polling for everyone.

If something keeps an update from being secured, polling goes on after ``timeout_s`` (logged):
a stuck update must not stop the bot from reading the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable

_LOG = logging.getLogger(__name__)
TIMEOUT_S = 10.0


class ConfirmationGate:
    """Which fetched updates are not stored yet; ``wait`` until none."""

    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self._timeout_s = timeout_s
        self._pending: set[int] = set()
        self._changed = asyncio.Event()

    def fetched(self, update_ids: Iterable[int]) -> None:
        """A ``getUpdates`` answer held these updates (reported by the transport before
        python-telegram-bot sees them, so always before they can be secured)."""
        self._pending.update(update_ids)

    def secured(self, update_id: int) -> None:
        """``update_id`` is stored (or is not to be stored): losing the process no longer
        loses it. Replayed and webhook updates were never fetched here: nothing to do."""
        if update_id in self._pending:
            self._pending.discard(update_id)
            if not self._pending:
                self._changed.set()

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def wait(self) -> None:
        """Until every fetched update is secured (or ``timeout_s`` passed: then go on)."""
        if not self._pending:
            return
        deadline = time.monotonic() + self._timeout_s
        while self._pending:
            self._changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _LOG.warning(
                    "%d fetched updates still not stored after %.0f s: confirming them anyway",
                    len(self._pending),
                    self._timeout_s,
                )
                self._pending.clear()
                break
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue


__all__ = ["TIMEOUT_S", "ConfirmationGate"]
