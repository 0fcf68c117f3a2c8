"""/profile: show what we store about the user and edit one field at a time.

The edit buttons are entry points, so they work from any earlier /profile message too.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.platform.profile_fields import (
    InvalidAge,
    parse_age,
    profile_summary,
    save_age_from_message,
    toggle_subscription,
)
from handlers.shared.context import CineContext
from handlers.shared.flow import interrupting_commands_fallback, step
from handlers.shared.i18n import t
from handlers.shared.keyboards import (
    GENDERS,
    PLATFORM_PATTERN,
    REGION_PATTERN,
    gender_keyboard,
    language_keyboard,
    region_keyboard,
    subscriptions_keyboard,
)
from inference.catalogue.regions import user_region

FLOW = "profile"
PREFIX = "prof"


class State(IntEnum):
    """Which field is being edited."""

    AGE = 1
    GENDER = 2
    LANGUAGE = 3
    SUBSCRIPTIONS = 4
    REGION = 5


def _edit_keyboard(language: str) -> InlineKeyboardMarkup:
    def button(key: str, field: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t(language, key), callback_data=f"{PREFIX}:edit:{field}")

    return InlineKeyboardMarkup(
        [
            [button("profile.edit_age", "age"), button("profile.edit_gender", "gender")],
            [button("profile.edit_language", "lang"), button("profile.edit_subscriptions", "subs")],
            [button("profile.edit_region", "region")],
        ]
    )


async def _show_profile(update: Update, context: CineContext) -> int:
    assert update.effective_user is not None and update.effective_chat is not None
    profile = await context.bot_data.repo.get_profile(update.effective_user.id)
    if profile is None or not profile.onboarded:
        text, markup = t(context.lang, "profile.not_set_up"), None
    else:
        summary = profile_summary(profile, context.lang, context.region)
        text = f"{t(context.lang, 'profile.title')}\n{summary}"
        markup = _edit_keyboard(context.lang)
    await context.bot.send_message(
        update.effective_chat.id, text, parse_mode="HTML", reply_markup=markup
    )
    return ConversationHandler.END


@step(FLOW)
async def show(update: Update, context: CineContext) -> int:
    """/profile."""
    return await _show_profile(update, context)


@step(FLOW)
async def edit(update: Update, context: CineContext) -> int | None:
    """An edit button: ask for the new value of that field."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    field = query.data.rsplit(":", 1)[1]
    profile = await context.bot_data.repo.get_profile(query.from_user.id)
    if profile is None or not profile.onboarded:
        await context.bot.send_message(query.from_user.id, t(context.lang, "profile.not_set_up"))
        return ConversationHandler.END
    return await ask_field(context, query.from_user.id, field, profile.subscriptions)


async def ask_field(
    context: CineContext,
    chat: int,
    field: str,
    subscriptions: tuple[str, ...],
    *,
    lead: str = "",
) -> int:
    """Ask for the new value of one field (after ``lead``, a line that says we are back); the
    state that waits for it."""
    lang = context.lang

    async def send(chat_id: int, text: str, **kwargs: Any) -> None:
        await context.bot.send_message(chat_id, f"{lead}\n{text}" if lead else text, **kwargs)

    if field == "age":
        await send(chat, t(lang, "profile.ask_new_age"), parse_mode="HTML")
        return State.AGE
    if field == "gender":
        keyboard = gender_keyboard(PREFIX, lang)
        await send(chat, t(lang, "onboarding.ask_gender"), reply_markup=keyboard)
        return State.GENDER
    if field == "lang":
        await send(chat, t(lang, "lang.choose"), reply_markup=language_keyboard(PREFIX))
        return State.LANGUAGE
    if field == "region":
        await send(
            chat,
            t(lang, "region.choose"),
            parse_mode="HTML",
            reply_markup=region_keyboard(PREFIX, lang),
        )
        return State.REGION
    await send(
        chat,
        t(lang, "onboarding.ask_subscriptions"),
        parse_mode="HTML",
        reply_markup=subscriptions_keyboard(PREFIX, lang, subscriptions, context.region),
    )
    return State.SUBSCRIPTIONS


_FIELD_OF_STATE = {State.AGE: "age", State.GENDER: "gender", State.LANGUAGE: "lang",
                   State.REGION: "region", State.SUBSCRIPTIONS: "subs"}  # fmt: skip


