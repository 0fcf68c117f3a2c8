"""/audience: a box-office forecast for a Korean release, step by step or for a known film.

Step by step: release date (2023-05-31, 2023.5.31, 5/31, 2023년 5월 31일), screens (typed or
tapped), genre, rating and country by buttons (country may be typed), then distributor,
director and up to three lead actors as free text, fuzzy-matched to the names in the KOBIS
records — a close name is offered as buttons, an unknown one counts as new and the reply says so.
Or the title of a KOBIS film: its prediction beside its actual audience. The answers so far are
a form draft in the database; the prediction runs in a worker thread and is logged.
"""

from __future__ import annotations

import asyncio
import html
import unicodedata
from datetime import date
from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.audience.form import (
    CHOICES,
    CODE_FIELDS,
    NAME_FIELDS,
    SCREEN_PRESETS,
    Draft,
    again_keyboard,
    film_keyboard,
    intro_keyboard,
    label,
    question,
    suggestion_keyboard,
)
from handlers.audience.reply import caption, chart
from handlers.shared.context import CineContext
from handlers.shared.flow import (
    chat_id,
    close_button,
    interrupting_commands_fallback,
    step,
    user_id,
)
from handlers.shared.i18n import LANGUAGES, t
from inference.audience import (
    MAX_SCREENS,
    InvalidName,
    InvalidReleaseDate,
    InvalidScreens,
    KnownFilm,
    NameMatch,
    ReleaseDescription,
    parse_release_date,
    parse_screens,
)
from inference.audience.features import normalise_nationality

FLOW = "audience"
DRAFT = "audience"
MAX_TEXT = 100


class State(IntEnum):
    """START: a KOBIS title or "New release"; FORM: one field at a time."""

    START = 1
    FORM = 2


async def _load(context: CineContext, telegram_id: int) -> Draft:
    return Draft.from_json(await context.bot_data.repo.get_draft(telegram_id, DRAFT))


async def _store(context: CineContext, telegram_id: int, draft: Draft) -> None:
    await context.bot_data.repo.save_draft(telegram_id, DRAFT, draft.to_json())


async def _say(update: Update, context: CineContext, text: str, **kwargs: Any) -> None:
    await context.bot.send_message(chat_id(update), text, parse_mode="HTML", **kwargs)


# -- entry -----------------------------------------------------------------------------------


@step(FLOW)
async def start(update: Update, context: CineContext) -> int:
    """/audience or "Another film": the two ways in."""
    if update.callback_query is not None:
        await close_button(update)
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    await _say(
        update, context, t(context.lang, "aud.intro"), reply_markup=intro_keyboard(context.lang)
    )
    return State.START


@step(FLOW)
async def new_release(update: Update, context: CineContext) -> int:
    """The "New release" button: the first question."""
    await close_button(update)
    draft = Draft()
    await _store(context, user_id(update), draft)
    return await _ask(update, context, draft, [])


@step(FLOW)
async def title_typed(update: Update, context: CineContext) -> int | None:
    """A KOBIS title: the film at once, close titles as buttons, or "not found"."""
    message = update.effective_message
    assert message is not None and message.text is not None
    query = message.text.strip()[:MAX_TEXT]
    model = context.bot_data.audience
    try:
        match = await asyncio.to_thread(model.find_film, query)
    except InvalidName:
        await message.reply_html(t(context.lang, "aud.need_text"))
        return None
    if match.film is not None:
        return await _answer(update, context, match.film.release, {}, match.film, match.in_training)
    if not match.suggestions:
        await message.reply_html(
            t(context.lang, "aud.film.not_found", query=html.escape(query[:60])),
            reply_markup=intro_keyboard(context.lang),
        )
        return None
    draft = Draft(films=list(match.suggestions))
    await _store(context, user_id(update), draft)
    await message.reply_html(
        t(context.lang, "aud.film.pick"), reply_markup=film_keyboard(draft.films, context.lang)
    )
    return None


