"""/ost: which film genres suit a song — by title, by features, step by step, or by a clip.

Four ways in, one answer: (a) "Step by step" asks each required feature with value buttons;
(b) a line such as "energy 0.8 valence 0.3 tempo 120" or "에너지 80 템포 120", in any order and
on either scale — also understood outside /ost when it names two or more features; (c) a song
title, "title - artist" or "artist title", in English or Korean, looked up in the offline song
table; (d) a voice note or audio file of at most 60 s — also understood outside /ost — whose
tempo and loudness are measured (handlers/ost/audio.py), the other features then asked with the
buttons. Whatever is still missing is asked for, one feature at a time; the values so far live
in the database (a form draft, with which of them were measured), so a restart or a second
process continues the form. The answer is the genres ranked by how much the song stands out,
each with its fit 0–100, and a chart.
"""

from __future__ import annotations

import asyncio
import functools
import html
import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.ost.audio import AUDIO_INPUT, measure, refusal
from handlers.ost.form import (
    PREFIX,
    PRESETS,
    again_keyboard,
    describe,
    feature_name,
    feature_range,
    intro_keyboard,
    names,
    question,
    value_keyboard,
)
from handlers.ost.reply import TOP_GENRES, caption, chart, named
from handlers.recommend.where_to_watch import WhereQuestionFilter
from handlers.shared.context import CineContext
from handlers.shared.flow import (
    StepCallback,
    chat_id,
    close_button,
    conversation_key,
    interrupting_commands_fallback,
    step,
    user_id,
)
from handlers.shared.i18n import t
from handlers.shared.log_context import set_flow
from inference.catalogue.films import Movie
from inference.ost import OstPrediction, OutOfRange, ParsedFeatures, Track, missing, parse_line
from inference.ost.features import BY_NAME, REQUIRED, normalise
from inference.ost.tracks import CONFIDENT_SCORE
from inference.recommender import UserSignals

SIMILAR_FILMS = 3  # "films like this" under an OST answer
SONG_INTENT = "song"  # what the understanding step calls a request about a song
FLOW = "ost"
DRAFT = "ost"
SUGGESTIONS = 5
MAX_QUERY_CHARS = 200
_NUMBER = re.compile(r"^\s*[-+]?\d")
_DIGIT = re.compile(r"\d")


class State(IntEnum):
    """WAITING: a title or a line of features; FORM: one feature at a time."""

    WAITING = 1
    FORM = 2


class _FeatureLine(filters.MessageFilter):
    """Text naming at least two features with values: taken as an OST request anywhere."""

    def filter(self, message: object) -> bool:
        text = getattr(message, "text", None)
        # Runs on every text message of every chat: rule out the common case (no number at
        # all) before tokenising.
        if not isinstance(text, str) or text.startswith("/") or not _DIGIT.search(text):
            return False
        parsed = parse_line(text)
        return len(parsed.values) + len(parsed.out_of_range) >= 2


# -- the draft: values entered so far, in the database --------------------------------------


@dataclass
class Draft:
    """The form so far: values (model scale), the order they were given in (◀ Back undoes the
    last), and which of them a clip measured (shown as measured in the answer)."""

    values: dict[str, float] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    measured: list[str] = field(default_factory=list)

    def give(self, name: str, value: float) -> None:
        """A value the user gave: it replaces a measured one and goes last in the order."""
        self.values[name] = value
        if name in self.order:
            self.order.remove(name)
        self.order.append(name)
        if name in self.measured:
            self.measured.remove(name)


async def _draft(context: CineContext, telegram_id: int) -> Draft:
    """The stored draft, keeping only known features with numbers."""
    data = await context.bot_data.repo.get_draft(telegram_id, DRAFT)
    raw = data.get("values", {})
    values = {
        k: float(v)
        for k, v in (raw.items() if isinstance(raw, dict) else ())
        if k in BY_NAME and isinstance(v, int | float)
    }
    order = [k for k in data.get("order", []) if k in values]
    measured = [k for k in data.get("measured", []) if k in values and k not in order]
    return Draft(values, order, measured)


async def _save(context: CineContext, telegram_id: int, draft: Draft) -> None:
    await context.bot_data.repo.save_draft(
        telegram_id,
        DRAFT,
        {"values": draft.values, "order": draft.order, "measured": draft.measured},
    )


# -- entry and the ways in -------------------------------------------------------------


@step(FLOW)
async def start(update: Update, context: CineContext) -> int:
    """/ost or "Another song": a fresh form and the three ways in."""
    if update.callback_query is not None:
        await close_button(update)
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    await context.bot.send_message(
        chat_id(update),
        t(context.lang, "ost.intro"),
        parse_mode="HTML",
        reply_markup=intro_keyboard(context.lang),
    )
    return State.WAITING


