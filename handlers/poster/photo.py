"""A poster photo (or an image sent as a file) → genre guesses, a chart, and a taste match.

The image bytes go to ``inference.poster``'s worker process; everything a user can get
wrong (format, size, a damaged file) comes back as ``InvalidImage`` with a message key and is
answered in the user's language. Each answer is logged as a prediction.

Genres are listed by evidence relative to their base rate (what the poster says beyond "half
of all films are dramas"), each with its calibrated probability and the share of a typical
poster beside it; the chart shows every genre's probability with a tick at its base rate. An
image the model finds unlike any poster gets "this doesn't look like a film poster" and its
guesses marked as unsure.
"""

from __future__ import annotations

import asyncio
import html

from telegram import Document, PhotoSize, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.shared.charts import probability_bars
from handlers.shared.context import CineContext
from handlers.shared.flow import step
from handlers.shared.i18n import has_text, t
from handlers.shared.log_context import INVALID, set_outcome
from inference.poster import InvalidImage, PosterPrediction, taste_match

FLOW = "poster"
# Telegram's Bot API does not hand bots files above 20 MB; the service enforces it too.
MAX_FILE_BYTES = 20 * 1024 * 1024
TOP_GENRES = 3


def genre_name(genre: str, language: str) -> str:
    """An IMDb/MovieLens genre in the user's language (its own name when we have none)."""
    return t(language, f"genre.{genre}") if has_text(f"genre.{genre}") else genre


@step(FLOW)
async def poster_received(update: Update, context: CineContext) -> None:
    """Photo or document → typing indicator → top genres, chart, taste match."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    language = context.lang
    attachment: PhotoSize | Document
    if message.photo:
        attachment, source = message.photo[-1], "photo"
    else:
        assert message.document is not None
        attachment, source = message.document, "document"
    wait = await context.bot_data.poster_throttle.wait_needed(update.effective_user.id)
    if wait:
        await message.reply_html(t(language, "error.slow_down", seconds=wait))
        return
    file_size = attachment.file_size
    if file_size is not None and file_size > MAX_FILE_BYTES:
        await message.reply_html(t(language, "poster.too_large"))
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    try:
        telegram_file = await context.bot.get_file(attachment.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        await message.reply_html(t(language, "poster.download_failed"))
        return
    classifier = context.bot_data.poster
    try:
        prediction = await classifier.predict(data)
    except InvalidImage as error:
        set_outcome(INVALID)
        await message.reply_html(t(language, error.key))
        return
    taste = await _taste(context, update.effective_user.id, prediction)
    chart = await asyncio.to_thread(_chart, prediction, language)
    # Logged before the reply, so every answer the user sees has its row.
    await context.bot_data.repo.log_prediction(
        update.effective_user.id,
        capability="poster",
        input={"source": source, "bytes": len(data), "file_unique_id": attachment.file_unique_id},
        output={
            "top": [[s.genre, round(s.probability, 4)] for s in prediction.top(TOP_GENRES)],
            "predicted": [s.genre for s in prediction.scores if s.predicted],
            "looks_like_poster": prediction.looks_like_poster,
            "ood_score": round(prediction.ood_score, 4),
            "taste_match": None if taste is None else round(taste, 4),
        },
        model_version=prediction.model_version,
    )
    await message.reply_photo(
        chart, caption=_caption(prediction, taste, language), parse_mode="HTML"
    )


async def _taste(
    context: CineContext, telegram_id: int, prediction: PosterPrediction
) -> float | None:
    """Seed 003: how well the poster's genres suit the genres of the user's favourite films."""
    profile = await context.bot_data.repo.get_profile(telegram_id)
    if profile is None or not profile.favourites:
        return None
    known = await context.bot_data.films.get_many(profile.favourites)
    genres = [m.genres for m in known.values()]
    return taste_match(prediction, genres)


def _caption(prediction: PosterPrediction, taste: float | None, language: str) -> str:
    top = prediction.top(TOP_GENRES)
    names = [html.escape(genre_name(score.genre, language)) for score in top]
    if prediction.looks_like_poster:
        lines = [t(language, "poster.title"), t(language, "poster.ranked_by")]
    else:
        lines = [t(language, "poster.not_a_poster"), t(language, "poster.unsure", genre=names[0])]
    for rank, (score, name) in enumerate(zip(top, names, strict=True), start=1):
        key = "poster.line" if prediction.looks_like_poster else "poster.line_unsure"
        lines.append(
            t(
                language,
                key,
                rank=rank,
                genre=name,
                percent=round(100 * score.probability),
                base=round(100 * score.base_rate),
            )
        )
    if taste is None:
        lines += ["", t(language, "poster.no_taste")]
    else:
        lines += ["", t(language, "poster.taste", percent=round(100 * taste))]
    lines.append(t(language, "poster.chart_note"))
    return "\n".join(lines)


def highlighted(prediction: PosterPrediction) -> list[bool]:
    """Which bars of the chart are orange: exactly the genres the caption names (its top
    ``TOP_GENRES``), so the chart never shows more guesses than the text gives."""
    named = {score.genre for score in prediction.top(TOP_GENRES)}
    return [score.genre in named for score in prediction.scores]


def _chart(prediction: PosterPrediction, language: str) -> bytes:
    """Every genre (strongest evidence first): calibrated probability, a line at the base rate,
    orange for the genres the caption names."""
    scores = prediction.scores
    return probability_bars(
        [genre_name(s.genre, language) for s in scores],
        [s.probability for s in scores],
        highlighted(prediction),
        t(language, "poster.chart_title"),
        markers=[s.base_rate for s in scores],
        unit=t(language, "poster.chart_unit"),
    )


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """Photos and any document (a non-image file is told which formats work)."""
    return [MessageHandler(filters.PHOTO | filters.Document.ALL, poster_received)]
