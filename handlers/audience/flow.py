"""/audience: a box-office forecast for a Korean release, step by step or for a known film.

Step by step: release date (2027-05-31, 5/31, 2027년 5월 31일, 다음 달 15일), screens (typed —
"1200개 정도", "천이백 개" — or tapped), genre, rating and country by buttons (rating and
country may be typed: "15세", "한국"), then distributor, director and lead actors as free text,
fuzzy-matched to the names in the KOBIS records — close names (a typed beginning of a
distributor: 에이비오 → 에이비오엔터테인먼트) are offered as buttons, an unknown one counts as
new and the reply says so. Several actors fit in one line ("마동석, 손석구, 최귀화"); "완료" or
"다 했어요" ends the list, "없음" skips a name. Or the title of a KOBIS film: its forecast beside
its actual audience — also typed right after a result. A listed film whose admissions the data
does not have (released from 2025-03-01 on: title, date, people, genre, rating, country only)
gets the form with its facts filled in, asking only what the forecast lacks (its screens), and
then the forecast with a plain note that its actual audience is not in CineMate's data yet. The
answers so far are a form draft in the database; the forecast runs in a worker thread and is
logged.
"""

from __future__ import annotations

import asyncio
import html
import re
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
    MAX_ACTORS,
    NAME_FIELDS,
    SCREEN_PRESETS,
    Draft,
    again_keyboard,
    film_keyboard,
    intro_keyboard,
    label,
    person_role,
    question,
    suggestion_keyboard,
)
from handlers.audience.reply import caption, chart, shown_name
from handlers.shared.context import CineContext
from handlers.shared.flow import (
    chat_id,
    close_button,
    conversation_key,
    interrupting_commands_fallback,
    step,
    user_id,
)
from handlers.shared.i18n import LANGUAGES, t
from handlers.shared.log_context import set_flow
from handlers.shared.numbers import long_date, month_year, people
from inference.audience import (
    MAX_SCREENS,
    AudienceInputError,
    InvalidName,
    InvalidReleaseDate,
    InvalidScreens,
    KnownFilm,
    NameMatch,
    ReleaseDescription,
    parse_release_date,
    parse_screens,
)
from inference.audience.features import normalise_key, normalise_nationality, normalise_rating
from inference.catalogue.titles import has_hangul, romanise

FLOW = "audience"
DRAFT = "audience"
MAX_TEXT = 100
# Typed instead of the buttons: the end of the actors' list, or no name for this field.
DONE_WORDS = frozenset(
    normalise_key(w)
    for w in ("완료", "다 했어요", "다했어요", "다 했음", "끝", "끝이에요", "이상이에요",
              "됐어요", "그만", "done", "that's all", "thats all", "no more", "finished")
)  # fmt: skip
SKIP_WORDS = frozenset(
    normalise_key(w)
    for w in ("건너뛰기", "건너뛸게요", "없음", "없어요", "없습니다", "몰라요", "모름",
              "모르겠어요", "패스", "skip", "none", "no", "pass", "unknown", "-")
)  # fmt: skip
EXACT_TITLE = 100.0  # catalogue search score of a title typed exactly
NAME_SEPARATORS = re.compile(r"\s*(?:,|，|、|·|/|;|\band\b|&|\s그리고\s)\s*")


class State(IntEnum):
    """START: a KOBIS title or "New release"; FORM: one field at a time; AFTER: a result was
    given — a KOBIS title typed now is answered, anything else leaves /audience."""

    START = 1
    FORM = 2
    AFTER = 3


def _month(day: date, language: str) -> str:
    return month_year(day.year, day.month, language)


def _intro(context: CineContext) -> str:
    """The way in, naming how far the film list and its admissions go."""
    model = context.bot_data.audience
    return t(
        context.lang,
        "aud.intro",
        listed=_month(model.listed_until, context.lang),
        counted=_month(model.data_until, context.lang),
    )


async def _load(context: CineContext, telegram_id: int) -> Draft:
    return Draft.from_json(await context.bot_data.repo.get_draft(telegram_id, DRAFT))


