"""/recommend, and the feedback buttons of a single film's card.

/recommend shows the user's list as one message (``film_list.py``). A film card (a film asked
about) carries 👍 👎 ✓ ➕ as ``rec:<action>:<movie id>``, a where-to-watch answer ➕ alone:
stored at once and read again for the next list, so 👎 removes a film and 👍 pulls similar films
up; a press marks its button and leaves the message's other buttons as they were.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.recommend.feedback import toggle_feedback
from handlers.recommend.film_list import ListRequest, send_list
from handlers.shared.context import CineContext
from handlers.shared.flow import step
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_markup
from storage.records import TasteRecord
from storage.repository import FEEDBACK_KINDS

FLOW = "recommend"
PREFIX = "rec"
MAX_PAGES = 10


@step(FLOW)
async def recommend_command(update: Update, context: CineContext) -> None:
    """/recommend: the user's own list (popular films in their region, and how to get personal
    picks, for a user who has not told CineMate their taste yet)."""
    assert update.effective_user is not None and update.effective_chat is not None
    await send_list(context, update.effective_chat.id, update.effective_user.id, ListRequest())


def feedback_data(kind: str, movie_id: int) -> str:
    """The callback data of a feedback button (``rec:fb:like:<id>``, ``rec:wl:<id>``)."""
    return f"{PREFIX}:wl:{movie_id}" if kind == "watchlist" else f"{PREFIX}:fb:{kind}:{movie_id}"


def feedback_button(
    kind: str, movie_id: int, taste: TasteRecord, language: str
) -> InlineKeyboardButton:
    """One of 👍 👎 ✓ ➕ for a film, with a check mark when it is already chosen."""
    mark = " ✔" if taste.marked(kind, movie_id) else ""
    return InlineKeyboardButton(
        t(language, f"rec.{kind}") + mark, callback_data=feedback_data(kind, movie_id)
    )


def similar_buttons(context: CineContext, movie_id: int) -> list[InlineKeyboardButton]:
    """🎞 Films like this (``like:<id>``, answered in ``intents.py``) — none for a film found
    only live on TMDB, which the recommender does not know."""
    if context.bot_data.catalogue.get(movie_id) is None:
        return []
    label = t(context.lang, "card.similar")
    return [InlineKeyboardButton(label, callback_data=f"like:{movie_id}")]


def card_keyboard(movie_id: int, taste: TasteRecord, language: str) -> InlineKeyboardMarkup:
    """👍 👎 ✓ ➕ for one film; the ones already chosen carry a check mark."""
    return InlineKeyboardMarkup(
        [
            [feedback_button(k, movie_id, taste, language) for k in ("like", "dislike")],
            [feedback_button(k, movie_id, taste, language) for k in ("watched", "watchlist")],
        ]
    )


def refreshed_keyboard(
    markup: InlineKeyboardMarkup | None, movie_id: int, taste: TasteRecord, language: str
) -> InlineKeyboardMarkup:
    """The message's own keyboard with its feedback buttons for ``movie_id`` marked afresh —
    every other button ("films like this", "Or: …") kept where it was."""
    if markup is None:
        return card_keyboard(movie_id, taste, language)
    kinds = {feedback_data(k, movie_id): k for k in (*FEEDBACK_KINDS, "watchlist")}
    return InlineKeyboardMarkup(
        [
            [
                feedback_button(kinds[b.callback_data], movie_id, taste, language)
                if isinstance(b.callback_data, str) and b.callback_data in kinds
                else b
                for b in row
            ]
            for row in markup.inline_keyboard
        ]
    )


@step(FLOW)
async def feedback_pressed(update: Update, context: CineContext) -> None:
    """👍 👎 ✓ ➕: store (or, on a second tap, take back) and mark the button."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    kind = "watchlist" if parts[1] == "wl" else parts[2]
    movie_id = int(parts[-1])
    if await context.bot_data.films.get(movie_id) is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    toast = await toggle_feedback(context, query.from_user.id, movie_id, kind)
    await query.answer(toast)
    taste = await context.bot_data.repo.get_taste(query.from_user.id)
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    await edit_markup(message, refreshed_keyboard(markup, movie_id, taste, context.lang))


@step(FLOW)
async def legacy_list_pressed(update: Update, context: CineContext) -> None:
    """➡ More, 🔄 New list or ☐/☑ on a list sent before lists became one message: a fresh
    list (the toggle is remembered first)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if query.data.startswith(f"{PREFIX}:more:") and int(query.data.rsplit(":", 1)[1]) >= MAX_PAGES:
        await query.answer(t(context.lang, "error.button_expired"))  # never offered: forged
        return
    if query.data.startswith(f"{PREFIX}:only:"):
        profile = await context.bot_data.repo.get_profile(query.from_user.id)
        if profile is None or not profile.subscriptions:  # never offered to such a user
            await query.answer(t(context.lang, "error.button_expired"))
            return
        on = query.data.endswith(":on")
        await context.bot_data.repo.set_only_subscribed(query.from_user.id, on)
        await query.answer(t(context.lang, "rec.filter_saved_on" if on else "rec.filter_saved_off"))
    else:
        await query.answer()
    await edit_markup(query.message, None)
    await send_list(context, query.from_user.id, query.from_user.id, ListRequest())


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/recommend and its buttons."""
    return [
        CommandHandler("recommend", recommend_command),
        CallbackQueryHandler(
            feedback_pressed,
            pattern=rf"^{PREFIX}:(fb:({'|'.join(FEEDBACK_KINDS)})|wl):\d{{1,9}}$",
        ),
        CallbackQueryHandler(
            legacy_list_pressed, pattern=rf"^{PREFIX}:(more:\d{{1,2}}|new|only:(on|off))$"
        ),
    ]
