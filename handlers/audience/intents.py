"""What the box-office capability answers in free text: "관객 수 예측해줘", "범죄도시2 관객 몇 명?".

Without a film: what the forecast needs, with a button that opens /audience. With a KOBIS
title: that film's forecast beside its actual audience, as /audience answers a typed title.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.audience import flow
from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.understanding.registry import IntentRegistry
from inference.understanding.service import Understood


def register_intents(registry: IntentRegistry) -> None:
    """The box-office cue and the menu entry (the /audience flow starts from its own button)."""
    registry.answer("box_office", box_office_cue)
    registry.menu_button("audience", "menu.audience", "aud:again")


async def box_office_cue(update: Update, context: CineContext, understood: Understood) -> None:
    """A KOBIS title → its forecast and actual audience; otherwise a button into /audience."""
    message = update.effective_message
    assert message is not None
    for reading in understood.slots.titles:
        match = await asyncio.to_thread(context.bot_data.audience.find_film, reading[:100])
        if match.film is not None:
            # The same answer as a KOBIS title typed in /audience: forecast beside the actual.
            await flow._answer(
                update, context, match.film.release, {}, match.film, match.in_training
            )
            return
    start = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(context.lang, "cue.box_office_open"), callback_data="aud:again")]]
    )
    await message.reply_html(t(context.lang, "cue.box_office"), reply_markup=start)


async def resume(update: Update, context: CineContext, state: object) -> None:
    """Back to the release form after something else was answered: its question again."""
    await flow.ask_again(update, context, state)
