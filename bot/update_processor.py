"""Concurrent across chats, in order within a chat.

PTB's default processor handles one update at a time (slow with many users) and
``concurrent_updates=True`` lets two updates of one chat race (a double tap could run a
conversation step twice). This processor keeps a lock per chat: different chats run in
parallel, and one chat's updates run one after the other in arrival order.

An update that has to wait for its chat is stored before it waits (``store_early``, set in
polling mode): polling confirms a batch only once all of it is stored (``bot/update_gate.py``),
and that must not wait for however long the chat's previous update takes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from handlers.shared.log_context import (
    bind_update,
    handler_var,
    intent_var,
    outcome_var,
)

_LOG = logging.getLogger("bot.updates")


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Serialises updates per chat while processing different chats concurrently."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiters: dict[int, int] = {}
        # Stores an update that must wait for its chat (None: webhook mode, console, tests).
        self.store_early: Callable[[Update], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` under its chat's lock, with the logging context bound, and log
        one summary line when it is done."""
        chat_id = _chat_key(update)
        update_id = update.update_id if isinstance(update, Update) else None
        bind_update(update_id, chat_id)
        started = time.perf_counter()
        try:
            await self._run(update, chat_id, coroutine)
        finally:
            _summarise(update, (time.perf_counter() - started) * 1000)

    async def _run(self, update: object, chat_id: int | None, coroutine: Awaitable[Any]) -> None:
        if chat_id is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiters[chat_id] = self._waiters.get(chat_id, 0) + 1
        try:
            if lock.locked() and self.store_early is not None and isinstance(update, Update):
                await self.store_early(update)
            async with lock:
                await coroutine
        finally:
            self._waiters[chat_id] -= 1
            if self._waiters[chat_id] == 0:
                del self._waiters[chat_id]
                del self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _summarise(update: object, milliseconds: float) -> None:
    """One INFO line per update, for an operator tracing an answer: what kind of update, the
    flow, the intent and its probability, the handler that ran last, how long it took (its
    wait for the chat's previous update included) and how it ended. Never the text itself:
    the update's id finds it in the message log. (The record also carries update and chat.)"""
    if not _LOG.isEnabledFor(logging.INFO):
        return
    intent = intent_var.get()
    _LOG.info(
        "%s intent=%s handler=%s %.0f ms %s",  # the flow, update and chat: the log context
        _kind(update),
        f"{intent[0]}:{intent[1]:.2f}" if intent else "-",
        handler_var.get(),
        milliseconds,
        outcome_var.get(),
    )


def _kind(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    if update.callback_query is not None:
        return "button"
    if update.inline_query is not None:
        return "inline_query"
    if update.chosen_inline_result is not None:
        return "inline_result"
    message = update.effective_message
    if message is None:
        return "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    for kind in ("photo", "document", "voice", "audio", "video", "sticker"):
        if getattr(message, kind, None):
            return kind
    return "other"


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