async def _store(context: CineContext, telegram_id: int, draft: Draft) -> None:
    await context.bot_data.repo.save_draft(telegram_id, DRAFT, draft.to_json())


async def _say(update: Update, context: CineContext, text: str, **kwargs: Any) -> None:
    await context.bot.send_message(chat_id(update), text, parse_mode="HTML", **kwargs)


# -- what counts as an answer (the conversation layer lets other text pass) --------------------


def _is_title(text: str, context: CineContext) -> bool:
    """An exact KOBIS title: taken as the answer even when it reads like a request."""
    return context.bot_data.audience.is_title(text[:MAX_TEXT])


def _is_answer(text: str, context: CineContext) -> bool:
    """Anything the form's questions accept as typed: a date, a screen count, a button's label,
    a done/skip word, a known name or several names in one line."""
    cleaned = text.strip()[:MAX_TEXT]
    key = normalise_key(cleaned)
    if key in DONE_WORDS or key in SKIP_WORDS:
        return True
    for parse in (lambda s: parse_release_date(s, date.today()), parse_screens):
        try:
            parse(cleaned)
            return True
        except AudienceInputError as error:
            if error.reason not in ("format", "not_a_number", "empty"):
                return True  # a date or count, just not an acceptable one
    if any(_typed_choice(name, cleaned) for name in ("genre", "rating")):
        return True
    names = _split_names(cleaned)
    return bool(names) and all(context.bot_data.audience.knows_name(n) for n in names)


# -- entry -----------------------------------------------------------------------------------


@step(FLOW)
async def start(update: Update, context: CineContext) -> int:
    """/audience or "Another film": the two ways in."""
    if update.callback_query is not None:
        await close_button(update)
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    await _say(update, context, _intro(context), reply_markup=intro_keyboard(context.lang))
    return State.START


@step(FLOW)
async def new_release(update: Update, context: CineContext) -> int:
    """The "New release" button: the first question."""
    await close_button(update)
    draft = Draft()
    await _store(context, user_id(update), draft)
    return await _ask(update, context, draft, [])


@step(FLOW, accepts=_is_title)
async def title_typed(update: Update, context: CineContext) -> int | None:
    """A KOBIS title: the film at once, close titles as buttons, or "not found" (with a note
    when the catalogue knows it as a film newer than the data)."""
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
        return await _film_found(update, context, match.film, match.in_training)
    newer = await asyncio.to_thread(_newer_film, context, query)
    if not match.suggestions:
        listed = _month(model.listed_until, context.lang)
        text = newer or t(
            context.lang, "aud.film.not_found", query=html.escape(query[:60]), listed=listed
        )
        await message.reply_html(text, reply_markup=intro_keyboard(context.lang))
        return None
    draft = Draft(films=list(match.suggestions))
    await _store(context, user_id(update), draft)
    pick = t(context.lang, "aud.film.pick")
    await message.reply_html(
        f"{newer}\n\n{pick}" if newer else pick,
        reply_markup=film_keyboard(draft.films, context.lang),
    )
    return State.START


