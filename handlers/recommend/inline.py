"""Inline mode: ``@CineMate <title>`` in any chat, and the deep link back into the private chat.

Typing ``@CineMate 기생충`` in any chat lists up to ten films — the title in the user's language,
year, genres and where it streams in the user's region, their own services first (✅) — and
choosing one posts that film's card into the chat with an "Open in CineMate" button. The
button is a deep link (``https://t.me/<bot>?start=film_<id>``): Telegram opens the private chat
and sends ``/start film_<id>``, which :func:`deep_link` answers with the film's card (👍 👎 ✓ ➕,
films like it). An empty query lists the films best known in the user's region among those on
their services (on any service of the region for a user who has chosen none).

Inline queries arrive keystroke by keystroke, so the answer has the latency budget of a text
reply: the catalogue search runs in a worker thread, availability comes from the offline tables
only (never live TMDB per keystroke), and the empty query's list is computed once per region and
set of services. The middleware attaches the stored user without logging the query as a
message; a user the bot has never seen gets their Telegram language and its region.
"""

from __future__ import annotations

import asyncio
import functools
import html
import re

import numpy as np
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CommandHandler, InlineQueryHandler, filters

from handlers.platform.onboarding import FLOW as ONBOARDING
from handlers.recommend.film_card import FILM_DEEP_LINK, send_film_card
from handlers.shared.context import CineContext
from handlers.shared.film_text import (
    availability_lines,
    availability_source,
    film_html,
    genres_text,
    offer_name,
    other_title,
    people_line,
)
from handlers.shared.flow import conversation_key, step
from handlers.shared.i18n import t
from inference.catalogue import Catalogue
from inference.catalogue.availability import Availability, OfferKind, OfflineAvailability
from inference.catalogue.credits import Credits
from inference.catalogue.films import Movie
from inference.catalogue.regions import platforms_in

FLOW = "film_card"
MAX_RESULTS = 10
# Telegram caches an answer per query text this long; is_personal keeps it per user. Short, so
# a new subscription or region shows within seconds.
CACHE_TIME_S = 10
MAX_QUERY_CHARS = 100
# Service names in a result's one-line summary (the card itself lists every offer).
SUMMARY_SERVICES = 4
_DEEP_LINK = re.compile(FILM_DEEP_LINK)


def deep_link_url(bot_username: str, movie_id: int) -> str:
    """The link that opens the private chat with ``/start film_<id>``."""
    return f"https://t.me/{bot_username}?start=film_{movie_id}"


async def inline_query(update: Update, context: CineContext) -> None:
    """Answer ``@CineMate <query>``: matching films, or the popular ones for an empty query."""
    query = update.inline_query
    assert query is not None
    text = " ".join(query.query.split())[:MAX_QUERY_CHARS]
    language, region = context.lang, context.region
    subscriptions = await _subscriptions(context)
    data = context.bot_data
    if text:
        movies = await asyncio.to_thread(_search, data.catalogue, text, region)
    else:
        movies = popular_on(data.catalogue, data.availability, region, subscriptions)
    username = context.bot.username
    offers = data.availability
    credits = data.catalogue.credits
    results = [
        _article(movie, offers.lookup(movie.movie_id, region), subscriptions, language, username,
                 credits.of(movie))
        for movie in movies
    ]
    # Personal whatever the services: the language and region shape every answer.
    await query.answer(results, cache_time=CACHE_TIME_S, is_personal=True)


async def _subscriptions(context: CineContext) -> tuple[str, ...]:
    """The stored user's services (none for a user the bot has not met)."""
    if context.account is None:
        return ()
    profile = await context.bot_data.repo.get_profile(context.account.telegram_id)
    return profile.subscriptions if profile is not None else ()


def _search(catalogue: Catalogue, text: str, region: str) -> list[Movie]:
    """Catalogue matches best first, each film once (a KOBIS and a MovieLens record of one film
    share their normalised title and year)."""
    seen: set[tuple[str, int | None]] = set()
    movies: list[Movie] = []
    for match in catalogue.search(text, MAX_RESULTS + 5, region):
        movie = match.movie
        key = (movie.title.casefold(), movie.year)
        if key in seen:
            continue
        seen.add(key)
        movies.append(movie)
    return movies[:MAX_RESULTS]


def popular_on(
    catalogue: Catalogue,
    availability: OfflineAvailability,
    region: str,
    subscriptions: tuple[str, ...],
) -> list[Movie]:
    """The films best known in ``region`` among those on the user's services; on any service
    of the region when the user has none (or none the lists cover)."""
    ids = _popular_ids(catalogue, availability, region, tuple(sorted(subscriptions)))
    return [movie for movie in (catalogue.get(i) for i in ids) if movie is not None]


