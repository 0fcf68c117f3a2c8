"""What the recommendation capability answers in free text: where to watch, recommend, film info.

* "is the matrix on netflix?" / "기생충 넷플릭스에 있어?" → the where-to-watch answer, the named
  service first; "where can I watch?" with no film → which film (and the user's own picks
  when they have a profile).
* "영화 추천해줘" → the user's list; "인셉션 같은 영화" → films like it (the recommender's
  item-to-item scores from that one film), for anyone, onboarded or not; "넷플릭스에 있는 한국
  스릴러", "a funny movie from the 90s" → films that obey every filter, ranked for the user.
* "기생충 감독 누구야?" / "when did Inception come out" → the asked fact first, then the card.

A film named in the message is resolved in the user's region; when it is unclear the answer
is "which one?" buttons, and a film the catalogue does not know is said plainly.
"""

from __future__ import annotations

import asyncio
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.recommend.film_card import send_film_card
from handlers.recommend.film_list import ListRequest, conditions_of, send_list
from handlers.recommend.people import person_films
from handlers.recommend.unknown import missing_part, unknown_text
from handlers.recommend.where_to_watch import answer_question
from handlers.shared.context import CineContext
from handlers.shared.film_text import distinct_films, film_html, film_label, genres_text
from handlers.shared.flow import step
from handlers.shared.i18n import t
from handlers.shared.numbers import long_date, people
from handlers.understanding.registry import IntentRegistry
from inference.catalogue.films import Movie
from inference.catalogue.questions import WhereQuestion
from inference.catalogue.search import Resolution
from inference.understanding.service import Understood

CANDIDATES = 5
LEADS = 4  # actors named in a "who is in it" answer
# "which one?" buttons: the film's card (seed lists and film questions), or films like it.
CARD = "card"
LIKE = "like"


def register_intents(registry: IntentRegistry) -> None:
    """Where to watch, recommend, film info, and their menu entries."""
    registry.answer("where_to_watch", where_to_watch)
    registry.answer("recommend", recommend)
    registry.answer("film_info", film_info)
    registry.answer_person(person_films)
    registry.answer("person", person_films)
    registry.menu("recommend", "menu.recommend", recommend_from_menu)
    registry.menu("where", "menu.where", where_from_menu)


async def resolve(context: CineContext, readings: tuple[str, ...]) -> Resolution | None:
    """The best of a title's readings in the user's region (the one whose first match scores
    highest; the longer reading wins a tie)."""
    catalogue = context.bot_data.catalogue
    best: Resolution | None = None
    for reading in readings:
        found = await asyncio.to_thread(
            catalogue.resolve, reading[:200], CANDIDATES, context.region
        )
        score = found.matches[0].score if found.matches else -1.0
        if best is None or score > (best.matches[0].score if best.matches else -1.0):
            best = found
    return best


async def _which(
    update: Update, context: CineContext, query: str, resolution: Resolution | None, prefix: str
) -> Movie | None:
    """The film a title names, or None after asking "which one?" / saying it is unknown."""
    message = update.effective_message
    assert message is not None
    language = context.lang
    if resolution is not None and resolution.movie is not None:
        return resolution.movie
    if resolution is not None and resolution.missing_part is not None:
        text, markup = missing_part(context, query, resolution, prefix)
        await message.reply_html(text, reply_markup=markup)
        return None
    movies: list[Movie] = list(resolution.choices) if resolution else []
    if not movies:
        movies = await context.bot_data.films.search_live(query, context.region)
        if len(movies) == 1:
            return movies[0]
    if not movies:
        await message.reply_html(unknown_text(context, query, resolution))
        return None
    rows = [
        [InlineKeyboardButton(film_label(m, language), callback_data=f"{prefix}:{m.movie_id}")]
        for m in distinct_films(movies, language)[:CANDIDATES]
    ]
    await message.reply_html(
        t(language, "wtw.which", query=html.escape(query)), reply_markup=InlineKeyboardMarkup(rows)
    )
    return None


async def where_to_watch(update: Update, context: CineContext, understood: Understood) -> None:
    """A where-to-watch question; without a film, which film (and the user's picks)."""
    slots = understood.slots
    if slots.titles:
        await answer_question(update, context, WhereQuestion(slots.titles, slots.service),
                              exclude_service=slots.exclude_service)  # fmt: skip
        return
    await _ask_which_film(update, context)


async def _ask_which_film(update: Update, context: CineContext) -> None:
    assert update.effective_chat is not None
    profile = await context.bot_data.repo.get_profile(update.effective_user.id) \
        if update.effective_user else None  # fmt: skip
    markup = None
    if profile is not None and profile.favourites:
        label = t(context.lang, "wtw.my_picks")
        picks = InlineKeyboardButton(label, callback_data="menu:recommend")
        markup = InlineKeyboardMarkup([[picks]])
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "wtw.ask_title"),
        parse_mode="HTML",
        reply_markup=markup,
    )


