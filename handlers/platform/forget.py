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
from handlers.shared.flow import conversation_key, interrupting_commands_fallback, step
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
    await update.effective_message.reply_html(
        t(context.lang, "forget.confirm"), reply_markup=_confirm_keyboard(context)
    )
    return State.CONFIRM


async def resume(update: Update, context: CineContext, _: object) -> None:
    """Back to /forget after something else was answered: the confirmation again."""
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "flow.back.forget") + "\n" + t(context.lang, "forget.confirm"),
        parse_mode="HTML",
        reply_markup=_confirm_keyboard(context),
    )


def _confirm_keyboard(context: CineContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(context.lang, "forget.yes"), callback_data=f"{PREFIX}:yes"),
                InlineKeyboardButton(t(context.lang, "forget.no"), callback_data=f"{PREFIX}:no"),
            ]
        ]
    )


@step(FLOW)
async def confirmed(update: Update, context: CineContext) -> int:
    """Yes: delete every row of this user (and only this user), then say so."""
    query = update.callback_query
    assert query is not None
    language = context.lang
    await context.bot_data.repo.forget_user(query.from_user.id)
    context.account = None
    key = conversation_key(update)
    if key is not None:  # a /profile edit or a form left open must not outlive the user
        context.bot_data.flows.end_all(key, but=FLOW)
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
        fallbacks=[interrupting_commands_fallback(FLOW)],
        name=FLOW,
        persistent=True,
        allow_reentry=True,
    )