@step(FLOW)
async def form_start(update: Update, context: CineContext) -> int:
    """The "Step by step" button: ask the first feature still missing."""
    query = await close_button(update)
    return await _continue(update, context, await _draft(context, query.from_user.id), [])


@step(FLOW)
async def line_outside(update: Update, context: CineContext) -> int:
    """A feature line sent outside /ost: a new form with these values."""
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    return await _take_line(update, context, _parsed(update))


def _is_title_or_line(text: str, context: CineContext) -> bool:
    """What /ost waits for: a line of features, or a song — the OST's own cue ("Dynamite
    어울리는 장르") or a name the song table knows well — even when it reads like a request."""
    parsed = parse_line(text)
    if parsed.values or parsed.out_of_range:
        return True
    if context.understood(text).intent == SONG_INTENT:
        return True
    matches = context.bot_data.ost_tracks.search(text[:MAX_QUERY_CHARS], 2)
    return bool(matches) and matches[0].score >= CONFIDENT_SCORE


def _is_value_or_line(text: str, context: CineContext) -> bool:
    """What the form waits for: a value ("0.7", "-6dB", "120bpm") or a line of features."""
    parsed = parse_line(text)
    return bool(_NUMBER.match(text) or parsed.values or parsed.out_of_range)


@step(FLOW, accepts=_is_title_or_line)
async def text_waiting(update: Update, context: CineContext) -> int | None:
    """In /ost: a line of features, else a song title."""
    parsed = _parsed(update)
    if parsed.values or parsed.out_of_range:
        return await _take_line(update, context, parsed)
    assert update.effective_message is not None and update.effective_message.text is not None
    return await _lookup(update, context, update.effective_message.text)


@step(FLOW, accepts=_is_value_or_line)
async def text_in_form(update: Update, context: CineContext) -> int | None:
    """In the form: a value for the feature asked, or a line with several."""
    parsed = _parsed(update)
    if parsed.values or parsed.out_of_range:
        return await _take_line(update, context, parsed)
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = await _draft(context, user_id(update))
    absent = missing(draft.values)
    if not absent:  # a stale form (e.g. after a restart mid-answer): answer it now
        return await _answer(update, context, draft, None)
    feature = absent[0]
    try:
        value = normalise(feature, message.text.strip()[:40])
    except OutOfRange as error:
        key = "ost.out_of_range" if _NUMBER.match(message.text) else "ost.not_a_value"
        await message.reply_html(
            _range_text(key, error.feature, error.raw, context.lang),
            reply_markup=value_keyboard(feature, context.lang, bool(draft.order)),
        )
        return None
    draft.give(feature, value)
    return await _continue(update, context, draft, [])


@step(FLOW)
async def value_button(update: Update, context: CineContext) -> int | None:
    """A preset value button: ``ost:v:<feature>:<value>``, checked against the presets."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, _, feature, raw = query.data.split(":", 3)
    spec = BY_NAME.get(feature)
    if spec is None or raw not in PRESETS.get(spec.scale, ()):
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    draft = await _draft(context, query.from_user.id)
    draft.give(feature, normalise(feature, raw))
    return await _continue(update, context, draft, [])


@step(FLOW)
async def back(update: Update, context: CineContext) -> int:
    """◀: forget the last value given and ask for it again."""
    query = await close_button(update)
    draft = await _draft(context, query.from_user.id)
    if draft.order:
        draft.values.pop(draft.order.pop(), None)
    return await _continue(update, context, draft, [])


@step(FLOW)
async def track_chosen(update: Update, context: CineContext) -> int | None:
    """A suggested song: ``ost:t:<row>`` (any row index that does not exist is refused)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    track = context.bot_data.ost_tracks.track(int(query.data.rsplit(":", 1)[1]))
    if track is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    await close_button(update)
    return await _from_track(update, context, track)


@step(FLOW)
async def cancel(update: Update, context: CineContext) -> int:
    """✖: drop the draft and leave."""
    query = await close_button(update)
    await context.bot_data.repo.clear_draft(query.from_user.id, DRAFT)
    await context.bot.send_message(chat_id(update), t(context.lang, "ost.cancelled"))
    return ConversationHandler.END


