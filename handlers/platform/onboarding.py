"""/start: onboarding — language → age → gender → favourite films → OTT subscriptions.

Each answer is written to the database the moment it is given, and the conversation state is
persisted after every update, so a restart resumes at the same question with nothing lost.
Anything else the user asks meanwhile (a poster, "기생충 어디서 봐?", /audience) is answered by
its capability, and :func:`resume` then asks the question again ("Back to your favourites:
4 of 10"). "완료" / "done" typed at the favourites step is the Done button.
"""

from __future__ import annotations

from enum import IntEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.platform.favourites_picker import (
    MIN_FAVOURITES,
    add_from_button,
    done_keyboard,
    favourite_count,
    is_done_word,
    is_favourite_answer,
    remaining,
    remove_from_button,
    reply_with_candidates,
)
from handlers.platform.profile_fields import (
    InvalidAge,
    parse_age,
    parse_gender,
    profile_summary,
    save_age_from_message,
    toggle_subscription,
)
from handlers.recommend.film_card import FILM_DEEP_LINK
from handlers.shared.context import CineContext
from handlers.shared.flow import chat_id, interrupting_commands_fallback, step, user_id
from handlers.shared.i18n import t
from handlers.shared.keyboards import (
    GENDERS,
    PLATFORM_PATTERN,
    gender_keyboard,
    language_keyboard,
    subscriptions_keyboard,
)

FLOW = "onboarding"
PREFIX = "onb"
def _is_age(text: str, _: CineContext) -> bool:
    try:
        parse_age(text)
    except InvalidAge:
        return False
    return True


def _is_gender(text: str, _: CineContext) -> bool:
    return parse_gender(text) is not None




class State(IntEnum):
    """Onboarding questions. Values are stored, so they never change meaning: FAVOURITES
    came later and sits between GENDER and SUBSCRIPTIONS in the flow."""

    LANGUAGE = 1
    AGE = 2
    GENDER = 3
    SUBSCRIPTIONS = 4
    FAVOURITES = 5


@step(FLOW)
async def start(update: Update, context: CineContext) -> int:
    """/start: greet a returning user, or ask a new one for their language."""
    assert update.effective_message is not None
    assert context.account is not None  # attached by the middleware before any flow runs
    if context.account.onboarded:
        restart = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(context.lang, "button.start_over"), callback_data=f"{PREFIX}:restart"
                    )
                ]
            ]
        )
        await update.effective_message.reply_html(
            t(context.lang, "start.welcome_back"), reply_markup=restart
        )
        return ConversationHandler.END
    return await _ask_language(update, context)


@step(FLOW)
async def restart(update: Update, context: CineContext) -> int:
    """ "Set up again" button on the welcome-back message."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    return await _ask_language(update, context)


async def _ask_language(update: Update, context: CineContext) -> int:
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "start.choose_language"),
        parse_mode="HTML",
        reply_markup=language_keyboard(PREFIX),
    )
    return State.LANGUAGE


@step(FLOW)
async def choose_language(update: Update, context: CineContext) -> int:
    """Language button → store it, ask the age."""
    query = update.callback_query
    assert query is not None and query.data is not None
    language = query.data.rsplit(":", 1)[1]
    await context.bot_data.repo.set_language(query.from_user.id, language)
    context.set_language(language)
    await query.answer()
    await query.edit_message_text(t(language, "start.language_set"))
    await context.bot.send_message(
        query.from_user.id, t(language, "onboarding.ask_age"), parse_mode="HTML"
    )
    return State.AGE


@step(FLOW, accepts=_is_age)
async def age_typed(update: Update, context: CineContext) -> int | None:
    """Typed age → store it and ask the gender, or explain what is wrong and ask again."""
    if not await save_age_from_message(update, context):
        return None
    assert update.effective_message is not None
    await update.effective_message.reply_html(
        t(context.lang, "onboarding.ask_gender"), reply_markup=gender_keyboard(PREFIX, context.lang)
    )
    return State.GENDER


@step(FLOW)
async def age_not_text(update: Update, context: CineContext) -> None:
    """A sticker, photo, voice note… where the age was expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "age.need_text"))


