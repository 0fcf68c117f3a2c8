"""What the OST capability answers in free text, and how the flows hand it a line of features.

"이 노래 어떤 영화에 어울려?" → how to ask (a title, a line of features or the step-by-step
form, a voice note), with a button that opens /ost; "Dynamite 어울리는 장르" → that song looked
up at once. A line naming two or more audio features, and a song named with its artist ("좋은 날
아이유"), are claimed by this capability wherever they are typed, in the middle of onboarding
too (``claims_line``, ``claims_song``).
"""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.ost import flow
from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.understanding.registry import IntentRegistry
from inference.ost.features import parse_line
from inference.ost.tracks import Track
from inference.understanding.service import Understood

_DIGIT = re.compile(r"\d")
OST = "ost"  # the /ost flow's callback prefix


def register_intents(registry: IntentRegistry) -> None:
    """The song cue and the menu entry (the /ost flow starts from its own button)."""
    registry.answer("song", song_cue)
    registry.menu_button("song", "menu.song", f"{OST}:again")
    registry.recognise(named_song)


async def named_song(update: Update, context: CineContext, understood: Understood) -> bool:
    """A song named with its artist ("좋은 날 아이유", "Dynamite BTS") is that song, whatever
    the classifier read: answered as /ost answers it."""
    message = update.effective_message
    text = (message.text or "").strip() if message else ""
    track = await asyncio.to_thread(_song_with_artist, text, context)
    if track is None:
        return False
    await flow._from_track(update, context, track)
    return True


def claims_song(text: str, context: CineContext) -> bool:
    """Whether the line names one song together with its artist (``_song_with_artist``)."""
    return _song_with_artist(text, context) is not None


def _song_with_artist(text: str, context: CineContext) -> Track | None:
    """The one song the line names together with its artist, or None. A title alone
    ("Parasite", "Frozen") is left to the films — the catalogue's reading of a bare title wins
    — and to the question a flow asks."""
    if not text or text.startswith("/") or len(text) > flow.MAX_QUERY_CHARS:
        return None
    index = context.bot_data.ost_tracks
    matches = index.search(text, flow.SUGGESTIONS)
    track = index.confident(text, matches)
    if track is None or not matches[0].key:
        return None
    names = index.names_of(track.index)
    titles_alone = {n for n in names if not any(n.startswith(f"{m} ") for m in names)}
    return None if matches[0].key in titles_alone else track


def claims_line(text: str, _context: CineContext) -> bool:
    """A line naming at least two audio features with values ("에너지 80 템포 120")."""
    if text.startswith("/") or not _DIGIT.search(text):
        return False
    parsed = parse_line(text)
    return len(parsed.values) + len(parsed.out_of_range) >= 2


async def song_cue(update: Update, context: CineContext, understood: Understood) -> None:
    """A song named → looked up; otherwise the ways to ask, with a button into /ost."""
    message = update.effective_message
    assert message is not None
    if understood.slots.titles:
        # The song is looked up as /ost looks up a typed title: one clear match is answered at
        # once, several come back as buttons that /ost takes from anywhere.
        await flow._lookup(update, context, understood.slots.titles[0])
        return
    start = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(context.lang, "cue.song_open"), callback_data=f"{OST}:again")]]
    )
    await message.reply_html(t(context.lang, "cue.song"), reply_markup=start)


async def resume(update: Update, context: CineContext, state: object) -> None:
    """Back to /ost after something else was answered: the question it was waiting on."""
    await flow.ask_again(update, context, state)