async def recommend(update: Update, context: CineContext, understood: Understood) -> None:
    """A list for the request: like a film, with filters, or the user's own."""
    assert update.effective_chat is not None and update.effective_user is not None
    slots = understood.slots
    seed: int | None = None
    if slots.seed:
        resolution = await resolve(context, slots.seed)
        movie = await _which(update, context, slots.seed[0], resolution, LIKE)
        if movie is None:
            return
        seed = movie.movie_id
    request = ListRequest(
        seed=seed,
        genres=slots.genres,
        mood=slots.mood,
        country=slots.country,
        years=slots.years,
        service=slots.service,
        mine=slots.mine,
        size=slots.count or 10,
        **conditions_of(understood),
    )
    await send_list(context, update.effective_chat.id, update.effective_user.id, request)


async def film_info(update: Update, context: CineContext, understood: Understood) -> None:
    """The asked fact first (director, year, cast, genre, rating, country), then the card."""
    message = update.effective_message
    assert message is not None
    slots = understood.slots
    if not slots.titles:
        await message.reply_html(t(context.lang, "info.ask_title"))
        return
    resolution = await resolve(context, slots.titles)
    movie = await _which(update, context, slots.titles[0], resolution, f"{CARD}:{slots.field}")
    if movie is None:
        return
    fact = fact_line(context, movie, slots.field or "about")
    if fact:
        await message.reply_html(fact)
    await send_film_card(context, message.chat_id, movie)


def fact_line(context: CineContext, movie: Movie, field: str) -> str | None:
    """One sentence that answers a film question, in the user's language."""
    language = context.lang
    title = html.escape(movie.name(language))
    credits = context.bot_data.credits.of(movie)
    if field in ("director", "cast"):
        people_of = () if credits is None else (
            credits.directors if field == "director" else credits.actors
        )
        if not people_of:
            return t(language, f"info.{field}_unknown", title=title)
        shown = [p.label(language) for p in people_of[:LEADS]]
        # A foreign name KOBIS spells only in Hangul stays so (romanising a transliteration
        # invents a name): English users are told whose spelling it is.
        unchanged = any(not p.name_en for p in people_of[:LEADS])
        spelled = "_hangul" if language != "ko" and unchanged else ""
        names = ", ".join(html.escape(n) for n in shown)
        return t(language, f"info.{field}{spelled}", title=title, names=names)
    if field == "year":
        if movie.kr_release is not None:
            return t(language, "info.year_released", title=title, year=movie.year or
                     movie.kr_release.year, date=long_date(movie.kr_release, language))  # fmt: skip
        if movie.year:
            return t(language, "info.year", title=title, year=movie.year)
        return t(language, "info.year_unknown", title=title)
    if field == "genre":
        return t(language, "info.genre", title=title, genres=genres_text(movie.genres, language))
    if field == "country":
        if movie.country:
            return t(language, "info.country", title=title,
                     country=t(language, f"country.{movie.country}")
                     if movie.country in COUNTRY_NAMES else movie.country)  # fmt: skip
        return t(language, "info.country_unknown", title=title)
    if field == "rating":
        return _rating_line(context, movie)
    return None


def _rating_line(context: CineContext, movie: Movie) -> str:
    language = context.lang
    title = html.escape(movie.name(language))
    parts: list[str] = []
    mean = movie.mean_rating
    if mean is not None and movie.ratings:
        parts.append(t(language, "info.rating_movielens", mean=f"{mean:.1f}",
                       count=f"{movie.ratings:,}"))  # fmt: skip
    if movie.kr_audience:
        parts.append(t(language, "info.audience", people=people(movie.kr_audience, language)))
    if not parts:
        return t(language, "info.rating_unknown", title=title)
    return t(language, "info.rating", title=title, facts=" · ".join(parts))


COUNTRY_NAMES = ("KR", "US", "JP", "FR", "GB", "CN", "HK", "TW", "IN", "ES", "IT", "DE")


async def recommend_from_menu(update: Update, context: CineContext) -> None:
    """🎬 in the menu: the user's list."""
    assert update.effective_chat is not None and update.effective_user is not None
    await send_list(context, update.effective_chat.id, update.effective_user.id, ListRequest())


async def where_from_menu(update: Update, context: CineContext) -> None:
    """📺 in the menu: which film?"""
    await _ask_which_film(update, context)


@step("film_info")
async def film_chosen(update: Update, context: CineContext) -> None:
    """A "which one?" button: the film's card (with the asked fact), or films like it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    movie = await context.bot_data.films.get(int(parts[-1]))
    if movie is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    chat = query.from_user.id
    if parts[0] == LIKE:
        await send_list(context, chat, query.from_user.id, ListRequest(seed=movie.movie_id))
        return
    field = parts[1] if len(parts) == 3 else "about"
    fact = fact_line(context, movie, field)
    if fact:
        await context.bot.send_message(chat, fact, parse_mode="HTML")
    await send_film_card(context, chat, movie)


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """The "which one?" buttons of film questions and "films like X"."""
    fields = "director|year|cast|genre|rating|country|about|None"
    return [
        CallbackQueryHandler(film_chosen, pattern=rf"^({CARD}(:({fields}))?|{LIKE}):\d{{1,9}}$"),
    ]


__all__ = ["build_handlers", "film_html", "register_intents"]
