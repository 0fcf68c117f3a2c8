"""Picking favourite films: typed titles → fuzzy candidates as buttons → stored favourites.

Shared by the onboarding step and /favorites, which differ only in their callback prefix and in
what "Done" leads to. Callback data is ``<prefix>:fav:<action>:<movie id>``; an id the bot does
not know (neither the catalogue nor a film a live TMDB search found) is refused, so forged data
never reaches storage. Titles are searched in the user's region (Korean titles first for a
Korean user) and shown in the user's language.
"""

from __future__ import annotations

import asyncio
import html

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.recommend.unknown import through
from handlers.shared.context import CineContext
from handlers.shared.film_text import distinct_films, film_html, film_label
from handlers.shared.i18n import t
from handlers.shared.message_edit import edit_text
from inference.catalogue.films import Movie

# The seed's survey asked for at least ten favourites: fewer gives noticeably worse neighbours.
MIN_FAVOURITES = 10
CANDIDATES_PER_TITLE = 6
MAX_TITLES_PER_MESSAGE = 5
MAX_TITLE_CHARS = 200
LIST_PAGE_SIZE = 8


# Typed instead of tapping Done.
DONE_WORDS = frozenset(
    {
        *("완료", "다 했어요", "다했어요", "다 했어", "끝", "끝났어요", "그만", "됐어요"),
        *("done", "finished", "i'm done", "that's all", "that's it", "next"),
    }
)
# A search score this high is the title itself, whatever the message reads like.
EXACT_TITLE = 97.0


def is_done_word(text: str) -> bool:
    """Whether a typed line means "I have picked enough" ("완료", "다 했어요", "done")."""
    return " ".join(text.strip().lower().rstrip(".!~").split()) in DONE_WORDS


def is_favourite_answer(text: str, context: CineContext) -> bool:
    """"완료", a title the catalogue knows exactly (even "Thank You for Smoking", which
    reads like thanks), or several titles one per line or between ';' — a list is what this
    step asks for, never a request: the answer the favourites step waits for."""
    if is_done_word(text) or len(titles_in(text)) > 1:
        return True
    best = context.bot_data.catalogue.search(text[:MAX_TITLE_CHARS], 1, context.region)
    return bool(best) and best[0].score >= EXACT_TITLE


def remaining(count: int) -> int:
    """How many more favourites the user needs."""
    return max(0, MIN_FAVOURITES - count)


def progress_text(language: str, count: int) -> str:
    """'7 favourites — 3 more to go' or 'enough, add more or tap Done'."""
    if count < MIN_FAVOURITES:
        return t(language, "fav.progress_more", count=count, remaining=remaining(count))
    return t(language, "fav.progress_enough", count=count)


def done_keyboard(prefix: str, language: str) -> InlineKeyboardMarkup:
    """A single Done button."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(language, "fav.done"), callback_data=f"{prefix}:fav:done")]]
    )


def titles_in(text: str) -> list[str]:
    """The titles in a message: one per line (or separated by ';'), at most a few."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(";")]
    return [p[:MAX_TITLE_CHARS] for p in parts if p][:MAX_TITLES_PER_MESSAGE]


