"""The understanding step: a free-text message no flow took is read once and answered by intent.

Runs in the features group, after the step-by-step flows (which take the answers they wait for
and let everything else through, see ``handlers.shared.flow``). The reading — the classifier
and the slot rules, kiwipiepy for Korean — runs in a worker thread; the answer is the one the
capability registered for the intent (``registry.py``).
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.shared.context import CineContext
from handlers.shared.flow import step
from handlers.shared.log_context import set_flow
from handlers.understanding.registry import IntentRegistry

FLOW = "understanding"


def build_handler(registry: IntentRegistry) -> BaseHandler[Update, CineContext, None]:
    """The handler for text that is not a command."""

    @step(FLOW)
    async def understand(update: Update, context: CineContext) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        understood = await asyncio.to_thread(context.understood, message.text)
        set_flow(f"{FLOW}:{understood.intent}")
        await registry.answer_for(understood.intent)(update, context, understood)

    return MessageHandler(filters.TEXT & ~filters.COMMAND, understand)
