"""Questions about a person: their films in one list, and their filmography page.

"봉준호 감독 영화 뭐 있어?", "송강호 나오는 영화 추천", "movies by Christopher Nolan", "films with
Tom Hanks", "마동석 최신작" — the understanding step finds the person (``inference.understanding
.people``); the answer is the usual one-message film list of their films (◀ ▶, 👍 👎 ✓ ➕, "only my
services"), the best known first or the newest when asked, and a 📄 button for the whole
filmography by role and year.
"""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.recommend.film_list import ListRequest, conditions_of, send_list
from handlers.shared.context import CineContext
from handlers.shared.flow import step
from handlers.shared.i18n import t
from inference.catalogue.credits import Person
from inference.understanding.service import Understood

FLOW = "person"
PAGE_FILMS = 25  # films shown per role on the filmography page


async def person_films(update: Update, context: CineContext, understood: Understood) -> None:
    """The person's films as a list, in the asked role, on the asked service; a question about
    someone the people index does not know asks for the name instead."""
    assert update.effective_chat is not None and update.effective_user is not None
    asked = understood.slots.person
    if asked is None:
        await context.bot.send_message(update.effective_chat.id, t(context.lang, "person.ask"),
                                       parse_mode="HTML")  # fmt: skip
        return
    slots = understood.slots
    request = ListRequest(
        person=asked.person.person_id,
        role=asked.role,
        newest=asked.newest,
        service=slots.service,
        mine=slots.mine,
        genres=slots.genres,
        size=slots.count or 20,
        **conditions_of(understood),
    )
    await send_list(context, update.effective_chat.id, update.effective_user.id, request)


def filmography(context: CineContext, person: Person) -> str:
    """The person's page: their films by role, newest first, with years."""
    language = context.lang
    catalogue = context.bot_data.catalogue
    lines = [t(language, "person.page", name=html.escape(person.label(language)))]
    credits = catalogue.credits.films_of(person.person_id)
    for role, key in (("director", "person.directed"), ("actor", "person.acted")):
        films = [m for m in (catalogue.get(c.movie_id) for c in credits if c.role == role) if m]
        if not films:
            continue
        films.sort(key=lambda m: (-(m.year or 0), m.movie_id))
        shown = [html.escape(m.label(language)) for m in films[:PAGE_FILMS]]
        lines += ["", t(language, key, count=len(films)), " · ".join(shown)]
        if len(films) > PAGE_FILMS:
            lines.append(t(language, "person.more", count=len(films) - PAGE_FILMS))
    if len(lines) == 1:
        lines.append(t(language, "person.none", name=html.escape(person.name(language))))
    return "\n".join(lines)


@step(FLOW)
async def page_pressed(update: Update, context: CineContext) -> None:
    """📄 on a person's list: the filmography page."""
    query = update.callback_query
    assert query is not None and query.data is not None
    person = context.bot_data.catalogue.credits.person(int(query.data.split(":")[1]))
    if person is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await query.answer()
    await context.bot.send_message(query.from_user.id, filmography(context, person),
                                   parse_mode="HTML")  # fmt: skip


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """The filmography button."""
    return [CallbackQueryHandler(page_pressed, pattern=r"^pp:\d{1,9}$")]