@step(FLOW)
async def film_chosen(update: Update, context: CineContext) -> int | None:
    """A suggested title (``aud:film:<i>`` into the suggestions kept in the draft)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = await _load(context, query.from_user.id)
    index = int(query.data.rsplit(":", 1)[1])
    if index >= len(draft.films):
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    match = await asyncio.to_thread(context.bot_data.audience.find_film, draft.films[index])
    if match.film is None:
        await _say(update, context, t(context.lang, "error.button_expired"))
        return None
    return await _answer(update, context, match.film.release, {}, match.film, match.in_training)


# -- the form --------------------------------------------------------------------------------


@step(FLOW)
async def text_in_form(update: Update, context: CineContext) -> int | None:
    """A typed answer to the current question."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text.strip()[:MAX_TEXT]
    draft = await _load(context, user_id(update))
    name = draft.current()
    if name is None:
        return await _finish(update, context, draft, [])
    if name == "date":
        try:
            day = parse_release_date(text, date.today())
        except InvalidReleaseDate as error:
            return await _retry(update, context, draft, f"aud.date.{error.reason}", text)
        draft.answer(name, day.isoformat())
    elif name == "screens":
        try:
            screens = parse_screens(text)
        except InvalidScreens as error:
            return await _retry(update, context, draft, f"aud.screens.{error.reason}", text)
        draft.answer(name, screens)
    elif name == "nationality":
        if not _has_letter(text):  # "", "-0", "🎬": no country, not "other"
            return await _retry(update, context, draft, "aud.tap_button", text)
        draft.answer(name, normalise_nationality(text))
    elif name in CHOICES:
        value = _typed_choice(name, text)
        if value is None:
            return await _retry(update, context, draft, "aud.tap_button", text)
        draft.answer(name, value)
    else:
        return await _name_typed(update, context, draft, name, text)
    return await _next(update, context, draft, [])


@step(FLOW)
async def choice_button(update: Update, context: CineContext) -> int | None:
    """Genre, rating or country: ``aud:<g|r|n>:<index>``, accepted only for the current field."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, code, raw = query.data.split(":")
    name, index = CODE_FIELDS[code], int(raw)
    draft = await _load(context, query.from_user.id)
    if draft.current() != name or index >= len(CHOICES[name]):
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    draft.answer(name, CHOICES[name][index])
    return await _next(update, context, draft, [])


@step(FLOW)
async def screens_button(update: Update, context: CineContext) -> int | None:
    """A preset screen count: ``aud:s:<n>``."""
    query = update.callback_query
    assert query is not None and query.data is not None
    screens = int(query.data.rsplit(":", 1)[1])
    draft = await _load(context, query.from_user.id)
    if draft.current() != "screens" or screens not in SCREEN_PRESETS:
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    draft.answer("screens", screens)
    return await _next(update, context, draft, [])


@step(FLOW)
async def skip(update: Update, context: CineContext) -> int | None:
    """Skip a name (distributor, director) or end the list of lead actors."""
    query = update.callback_query
    assert query is not None
    draft = await _load(context, query.from_user.id)
    name = draft.current()
    if name not in NAME_FIELDS:
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    if name == "actors":
        draft.actors_done = True
        draft.pending = None
    else:
        draft.answer(name, None)
    return await _next(update, context, draft, [])


@step(FLOW)
async def pick(update: Update, context: CineContext) -> int | None:
    """A "did you mean" button → that known name (``aud:pick:<i>``, into the pending options)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = await _load(context, query.from_user.id)
    pending = draft.pending
    index = int(query.data.rsplit(":", 1)[1])
    options = pending.get("options", []) if pending else []
    if pending is None or index >= len(options) or pending.get("field") != draft.current():
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    chosen = str(options[index])
    draft.answer(str(pending["field"]), {"name": chosen, "known": True})
    note = t(context.lang, "aud.name.known", name=html.escape(chosen))
    return await _next(update, context, draft, [note])


