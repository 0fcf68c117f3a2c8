"""First handler group: store what the user told us and reject oversized text early.

Storing happens before any flow runs, so a message is kept even if its handler fails later; the
``update_id`` is unique in the table, so a re-delivered update is never stored twice. A
re-delivered update that was already answered (the application marks it after handling) is
dropped here, so the user never gets the same answer twice nor has a step applied twice; one
that was stored but never answered (the process died mid-update) is handled again.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from handlers.shared.context import BotData, CineContext
from handlers.shared.i18n import t
from handlers.shared.log_context import DUPLICATE, REFUSED, set_outcome
from storage.records import InboundRecord

_LOG = logging.getLogger(__name__)


def _describe(update: Update) -> tuple[str, str | None]:
    """(kind, content) of an incoming update for the message log."""
    if update.callback_query is not None:
        return "callback", update.callback_query.data
    message = update.effective_message
    if message is None:
        return "other", None
    if message.text is not None:
        return ("command" if message.text.startswith("/") else "text"), message.text
    if message.photo:
        return "photo", message.photo[-1].file_id
    if message.document is not None:
        return "document", message.document.file_id
    if message.sticker is not None:
        return "sticker", message.sticker.file_id
    if message.voice is not None:
        return "voice", message.voice.file_id
    return "other", message.caption


def _unusable_button(update: Update) -> bool:
    """A button press no handler may act on, whatever its data says.

    * No data (a game button, or a forged query): python-telegram-bot's
      ``CallbackQueryHandler(pattern=…)`` treats a query without data as matching *every*
      pattern, so it would run the first flow step with a button (``onb:restart`` restarted
      onboarding).
    * A message in someone else's private chat (Telegram delivers presses on messages the user
      can see in another chat): the flows key their state and storage on the presser but send
      and edit in the message's chat, so a press would change the owner's messages (👍 marks,
      a keyboard removed) or send into their chat (``onb:restart``, ``ost:again``).
    """
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None or user is None:
        return False
    return not query.data or (chat.type == ChatType.PRIVATE and chat.id != user.id)


async def record_inbound(update: Update, context: CineContext) -> None:
    """Store the update, attach the user to the context, stop oversized text and button
    presses no handler may act on."""
    try:
        await _record(update, context)
    finally:
        # Stored, or not meant to be (or storing failed): polling may confirm it to Telegram.
        context.bot_data.confirmations.secured(update.update_id)


async def _record(update: Update, context: CineContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if update.inline_query is not None and user is not None and not user.is_bot:
        # Typed in another chat, keystroke by keystroke: not a message to the bot, so not
        # logged; the stored user (if any) gives the language, region and services.
        context.account = await context.bot_data.repo.get_user(user.id)
        return
    if user is None or chat is None or user.is_bot:
        raise ApplicationHandlerStop
    stored = await _store(update, context.bot_data)
    if stored.already_handled:
        _LOG.info("update %s was delivered again after it was answered: skipped", update.update_id)
        set_outcome(DUPLICATE)
        raise ApplicationHandlerStop
    context.account = stored.user
    if update.callback_query is not None and _unusable_button(update):
        _LOG.warning("a button press no handler may act on (no data, or another chat's): refused")
        set_outcome(REFUSED)
        await update.callback_query.answer(t(context.lang, "error.button_expired"))
        raise ApplicationHandlerStop
    message = update.effective_message
    limit = context.bot_data.settings.max_text_chars
    text = message.text if message is not None and update.callback_query is None else None
    if text is not None and len(text) > limit:
        _LOG.warning("a text of %d characters (limit %d): refused", len(text), limit)
        set_outcome(REFUSED)
        assert message is not None
        await message.reply_text(t(context.lang, "error.too_long", length=len(text), limit=limit))
        raise ApplicationHandlerStop


async def _store(update: Update, bot_data: BotData) -> InboundRecord:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    kind, content = _describe(update)
    return await bot_data.repo.record_inbound(
        telegram_id=user.id,
        chat_id=chat.id,
        update_id=update.update_id,
        kind=kind,
        content=content,
        raw=update.to_json(),  # kept until answered: replayed if the process dies first
    )


async def store_early(update: Update, bot_data: BotData) -> None:
    """Store an update that waits for its chat's previous one (``bot/update_processor.py``),
    so polling can confirm it meanwhile; ``record_inbound`` finds it stored (the log keeps
    one row) and reads the user only then, after the previous update changed what it did."""
    user, chat = update.effective_user, update.effective_chat
    storable = update.inline_query is None and chat is not None
    try:
        if storable and user is not None and not user.is_bot:
            await _store(update, bot_data)
    except Exception:  # the middleware tries again when the update's turn comes
        _LOG.warning("storing update %s ahead of its turn failed", update.update_id, exc_info=True)
    finally:
        bot_data.confirmations.secured(update.update_id)


def build_handler() -> TypeHandler[Update, CineContext, None]:
    """The middleware handler (group -1)."""
    return TypeHandler(Update, record_inbound)
