""" "Where can I watch X" / "X 어디서 봐" / /where X → the platforms that carry X.

A confident title match is answered at once; otherwise the closest films come back as buttons
(``wtw:<movie id>``). Answers come from TMDB live when a key is configured (cached in the
database) and from the offline table otherwise or when TMDB fails.
"""

from __future__ import annotations

import asyncio
import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.context import CineContext
from handlers.film_text import availability_lines, availability_source, film_html, film_label
from handlers.flow import step
from handlers.i18n import t
from inference.catalogue import Movie

FLOW = "where_to_watch"
PREFIX = "wtw"
CANDIDATES = 5
_END = r"\s*[?？!.~]*\s*$"
_QUESTION_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*where\s+(?:can|could|do|should|would)\s+i\s+(?:watch|stream|see|find)\s+(?P<title>.+?)"
        + _END,
        r"^\s*where\s+(?:to|can\s+you|can\s+one)\s+(?:watch|stream|see)\s+(?P<title>.+?)" + _END,
        r"^\s*where\s+is\s+(?P<title>.+?)\s+(?:streaming|available|playing)" + _END,
        r"^\s*(?P<title>.+?)\s*(?:은|는|을|를|이|가|도)?\s*어디(?:서|에서)\s*"
        r"(?:봐|봐요|봄|볼\s*수\s*있어요?|볼\s*수\s*있나요?|볼수있어요?|보나요|볼까요?|"
        r"보면\s*돼요?|스트리밍\s*해요?|해요|하나요|나와요?)?" + _END,
        r"^\s*어디(?:서|에서)\s*(?P<title>.+?)\s*(?:을|를)?\s*"
        r"(?:봐|봐요|볼\s*수\s*있어요?|볼\s*수\s*있나요?|보나요|볼까요?)" + _END,
    )
]


def parse_where_question(text: str) -> str | None:
    """The film title in a where-to-watch question, or None if the text is not one."""
    for pattern in _QUESTION_PATTERNS:
        match = pattern.match(text)
        if match:
            title = match.group("title").strip(" \"'“”‘’«»「」『』")
            return title or None
    return None


@step(FLOW)
async def where_command(update: Update, context: CineContext) -> None:
    """/where <title>; without a title, an example."""
    message = update.effective_message
    assert message is not None
    title = " ".join(context.args or []).strip()
    if not title:
        await message.reply_html(t(context.lang, "wtw.ask_title"))
        return
    await _answer_title(update, context, title)


@step(FLOW)
async def where_question(update: Update, context: CineContext) -> None:
    """Free text shaped like a where-to-watch question."""
    message = update.effective_message
    assert message is not None and message.text is not None
    title = parse_where_question(message.text)
    assert title is not None  # the handler's filter only lets questions through
    await _answer_title(update, context, title)


async def _answer_title(update: Update, context: CineContext, title: str) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    catalogue = context.bot_data.catalogue
    matches = await asyncio.to_thread(catalogue.search, title[:200], CANDIDATES)
    movie = catalogue.confident(matches)
    if movie is not None:
        await message.reply_html(await _availability_text(context, update.effective_user.id, movie))
        return
    if not matches:
        await message.reply_html(t(context.lang, "wtw.not_found", query=html.escape(title[:200])))
        return
    rows = [
        [InlineKeyboardButton(film_label(m.movie), callback_data=f"{PREFIX}:{m.movie.movie_id}")]
        for m in matches
    ]
    await message.reply_html(
        t(context.lang, "wtw.which", query=html.escape(title[:200])),
        reply_markup=InlineKeyboardMarkup(rows),
    )


@step(FLOW)
async def film_chosen(update: Update, context: CineContext) -> None:
    """A candidate button → the answer for that film."""
    query = update.callback_query
    assert query is not None and query.data is not None
    movie = context.bot_data.catalogue.get(int(query.data.rsplit(":", 1)[1]))
    if movie is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    await context.bot.send_message(
        query.from_user.id,
        await _availability_text(context, query.from_user.id, movie),
        parse_mode="HTML",
    )


async def _availability_text(context: CineContext, telegram_id: int, movie: Movie) -> str:
    profile = await context.bot_data.repo.get_profile(telegram_id)
    subscriptions = profile.subscriptions if profile else ()
    availability = await context.bot_data.where_to_watch.lookup(movie)
    language = context.lang
    if not availability.has_data:
        key = "wtw.no_data_live" if availability.live else "wtw.no_data"
        return t(language, key, film=film_html(movie), region=availability.region or "")
    lines = [f"📺 {film_html(movie)}"]
    lines += availability_lines(availability, subscriptions, language)
    lines.append(availability_source(availability, language))
    return "\n".join(lines)


class WhereQuestion(filters.MessageFilter):
    """Text that reads as a where-to-watch question."""

    def filter(self, message: object) -> bool:
        text = getattr(message, "text", None)
        return isinstance(text, str) and parse_where_question(text) is not None


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/where, the free-text question and the candidate buttons."""
    return [
        CommandHandler("where", where_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & WhereQuestion(), where_question),
        CallbackQueryHandler(film_chosen, pattern=rf"^{PREFIX}:\d{{1,9}}$"),
    ]
