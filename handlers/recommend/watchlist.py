"""/watchlist: films saved with ➕, where each streams, and buttons to tick or drop them."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.shared.context import CineContext
from handlers.shared.film_text import availability_lines, film_html, film_label
from handlers.shared.flow import step
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_markup, edit_text

FLOW = "watchlist"
PREFIX = "wl"
# One message holds the list; Telegram caps a message at 4096 characters.
MAX_SHOWN = 15


async def _render(
    context: CineContext, telegram_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    repo = context.bot_data.repo
    language = context.lang
    saved = await repo.get_watchlist(telegram_id)
    known = await context.bot_data.films.get_many(saved)
    movies = [known[i] for i in reversed(saved) if i in known]
    if not movies:
        return t(language, "wl.empty"), None
    shown = movies[:MAX_SHOWN]
    profile = await repo.get_profile(telegram_id)
    subscriptions = profile.subscriptions if profile else ()
    where = context.bot_data.where_to_watch
    region = context.region
    availabilities = await asyncio.gather(*(where.lookup(m, region) for m in shown))
    lines = [t(language, "wl.title", count=len(movies))]
    for number, (movie, availability) in enumerate(zip(shown, availabilities, strict=True), 1):
        lines.append(f"\n{number}. {film_html(movie, language)}")
        lines += availability_lines(availability, subscriptions, language, movie)
    if len(movies) > MAX_SHOWN:
        lines.append(t(language, "wl.more", count=len(movies) - MAX_SHOWN))
    lines.append("\n" + t(language, "wl.help"))
    rows = [
        [
            InlineKeyboardButton(
                f"✓ {film_label(m, language)}", callback_data=f"{PREFIX}:seen:{m.movie_id}"
            ),
            InlineKeyboardButton("✖", callback_data=f"{PREFIX}:rm:{m.movie_id}"),
        ]
        for m in shown
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


@step(FLOW)
async def watchlist_command(update: Update, context: CineContext) -> None:
    """/watchlist."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    text, markup = await _render(context, update.effective_user.id)
    await message.reply_html(text, reply_markup=markup)


@step(FLOW)
async def item_pressed(update: Update, context: CineContext) -> None:
    """✓ (watched: recorded and taken off the list) or ✖ (just taken off)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, action, movie_id_text = query.data.split(":")
    movie_id = int(movie_id_text)
    repo = context.bot_data.repo
    if await context.bot_data.films.get(movie_id) is None or not await repo.remove_from_watchlist(
        query.from_user.id, movie_id
    ):
        await query.answer(t(context.lang, "error.button_expired"))
        return
    if action in ("seen", "aseen"):
        await repo.record_feedback(query.from_user.id, movie_id, "watched")
    await query.answer(t(context.lang, "wl.seen" if action.endswith("seen") else "wl.removed"))
    if action.startswith("a"):  # on an alert: the alert stays, its ✓ / ✖ go (the link stays)
        await edit_markup(query.message, _links_only(query.message))
        return
    text, markup = await _render(context, query.from_user.id)
    await edit_text(query.message, text, markup)


def _links_only(message: object) -> InlineKeyboardMarkup | None:
    """The message's link buttons, without the buttons that act on the film."""
    markup = getattr(message, "reply_markup", None)
    rows = [
        [button for button in row if button.url]
        for row in (markup.inline_keyboard if markup is not None else ())
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/watchlist and its buttons."""
    return [
        CommandHandler("watchlist", watchlist_command),
        CallbackQueryHandler(item_pressed, pattern=rf"^{PREFIX}:a?(seen|rm):\d{{1,9}}$"),
    ]
