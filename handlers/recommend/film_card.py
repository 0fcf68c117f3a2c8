"""A film's card in the private chat: title, year, genres, where it streams, and its buttons.

Shown for a film asked about ("기생충 감독 누구야?", a title on its own) and by the deep link
``/start film_<id>`` (an inline result's "Open in CineMate" button, ``inline.py``): the
where-to-watch answer of the user's region (their services first) with 👍 👎 ✓ ➕ (``rec:…``,
handled in ``cards.py``) and "films like this" (``like:<id>``).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from handlers.recommend.cards import card_keyboard, similar_buttons
from handlers.recommend.where_to_watch import availability_text
from handlers.shared.context import CineContext
from handlers.shared.film_text import genres_text, people_line
from inference.catalogue.films import Movie

# ``/start film_<id>``: what Telegram sends when a deep link to a film's card is opened.
# Onboarding's /start excludes it, and ``inline.py`` answers it.
FILM_DEEP_LINK = r"^/start(?:@\w+)?\s+film_(\d{1,9})\s*$"


async def send_film_card(
    context: CineContext, chat_id: int, movie: Movie, *, note: str | None = None
) -> None:
    """Send the card of ``movie`` to ``chat_id``; ``note`` (HTML) is added as its last line."""
    language = context.lang
    text = await availability_text(context, movie, None)
    head, _, rest = text.partition("\n")
    made_by = people_line(context.bot_data.credits.of(movie), language)
    parts = (head, genres_text(movie.genres, language), made_by, rest, note)
    text = "\n".join(part for part in parts if part)
    user = context.account.telegram_id if context.account is not None else chat_id
    taste = await context.bot_data.repo.get_taste(user)
    rows = [list(row) for row in card_keyboard(movie.movie_id, taste, language).inline_keyboard]
    if similar := similar_buttons(context, movie.movie_id):
        rows.append(similar)
    await context.bot.send_message(
        chat_id, text, parse_mode="HTML", reply_markup=InlineKeyboardMarkup(rows)
    )