def _clip_step(callback: StepCallback) -> StepCallback:
    """``step(FLOW)`` for clips: a voice note or audio file is a song wherever it arrives, so
    it is taken even while /ost itself waits (``step`` lets every photo, file and voice note
    pass a waiting flow, for posters and songs); /ost is then the flow on top."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: CineContext) -> Any:
        if context.consumed:
            return None
        context.consumed = True
        context.answered_by = FLOW
        set_flow(FLOW)
        result = await callback(update, context)
        key = conversation_key(update)
        if key is not None and context.bot_data.flows.knows(FLOW):
            if result == ConversationHandler.END:
                context.bot_data.flows.forget(key, FLOW)
            elif result is not None:
                context.bot_data.flows.touch(key, FLOW)
        return result

    return wrapper


@_clip_step
async def clip_received(update: Update, context: CineContext) -> int | None:
    """A voice note or audio file, in /ost or anywhere: measure tempo and loudness, then ask
    the other features with the form's buttons (a new form: the measured values pre-filled)."""
    message = update.effective_message
    assert message is not None
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    clip = await measure(message, context.bot_data.clips)
    if clip.measurement is None:
        await message.reply_html(refusal(clip, context.lang))
        return None
    measured = clip.measurement.features()
    draft = Draft(dict(measured), [], list(measured))
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    note = t(
        context.lang,
        "ost.audio.measured",
        seconds=round(clip.measurement.seconds),
        tempo=f"{measured['tempo']:g}",
        loudness=f"{measured['loudness']:g}",
    )
    if clip.kind == "voice":
        note += "\n" + t(context.lang, "ost.audio.voice_note")
    return await _continue(update, context, draft, [note])


@step(FLOW)
async def not_text(update: Update, context: CineContext) -> None:
    """A sticker, video or the like where a title, features or a clip were expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "ost.need_text"))


# -- shared steps ----------------------------------------------------------------------------


def _parsed(update: Update) -> ParsedFeatures:
    message = update.effective_message
    assert message is not None and message.text is not None
    return parse_line(message.text)


def _range_text(key: str, feature: str, raw: str, language: str) -> str:
    return t(
        language,
        key,
        name=feature_name(feature, language),
        range=feature_range(feature, language),
        raw=html.escape(raw[:40]),
    )


async def _take_line(update: Update, context: CineContext, parsed: ParsedFeatures) -> int:
    """Merge a line's values into the draft; say what was out of range or not understood."""
    language = context.lang
    draft = await _draft(context, user_id(update))
    for name, value in parsed.values.items():
        draft.give(name, value)
    notes = []
    if parsed.values:
        notes.append(t(language, "ost.got", given=html.escape(describe(parsed.values, language))))
    notes += [
        _range_text("ost.out_of_range", e.feature, e.raw, language) for e in parsed.out_of_range
    ]
    words = [w for w in parsed.unknown if not _NUMBER.match(w)]
    if words:
        notes.append(t(language, "ost.ignored", words=html.escape(", ".join(words[:8])[:200])))
    return await _continue(update, context, draft, notes)


async def ask_again(update: Update, context: CineContext, state: object) -> None:
    """After something else was answered while /ost waited: the feature it asked, with its
    value buttons, or the three ways in."""
    back = t(context.lang, "flow.back.ost")
    if state == State.FORM:
        draft = await _draft(context, user_id(update))
        absent = missing(draft.values)
        if absent:
            await context.bot.send_message(
                chat_id(update),
                f"{back}\n\n{question(absent[0], draft.values, context.lang)}",
                parse_mode="HTML",
                reply_markup=value_keyboard(absent[0], context.lang, bool(draft.order)),
            )
            return
    await context.bot.send_message(
        chat_id(update),
        f"{back}\n\n{t(context.lang, 'ost.intro')}",
        parse_mode="HTML",
        reply_markup=intro_keyboard(context.lang),
    )


async def _continue(update: Update, context: CineContext, draft: Draft, notes: list[str]) -> int:
    """Answer when every required feature is known; otherwise save and ask the next one."""
    language = context.lang
    absent = missing(draft.values)
    if not absent:
        if len(notes) > 1 or (notes and not draft.values):
            await context.bot.send_message(chat_id(update), "\n".join(notes), parse_mode="HTML")
        return await _answer(update, context, draft, None)
    await _save(context, user_id(update), draft)
    lines = list(notes)
    if draft.values:
        lines.append(t(language, "ost.still_need", names=names(absent, language)))
    lines.append(question(absent[0], draft.values, language))
    await context.bot.send_message(
        chat_id(update),
        "\n\n".join(lines),
        parse_mode="HTML",
        reply_markup=value_keyboard(absent[0], language, bool(draft.order)),
    )
    return State.FORM


async def _lookup(update: Update, context: CineContext, text: str) -> int | None:
    """A typed title: one clear match answers, several come back as buttons, none explains."""
    message = update.effective_message
    assert message is not None
    index = context.bot_data.ost_tracks
    matches = await asyncio.to_thread(index.search, text[:MAX_QUERY_CHARS], SUGGESTIONS)
    track = index.confident(text, matches)
    if track is not None:
        return await _from_track(update, context, track)
    if not matches:
        query = html.escape(text.strip()[:80])
        await message.reply_html(t(context.lang, "ost.not_found", query=query))
        return None
    buttons = [
        [InlineKeyboardButton(m.track.label[:60], callback_data=f"{PREFIX}:t:{m.track.index}")]
        for m in matches
    ]
    await message.reply_html(
        t(context.lang, "ost.pick_song"), reply_markup=InlineKeyboardMarkup(buttons)
    )
    return None


