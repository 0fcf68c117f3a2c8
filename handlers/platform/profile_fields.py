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
from inference.understanding.korean import korean_number
from storage.records import ProfileRecord

MIN_AGE = 5
MAX_AGE = 120
# "27", "27세", "28살이요", "만 28세입니다", "I'm 27", "27 years old", "저는 스물여덟 살이에요".
_AGE = re.compile(
    r"^\s*(?:저는|나는|전|난|제\s*나이는|나이는|올해|만|i'?m|i\s+am|age)?\s*(?:만\s*)?"
    r"(?P<n>[+-]?\d{1,6}|[가-힣]{1,6}?)\s*(?:세|살)?\s*"
    r"(?:이에요|예요|이요|요|입니다|이야|야|임|years?(?:\s+old)?|y/?o)?\s*[.!~]?\s*$",
    re.IGNORECASE,
)
_GENDER_WORDS = {
    "female": {"female", "f", "woman", "여", "여자", "여성", "여자요", "여자예요", "여성이에요",
               "여자입니다", "여성입니다", "girl", "i'm a woman"},
    "male": {"male", "m", "man", "남", "남자", "남성", "남자요", "남자예요", "남성이에요",
             "남자입니다", "남성입니다", "boy", "i'm a man"},
    "other": {"other", "기타", "논바이너리", "non-binary", "nonbinary"},
    "na": {"prefer not to say", "none", "밝히지 않음", "비공개", "말하기 싫어요", "안 알려 줄래요"},
}


class InvalidAge(ValueError):
    """The text is not an acceptable age; ``key`` names the message to answer with."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_age(text: str) -> int:
    """An age from "27", "27세", "28살이요", "스물여덟", "서른이요", "27 years old"; raises
    :class:`InvalidAge`."""
    match = _AGE.match(text)
    if not match:
        raise InvalidAge("age.not_a_number")
    raw = match.group("n")
    if raw.lstrip("+-").isdigit():
        age = int(raw)
    else:
        spoken = korean_number(raw)
        if spoken is None:
            raise InvalidAge("age.not_a_number")
        age = spoken
    if not MIN_AGE <= age <= MAX_AGE:
        raise InvalidAge("age.out_of_range")
    return age


def parse_gender(text: str) -> str | None:
    """A gender id from a typed word, or None."""
    word = " ".join(text.strip().lower().rstrip(".!~").split())
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
