"""What to say about a title the catalogue does not know — honestly.

The catalogue ends somewhere (KOBIS releases up to its last month, MovieLens and the TMDB tables
before that): a film it lacks is said to be missing *from the list*, with the month it reaches
("2026년 9월 개봉작까지 알고 있어요"), never blamed on the user's spelling unless a close title
exists. A sequel number past the series' last part says which parts are known and offers them.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.shared.context import CineContext
from handlers.shared.film_text import film_label
from handlers.shared.i18n import t
from handlers.shared.numbers import month_year
from inference.catalogue.search import Resolution


def through(context: CineContext) -> str:
    """The month the catalogue's releases reach, in the user's language."""
    latest = context.bot_data.catalogue.known_until
    if latest is None:
        return "—"
    return month_year(latest.year, latest.month, context.lang)


def unknown_text(context: CineContext, query: str, resolution: Resolution | None) -> str:
    """The film is not in the list (and, with TMDB, not there either); spelling is mentioned
    only when a close title exists."""
    language = context.lang
    values = {"query": html.escape(query), "through": through(context)}
    if context.bot_data.films.can_search_live:
        return t(language, "wtw.unknown_live", **values)
    close = resolution is not None and bool(resolution.matches)
    return t(language, "wtw.unknown_close" if close else "wtw.unknown", **values)


def missing_part(
    context: CineContext, query: str, resolution: Resolution, prefix: str
) -> tuple[str, InlineKeyboardMarkup]:
    """"범죄도시 7": the parts known, as buttons (``prefix:<id>`` each), and that part N is not
    in the list yet."""
    language = context.lang
    parts = resolution.parts
    first = parts[0].name(language) if parts else query
    text = t(language, "wtw.missing_part", series=html.escape(first), known=len(parts),
             part=resolution.missing_part, through=through(context))  # fmt: skip
    rows = [[InlineKeyboardButton(film_label(m, language), callback_data=f"{prefix}:{m.movie_id}")]
            for m in parts[-6:]]  # fmt: skip
    return text, InlineKeyboardMarkup(rows)
