"""/recommend: a page of films for the user, each with its platforms and feedback buttons.

Not a conversation: every button carries what it needs (``rec:<action>:<value>``), so a list
keeps working after a restart. Feedback is stored at once and is read again for the next list,
so 👎 removes a film and 👍 pulls similar films up. Each list is logged as a prediction.
"""

from __future__ import annotations

import asyncio
import functools

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.platform.favourites_picker import MIN_FAVOURITES, remaining
from handlers.shared.context import CineContext
from handlers.shared.film_text import availability_lines, film_html, genres_text
from handlers.shared.flow import step
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_markup
from inference.catalogue.availability import Availability
from inference.catalogue.films import Movie
from inference.catalogue.regions import PLATFORM_BY_ID
from inference.recommender import Recommendation, UserSignals
from storage.records import ProfileRecord, TasteRecord
from storage.repository import FEEDBACK_KINDS

FLOW = "recommend"
PREFIX = "rec"
MAX_PAGES = 10


@step(FLOW)
async def recommend_command(update: Update, context: CineContext) -> None:
    """/recommend: the first page."""
    assert update.effective_user is not None and update.effective_chat is not None
    await send_page(context, update.effective_chat.id, update.effective_user.id, 0)


async def send_page(context: CineContext, chat_id: int, telegram_id: int, page: int) -> None:
    """Header, one card per film, and a footer with More / New list."""
    language = context.lang
    repo = context.bot_data.repo
    profile = await repo.get_profile(telegram_id)
    if profile is None or (not profile.onboarded and not profile.favourites):
        await context.bot.send_message(chat_id, t(language, "rec.not_set_up"), parse_mode="HTML")
        return
    if len(profile.favourites) < MIN_FAVOURITES:
        await context.bot.send_message(
            chat_id,
            t(
                language,
                "rec.need_favourites",
                needed=MIN_FAVOURITES,
                count=len(profile.favourites),
                remaining=remaining(len(profile.favourites)),
            ),
            parse_mode="HTML",
        )
        return
    wait = context.bot_data.recommend_throttle.wait_needed(telegram_id)
    if wait:
        await context.bot.send_message(chat_id, t(language, "error.slow_down", seconds=wait))
        return
    taste = await repo.get_taste(telegram_id)
    filtered = profile.only_subscribed and bool(profile.subscriptions)
    region = context.region
    allowed = (
        context.bot_data.availability.movies_on(profile.subscriptions, region) if filtered else None
    )
    per_page = context.bot_data.settings.recommendations_per_page
    recommender = context.bot_data.recommender
    # The region chooses whose popularity breaks ties: Korea's for a user in Korea.
    ranked = await asyncio.to_thread(
        functools.partial(recommender.recommend, region=region),
        _signals(profile, taste),
        per_page * (page + 1),
        allowed,
    )
    shown = _films(context, ranked[page * per_page :])
    # Logged before anything is sent, so a reply the user sees always has its log row.
    await repo.log_prediction(
        telegram_id,
        capability="recommend",
        input={
            "favourites": len(profile.favourites),
            "liked": len(taste.liked),
            "disliked": len(taste.disliked),
            "watched": len(taste.watched),
            "only_subscribed": filtered,
            "page": page,
            "region": region,
        },
        output={
            "movies": [movie.movie_id for movie, _ in shown],
            "scores": [round(rec.score, 6) for _, rec in shown],
        },
        model_version=recommender.model_version,
    )
    await context.bot.send_message(
        chat_id,
        _header(profile, language, filtered),
        parse_mode="HTML",
        reply_markup=_header_keyboard(profile, language),
    )
    if not shown:
        key = "rec.empty_filtered" if filtered else "rec.empty"
        await context.bot.send_message(chat_id, t(language, key), parse_mode="HTML")
        return
    where = context.bot_data.where_to_watch
    availabilities = await asyncio.gather(*(where.lookup(movie, region) for movie, _ in shown))
    for rank, ((movie, _), availability) in enumerate(
        zip(shown, availabilities, strict=True), start=page * per_page + 1
    ):
        await context.bot.send_message(
            chat_id,
            _card(rank, movie, availability, profile.subscriptions, language),
            parse_mode="HTML",
            reply_markup=card_keyboard(movie.movie_id, taste, language),
        )
    await context.bot.send_message(
        chat_id,
        t(language, "rec.footer"),
        parse_mode="HTML",
        reply_markup=_footer_keyboard(page, language),
    )


def _signals(profile: ProfileRecord, taste: TasteRecord) -> UserSignals:
    return UserSignals(
        favourites=frozenset(profile.favourites),
        liked=taste.liked,
        disliked=taste.disliked,
        watched=taste.watched,
        excluded=taste.watchlist,
        age=profile.age,
        gender=profile.gender,
    )


def _films(
    context: CineContext, ranked: list[Recommendation]
) -> list[tuple[Movie, Recommendation]]:
    catalogue = context.bot_data.catalogue
    found = [(catalogue.get(rec.movie_id), rec) for rec in ranked]
    return [(movie, rec) for movie, rec in found if movie is not None]


def _header(profile: ProfileRecord, language: str, filtered: bool) -> str:
    lines = [t(language, "rec.header")]
    if filtered:
        names = ", ".join(
            PLATFORM_BY_ID[p].name(language) for p in profile.subscriptions if p in PLATFORM_BY_ID
        )
        lines.append(t(language, "rec.filter_on", platforms=names))
    elif profile.only_subscribed:
        lines.append(t(language, "rec.no_subscriptions"))
    else:
        lines.append(t(language, "rec.filter_off"))
    return "\n".join(lines)


