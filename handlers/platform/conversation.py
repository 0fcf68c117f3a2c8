"""Small talk and the way in: greetings, thanks, help, the bot itself, a title, and out of scope.

"안녕" and "hi" get a greeting and the capability menu (never "not sure"); "고마워" a short
reply; "뭐 할 수 있어?" the help text with the menu; "너 누구야?" who CineMate is; a film title
on its own the film's card (or "which one?" buttons); anything CineMate cannot do one line of
what it can, with the menu — an insult an apology first.
"""

from __future__ import annotations

import asyncio
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.recommend.film_card import send_film_card
from handlers.recommend.unknown import missing_part
from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.understanding.registry import IntentRegistry
from inference.understanding.service import Understood
from inference.understanding.tone import is_insult

CANDIDATES = 5
CARD_PREFIX = "card"
EXACT_TITLE = 97.0
MAX_TITLE_WORDS = 8


def register_intents(registry: IntentRegistry) -> None:
    """Greet, thanks, help, bare values and out of scope."""

    async def greet(update: Update, context: CineContext, _: Understood) -> None:
        assert update.effective_message is not None
        key = "conv.greet_back" if context.account and context.account.onboarded else "conv.greet"
        await update.effective_message.reply_html(
            t(context.lang, key), reply_markup=registry.keyboard(context.lang)
        )

    async def thanks(update: Update, context: CineContext, _: Understood) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(t(context.lang, "conv.thanks"))

    async def help_(update: Update, context: CineContext, _: Understood) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            t(context.lang, "help.text", bot=context.bot.username),
            reply_markup=registry.keyboard(context.lang),
        )

    async def about_bot(update: Update, context: CineContext, _: Understood) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            t(context.lang, "conv.about_bot"), reply_markup=registry.keyboard(context.lang)
        )

    async def menu(update: Update, context: CineContext) -> None:
        message = update.effective_message
        assert message is not None
        key = "conv.insult" if is_insult(message.text or "") else "conv.out_of_scope"
        await message.reply_html(t(context.lang, key), reply_markup=registry.keyboard(context.lang))

    async def out_of_scope(update: Update, context: CineContext, understood: Understood) -> None:
        """What CineMate does — unless a capability knows the message by its content (a song
        named with its artist, a film's exact title: ``title_alone``)."""
        if await registry.recognised(update, context, understood):
            return
        await menu(update, context)

    async def title_alone(update: Update, context: CineContext, _: Understood) -> bool:
        """A whole message that is a title the catalogue knows exactly is that film, which a
        person typing it alone means: its card."""
        text = (update.effective_message.text or "") if update.effective_message else ""
        short = 0 < len(text.split()) <= MAX_TITLE_WORDS
        return short and await _answer_title(update, context, (text.strip(),), exact=True)

    async def bare(update: Update, context: CineContext, understood: Understood) -> None:
        """A song with its artist → its genres; a title on its own → its card; a value that
        names neither → what CineMate does."""
        readings = understood.slots.titles
        if await registry.recognised(update, context, understood):
            return
        if not readings or not await _answer_title(update, context, readings, exact=False):
            await menu(update, context)

    registry.recognise(title_alone)
    registry.answer("greet", greet)
    registry.answer("thanks", thanks)
    registry.answer("help", help_)
    registry.answer("about_bot", about_bot)
    registry.answer("out_of_scope", out_of_scope)
    registry.answer("bare", bare)


async def _answer_title(
    update: Update, context: CineContext, readings: tuple[str, ...], *, exact: bool
) -> bool:
    """The film's card, or "which one?" buttons; False (nothing sent) when no film matches well
    enough (``exact``: only a title typed as the catalogue writes it)."""
    message = update.effective_message
    assert message is not None
    catalogue = context.bot_data.catalogue
    best = None
    for reading in readings:
        found = await asyncio.to_thread(catalogue.resolve, reading, CANDIDATES, context.region)
        if best is None or _score(found) > _score(best):
            best = found
    assert best is not None
    if exact and _score(best) < EXACT_TITLE:
        return False
    if best.movie is not None:
        await send_film_card(context, message.chat_id, best.movie)
        return True
    if best.missing_part is not None:  # "범죄도시 7": the parts known, and that 7 is not yet
        text, markup = missing_part(context, readings[0], best, CARD_PREFIX)
        await message.reply_html(text, reply_markup=markup)
        return True
    if best.matches and best.matches[0].score >= 80:
        language = context.lang
        rows = [
            [
                InlineKeyboardButton(
                    m.movie.label(language), callback_data=f"{CARD_PREFIX}:{m.movie.movie_id}"
                )
            ]
            for m in best.matches[:CANDIDATES]
        ]
        await message.reply_html(
            t(language, "conv.which_film", query=html.escape(readings[0])),
            reply_markup=InlineKeyboardMarkup(rows),
        )
        return True
    return False


def _score(resolution: object) -> float:
    matches = getattr(resolution, "matches", ())
    return float(matches[0].score) if matches else -1.0
