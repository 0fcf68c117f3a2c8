"""Conventions shared by the conversation flows.

Each flow is a ``ConversationHandler`` in its own handler group. A step callback wrapped with
:func:`step` runs only if no earlier group already consumed the update (returning ``None``
keeps the state unchanged otherwise), and marks it consumed so the catch-all replies in the last
group stay quiet. A flow ends when the user sends a command that starts something else
(:func:`interrupting_commands_fallback`), so two flows never wait for the same answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import CallbackQuery, Update
from telegram.ext import BaseHandler, ConversationHandler, MessageHandler, filters

from handlers.shared.context import CineContext
from handlers.shared.log_context import set_flow
from handlers.shared.message_edit import edit_markup

State = TypeVar("State")
StepCallback = Callable[[Update, CineContext], Coroutine[Any, Any, Any]]

# Commands that answer without interrupting the flow in progress.
NON_INTERRUPTING_COMMANDS = ("help", "lang")


def step(flow: str) -> Callable[[StepCallback], StepCallback]:
    """Decorate a flow callback: name the flow in logs and consume the update once."""

    def decorate(callback: StepCallback) -> StepCallback:
        @functools.wraps(callback)
        async def wrapper(update: Update, context: CineContext) -> Any:
            if context.consumed:
                return None
            context.consumed = True
            set_flow(flow)
            return await callback(update, context)

        return wrapper

    return decorate


def user_id(update: Update) -> int:
    """The Telegram id of the user behind an update that has one (every flow step does)."""
    assert update.effective_user is not None
    return update.effective_user.id


def chat_id(update: Update) -> int:
    """The chat an update came from, where the flow sends its next message."""
    assert update.effective_chat is not None
    return update.effective_chat.id


async def close_button(update: Update) -> CallbackQuery:
    """Acknowledge a button press and remove that message's keyboard, so a second tap on the
    same message cannot run the step twice."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await edit_markup(query.message, None)
    return query


async def _end_flow(update: Update, context: CineContext) -> int:
    context.interrupted_flow = True
    return ConversationHandler.END


def interrupting_commands_fallback() -> BaseHandler[Update, CineContext, Any]:
    """Fallback that ends the flow on any command except /help and /lang."""
    keep = filters.Regex(rf"^/({'|'.join(NON_INTERRUPTING_COMMANDS)})(@\w+)?(\s|$)")
    return MessageHandler(filters.COMMAND & ~keep, _end_flow, block=True)
