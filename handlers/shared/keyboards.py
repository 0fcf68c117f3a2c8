"""Inline keyboards shared by onboarding and profile editing.

Callback data is ``<prefix>:<field>:<value>`` and always under Telegram's 64-byte limit; the
receiving handler matches it with a strict pattern so forged data never reaches storage.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.shared.i18n import LANGUAGES, t
from inference.catalogue.regions import PLATFORM_BY_ID, PLATFORMS, REGIONS, platforms_in

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


REGION_PATTERN = "|".join(REGIONS)


def subscriptions_keyboard(
    prefix: str, language: str, selected: Iterable[str], region: str
) -> InlineKeyboardMarkup:
    """One toggle per platform of the user's region (✅ when chosen; a store is marked as one),
    plus any chosen platform of another region so it can be taken off, and a Done button."""
    chosen = set(selected)
    offered = list(platforms_in(region))
    offered += [PLATFORM_BY_ID[p] for p in sorted(chosen) if p in PLATFORM_BY_ID
                and PLATFORM_BY_ID[p] not in offered]  # fmt: skip
    buttons = [
        InlineKeyboardButton(
            f"{'✅' if p.id in chosen else '▫️'} {p.name(language)}"
            + (f" ({t(language, 'subs.store')})" if p.store else ""),
            callback_data=f"{prefix}:sub:{p.id}",
        )
        for p in offered
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [InlineKeyboardButton(t(language, "subs.done"), callback_data=f"{prefix}:sub:done")]
    )
    return InlineKeyboardMarkup(rows)


def region_keyboard(prefix: str, language: str) -> InlineKeyboardMarkup:
    """One button per region CineMate has lists for, and "from my language"."""
    buttons = [
        InlineKeyboardButton(names[1] if language == "ko" else names[0],
                             callback_data=f"{prefix}:region:{code}")
        for code, names in REGIONS.items()
    ]  # fmt: skip
    auto = InlineKeyboardButton(t(language, "region.auto"), callback_data=f"{prefix}:region:auto")
    return InlineKeyboardMarkup([buttons, [auto]])