@step(FLOW)
async def choose_gender(update: Update, context: CineContext) -> int:
    """Gender button → store it, ask for favourite films."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await context.bot_data.repo.set_gender(query.from_user.id, query.data.rsplit(":", 1)[1])
    await query.answer()
    await query.edit_message_text(
        f"{t(context.lang, 'onboarding.ask_gender')} "
        f"{t(context.lang, 'gender.' + query.data.rsplit(':', 1)[1])} ✓"
    )
    return await _ask_favourites(update, context)


@step(FLOW, accepts=_is_gender)
async def gender_typed(update: Update, context: CineContext) -> int | None:
    """A typed gender word ("여자", "male") works too; anything else gets the buttons again."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    gender = parse_gender(message.text or "") if message.text else None
    if gender is None:
        await message.reply_html(
            t(context.lang, "onboarding.use_buttons"),
            reply_markup=gender_keyboard(PREFIX, context.lang),
        )
        return None
    await context.bot_data.repo.set_gender(update.effective_user.id, gender)
    return await _ask_favourites(update, context)


async def _ask_favourites(update: Update, context: CineContext) -> int:
    assert update.effective_chat is not None and update.effective_user is not None
    count = await favourite_count(context, update.effective_user.id)
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "onboarding.ask_favourites", needed=MIN_FAVOURITES, count=count),
        parse_mode="HTML",
        reply_markup=done_keyboard(PREFIX, context.lang) if count >= MIN_FAVOURITES else None,
    )
    return State.FAVOURITES


@step(FLOW, accepts=is_favourite_answer)
async def favourite_typed(update: Update, context: CineContext) -> int | None:
    """A typed title (or several, one per line) → candidate buttons; "완료" → Done."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if is_done_word(message.text):
        count = await favourite_count(context, user_id(update))
        if count < MIN_FAVOURITES:
            await message.reply_html(t(context.lang, "fav.need_more", remaining=remaining(count)))
            return None
        return await _ask_subscriptions(update, context)
    await reply_with_candidates(update, context, PREFIX)
    return None


@step(FLOW)
async def favourite_chosen(update: Update, context: CineContext) -> None:
    """A candidate button → stored; the progress message offers Done from ten on."""
    await add_from_button(update, context, PREFIX)


@step(FLOW)
async def favourite_removed(update: Update, context: CineContext) -> None:
    """Undo on a just-added film."""
    await remove_from_button(update, context)


@step(FLOW)
async def favourites_done(update: Update, context: CineContext) -> int | None:
    """Done → subscriptions, if there are enough favourites; else say how many more."""
    query = update.callback_query
    assert query is not None
    count = await favourite_count(context, query.from_user.id)
    if count < MIN_FAVOURITES:
        await query.answer(
            t(context.lang, "fav.need_more", remaining=remaining(count)), show_alert=True
        )
        return None
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _ask_subscriptions(update, context)


@step(FLOW)
async def favourite_not_text(update: Update, context: CineContext) -> None:
    """A photo, sticker… where a film title was expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "fav.need_text"))


async def _ask_subscriptions(update: Update, context: CineContext) -> int:
    assert update.effective_chat is not None and update.effective_user is not None
    profile = await context.bot_data.repo.get_profile(update.effective_user.id)
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "onboarding.ask_subscriptions"),
        parse_mode="HTML",
        reply_markup=subscriptions_keyboard(
            PREFIX, context.lang, profile.subscriptions if profile else (), context.region
        ),
    )
    return State.SUBSCRIPTIONS


