"""What the box-office capability answers in free text: "관객 수 예측해줘", "범죄도시2 관객 몇 명?".

Without a film: what the forecast needs, with a button that opens /audience. With a KOBIS
title: that film's forecast beside its actual audience, as /audience answers a typed title; a
film whose screens the data lacks (released from 2025-03 on): a button into the form that asks
for them.
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
    model = context.bot_data.audience
    for reading in understood.slots.titles:
        match = await asyncio.to_thread(model.find_film, reading[:100])
        film = match.film
        if film is not None and not model.missing(film):
            # The same answer as a KOBIS title typed in /audience: forecast beside the actual.
            await flow._answer(update, context, film.release, {}, film, match.in_training)
            return
        if film is not None:
            # A film the data lacks a fact for (its screens, from 2025-03 on): a button into
            # the /audience form with the film's facts filled in.
            note = await asyncio.to_thread(flow.film_note, context, film)
            ask = InlineKeyboardMarkup(
                [[InlineKeyboardButton(t(context.lang, "aud.button.ask"),
                                       callback_data=f"aud:ask:{film.film_id}")]]
            )  # fmt: skip
            await message.reply_html(note, reply_markup=ask)
            return
    start = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(context.lang, "cue.box_office_open"), callback_data="aud:again")]]
    )
    await message.reply_html(t(context.lang, "cue.box_office"), reply_markup=start)


async def resume(update: Update, context: CineContext, state: object) -> None:
    """Back to the release form after something else was answered: its question again."""
    await flow.ask_again(update, context, state)
