"""A voice note or an audio file in the OST flow: which messages count, download, measure.

Telegram sends a voice note as ``message.voice`` (OGG/Opus), a music file as ``message.audio``,
and a file sent "as a document" as ``message.document``; a document counts when its MIME type
is audio/* or its name ends like an audio file (a renamed M4A is then told which formats work,
not treated as a poster). Length and size are checked from what Telegram says before anything
is downloaded, and again on the bytes (``inference.ost.audio``).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import warnings
from dataclasses import dataclass

from telegram import Audio, Document, Message, Voice
from telegram.error import TelegramError
from telegram.ext import filters
from telegram.warnings import PTBDeprecationWarning

from handlers.shared.i18n import t
from handlers.shared.log_context import INVALID, set_outcome
from inference.ost.audio import MAX_BYTES, MAX_SECONDS, ClipMeasurement, InvalidAudio
from inference.ost.clip_worker import ClipAnalyser

_EXTENSIONS = ("mp3", "wav", "flac", "ogg", "oga", "opus", "m4a", "aac", "wma", "aiff", "amr")
AUDIO_INPUT = functools.reduce(
    operator.or_,
    [filters.Document.FileExtension(extension) for extension in _EXTENSIONS],
    filters.VOICE | filters.AUDIO | filters.Document.AUDIO,
)


@dataclass(frozen=True)
class Clip:
    """A measured clip, or the message key of why it could not be measured."""

    measurement: ClipMeasurement | None
    error: str = ""
    kind: str = ""  # voice, audio or document
    detail: str = ""  # the container refused, for the "unsupported" message


def attachment(message: Message) -> tuple[Voice | Audio | Document, str]:
    """The voice note, audio file or document of ``message`` and which of them it is."""
    if message.voice is not None:
        return message.voice, "voice"
    if message.audio is not None:
        return message.audio, "audio"
    assert message.document is not None
    return message.document, "document"


def _seconds(item: Voice | Audio | Document) -> float:
    """The length Telegram gives (voice notes and audio files; 0 when it gives none). PTB 22
    warns that ``duration`` becomes a timedelta in a later version: both are read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        duration = getattr(item, "duration", None)
    if isinstance(duration, dt.timedelta):
        return duration.total_seconds()
    return float(duration) if isinstance(duration, int | float) else 0.0


async def measure(message: Message, clips: ClipAnalyser) -> Clip:
    """Download and measure the clip of ``message`` (the analysis in the clip worker process)."""
    item, kind = attachment(message)
    if item.file_size is not None and item.file_size > MAX_BYTES:
        return Clip(None, "too_large", kind)
    if _seconds(item) > MAX_SECONDS:
        return Clip(None, "too_long", kind)
    try:
        telegram_file = await message.get_bot().get_file(item.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        return Clip(None, "download_failed", kind)
    try:
        return Clip(await clips.analyse(data), "", kind)
    except InvalidAudio as error:
        set_outcome(INVALID)
        detail = str(error).partition(": ")[2] if error.key == "unsupported" else ""
        return Clip(None, error.key, kind, detail)


def refusal(clip: Clip, language: str) -> str:
    """The reply for a clip that could not be measured, in ``language``."""
    return t(language, f"ost.audio.{clip.error}", format=clip.detail.upper() or "?")