@step(FLOW)
async def as_new(update: Update, context: CineContext) -> int | None:
    """The "<typed> is new" button: keep the typed name, with no track record."""
    query = update.callback_query
    assert query is not None
    draft = await _load(context, query.from_user.id)
    pending = draft.pending
    if pending is None or pending.get("field") != draft.current():
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    typed = str(pending["typed"])
    draft.answer(str(pending["field"]), {"name": typed, "known": False})
    note = t(context.lang, "aud.name.new", name=html.escape(typed))
    return await _next(update, context, draft, [note])


@step(FLOW)
async def back(update: Update, context: CineContext) -> int:
    """◀: undo the last answer and ask it again."""
    await close_button(update)
    draft = await _load(context, user_id(update))
    draft.back()
    return await _next(update, context, draft, [])


@step(FLOW)
async def cancel(update: Update, context: CineContext) -> int:
    """✖: drop the draft and leave."""
    await close_button(update)
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    await _say(update, context, t(context.lang, "aud.cancelled"))
    return ConversationHandler.END


@step(FLOW)
async def not_text(update: Update, context: CineContext) -> None:
    """A photo, sticker or voice note where an answer was expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "aud.need_text"))


# -- shared steps ----------------------------------------------------------------------------


def _typed_choice(name: str, text: str) -> str | None:
    """A genre or rating typed instead of tapped: its KOBIS value or a label in any language."""
    wanted = text.strip().casefold()
    for value in CHOICES[name]:
        labels = {value.casefold(), *(label(name, value, lang).casefold() for lang in LANGUAGES)}
        if wanted in labels:
            return value
    return None


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _typed_name(text: str) -> str:
    r"""A typed name without control and format characters, spaces collapsed.

    Otherwise a NUL, a zero-width space or a bidi override inside a name makes a known name
    unknown ("봉준\u200b호") or is kept as a "new" person in the draft and in the logged
    prediction, and text with no letter at all ("\x00", "1e309", "🎬", "*_`[") would be a new
    person too. The caller refuses what comes back empty.
    """
    kept = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    name = " ".join(kept.split())
    return name if _has_letter(name) else ""


async def _name_typed(
    update: Update, context: CineContext, draft: Draft, name: str, typed: str
) -> int | None:
    """A distributor, director or actor name: known, "did you mean", or new."""
    model = context.bot_data.audience
    text = _typed_name(typed)
    if not text:
        return await _retry(update, context, draft, "aud.name.empty", typed)
    try:
        if name == "distributor":
            match: NameMatch = await asyncio.to_thread(model.match_distributor, text)
        else:
            role = "director" if name == "director" else "actor"
            match = await asyncio.to_thread(model.match_person, text, role)
    except InvalidName:
        return await _retry(update, context, draft, "aud.name.empty", text)
    language = context.lang
    if match.known is not None:
        draft.answer(name, {"name": match.known, "known": True})
        note = t(language, "aud.name.known", name=html.escape(match.known))
        return await _next(update, context, draft, [note])
    if match.suggestions:
        draft.pending = {"field": name, "typed": text, "options": list(match.suggestions)}
        await _store(context, user_id(update), draft)
        await _say(
            update,
            context,
            t(language, "aud.name.suggest", name=html.escape(text)),
            reply_markup=suggestion_keyboard(text, match.suggestions, language),
        )
        return State.FORM
    draft.answer(name, {"name": text, "known": False})
    return await _next(
        update, context, draft, [t(language, "aud.name.new", name=html.escape(text))]
    )


async def _retry(update: Update, context: CineContext, draft: Draft, key: str, text: str) -> int:
    """Say what was wrong with the answer and ask the same question again."""
    problem = t(context.lang, key, text=html.escape(text[:40]), max=f"{MAX_SCREENS:,}")
    return await _ask(update, context, draft, [problem])


async def _next(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    """Save the draft, then ask the next question or answer when the description is complete."""
    if draft.current() is None:
        return await _finish(update, context, draft, notes)
    await _store(context, user_id(update), draft)
    return await _ask(update, context, draft, notes)


async def _ask(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    text, keyboard = question(draft, context.lang)
    await _say(update, context, "\n\n".join([*notes, text]), reply_markup=keyboard)
    return State.FORM


async def _finish(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    if notes:
        await _say(update, context, "\n".join(notes))
    known = {
        str(entry["name"]): bool(entry["known"])
        for entry in [
            draft.values.get("distributor"),
            draft.values.get("director"),
            *draft.values.get("actors", []),
        ]
        if isinstance(entry, dict)
    }
    return await _answer(update, context, draft.release(), known, None, False)


async def _answer(
    update: Update,
    context: CineContext,
    release: ReleaseDescription,
    known: dict[str, bool],
    film: KnownFilm | None,
    in_training: bool,
) -> int:
    """Predict (worker thread), log, clear the draft, send the chart with the caption."""
    language = context.lang
    prediction = await asyncio.to_thread(context.bot_data.audience.predict, release)
    image = await asyncio.to_thread(chart, prediction, language)
    await context.bot_data.repo.log_prediction(
        user_id(update),
        capability="audience",
        input={
            "release_date": release.release_date.isoformat(),
            "screens": release.screens,
            "genre": release.genre,
            "rating": release.rating,
            "nationality": release.nationality,
            "distributor": release.distributor,
            "director": release.director,
            "actors": list(release.actors),
            "kobis_film": None if film is None else film.film_id,
        },
        output={
            "audience": prediction.audience,
            "interval_80": [prediction.low, prediction.high],
            "bins": {b.label: round(b.probability, 4) for b in prediction.bins},
            "top_factors": [[f.feature, f.effect] for f in prediction.top_factors],
            "actual": None if film is None else film.audience,
        },
        model_version=prediction.model_version,
    )
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    await context.bot.send_photo(
        chat_id(update),
        image,
        caption=caption(
            prediction,
            release,
            known,
            language,
            film,
            in_training,
            context.bot_data.audience.trained_through,
        ),
        parse_mode="HTML",
        reply_markup=again_keyboard(language),
    )
    return ConversationHandler.END


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent /audience conversation (its answers live in the form_drafts table)."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.COMMAND & ~filters.TEXT
    restart = [
        CommandHandler("audience", start),
        CallbackQueryHandler(start, pattern=r"^aud:again$"),
    ]
    return ConversationHandler(
        entry_points=restart,
        states={
            State.START: [
                *restart,
                CallbackQueryHandler(new_release, pattern=r"^aud:new$"),
                CallbackQueryHandler(film_chosen, pattern=r"^aud:film:\d{1,2}$"),
                MessageHandler(text, title_typed),
                MessageHandler(other, not_text),
            ],
            State.FORM: [
                *restart,
                CallbackQueryHandler(new_release, pattern=r"^aud:new$"),
                CallbackQueryHandler(choice_button, pattern=r"^aud:[grn]:\d{1,2}$"),
                CallbackQueryHandler(screens_button, pattern=r"^aud:s:\d{1,5}$"),
                CallbackQueryHandler(skip, pattern=r"^aud:skip$"),
                CallbackQueryHandler(pick, pattern=r"^aud:pick:\d$"),
                CallbackQueryHandler(as_new, pattern=r"^aud:asnew$"),
                CallbackQueryHandler(back, pattern=r"^aud:back$"),
                MessageHandler(text, text_in_form),
                MessageHandler(other, not_text),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=r"^aud:cancel$"),
            interrupting_commands_fallback(),
        ],
        name=FLOW,
        persistent=True,
    )


__all__ = ["State", "build_handler"]
