"""The understanding step: a free-text message no flow took is read once and answered by intent.

Runs in the features group, after the step-by-step flows (which take the answers they wait for
and let everything else through, see ``handlers.shared.flow``). The reading — the classifier
and the slot rules, kiwipiepy for Korean — runs in a worker thread; the answer is the one the
capability registered for the intent (``registry.py``) — unless the classifier only guessed
and a capability recognises the message by its content (``_guessed``).
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.shared.context import CineContext
from handlers.shared.flow import REQUEST_CONFIDENCE, step
from handlers.shared.log_context import set_flow, set_intent
from handlers.understanding.registry import IntentRegistry
from inference.understanding.service import Understood

FLOW = "understanding"
SMALL_TALK = ("greet", "thanks")  # not about_bot: "who made you" is also a film
SMALL_TALK_SURE = 0.8


def _guessed(understood: Understood) -> bool:
    """Whether the classifier only guessed a request and the slot rules found nothing it names:
    then what a capability recognises by content (a film's exact title, a song with its artist)
    is the better reading. Out of scope and bare values try the recognisers themselves."""
    slots = understood.slots
    if understood.intent in SMALL_TALK and understood.confidence < SMALL_TALK_SURE:
        return True  # "좋은 날 아이유" half-read as a greeting is a song with its singer
    named = (slots.titles, slots.seed, slots.service, slots.genres, slots.mood, slots.country,
             slots.years, slots.mine, slots.count)  # fmt: skip
    return (
        understood.intent not in ("bare", "out_of_scope")
        and understood.confidence < REQUEST_CONFIDENCE
        and not any(named)
    )


def _about_person(understood: Understood) -> bool:
    """Whether the person found is what the message asks about: a question about a person, a
    name on its own, or a request that names a person and no film ("송강호 나오는 넷플 영화");
    "Was The Shining directed by Kubrick?" asks about the film."""
    slots = understood.slots
    if slots.person is None:
        return False
    if understood.intent in ("person", "bare"):
        return True
    return understood.intent in ("recommend", "where_to_watch") and not (slots.titles or
                                                                         slots.seed)  # fmt: skip


def build_handler(registry: IntentRegistry) -> BaseHandler[Update, CineContext, None]:
    """The handler for text that is not a command."""

    @step(FLOW)
    async def understand(update: Update, context: CineContext) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        understood = await asyncio.to_thread(context.understood, message.text)
        set_flow(f"{FLOW}:{understood.intent}")
        set_intent(understood.intent, understood.confidence)
        if _about_person(understood) and registry.person_answer is not None:
            set_flow(f"{FLOW}:person")
            await registry.person_answer(update, context, understood)
            return
        if _guessed(understood) and await registry.recognised(update, context, understood):
            return  # "Oppenheimer" alone, read as a where-to-watch question without a title
        await registry.answer_for(understood.intent)(update, context, understood)

    return MessageHandler(filters.TEXT & ~filters.COMMAND, understand)
