"""/forget: delete everything stored about the user, after an explicit confirmation."""

from __future__ import annotations

from enum import IntEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.shared.context import CineContext
from handlers.shared.flow import interrupting_commands_fallback, step
from handlers.shared.i18n import t

FLOW = "forget"
PREFIX = "fgt"


class State(IntEnum):
    """Waiting for the confirmation button."""

    CONFIRM = 1


@step(FLOW)
async def ask(update: Update, context: CineContext) -> int:
    """/forget: explain what will be deleted and ask to confirm."""
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(context.lang, "forget.yes"), callback_data=f"{PREFIX}:yes"),
                InlineKeyboardButton(t(context.lang, "forget.no"), callback_data=f"{PREFIX}:no"),
            ]
        ]
    )
    await update.effective_message.reply_html(
        t(context.lang, "forget.confirm"), reply_markup=keyboard
    )
    return State.CONFIRM


@step(FLOW)
async def confirmed(update: Update, context: CineContext) -> int:
    """Yes: delete every row of this user (and only this user), then say so."""
    query = update.callback_query
    assert query is not None
    language = context.lang
    await context.bot_data.repo.forget_user(query.from_user.id)
    context.account = None
    await query.answer()
    await query.edit_message_text(t(language, "forget.done"))
    return ConversationHandler.END


@step(FLOW)
async def declined(update: Update, context: CineContext) -> int:
    """No: nothing happens."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(t(context.lang, "forget.kept"))
    return ConversationHandler.END


@step(FLOW)
async def use_buttons(update: Update, context: CineContext) -> None:
    """Anything but a button while waiting for the confirmation."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "onboarding.use_buttons"))


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent /forget confirmation."""
    return ConversationHandler(
        entry_points=[CommandHandler("forget", ask)],
        states={
            State.CONFIRM: [
                CallbackQueryHandler(confirmed, pattern=rf"^{PREFIX}:yes$"),
                CallbackQueryHandler(declined, pattern=rf"^{PREFIX}:no$"),
                MessageHandler(~filters.COMMAND, use_buttons),
            ]
        },
        fallbacks=[interrupting_commands_fallback()],
        name=FLOW,
        persistent=True,
        allow_reentry=True,
    )