async def resume(update: Update, context: CineContext, state: object) -> None:
    """Back to /profile after something else was answered: the same field again."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat = update.effective_chat.id
    profile = await context.bot_data.repo.get_profile(update.effective_user.id)
    field = _FIELD_OF_STATE.get(state, "age")  # type: ignore[call-overload]
    await ask_field(
        context,
        chat,
        field,
        profile.subscriptions if profile else (),
        lead=t(context.lang, "flow.back.profile"),
    )


async def _saved(update: Update, context: CineContext) -> int:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, t(context.lang, "profile.saved"))
    return await _show_profile(update, context)


def _is_age(text: str, _: CineContext) -> bool:
    try:
        parse_age(text)
    except InvalidAge:
        return False
    return True


@step(FLOW, accepts=_is_age)
async def age_typed(update: Update, context: CineContext) -> int | None:
    """New age typed."""
    if not await save_age_from_message(update, context):
        return None
    return await _saved(update, context)


@step(FLOW)
async def gender_chosen(update: Update, context: CineContext) -> int:
    """New gender chosen."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await context.bot_data.repo.set_gender(query.from_user.id, query.data.rsplit(":", 1)[1])
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _saved(update, context)


@step(FLOW)
async def language_chosen(update: Update, context: CineContext) -> int:
    """New language chosen."""
    query = update.callback_query
    assert query is not None and query.data is not None
    language = query.data.rsplit(":", 1)[1]
    await context.bot_data.repo.set_language(query.from_user.id, language)
    context.set_language(language)
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _saved(update, context)


@step(FLOW)
async def region_chosen(update: Update, context: CineContext) -> int:
    """New region chosen ("auto": from the language again)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    value = query.data.rsplit(":", 1)[1]
    region = None if value == "auto" else value
    await context.bot_data.repo.set_region(query.from_user.id, region)
    context.set_region(
        user_region(region, context.lang, context.bot_data.settings.tmdb_region)
    )
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _saved(update, context)


@step(FLOW)
async def subscription_toggled(update: Update, context: CineContext) -> None:
    """Flip one subscription."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await toggle_subscription(query, context, PREFIX, query.data.rsplit(":", 1)[1])


@step(FLOW)
async def subscriptions_done(update: Update, context: CineContext) -> int:
    """Done editing subscriptions."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _saved(update, context)


@step(FLOW)
async def need_text_age(update: Update, context: CineContext) -> None:
    """Media where the new age was expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "age.need_text"))


@step(FLOW)
async def use_buttons(update: Update, context: CineContext) -> None:
    """Text where a button press is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "onboarding.use_buttons"))


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent profile-editing conversation."""
    not_command = ~filters.COMMAND
    return ConversationHandler(
        entry_points=[
            CommandHandler("profile", show),
            CallbackQueryHandler(edit, pattern=rf"^{PREFIX}:edit:(age|gender|lang|subs|region)$"),
        ],
        states={
            State.AGE: [
                MessageHandler(filters.TEXT & not_command, age_typed),
                MessageHandler(not_command, need_text_age),
            ],
            State.GENDER: [
                CallbackQueryHandler(
                    gender_chosen, pattern=rf"^{PREFIX}:gender:({'|'.join(GENDERS)})$"
                ),
                MessageHandler(not_command, use_buttons),
            ],
            State.LANGUAGE: [
                CallbackQueryHandler(language_chosen, pattern=rf"^{PREFIX}:lang:(ko|en)$"),
                MessageHandler(not_command, use_buttons),
            ],
            State.REGION: [
                CallbackQueryHandler(
                    region_chosen, pattern=rf"^{PREFIX}:region:({REGION_PATTERN}|auto)$"
                ),
                MessageHandler(not_command, use_buttons),
            ],
            State.SUBSCRIPTIONS: [
                CallbackQueryHandler(
                    subscription_toggled, pattern=rf"^{PREFIX}:sub:({PLATFORM_PATTERN})$"
                ),
                CallbackQueryHandler(subscriptions_done, pattern=rf"^{PREFIX}:sub:done$"),
                MessageHandler(not_command, use_buttons),
            ],
        },
        fallbacks=[interrupting_commands_fallback(FLOW)],
        name=FLOW,
        persistent=True,
        allow_reentry=True,
    )
