"""The OST form's pieces: feature names and ranges in the user's language, value buttons.

Kept apart from the conversation (handlers/ost.py) so the reply and the flow share one way of
naming a feature and writing its range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.shared.i18n import CATALOGUES, t
from inference.ost.features import BY_NAME, REQUIRED, Scale

PREFIX = "ost"
# Typical values per scale, low to high: a tap covers most songs, typing covers the rest.
PRESETS: dict[Scale, tuple[str, ...]] = {
    Scale.PERCENT: ("10", "30", "50", "70", "90"),
    Scale.DB: ("-30", "-20", "-14", "-9", "-5"),
    Scale.BPM: ("70", "90", "110", "130", "160"),
}
_UNITS = {Scale.DB: "ost.unit.db", Scale.BPM: "ost.unit.bpm"}


def unit(scale: Scale, language: str) -> str:
    """The unit written after a value: " dB", " BPM" in English; in Korean the tempo's name
    says "템포(BPM)" and its values stand alone, so "BPM" never appears unexplained."""
    if scale not in _UNITS:
        return ""
    own = CATALOGUES.get(language, {}).get(_UNITS[scale])  # "" is a unit too: none
    return own if own is not None else t(language, _UNITS[scale])


def feature_name(feature: str, language: str) -> str:
    return t(language, f"ost.feature.{feature}")


def feature_range(feature: str, language: str) -> str:
    return t(language, f"ost.range.{BY_NAME[feature].scale.value}")


def format_value(feature: str, value: float, language: str) -> str:
    """A model-scale value as a user reads it: "80", "-6 dB", "120 BPM", "major"."""
    scale = BY_NAME[feature].scale
    if scale is Scale.MODE:
        return t(language, "ost.major" if value >= 0.5 else "ost.minor")
    if scale is Scale.SECONDS:
        return f"{int(value) // 60}:{int(value) % 60:02d}"
    if scale is Scale.PERCENT:  # 0–100, shown as whole numbers like the genre fits
        return f"{round(value)}"
    return f"{value:g}{unit(scale, language)}"


def describe(values: Mapping[str, float], language: str) -> str:
    """The given values as one line in schema order: "Energy 80 · Tempo 120 BPM"."""
    return " · ".join(
        f"{feature_name(name, language)} {format_value(name, values[name], language)}"
        for name in BY_NAME
        if name in values
    )


def names(features: Iterable[str], language: str) -> str:
    return ", ".join(feature_name(f, language) for f in features)


def question(feature: str, given: Mapping[str, float], language: str) -> str:
    """The prompt for ``feature``: its name, step number, what it means and its range."""
    return t(
        language,
        "ost.ask",
        name=feature_name(feature, language),
        step=sum(1 for f in REQUIRED if f in given) + 1,
        total=len(REQUIRED),
        about=t(language, f"ost.about.{feature}"),
        range=feature_range(feature, language),
    )


def value_keyboard(feature: str, language: str, can_go_back: bool) -> InlineKeyboardMarkup:
    """Preset values for ``feature`` (``ost:v:<feature>:<value>``), then Back and Cancel."""
    scale = BY_NAME[feature].scale
    presets = [
        InlineKeyboardButton(
            f"{value}{unit(scale, language)}".strip(),
            callback_data=f"{PREFIX}:v:{feature}:{value}",
        )
        for value in PRESETS[scale]
    ]
    controls = [InlineKeyboardButton(t(language, "ost.button.cancel"), callback_data="ost:cancel")]
    if can_go_back:
        controls.insert(
            0, InlineKeyboardButton(t(language, "ost.button.back"), callback_data="ost:back")
        )
    return InlineKeyboardMarkup([presets, controls])


def intro_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(language, "ost.button.form"), callback_data="ost:form"),
                InlineKeyboardButton(t(language, "ost.button.cancel"), callback_data="ost:cancel"),
            ]
        ]
    )


def again_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(language, "ost.button.again"), callback_data="ost:again")]]
    )