@functools.lru_cache(maxsize=256)
def _popular_ids(
    catalogue: Catalogue,
    availability: OfflineAvailability,
    region: str,
    subscriptions: tuple[str, ...],
) -> tuple[int, ...]:
    """Cached per process: the tables never change while it runs."""
    offered = availability.movies_on(subscriptions, region) if subscriptions else frozenset()
    if not offered:
        offered = availability.movies_on((p.id for p in platforms_in(region)), region)
    table = catalogue.table
    wanted = np.fromiter(offered, dtype=np.int64, count=len(offered))
    positions = np.searchsorted(table.ids, wanted)
    positions = positions[positions < len(table.ids)]
    positions = positions[np.isin(table.ids[positions], wanted)]
    positions = positions[table.years[positions] > 0]
    known = catalogue.popularity(region)[positions]
    order = positions[np.lexsort((table.ids[positions], -known))]
    chosen: list[int] = []
    seen: set[tuple[str, int]] = set()
    for position in order:
        key = (table.keys[position], int(table.years[position]))
        if key in seen:
            continue
        seen.add(key)
        chosen.append(int(table.ids[position]))
        if len(chosen) == MAX_RESULTS:
            break
    return tuple(chosen)


def _article(
    movie: Movie,
    availability: Availability,
    subscriptions: tuple[str, ...],
    language: str,
    bot_username: str,
    credits: Credits | None = None,
) -> InlineQueryResultArticle:
    """One film: title (year), a summary of genres and services, and its card as the message."""
    card = film_card_text(movie, availability, subscriptions, language, credits)
    button = InlineKeyboardButton(
        t(language, "inline.open"), url=deep_link_url(bot_username, movie.movie_id)
    )
    return InlineQueryResultArticle(
        id=f"film_{movie.movie_id}",
        title=movie.label(language),
        input_message_content=InputTextMessageContent(card, parse_mode=ParseMode.HTML),
        reply_markup=InlineKeyboardMarkup([[button]]),
        description=_description(movie, availability, subscriptions, language),
        thumbnail_url=movie.poster_url or None,
    )


def film_card_text(
    movie: Movie,
    availability: Availability,
    subscriptions: tuple[str, ...],
    language: str,
    credits: Credits | None = None,
) -> str:
    """The card an inline result posts (HTML): title in the user's language with the other
    title and year, genres, its director and leads, every offer of the region (the user's
    services first, ✅), and where the offers come from."""
    lines = [f"🎬 {film_html(movie, language)}", genres_text(movie.genres, language)]
    if made_by := people_line(credits, language):
        lines.append(made_by)
    lines += availability_lines(availability, subscriptions, language, movie,
                                region_services=True)  # fmt: skip
    lines.append(availability_source(availability, language))
    return "\n".join(lines)


def _description(
    movie: Movie, availability: Availability, subscriptions: tuple[str, ...], language: str
) -> str:
    """Two short lines under the title: the other title and genres; the services (mine ✅)."""
    other = other_title(movie, language)
    first = [other] if other else []
    first.append(html.unescape(genres_text(movie.genres, language)))
    names: list[str] = []
    for offer in availability.ordered(subscriptions):
        label = offer_name(offer, language)
        if offer.platform_id in subscriptions and offer.kind is OfferKind.SUBSCRIPTION:
            label = f"✅ {label}"
        if label not in names:
            names.append(label)
    if names:
        shown = names[:SUMMARY_SERVICES]
        more = len(names) - len(shown)
        services = "📺 " + " · ".join(shown) + (f" +{more}" if more else "")
    else:
        services = t(language, "wtw.no_data_short")
    return " · ".join(first) + "\n" + services


@step(FLOW)
async def deep_link(update: Update, context: CineContext) -> None:
    """``/start film_<id>`` (the inline result's button): the film's card in the private chat;
    a user who has not set up CineMate (and is not doing so right now) is invited to /start."""
    message = update.effective_message
    assert message is not None and message.text is not None
    language = context.lang
    found = _DEEP_LINK.match(message.text)
    movie = await context.bot_data.films.get(int(found.group(1))) if found else None
    if movie is None:
        await message.reply_html(t(language, "card.link_unknown"))
        return
    onboarded = context.account is not None and context.account.onboarded
    key = conversation_key(update)
    setting_up = key is not None and context.bot_data.flows.state(ONBOARDING, key) is not None
    note = None if onboarded or setting_up else t(language, "card.start_invite")
    await send_film_card(context, message.chat_id, movie, note=note)


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """Inline queries, and ``/start film_<id>`` (onboarding's /start leaves it alone)."""
    return [
        InlineQueryHandler(inline_query),
        CommandHandler("start", deep_link, filters=filters.Regex(_DEEP_LINK)),
    ]