def _newer_film(context: CineContext, query: str) -> str | None:
    """ "파묘 opened after my data ends" when the catalogue knows the title as a later release."""
    catalogue = getattr(context.bot_data, "catalogue", None)
    if catalogue is None:
        return None
    until = context.bot_data.audience.data_until
    for found in catalogue.search(query, limit=3):
        movie = found.movie
        opened = movie.kr_release or (date(movie.year, 12, 31) if movie.year else None)
        # only the exact title: "-Infinity" is 90 % of "Infinity Pool", not a question about it
        if found.score >= EXACT_TITLE and opened is not None and opened > until:
            language = context.lang
            when = (
                long_date(opened, language)
                if movie.kr_release
                else (f"{movie.year}년" if language == "ko" else str(movie.year))
            )
            return t(
                language,
                "aud.film.newer",
                title=html.escape(movie.name(language)),
                date=when,
                until=long_date(until, language),
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
    return await _film_found(update, context, match.film, match.in_training)


@step(FLOW)
async def film_asked(update: Update, context: CineContext) -> int | None:
    """``aud:ask:<film id>`` (offered where a listed film was named outside /audience): the
    form with the film's facts filled in, asking what the forecast lacks."""
    query = update.callback_query
    assert query is not None and query.data is not None
    film = context.bot_data.audience.film(int(query.data.rsplit(":", 1)[1]))
    if film is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    return await _film_found(update, context, film, False)


async def _film_found(
    update: Update, context: CineContext, film: KnownFilm, in_training: bool
) -> int:
    """A listed film: the forecast beside its actual audience; when the data lacks a fact the
    forecast needs (a film of 2025-03 on has no screen count), the form asks only for that."""
    missing = context.bot_data.audience.missing(film)
    if not missing:
        return await _answer(update, context, film.release, {}, film, in_training)
    draft = Draft.for_film(film.film_id, film.release, missing)
    await _store(context, user_id(update), draft)
    note = await asyncio.to_thread(film_note, context, film)
    return await _ask(update, context, draft, [note])


def film_note(context: CineContext, film: KnownFilm) -> str:
    """The film found, and why the form asks: "not in my data yet", or the actual audience and
    "some facts are missing"."""
    language = context.lang
    title = html.escape(_film_title(context, film))
    lines = [
        t(language, "aud.result.film", title=title,
          date=long_date(film.release.release_date, language)),
    ]  # fmt: skip
    if film.audience is None:
        until = long_date(context.bot_data.audience.data_until, language)
        lines.append(t(language, "aud.film.not_yet", until=until))
    else:
        lines.append(t(language, "aud.result.actual", actual=people(film.audience, language)))
        lines.append(t(language, "aud.film.missing_facts"))
    return "\n".join(lines)


async def after_result(update: Update, context: CineContext) -> int | None:
    """Right after a result: a KOBIS title is answered; anything else is not taken (the rest of
    the bot answers it) and /audience ends, so it never asks its question again."""
    if context.consumed:
        return None
    message = update.effective_message
    key = conversation_key(update)
    text = (message.text or "").strip()[:MAX_TEXT] if message is not None else ""
    film = None
    if text:
        try:
            film = await asyncio.to_thread(context.bot_data.audience.find_film, text)
        except InvalidName:
            film = None
    if film is None or film.film is None:
        if key is not None and context.bot_data.flows.knows(FLOW):
            context.bot_data.flows.forget(key, FLOW)
        return ConversationHandler.END
    context.consumed = True
    context.answered_by = FLOW
    set_flow(FLOW)
    result = await _film_found(update, context, film.film, film.in_training)
    if key is not None and context.bot_data.flows.knows(FLOW):
        context.bot_data.flows.touch(key, FLOW)
    return result


async def leave(update: Update, context: CineContext) -> int:
    """Anything but text after a result: /audience ends without taking it."""
    key = conversation_key(update)
    if key is not None and context.bot_data.flows.knows(FLOW):
        context.bot_data.flows.forget(key, FLOW)
    return ConversationHandler.END


# -- the form --------------------------------------------------------------------------------


@step(FLOW, accepts=_is_answer)
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
            shown = error.detail if error.reason == "below_population" else text
            return await _retry(update, context, draft, f"aud.screens.{error.reason}", shown)
        draft.answer(name, screens)
    elif name == "nationality":
        if not _has_letter(text):  # "", "-0", "🎬": no country, not "other"
            return await _retry(update, context, draft, "aud.tap_button", text)
        draft.answer(name, _typed_choice(name, text) or normalise_nationality(text))
    elif name in CHOICES:
        value = _typed_choice(name, text)
        if value is None:
            return await _retry(update, context, draft, "aud.tap_button", text)
        draft.answer(name, value)
    else:
        return await _names_typed(update, context, draft, name, text)
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


def _skip_field(draft: Draft, name: str) -> None:
    if name == "actors":
        draft.actors_done = True
        draft.pending = None
        draft.queue = []
    else:
        draft.answer(name, None)


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
    _skip_field(draft, name)
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
    field = str(pending["field"])
    chosen = str(options[index])
    draft.answer(field, {"name": chosen, "known": True})
    note = t(context.lang, "aud.name.known", name=html.escape(_shown(chosen, field, context)))
    return await _continue_names(update, context, draft, field, [note])


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
    field = str(pending["field"])
    typed = str(pending["typed"])
    draft.answer(field, {"name": typed, "known": False})
    note = _new_note(typed, field, context.lang)
    return await _continue_names(update, context, draft, field, [note])


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
    """A genre, rating or country typed instead of tapped: its KOBIS value, a label in any
    language, or (ratings) what people type ("15세", "청불", "12세이상관람가")."""
    wanted = text.strip().casefold()
    for value in CHOICES[name]:
        labels = {value.casefold(), *(label(name, value, lang).casefold() for lang in LANGUAGES)}
        if wanted in labels:
            return value
    if name == "rating" and wanted:
        try:
            return normalise_rating(wanted)
        except ValueError:
            return None
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


def _split_names(text: str) -> list[str]:
    """ "마동석, 손석구, 최귀화" → three names (cleaned; empty parts dropped)."""
    return [n for n in (_typed_name(p) for p in NAME_SEPARATORS.split(text)) if n]


def _shown(name: str, field: str, context: CineContext) -> str:
    return shown_name(name, field, context.lang)


def _new_note(name: str, field: str, language: str) -> str:
    kind = t(language, "aud.kind.company" if field == "distributor" else "aud.kind.person")
    return t(language, "aud.name.new", name=html.escape(name), kind=kind)


async def _names_typed(
    update: Update, context: CineContext, draft: Draft, name: str, typed: str
) -> int | None:
    """A distributor, director or actor name — or several actors in one line, a done word
    ("완료") or a skip word ("없음")."""
    key = normalise_key(typed)
    count = len(draft.values.get("actors", []))
    if key in SKIP_WORDS or (name == "actors" and key in DONE_WORDS):
        _skip_field(draft, name)
        return await _next(update, context, draft, [])
    names = _split_names(typed) if name == "actors" else [_typed_name(typed)]
    names = [n for n in names if n]
    if not names:
        return await _retry(update, context, draft, "aud.name.empty", typed)
    if name == "actors":
        names = names[: MAX_ACTORS - count]
    draft.queue = names
    return await _continue_names(update, context, draft, name, [])


async def _continue_names(
    update: Update, context: CineContext, draft: Draft, name: str, notes: list[str]
) -> int:
    """Match the names still queued for ``name``: known ones are taken, unknown ones kept as
    new; the first with close known names stops to ask "did you mean"."""
    model = context.bot_data.audience
    language = context.lang
    while draft.queue and draft.current() == name:
        text = draft.queue.pop(0)
        try:
            if name == "distributor":
                match: NameMatch = await asyncio.to_thread(model.match_distributor, text)
            else:
                match = await asyncio.to_thread(model.match_person, text, person_role(name))
        except InvalidName:
            continue
        if match.known is not None:
            queue = draft.queue
            # An exact match (same key): the name as the user wrote it ("CJ ENM", not KOBIS's
            # "씨제이이엔엠") denotes the same company or person — kept to echo it here and in
            # the forecast.
            spelling = " ".join(text.split())
            draft.answer(name, {"name": match.known, "known": True, "typed": spelling})
            draft.queue = queue
            shown = shown_name(match.known, name, language, {match.known: spelling})
            notes.append(t(language, "aud.name.known", name=html.escape(shown)))
            continue
        if match.suggestions:
            draft.pending = {"field": name, "typed": text, "options": list(match.suggestions)}
            await _store(context, user_id(update), draft)
            options = [_shown(s, name, context) for s in match.suggestions]
            await _say(
                update,
                context,
                "\n".join([*notes, t(language, "aud.name.suggest", name=html.escape(text))]),
                reply_markup=suggestion_keyboard(text, options, language),
            )
            return State.FORM
        queue = draft.queue
        draft.answer(name, {"name": text, "known": False})
        draft.queue = queue
        notes.append(_new_note(text, name, language))
    draft.queue = []
    return await _next(update, context, draft, notes)


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


async def ask_again(update: Update, context: CineContext, state: object) -> None:
    """After something else was answered mid-form: the question the user left, with its
    buttons (the way in at the start; nothing after a result, when there is no question)."""
    back = t(context.lang, "flow.back.audience")
    if state == State.FORM:
        draft = await _load(context, user_id(update))
        if draft.current() is not None:
            text, keyboard = question(draft, context.lang)
            await _say(update, context, f"{back}\n\n{text}", reply_markup=keyboard)
            return
    if state != State.AFTER:
        await _say(
            update,
            context,
            f"{back}\n\n{_intro(context)}",
            reply_markup=intro_keyboard(context.lang),
        )


async def _ask(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    text, keyboard = question(draft, context.lang)
    await _say(update, context, "\n\n".join([*notes, text]), reply_markup=keyboard)
    return State.FORM


async def _finish(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    if notes:
        await _say(update, context, "\n".join(notes))
    entries = [
        entry
        for entry in [
            draft.values.get("distributor"),
            draft.values.get("director"),
            *draft.values.get("actors", []),
        ]
        if isinstance(entry, dict)
    ]
    known = {str(entry["name"]): bool(entry["known"]) for entry in entries}
    typed = {str(e["name"]): str(e["typed"]) for e in entries if e.get("typed")}
    model = context.bot_data.audience
    film = model.film(draft.film_id) if draft.film_id is not None else None
    return await _answer(update, context, draft.release(), known, film, False, typed)


def _film_title(context: CineContext, film: KnownFilm) -> str:
    """A KOBIS title in the user's language: the catalogue's English title, else romanised."""
    if context.lang == "ko" or not has_hangul(film.title):
        return film.title
    catalogue = getattr(context.bot_data, "catalogue", None)
    movie = catalogue.find(film.title, film.release.release_date.year) if catalogue else None
    return movie.title if movie is not None else romanise(film.title)


async def _answer(
    update: Update,
    context: CineContext,
    release: ReleaseDescription,
    known: dict[str, bool],
    film: KnownFilm | None,
    in_training: bool,
    typed: dict[str, str] | None = None,
) -> int:
    """Forecast (worker thread), log, clear the draft, send the chart with the caption; a
    release outside what the model learnt from is answered with a plain note instead.
    ``typed``: the user's spellings of the KOBIS names, echoed in the caption."""
    language = context.lang
    model = context.bot_data.audience
    try:
        prediction = await asyncio.to_thread(model.predict, release)
    except AudienceInputError as error:
        await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
        if film is not None and film.audience is not None:
            shown = await asyncio.to_thread(_film_title, context, film)
            text = t(
                language,
                "aud.film.too_small",
                title=html.escape(shown),
                date=long_date(film.release.release_date, language),
                screens=f"{film.release.screens:,}",
                actual=people(film.audience, language),
            )
        elif isinstance(error, InvalidScreens | InvalidReleaseDate):
            kind = "screens" if isinstance(error, InvalidScreens) else "date"
            text = t(language, f"aud.{kind}.{error.reason}", text=html.escape(error.detail[:40]),
                     max=f"{MAX_SCREENS:,}")  # fmt: skip
        else:
            text = t(language, "aud.tap_button")
        await _say(update, context, text, reply_markup=again_keyboard(language))
        return State.AFTER
    image = await asyncio.to_thread(chart, prediction, language)
    title = await asyncio.to_thread(_film_title, context, film) if film is not None else None
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
            "ceiling": prediction.ceiling,
            "notes": list(prediction.notes),
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
            model.data_until,
            title,
            model.max_screens,
            typed,
        ),
        parse_mode="HTML",
        reply_markup=again_keyboard(language),
    )
    return State.AFTER


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent /audience conversation (its answers live in the form_drafts table)."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.COMMAND & ~filters.TEXT
    restart = [
        CommandHandler("audience", start),
        CallbackQueryHandler(start, pattern=r"^aud:again$"),
        CallbackQueryHandler(film_asked, pattern=r"^aud:ask:\d{1,9}$"),
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
            State.AFTER: [
                *restart,
                MessageHandler(text, after_result),
                MessageHandler(filters.ALL, leave),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=r"^aud:cancel$"),
            interrupting_commands_fallback(FLOW),
        ],
        name=FLOW,
        persistent=True,
    )


__all__ = ["State", "build_handler"]