@step(FLOW)
async def subscription_toggled(update: Update, context: CineContext) -> None:
    """A platform button flips that subscription."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await toggle_subscription(query, context, PREFIX, query.data.rsplit(":", 1)[1])


@step(FLOW)
async def subscriptions_done(update: Update, context: CineContext) -> int:
    """Done → onboarding complete: show the summary."""
    query = update.callback_query
    assert query is not None
    repo = context.bot_data.repo
    await repo.mark_onboarded(query.from_user.id)
    profile = await repo.get_profile(query.from_user.id)
    assert profile is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    await context.bot.send_message(
        query.from_user.id,
        t(
            context.lang,
            "onboarding.done",
            summary=profile_summary(profile, context.lang, context.region),
        ),
        parse_mode="HTML",
    )
    return ConversationHandler.END


@step(FLOW)
async def use_buttons(update: Update, context: CineContext) -> None:
    """Text or media where a button press is expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "onboarding.use_buttons"))


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent onboarding conversation."""
    not_command = ~filters.COMMAND
    return ConversationHandler(
        entry_points=[
            # /start film_<id> is a deep link to a film's card (handlers/recommend/inline.py).
            CommandHandler("start", start, filters=~filters.Regex(FILM_DEEP_LINK)),
            CallbackQueryHandler(restart, pattern=rf"^{PREFIX}:restart$"),
        ],
        states={
            State.LANGUAGE: [
                CallbackQueryHandler(choose_language, pattern=rf"^{PREFIX}:lang:(ko|en)$"),
                MessageHandler(not_command, use_buttons),
            ],
            State.AGE: [
                MessageHandler(filters.TEXT & not_command, age_typed),
                MessageHandler(not_command, age_not_text),
            ],
            State.GENDER: [
                CallbackQueryHandler(
                    choose_gender, pattern=rf"^{PREFIX}:gender:({'|'.join(GENDERS)})$"
                ),
                MessageHandler(filters.TEXT & not_command, gender_typed),
                MessageHandler(not_command, use_buttons),
            ],
            State.FAVOURITES: [
                CallbackQueryHandler(favourite_chosen, pattern=rf"^{PREFIX}:fav:add:\d{{1,9}}$"),
                CallbackQueryHandler(favourite_removed, pattern=rf"^{PREFIX}:fav:del:\d{{1,9}}$"),
                CallbackQueryHandler(favourites_done, pattern=rf"^{PREFIX}:fav:done$"),
                MessageHandler(filters.TEXT & not_command, favourite_typed),
                MessageHandler(not_command, favourite_not_text),
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


async def resume(update: Update, context: CineContext, state: object) -> None:
    """Back to onboarding after something else was answered: the same question again."""
    language = context.lang
    send = context.bot.send_message
    chat = chat_id(update)
    if state == State.LANGUAGE:
        await send(chat, t(language, "flow.back.onboarding_language"), parse_mode="HTML",
                   reply_markup=language_keyboard(PREFIX))  # fmt: skip
    elif state == State.AGE:
        await send(chat, t(language, "flow.back.onboarding_age"), parse_mode="HTML")
    elif state == State.GENDER:
        await send(chat, t(language, "flow.back.onboarding_gender"), parse_mode="HTML",
                   reply_markup=gender_keyboard(PREFIX, language))  # fmt: skip
    elif state == State.FAVOURITES:
        count = await favourite_count(context, user_id(update))
        enough = count >= MIN_FAVOURITES  # an imported history may bring many more than ten
        key = "flow.back.onboarding_favourites" + ("_enough" if enough else "")
        await send(
            chat,
            t(language, key, count=count, needed=MIN_FAVOURITES),
            parse_mode="HTML",
            reply_markup=done_keyboard(PREFIX, language) if enough else None,
        )
    elif state == State.SUBSCRIPTIONS:
        profile = await context.bot_data.repo.get_profile(user_id(update))
        await send(
            chat,
            t(language, "flow.back.onboarding_subscriptions"),
            parse_mode="HTML",
            reply_markup=subscriptions_keyboard(
                PREFIX, language, profile.subscriptions if profile else (), context.region
            ),
        )


__all__ = ["State", "build_handler", "resume"]
