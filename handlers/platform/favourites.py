"""/favorites: see, add and remove favourite films after onboarding.

A persistent conversation: while it is open, typed text is a title to search. Done (or any
other command) closes it.
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.platform.favourites_picker import (
    LIST_PAGE_SIZE,
    MIN_FAVOURITES,
    add_from_button,
    favourite_count,
    favourites_page,
    is_done_word,
    is_favourite_answer,
    remaining,
    remove_from_button,
    reply_with_candidates,
)
from handlers.shared.context import CineContext
from handlers.shared.flow import interrupting_commands_fallback, step
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_text

FLOW = "favourites"
PREFIX = "fav"


class State(IntEnum):
    """The one state: editing the list."""

    EDITING = 1


async def _favourites(context: CineContext, telegram_id: int) -> tuple[int, ...]:
    profile = await context.bot_data.repo.get_profile(telegram_id)
    return profile.favourites if profile else ()


@step(FLOW)
async def show(update: Update, context: CineContext) -> int:
    """/favorites: the list with remove buttons; typing a title adds one."""
    assert update.effective_message is not None and update.effective_user is not None
    favourites = await _favourites(context, update.effective_user.id)
    text, markup = await favourites_page(context, PREFIX, favourites, 0)
    await update.effective_message.reply_html(text, reply_markup=markup)
    return State.EDITING


@step(FLOW, accepts=is_favourite_answer)
async def title_typed(update: Update, context: CineContext) -> int | None:
    """A typed title → candidate buttons; "완료" / "done" closes the list like Done."""
    message = update.effective_message
    assert message is not None and message.text is not None and update.effective_user is not None
    if is_done_word(message.text):
        await _saved(context, update.effective_user.id)
        return ConversationHandler.END
    await reply_with_candidates(update, context, PREFIX)
    return None


@step(FLOW)
async def chosen(update: Update, context: CineContext) -> None:
    """A candidate button → added."""
    await add_from_button(update, context, PREFIX)


@step(FLOW)
async def removed(update: Update, context: CineContext) -> None:
    """✖ or undo → removed."""
    await remove_from_button(update, context)


@step(FLOW)
async def page(update: Update, context: CineContext) -> None:
    """◀ ▶ through a long list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    favourites = await _favourites(context, query.from_user.id)
    await query.answer()
    await _redraw(update, context, favourites, int(query.data.rsplit(":", 1)[1]))


@step(FLOW)
async def removed_from_list(update: Update, context: CineContext) -> None:
    """✖ in the list → removed; the list is redrawn at the same page."""
    query = update.callback_query
    assert query is not None and query.data is not None
    movie_id = int(query.data.rsplit(":", 1)[1])
    before = await _favourites(context, query.from_user.id)
    if movie_id not in before:
        await query.answer(t(context.lang, "error.button_expired"))
        return
    await context.bot_data.repo.remove_favourite(query.from_user.id, movie_id)
    await query.answer(t(context.lang, "fav.removed_toast"))
    after = tuple(m for m in before if m != movie_id)
    await _redraw(update, context, after, before.index(movie_id) // LIST_PAGE_SIZE)


async def _redraw(
    update: Update, context: CineContext, favourites: tuple[int, ...], page_number: int
) -> None:
    query = update.callback_query
    assert query is not None
    text, markup = await favourites_page(context, PREFIX, favourites, page_number)
    await edit_text(query.message, text, markup)


@step(FLOW)
async def done(update: Update, context: CineContext) -> int:
    """Done → saved (everything already is); say whether recommendations can use it."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    await _saved(context, query.from_user.id)
    return ConversationHandler.END


async def _saved(context: CineContext, telegram_id: int) -> None:
    count = await favourite_count(context, telegram_id)
    key = "fav.saved" if count >= MIN_FAVOURITES else "fav.saved_need_more"
    await context.bot.send_message(
        telegram_id,
        t(context.lang, key, count=count, remaining=remaining(count)),
        parse_mode="HTML",
    )


@step(FLOW)
async def not_text(update: Update, context: CineContext) -> None:
    """Media where a title was expected."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "fav.need_text"))


def build_handler() -> ConversationHandler[CineContext]:
    """The persistent /favorites conversation."""
    not_command = ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler(["favorites", "favourites"], show)],
        states={
            State.EDITING: [
                CallbackQueryHandler(chosen, pattern=rf"^{PREFIX}:fav:add:\d{{1,9}}$"),
                CallbackQueryHandler(removed, pattern=rf"^{PREFIX}:fav:del:\d{{1,9}}$"),
                CallbackQueryHandler(removed_from_list, pattern=rf"^{PREFIX}:fav:rm:\d{{1,9}}$"),
                CallbackQueryHandler(page, pattern=rf"^{PREFIX}:fav:page:\d{{1,4}}$"),
                CallbackQueryHandler(done, pattern=rf"^{PREFIX}:fav:done$"),
                MessageHandler(filters.TEXT & not_command, title_typed),
                MessageHandler(not_command, not_text),
            ],
        },
        fallbacks=[interrupting_commands_fallback(FLOW)],
        name=FLOW,
        persistent=True,
        allow_reentry=True,
    )


__all__ = ["State", "build_handler"]


async def resume(update: Update, context: CineContext, _: object) -> None:
    """Back to /favorites after something else was answered."""
    assert update.effective_chat is not None and update.effective_user is not None
    count = await favourite_count(context, update.effective_user.id)
    await context.bot.send_message(
        update.effective_chat.id,
        t(context.lang, "flow.back.favourites", count=count),
        parse_mode="HTML",
    )