async def reply_with_candidates(update: Update, context: CineContext, prefix: str) -> None:
    """Answer each typed title with the closest films as buttons (or say none is close)."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    titles = titles_in(message.text or "")
    if not titles:
        await message.reply_html(t(context.lang, "fav.need_text"))
        return
    profile = await context.bot_data.repo.get_profile(update.effective_user.id)
    chosen = set(profile.favourites if profile else ())
    catalogue = context.bot_data.catalogue
    language = context.lang
    for title in titles:
        matches = await asyncio.to_thread(
            catalogue.search, title, CANDIDATES_PER_TITLE, context.region
        )
        movies = distinct_films((m.movie for m in matches), language)
        if not movies:
            movies = await context.bot_data.films.search_live(title, context.region)
        query = html.escape(title)
        if not movies:
            await message.reply_html(
                t(language, "fav.not_found", query=query, through=through(context))
            )
            continue
        rows = [
            [
                InlineKeyboardButton(
                    ("⭐ " if m.movie_id in chosen else "") + film_label(m, language),
                    callback_data=f"{prefix}:fav:add:{m.movie_id}",
                )
            ]
            for m in movies[:CANDIDATES_PER_TITLE]
        ]
        await message.reply_html(
            t(context.lang, "fav.candidates", query=query), reply_markup=InlineKeyboardMarkup(rows)
        )


async def favourite_count(context: CineContext, telegram_id: int) -> int:
    """How many favourites the user has stored."""
    profile = await context.bot_data.repo.get_profile(telegram_id)
    return len(profile.favourites) if profile else 0


async def _change_from_button(
    update: Update, context: CineContext, *, add: bool
) -> tuple[CallbackQuery, Movie, int] | None:
    """Add or remove the film a button names; None (and "expired") when it names none."""
    query = update.callback_query
    assert query is not None and query.data is not None
    movie_id = query.data.rsplit(":", 1)[1]
    movie = await context.bot_data.films.get(int(movie_id)) if movie_id.isdigit() else None
    if movie is None:
        await query.answer(t(context.lang, "error.button_expired"))
        return None
    repo = context.bot_data.repo
    if add:
        await repo.add_favourite(query.from_user.id, movie.movie_id)
    else:
        await repo.remove_favourite(query.from_user.id, movie.movie_id)
    return query, movie, await favourite_count(context, query.from_user.id)


async def add_from_button(update: Update, context: CineContext, prefix: str) -> int | None:
    """A candidate button: store the favourite, collapse the list, report progress.

    Returns the new number of favourites, or None when the button named no known film.
    """
    changed = await _change_from_button(update, context, add=True)
    if changed is None:
        return None
    query, movie, count = changed
    await query.answer(t(context.lang, "fav.added_toast"))
    undo = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(context.lang, "fav.undo"), callback_data=f"{prefix}:fav:del:{movie.movie_id}"
                )
            ]
        ]
    )
    await edit_text(
        query.message, t(context.lang, "fav.added", film=film_html(movie, context.lang)), undo
    )
    await context.bot.send_message(
        query.from_user.id,
        progress_text(context.lang, count),
        parse_mode="HTML",
        reply_markup=done_keyboard(prefix, context.lang) if count >= MIN_FAVOURITES else None,
    )
    return count


async def remove_from_button(update: Update, context: CineContext) -> int | None:
    """An undo button: drop the favourite and say so. Returns the new count."""
    changed = await _change_from_button(update, context, add=False)
    if changed is None:
        return None
    query, movie, count = changed
    await query.answer(t(context.lang, "fav.removed_toast"))
    await edit_text(
        query.message,
        t(context.lang, "fav.removed", film=film_html(movie, context.lang))
        + "\n"
        + progress_text(context.lang, count),
        None,
    )
    return count


async def favourites_page(
    context: CineContext, prefix: str, favourites: tuple[int, ...], page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The numbered list of favourites with a ✖ button each, a page at a time, and Done."""
    language = context.lang
    known = await context.bot_data.films.get_many(favourites)
    movies = [known[i] for i in favourites if i in known]
    pages = max(1, -(-len(movies) // LIST_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = movies[page * LIST_PAGE_SIZE : (page + 1) * LIST_PAGE_SIZE]
    lines = [t(language, "fav.list_title", count=len(movies))]
    if not movies:
        lines.append(t(language, "fav.list_empty"))
    lines += [
        f"{page * LIST_PAGE_SIZE + i + 1}. {film_html(m, language)}" for i, m in enumerate(shown)
    ]
    lines += ["", progress_text(language, len(movies)), t(language, "fav.list_help")]
    rows = [
        [
            InlineKeyboardButton(
                f"✖ {film_label(m, language)}", callback_data=f"{prefix}:fav:rm:{m.movie_id}"
            )
        ]
        for m in shown
    ]
    navigation = []
    if page > 0:
        navigation.append(InlineKeyboardButton("◀", callback_data=f"{prefix}:fav:page:{page - 1}"))
    if page < pages - 1:
        navigation.append(InlineKeyboardButton("▶", callback_data=f"{prefix}:fav:page:{page + 1}"))
    if navigation:
        rows.append(navigation)
    rows.append([InlineKeyboardButton(t(language, "fav.done"), callback_data=f"{prefix}:fav:done")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
