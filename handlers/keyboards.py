"""Inline keyboards shared by onboarding and profile editing.

Callback data is ``<prefix>:<field>:<value>`` and always under Telegram's 64-byte limit; the
receiving handler matches it with a strict pattern so forged data never reaches storage.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import LANGUAGES, t
from inference.catalogue.regions import PLATFORMS

GENDERS = ("female", "male", "other", "na")
LANGUAGE_LABELS = {"ko": "🇰🇷 한국어", "en": "🇬🇧 English"}
PLATFORM_PATTERN = "|".join(p.id for p in PLATFORMS)


def language_keyboard(prefix: str) -> InlineKeyboardMarkup:
    """Korean / English buttons."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(LANGUAGE_LABELS[code], callback_data=f"{prefix}:lang:{code}")
                for code in LANGUAGES
            ]
        ]
    )


def gender_keyboard(prefix: str, language: str) -> InlineKeyboardMarkup:
    """Gender choices, two per row."""
    buttons = [
        InlineKeyboardButton(t(language, f"gender.{g}"), callback_data=f"{prefix}:gender:{g}")
        for g in GENDERS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def subscriptions_keyboard(
    prefix: str, language: str, selected: Iterable[str]
) -> InlineKeyboardMarkup:
    """One toggle per platform (✅ when chosen) and a Done button."""
    chosen = set(selected)
    buttons = [
        InlineKeyboardButton(
            f"{'✅' if p.id in chosen else '▫️'} {p.name(language)}",
            callback_data=f"{prefix}:sub:{p.id}",
        )
        for p in PLATFORMS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [InlineKeyboardButton(t(language, "subs.done"), callback_data=f"{prefix}:sub:done")]
    )
    return InlineKeyboardMarkup(rows)