def _header_keyboard(profile: ProfileRecord, language: str) -> InlineKeyboardMarkup:
    on = profile.only_subscribed
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(language, "rec.toggle_on" if on else "rec.toggle_off"),
                    callback_data=f"{PREFIX}:only:{'off' if on else 'on'}",
                )
            ]
        ]
    )


def _footer_keyboard(page: int, language: str) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(t(language, "rec.new_list"), callback_data=f"{PREFIX}:new")]
    if page + 1 < MAX_PAGES:
        row.insert(
            0,
            InlineKeyboardButton(
                t(language, "rec.more"), callback_data=f"{PREFIX}:more:{page + 1}"
            ),
        )
    return InlineKeyboardMarkup([row])


def _card(
    rank: int,
    movie: Movie,
    availability: Availability,
    subscriptions: tuple[str, ...],
    language: str,
) -> str:
    lines = [f"{rank}. {film_html(movie, language)}", genres_text(movie.genres, language)]
    lines += availability_lines(availability, subscriptions, language, movie)
    return "\n".join(lines)


def card_keyboard(movie_id: int, taste: TasteRecord, language: str) -> InlineKeyboardMarkup:
    """👍 👎 ✓ ➕ for one film; the ones already chosen carry a check mark."""

    def button(kind: str, data: str) -> InlineKeyboardButton:
        mark = " ✔" if taste.marked(kind, movie_id) else ""
        return InlineKeyboardButton(t(language, f"rec.{kind}") + mark, callback_data=data)

    return InlineKeyboardMarkup(
        [
            [
                button("like", f"{PREFIX}:fb:like:{movie_id}"),
                button("dislike", f"{PREFIX}:fb:dislike:{movie_id}"),
            ],
            [
                button("watched", f"{PREFIX}:fb:watched:{movie_id}"),
                button("watchlist", f"{PREFIX}:wl:{movie_id}"),
            ],
        ]
    )


async def _set_up(context: CineContext, query: CallbackQuery) -> bool:
    """Whether the presser could have been shown a list (the condition of ``send_page``).

    Card and header buttons carry everything they need, so without this a forged press, or an
    old card's press after /forget, by someone who never set up would create feedback,
    watchlist or profile rows (the toggle wrote a profile) for a user who has none.
    """
    profile = await context.bot_data.repo.get_profile(query.from_user.id)
    return profile is not None and (profile.onboarded or bool(profile.favourites))


@step(FLOW)
async def feedback_pressed(update: Update, context: CineContext) -> None:
    """👍 👎 ✓ ➕: store (or, on a second tap, take back) and mark the button."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    kind = "watchlist" if parts[1] == "wl" else parts[2]
    movie_id = int(parts[-1])
    if context.bot_data.catalogue.get(movie_id) is None or not await _set_up(context, query):
        await query.answer(t(context.lang, "error.button_expired"))
        return
    repo = context.bot_data.repo
    user_id = query.from_user.id
    before = await repo.get_taste(user_id)
    if before.marked(kind, movie_id):
        if kind == "watchlist":
            await repo.remove_from_watchlist(user_id, movie_id)
        else:
            await repo.remove_feedback(user_id, movie_id, kind)
        toast = t(context.lang, "rec.undone")
    else:
        if kind == "watchlist":
            await repo.add_to_watchlist(user_id, movie_id)
        else:
            await repo.record_feedback(user_id, movie_id, kind)
        toast = t(context.lang, f"rec.noted_{kind}")
    await query.answer(toast)
    taste = await repo.get_taste(user_id)
    await edit_markup(query.message, card_keyboard(movie_id, taste, context.lang))


@step(FLOW)
async def more_pressed(update: Update, context: CineContext) -> None:
    """➡ More / 🔄 New list: the next page, or page one again with today's feedback."""
    query = update.callback_query
    assert query is not None and query.data is not None
    page = int(query.data.rsplit(":", 1)[1]) if query.data.startswith(f"{PREFIX}:more:") else 0
    if page >= MAX_PAGES:  # never offered: forged
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    await edit_markup(query.message, None)
    await send_page(context, query.from_user.id, query.from_user.id, page)


@step(FLOW)
async def only_subscribed_toggled(update: Update, context: CineContext) -> None:
    """☑ Only my services: remember the choice and send a fresh list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    on = query.data.endswith(":on")
    if not await _set_up(context, query):
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await context.bot_data.repo.set_only_subscribed(query.from_user.id, on)
    await query.answer(t(context.lang, "rec.filter_saved_on" if on else "rec.filter_saved_off"))
    await edit_markup(query.message, None)
    await send_page(context, query.from_user.id, query.from_user.id, 0)


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/recommend and its buttons."""
    return [
        CommandHandler("recommend", recommend_command),
        CallbackQueryHandler(
            feedback_pressed,
            pattern=rf"^{PREFIX}:(fb:({'|'.join(FEEDBACK_KINDS)})|wl):\d{{1,9}}$",
        ),
        CallbackQueryHandler(more_pressed, pattern=rf"^{PREFIX}:(more:\d{{1,2}}|new)$"),
        CallbackQueryHandler(only_subscribed_toggled, pattern=rf"^{PREFIX}:only:(on|off)$"),
    ]
