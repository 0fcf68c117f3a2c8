"""The global error handler: log with context, tell the user in their language.

Errors that users cause are answered by the handlers themselves; whatever reaches this handler
is unexpected. A database that is locked or unreachable is reported as "try again" rather than
as a failure, because the user's message is safe to resend.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.shared.log_context import ERROR, set_outcome
from storage.errors import is_storage_unavailable

_LOG = logging.getLogger("cinemate.errors")


async def on_error(update: object, context: CineContext) -> None:
    """Log the exception with the update's context and answer the user if we can."""
    error = context.error
    chat_id = (
        update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    )
    storage_down = error is not None and is_storage_unavailable(error)
    set_outcome(ERROR)
    _LOG.error(
        "unhandled %s while handling update (chat %s)",
        type(error).__name__,
        chat_id,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if chat_id is None:
        return
    # One failure, one message: later handler groups of this update do not run.
    stop_further = isinstance(update, Update)
    key = "error.storage_busy" if storage_down else "error.generic"
    try:
        await context.bot.send_message(chat_id, t(context.lang, key))
        if isinstance(update, Update) and update.callback_query is not None:
            await update.callback_query.answer()
    except TelegramError as exc:  # the API itself is failing: nothing more we can do
        _LOG.warning("could not tell chat %s about the error: %s", chat_id, exc)
    if stop_further:
        raise ApplicationHandlerStop
