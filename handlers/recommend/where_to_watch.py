"""Where to watch: /where X, "where can I watch X", "X 어디서 봐?", "X 넷플릭스에 있어?".

The question is read by ``inference.catalogue.questions`` (Korean through its morphology), the
title resolved by the catalogue in the user's region: one clear film is answered at once (with
same-titled films offered beside it when they match as well but are far less known); a weak or
tied match comes back as "did you mean" buttons (``wtw:<movie id>``); a title the catalogue does
not know is said plainly and, with ``TMDB_API_KEY``, looked up on TMDB. A named service is
answered first (yes, not in my lists, or no data for that service), then every offer of the
user's region, their own services first.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import replace
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from handlers.recommend.cards import feedback_button, similar_buttons
from handlers.recommend.unknown import missing_part, unknown_text
from handlers.shared.context import CineContext
from handlers.shared.film_text import (
    availability_lines,
    availability_source,
    distinct_films,
    film_html,
    film_label,
    offer_link,
)
from handlers.shared.flow import step
from handlers.shared.i18n import t
from inference.catalogue.availability import Availability
from inference.catalogue.films import Movie
from inference.catalogue.questions import QuestionReader, WhereQuestion
from inference.catalogue.regions import PLATFORM_BY_ID, region_name
from inference.catalogue.search import Resolution

FLOW = "where_to_watch"
PREFIX = "wtw"
CANDIDATES = 5
MAX_TITLE_CHARS = 200


@step(FLOW)
async def where_command(update: Update, context: CineContext) -> None:
    """/where <title>; without a title, an example."""
    title = " ".join(context.args or []).strip()
    question = context.bot_data.questions.where_question(title) if title else None
    if question is None:
        question = WhereQuestion((title,) if title else ())
    await answer_question(update, context, question)


async def answer_question(
    update: Update,
    context: CineContext,
    question: WhereQuestion,
    *,
    exclude_service: str | None = None,
) -> None:
    """Answer a where-to-watch question in the chat it came from (``exclude_service``: a
    service the user says the film is not on or does not want: "넷플엔 없던데 다른 데서…")."""
    message = update.effective_message
    assert message is not None
    language = context.lang
    if not question.titles:
        await message.reply_html(t(language, "wtw.ask_title"))
        return
    query = question.titles[0][:MAX_TITLE_CHARS]
    user = update.effective_user.id if update.effective_user else message.chat_id
    resolution = await _resolve(context, question.titles)
    service = question.service
    if resolution.movie is not None:
        await message.reply_html(
            await availability_text(context, resolution.movie, service, exclude_service),
            reply_markup=await _answer_buttons(
                context, user, resolution.movie, resolution.alternatives, service
            ),
        )
        return
    if resolution.missing_part is not None:
        text, _ = missing_part(context, query, resolution, PREFIX)
        await message.reply_html(text, reply_markup=_buttons(resolution.parts[-6:], service,
                                                             language))  # fmt: skip
        return
    if resolution.choices:
        movies = resolution.choices
        await message.reply_html(
            t(language, "wtw.which", query=html.escape(query)),
            reply_markup=_buttons(movies, service, language),
        )
        return
    live = await context.bot_data.films.search_live(query, context.region)
    if len(live) == 1:
        await message.reply_html(
            await availability_text(context, live[0], service, exclude_service),
            reply_markup=await _answer_buttons(context, user, live[0], (), service),
        )
    elif live:
        await message.reply_html(
            t(language, "wtw.which_live", query=html.escape(query)),
            reply_markup=_buttons(tuple(live), service, language),
        )
    else:
        await message.reply_html(unknown_text(context, query, resolution))


async def _resolve(context: CineContext, readings: tuple[str, ...]) -> Resolution:
    """The best of the question's readings ("너의 이름은." / "너의 이름"): the one whose first
    match scores highest; the longer reading wins a tie."""
    catalogue = context.bot_data.catalogue
    best: Resolution | None = None
    for reading in readings:
        found = await asyncio.to_thread(
            catalogue.resolve, reading[:MAX_TITLE_CHARS], CANDIDATES, context.region
        )
        score = found.matches[0].score if found.matches else -1.0
        if best is None or score > (best.matches[0].score if best.matches else -1.0):
            best = found
    assert best is not None
    return best


def _buttons(
    movies: tuple[Movie, ...], service: str | None, language: str, header: str | None = None
) -> InlineKeyboardMarkup | None:
    """One button per film (``wtw:<id>`` or ``wtw:<id>:<service>``)."""
    rows = _film_rows(movies, service, language, header)
    return InlineKeyboardMarkup(rows) if rows else None


def _film_rows(
    movies: tuple[Movie, ...], service: str | None, language: str, header: str | None = None
) -> list[list[InlineKeyboardButton]]:
    suffix = f":{service}" if service else ""
    return [
        [
            InlineKeyboardButton(
                (t(language, header) + " " if header else "") + film_label(m, language),
                callback_data=f"{PREFIX}:{m.movie_id}{suffix}",
            )
        ]
        for m in distinct_films(movies, language)[:CANDIDATES]
    ]


async def _answer_buttons(
    context: CineContext,
    user_id: int,
    movie: Movie,
    alternatives: tuple[Movie, ...],
    service: str | None,
) -> InlineKeyboardMarkup:
    """Under an answer: ➕ to the watchlist (whose daily check says when the film arrives on
    the user's services) and films like it, then the same-titled films it might also be."""
    language = context.lang
    taste = await context.bot_data.repo.get_taste(user_id)
    actions = [
        feedback_button("watchlist", movie.movie_id, taste, language),
        *similar_buttons(context, movie.movie_id),
    ]
    return InlineKeyboardMarkup(
        [actions, *_film_rows(alternatives, service, language, "wtw.also_button")]
    )


@step(FLOW)
async def film_chosen(update: Update, context: CineContext) -> None:
    """A candidate button → the answer for that film."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    service = parts[2] if len(parts) > 2 and parts[2] in PLATFORM_BY_ID else None
    movie = await context.bot_data.films.get(int(parts[1]))
    if movie is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    await context.bot.send_message(
        query.from_user.id,
        await availability_text(context, movie, service),
        parse_mode="HTML",
        reply_markup=await _answer_buttons(context, query.from_user.id, movie, (), service),
    )


async def availability_text(
    context: CineContext, movie: Movie, service: str | None, exclude_service: str | None = None
) -> str:
    """The answer for one film in the user's region: the asked service first, then every
    offer (the user's services first; with ``exclude_service``, every offer but that
    service's, or plainly that it is the only one), the services without data, the source."""
    user = context.account.telegram_id if context.account is not None else None
    profile = await context.bot_data.repo.get_profile(user) if user is not None else None
    subscriptions = profile.subscriptions if profile else ()
    region = context.region
    availability = await context.bot_data.where_to_watch.lookup(movie, region)
    language = context.lang
    lines = [f"📺 {film_html(movie, language)}"]
    if service is not None:
        lines.append(_service_answer(availability, movie, service, language))
    excluded = PLATFORM_BY_ID.get(exclude_service or "")
    if excluded is not None and availability.has_data:
        name = html.escape(excluded.name(language))
        others = tuple(o for o in availability.offers if o.platform_id != excluded.id)
        if not others:
            lines.append(t(language, "wtw.only_excluded", excluded=name))
            lines.append(availability_source(availability, language))
            return "\n".join(lines)
        lines.append(t(language, "wtw.except_service", excluded=name))
        availability = replace(availability, offers=others)
    if not availability.has_data:
        lines.append(_no_data(availability, language, movie))
    lines += availability_lines(
        availability, subscriptions, language, movie, region_services=True, no_data_line=False
    )
    lines.append(availability_source(availability, language))
    return "\n".join(lines)


def _no_data(availability: Availability, language: str, movie: Movie | None = None) -> str:
    """Why there is nothing to show, without ever saying "not streaming": a film released after
    the offline lists were made (파묘, 2024, against lists of May 2023) is said to be newer than
    them, not merely missing."""
    region = availability.region or ""
    name = html.escape(region_name(region, language))
    if availability.live:
        return t(language, "wtw.no_data_live", region=name)
    if availability.covers == frozenset():
        return t(language, "wtw.no_lists", region=name)
    if movie is not None and _newer_than(movie, availability.as_of):
        return t(language, "wtw.newer_than_lists")
    return t(language, "wtw.no_data_kr" if region == "KR" else "wtw.no_data_us")


def _newer_than(movie: Movie, as_of: date | None) -> bool:
    """Whether the film came out after ``as_of``: a later year, or in that year a later Korean
    release (only then: an older film's Korean date may be a recent re-release)."""
    if as_of is None or movie.year is None or movie.year < as_of.year:
        return False
    if movie.year > as_of.year:
        return True
    return movie.kr_release is not None and movie.kr_release > as_of


def _service_answer(availability: Availability, movie: Movie, service: str, language: str) -> str:
    """"Is it on Netflix?": yes (with the link), no (live answers only), not in my lists, or
    no data for that service."""
    platform = PLATFORM_BY_ID[service]
    name = html.escape(platform.name(language))
    region = html.escape(region_name(availability.region or "", language))
    on = availability.on(service)
    if on:
        offer = next(o for o in availability.offers if o.platform_id == service)
        link = offer_link(offer, movie, availability)
        linked = f'<a href="{html.escape(link, quote=True)}">{name}</a>' if link else name
        key = "wtw.service_store" if platform.store else "wtw.service_yes"
        return t(language, key, platform=linked)
    if on is False:
        return t(language, "wtw.service_no", platform=name, region=region)
    if not availability.covered(service):
        return t(language, "wtw.service_no_data", platform=name)
    return t(language, "wtw.service_not_listed", platform=name)


class WhereQuestionFilter(filters.MessageFilter):
    """Text that reads as a where-to-watch question."""

    def __init__(self) -> None:
        super().__init__(name="WhereQuestion")
        self._reader = QuestionReader()  # shares the process's analyser with the services

    def filter(self, message: object) -> bool:
        text = getattr(message, "text", None)
        return isinstance(text, str) and self._reader.where_question(text) is not None


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/where and the candidate buttons (a question in free text comes through the
    understanding step, ``handlers/recommend/intents.py``)."""
    return [
        CommandHandler("where", where_command),
        CallbackQueryHandler(film_chosen, pattern=rf"^{PREFIX}:\d{{1,9}}(:[a-z_]{{2,20}})?$"),
    ]
