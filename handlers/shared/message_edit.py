"""Editing a message the bot sent earlier, where "nothing to edit" is not an error.

A double tap re-sends the same text ("message is not modified"), and a button can outlive its
message (deleted, or too old to edit). Neither should reach the error handler: the user's action
is already stored, and the next reply shows the current state anyway.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, MaybeInaccessibleMessage, Message
from telegram.error import BadRequest

_HARMLESS = ("not modified", "message to edit not found", "message can't be edited")


def _harmless(error: BadRequest) -> bool:
    text = str(error).lower()
    return any(fragment in text for fragment in _HARMLESS)


async def edit_text(
    message: MaybeInaccessibleMessage | None,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    preview: LinkPreviewOptions | None = None,
) -> None:
    """Replace the text (HTML), keyboard and (with ``preview``) link preview of one of the
    bot's messages."""
    if not isinstance(message, Message):  # Telegram no longer sends messages this old
        return
    try:
        await message.edit_text(
            text, parse_mode="HTML", reply_markup=markup, link_preview_options=preview
        )
    except BadRequest as error:
        if not _harmless(error):
            raise


async def edit_markup(
    message: MaybeInaccessibleMessage | None, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace (or, with None, remove) the keyboard of one of the bot's messages."""
    if not isinstance(message, Message):
        return
    try:
        await message.edit_reply_markup(markup)
    except BadRequest as error:
        if not _harmless(error):
            raise