async def _from_track(update: Update, context: CineContext, track: Track) -> int:
    """A looked-up song; a few lack a feature (tempo 0 in the source), which is then asked."""
    if missing(track.features):
        values = {k: v for k, v in track.features.items() if k in REQUIRED}
        return await _continue(update, context, Draft(values, list(values)), [])
    return await _answer(update, context, Draft(dict(track.features)), track)


async def _answer(update: Update, context: CineContext, draft: Draft, track: Track | None) -> int:
    """Predict (worker thread), log, clear the draft, send the chart with the caption."""
    language = context.lang
    model = context.bot_data.ost
    values = draft.values
    prediction = await asyncio.to_thread(model.predict, values)
    image = await asyncio.to_thread(chart, prediction, language)
    await context.bot_data.repo.log_prediction(
        user_id(update),
        capability="ost",
        input={
            "features": values,
            "measured": draft.measured,
            "track": None if track is None else {"title": track.title, "artist": track.artist},
        },
        output={
            "top": [[s.genre, s.fit] for s in prediction.scores[:TOP_GENRES]],
            "fit": {s.genre: s.fit for s in prediction.scores},
        },
        model_version=prediction.model_version,
    )
    await context.bot_data.repo.clear_draft(user_id(update), DRAFT)
    profile = await context.bot_data.repo.get_profile(user_id(update))
    taste = await context.bot_data.repo.get_taste(user_id(update))
    favourites = frozenset(profile.favourites) if profile else frozenset()
    signals = UserSignals(favourites=favourites | taste.liked, disliked=taste.disliked)
    film, similar = await asyncio.to_thread(_films_for, context, prediction, track, values,
                                            signals)  # fmt: skip
    text = caption(prediction, values, track, language, film, similar, draft.measured)
    await context.bot.send_photo(
        chat_id(update),
        image,
        caption=text,
        parse_mode="HTML",
        reply_markup=again_keyboard(language),
    )
    return ConversationHandler.END


def _films_for(
    context: CineContext,
    prediction: OstPrediction,
    track: Track | None,
    values: dict[str, float],
    signals: UserSignals,
) -> tuple[Movie | None, list[Movie]]:
    """The catalogue film of the song's soundtrack, and "films like this": of the genres the
    reply names, those that fit the song's whole genre profile and its mood (valence, energy,
    acousticness), known to the user's audience and, with favourites, to their taste
    (``inference.ost.example_films``); never the soundtrack's own film."""
    catalogue = context.bot_data.catalogue
    film = None
    if track is not None and track.film:
        title, _, year = track.film.rpartition(" (")
        film = catalogue.find(title, int(year[:4]) if year[:4].isdigit() else None)
    exclude = frozenset({film.movie_id}) if film else frozenset()
    similar = context.bot_data.ost_examples.choose(
        prediction, [s.genre for s in named(prediction)], values, region=context.region,
        signals=signals, exclude=exclude, k=SIMILAR_FILMS,
    )  # fmt: skip
    return film, similar


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent /ost conversation (its values live in the form_drafts table)."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.COMMAND & ~filters.TEXT & ~filters.PHOTO & ~filters.Document.ALL
    restart = [
        CommandHandler("ost", start),
        CallbackQueryHandler(start, pattern=rf"^{PREFIX}:again$"),
        CallbackQueryHandler(track_chosen, pattern=rf"^{PREFIX}:t:\d{{1,6}}$"),
        # A clip is an OST request wherever it arrives, as a feature line is: this flow's group
        # comes before the stateless features (posters take other documents) and the
        # catch-alls (which would answer "I can't listen").
        MessageHandler(AUDIO_INPUT, clip_received),
    ]
    return ConversationHandler(
        entry_points=[*restart, MessageHandler(text & _FeatureLine(), line_outside)],
        states={
            State.WAITING: [
                *restart,
                CallbackQueryHandler(form_start, pattern=rf"^{PREFIX}:form$"),
                MessageHandler(text & ~WhereQuestionFilter(), text_waiting),
                MessageHandler(other, not_text),
            ],
            State.FORM: [
                *restart,
                CallbackQueryHandler(
                    value_button, pattern=rf"^{PREFIX}:v:[a-z]{{1,20}}:[-\d.]{{1,6}}$"
                ),
                CallbackQueryHandler(back, pattern=rf"^{PREFIX}:back$"),
                MessageHandler(text, text_in_form),
                MessageHandler(other, not_text),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=rf"^{PREFIX}:cancel$"),
            interrupting_commands_fallback(FLOW),
        ],
        name=FLOW,
        persistent=True,
    )


__all__ = ["State", "build_handler"]
