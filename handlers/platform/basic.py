"""Commands without a conversation (/help, /lang, /cancel) and the catch-all replies.

These run in the last handler group: the catch-alls answer only updates that no flow consumed,
so every message gets exactly one reply.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.shared.keyboards import language_keyboard
from handlers.shared.log_context import set_flow

PREFIX = "set"
# Commands handled by a flow in an earlier group: never "unknown".
FLOW_COMMANDS = (
    "start",
    "profile",
    "forget",
    "favorites",
    "favourites",
    "recommend",
    "where",
    "watchlist",
    "ost",
    "audience",
)


async def help_command(update: Update, context: CineContext) -> None:
    """/help (a flow in progress asks its question again afterwards)."""
    set_flow("help")
    context.answered_by = "help"
    assert update.effective_message is not None
    await update.effective_message.reply_html(
        t(context.lang, "help.text", bot=context.bot.username)
    )


async def lang_command(update: Update, context: CineContext) -> None:
    """/lang: language buttons."""
    set_flow("lang")
    context.answered_by = "lang"
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        t(context.lang, "lang.choose"), reply_markup=language_keyboard(PREFIX)
    )


async def language_chosen(update: Update, context: CineContext) -> None:
    """A /lang button: store the language and confirm in it."""
    if context.consumed:
        return
    set_flow("lang")
    query = update.callback_query
    assert query is not None and query.data is not None
    language = query.data.rsplit(":", 1)[1]
    await context.bot_data.repo.set_language(query.from_user.id, language)
    context.set_language(language)
    await query.answer()
    await query.edit_message_text(t(language, "lang.set"))


async def cancel_command(update: Update, context: CineContext) -> None:
    """/cancel: the flow on top was already ended by its fallback; drop its half-filled form
    (OST features, an audience release) and say so. A flow it had interrupted then asks its
    question again (the resume step)."""
    set_flow("cancel")
    context.answered_by = "cancel"
    assert update.effective_message is not None and update.effective_user is not None
    if context.interrupted_flow:
        repo = context.bot_data.repo
        if context.cancelled_flow:
            await repo.clear_draft(update.effective_user.id, context.cancelled_flow)
        else:  # a flow that does not name itself: every half-filled form goes
            await repo.clear_drafts(update.effective_user.id)
    key = "cancel.done" if context.interrupted_flow else "cancel.nothing"
    await update.effective_message.reply_text(t(context.lang, key))


async def unknown_command(update: Update, context: CineContext) -> None:
    """A command we do not have."""
    message = update.effective_message
    assert message is not None and message.text is not None
    name = message.text.split()[0].split("@")[0].lstrip("/").lower()
    if context.consumed or name in FLOW_COMMANDS:
        return
    command = html.escape(message.text.split()[0][:64])
    context.answered_by = "unknown_command"
    await message.reply_html(t(context.lang, "error.unknown_command", command=command))


def _reply_with(key: str) -> Any:
    async def reply(update: Update, context: CineContext) -> None:
        if context.consumed:
            return
        assert update.effective_message is not None
        context.answered_by = key
        await update.effective_message.reply_text(t(context.lang, key))

    reply.__name__ = f"reply_{key.replace('.', '_')}"
    return reply


async def expired_button(update: Update, context: CineContext) -> None:
    """A button whose flow is over (or forged data): tell the user, change nothing."""
    if context.consumed:
        return
    assert update.callback_query is not None
    await update.callback_query.answer(t(context.lang, "error.button_expired"))


def build_handlers() -> list[BaseHandler[Update, CineContext, Any]]:
    """Handlers of the last group, most specific first."""
    return [
        CommandHandler("help", help_command),
        CommandHandler("lang", lang_command),
        CommandHandler("cancel", cancel_command),
        CallbackQueryHandler(language_chosen, pattern=rf"^{PREFIX}:lang:(ko|en)$"),
        MessageHandler(filters.COMMAND, unknown_command),
        MessageHandler(filters.Sticker.ALL, _reply_with("error.sticker")),
        MessageHandler(filters.VOICE | filters.AUDIO, _reply_with("error.voice")),
        # Photos and files are posters (handlers/poster.py); what is left here is video.
        MessageHandler(filters.VIDEO | filters.VIDEO_NOTE, _reply_with("error.media")),
        MessageHandler(filters.TEXT, _reply_with("error.not_understood")),
        MessageHandler(filters.ALL, _reply_with("error.unsupported")),
        CallbackQueryHandler(expired_button),
    ]
