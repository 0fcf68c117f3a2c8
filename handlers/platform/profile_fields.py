"""Parsing and saving the profile fields, shared by onboarding and /profile editing."""

from __future__ import annotations

import html
import re

from telegram import CallbackQuery, Update

from handlers.shared.context import CineContext
from handlers.shared.i18n import t
from handlers.shared.keyboards import subscriptions_keyboard
from handlers.shared.message_edit import edit_markup
from inference.catalogue.regions import PLATFORM_BY_ID, region_name
from storage.records import ProfileRecord

MIN_AGE = 5
MAX_AGE = 120
_AGE = re.compile(
    r"^\s*([+-]?\d{1,6})\s*(세|살|살이에요|세입니다|years?( old)?|y/?o)?\s*[.!]?\s*$", re.IGNORECASE
)
_GENDER_WORDS = {
    "female": {"female", "f", "woman", "여", "여자", "여성"},
    "male": {"male", "m", "man", "남", "남자", "남성"},
    "other": {"other", "기타"},
    "na": {"prefer not to say", "none", "밝히지 않음", "비공개"},
}


class InvalidAge(ValueError):
    """The text is not an acceptable age; ``key`` names the message to answer with."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_age(text: str) -> int:
    """An age from "27", "27세", "27 years old"; raises :class:`InvalidAge`."""
    match = _AGE.match(text)
    if not match:
        raise InvalidAge("age.not_a_number")
    age = int(match.group(1))
    if not MIN_AGE <= age <= MAX_AGE:
        raise InvalidAge("age.out_of_range")
    return age


def parse_gender(text: str) -> str | None:
    """A gender id from a typed word, or None."""
    word = text.strip().lower()
    return next((g for g, words in _GENDER_WORDS.items() if word in words), None)


async def save_age_from_message(update: Update, context: CineContext) -> bool:
    """Validate and store a typed age; on bad input answer why and return False."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    try:
        age = parse_age(message.text or "")
    except InvalidAge as exc:
        await message.reply_html(t(context.lang, exc.key, low=MIN_AGE, high=MAX_AGE))
        return False
    await context.bot_data.repo.set_age(user.id, age)
    return True


async def toggle_subscription(
    query: CallbackQuery, context: CineContext, prefix: str, platform_id: str
) -> None:
    """Flip one platform in the user's subscriptions and redraw the keyboard."""
    repo = context.bot_data.repo
    profile = await repo.get_profile(query.from_user.id)
    chosen = set(profile.subscriptions if profile else ())
    chosen ^= {platform_id}
    await repo.set_subscriptions(query.from_user.id, chosen)
    await query.answer()
    await edit_markup(
        query.message, subscriptions_keyboard(prefix, context.lang, chosen, context.region)
    )


def profile_summary(profile: ProfileRecord, language: str, region: str) -> str:
    """Multi-line HTML summary of a profile; ``region`` is the one in effect."""
    unset = t(language, "profile.unset")
    subs = [PLATFORM_BY_ID[s].name(language) for s in profile.subscriptions if s in PLATFORM_BY_ID]
    lines = [
        t(language, "profile.language", value=t(profile.language or language, "language.name")),
        t(language, "profile.age", value=profile.age if profile.age is not None else unset),
        t(
            language,
            "profile.gender",
            value=t(language, f"gender.{profile.gender}") if profile.gender else unset,
        ),
        t(
            language,
            "profile.subscriptions",
            value=html.escape(", ".join(subs)) if subs else t(language, "subs.none"),
        ),
        t(language, "profile.favourites", value=len(profile.favourites)),
        t(
            language,
            "profile.region" if profile.region else "profile.region_auto",
            value=html.escape(region_name(region, language)),
        ),
    ]
    return "\n".join(lines)
