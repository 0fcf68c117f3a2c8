"""What the poster capability answers in free text: "이 포스터 장르 뭐야?" → send the poster."""

from __future__ import annotations

from telegram import Update

from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.understanding.registry import IntentRegistry
from inference.understanding.service import Understood


def register_intents(registry: IntentRegistry) -> None:
    """The poster cue and its menu entry."""
    registry.answer("poster", poster_cue)
    registry.menu("poster", "menu.poster", poster_from_menu)


async def poster_cue(update: Update, context: CineContext, _: Understood) -> None:
    """A question about posters without a poster: how to send one."""
    await poster_from_menu(update, context)


async def poster_from_menu(update: Update, context: CineContext) -> None:
    """🖼 in the menu: how to send a poster."""
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, t(context.lang, "cue.poster"), parse_mode="HTML"
    )
