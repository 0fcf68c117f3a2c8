"""A Letterboxd, IMDb or Netflix history sent as a file → favourites, 👎, watched, watchlist.

A CSV or ZIP document reaches this handler before the poster handler (which takes every other
document), anywhere in the chat — also at onboarding's favourites step, which lets files pass
to their capability and then asks its question again with the new count, so an import counts
toward the ten favourites. Telegram's ``file_size`` is checked before anything is downloaded;
reading and matching run in a worker thread (``inference.recommender.history``), and only a
file that was read and matched completely is stored, in one transaction
(``Repository.import_history``): a refusal stores nothing. /import says how to export from
each service.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import operator

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers.platform.favourites_picker import MIN_FAVOURITES
from handlers.shared.context import CineContext
from handlers.shared.flow import conversation_key, step
from handlers.shared.i18n import t
from inference.catalogue.search import Catalogue
from inference.recommender.history import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    MAX_ZIP_BYTES,
    ImportPlan,
    InvalidHistory,
    Unmatched,
    match_history,
    read_upload,
)
from inference.recommender.history.rows import BAD_ROW, NETFLIX
from storage.records import ImportCounts

FLOW = "history_import"
ONBOARDING_FLOW = "onboarding"
SHOWN_UNMATCHED = 10  # titles listed one by one; the rest are counted by reason
MAX_TITLE_CHARS = 60
IMPORTS_PER_MINUTE = 6  # bot/application.py builds the throttle; a person sends one or two
_ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/x-zip")
_CSV_TYPES = ("text/csv", "text/comma-separated-values", "application/csv")
HISTORY_FILE = functools.reduce(
    operator.or_,
    [filters.Document.MimeType(mime) for mime in (*_ZIP_TYPES, *_CSV_TYPES)],
    filters.Document.FileExtension("csv") | filters.Document.FileExtension("zip"),
)
_LOG = logging.getLogger(__name__)


def _limits() -> dict[str, object]:
    """The values every history text may name."""
    return {
        "csv_mb": MAX_CSV_BYTES // (1024 * 1024),
        "zip_mb": MAX_ZIP_BYTES // (1024 * 1024),
        "rows": f"{MAX_ROWS:,}",
    }


def _is_zip(document: Document) -> bool:
    name = (document.file_name or "").lower()
    return name.endswith(".zip") or (document.mime_type or "") in _ZIP_TYPES


@step(FLOW)
async def import_help(update: Update, context: CineContext) -> None:
    """/import: what can be imported, how to export it from each service, and the limits."""
    assert update.effective_message is not None
    await update.effective_message.reply_html(t(context.lang, "history.help", **_limits()))


@step(FLOW)
async def history_received(update: Update, context: CineContext) -> None:
    """A CSV or ZIP document → read, match, store in one transaction, report."""
    message = update.effective_message
    assert message is not None and message.document is not None
    assert update.effective_user is not None
    document, language, user = message.document, context.lang, update.effective_user.id
    limit = MAX_ZIP_BYTES if _is_zip(document) else MAX_CSV_BYTES
    if document.file_size is not None and document.file_size > limit:
        _LOG.info("history import refused: too_large (%d bytes)", document.file_size)
        await message.reply_html(t(language, "history.too_large", **_limits()))
        return
    wait = await context.bot_data.import_throttle.wait_needed(user)
    if wait:
        await message.reply_html(t(language, "error.slow_down", seconds=wait))
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        _LOG.warning("history import: download failed (%s)", type(error).__name__)
        await message.reply_html(t(language, "history.download_failed"))
        return
    try:
        plan = await asyncio.to_thread(
            _plan, data, document.file_name or "", context.bot_data.catalogue, context.region
        )
    except InvalidHistory as error:
        _LOG.info("history import refused: %s (%d bytes)", error.key, len(data))
        values = {**_limits(), "formats": t(language, "history.formats")}
        await message.reply_html(t(language, f"history.{error.key}", **values))
        return
    source = t(language, f"history.source.{plan.source}")
    if plan.matched == 0:
        _LOG.info("history import: nothing matched (%s, %d films)", plan.source, plan.films)
        lines = [t(language, "history.nothing_matched", source=source, films=plan.films), ""]
        await message.reply_html("\n".join([*lines, *_unmatched_lines(plan, language)]))
        return
    counts = await context.bot_data.repo.import_history(
        user, plan.favourites, plan.disliked, plan.watched, plan.watchlist
    )
    _LOG.info(
        "history imported: %s, %d films, %d matched, added fav=%d dislike=%d watched=%d "
        "watchlist=%d kept=%d",
        plan.source, plan.films, plan.matched, counts.favourites, counts.disliked,
        counts.watched, counts.watchlist, counts.kept,
    )  # fmt: skip
    lines = _report(plan, counts, language, source)
    next_step, markup = _next_step(update, context, counts.favourites_total)
    if next_step:
        lines.append(next_step)
    await message.reply_html("\n".join(lines).strip(), reply_markup=markup)


def _report(plan: ImportPlan, counts: ImportCounts, language: str, source: str) -> list[str]:
    """What was stored (kinds with nothing new left out), what was already there, what was
    not imported and why, and the favourites the user has now."""
    parts = [
        t(language, f"history.part.{kind}", count=f"{number:,}")
        for kind, number in (("favourites", counts.favourites), ("disliked", counts.disliked),
                             ("watched", counts.watched), ("watchlist", counts.watchlist))
        if number
    ]  # fmt: skip
    if parts:
        lines = [t(language, "history.done", source=source, parts=", ".join(parts))]
    else:
        lines = [t(language, "history.done_nothing_new", source=source)]
    if counts.kept:
        lines.append(t(language, "history.kept", count=f"{counts.kept:,}"))
    if plan.source == NETFLIX:
        lines.append(t(language, "history.no_ratings"))
    unmatched = _unmatched_lines(plan, language)
    if unmatched:
        lines += ["", *unmatched]
    lines.append("")
    if counts.favourites_total:
        lines.append(t(language, "history.favourites_total", count=counts.favourites_total))
    return lines


def _plan(data: bytes, file_name: str, catalogue: Catalogue, region: str) -> ImportPlan:
    """Read and match the whole file (in a worker thread): nothing is stored before this
    has finished without a refusal."""
    return match_history(read_upload(data, file_name), catalogue, region)


def _unmatched_lines(plan: ImportPlan, language: str) -> list[str]:
    """"Not found: N films:", up to ``SHOWN_UNMATCHED`` of them with their reason, and the
    rest counted by reason."""
    if not plan.unmatched:
        return []
    shown = plan.unmatched[:SHOWN_UNMATCHED]
    lines = [t(language, "history.unmatched", count=f"{len(plan.unmatched):,}")]
    lines += [
        t(language, "history.unmatched_line", title=_title(u, language),
          reason=t(language, f"history.reason.{u.reason}"))
        for u in shown
    ]  # fmt: skip
    rest = plan.unmatched[SHOWN_UNMATCHED:]
    if rest:
        counts: dict[str, int] = {}
        for u in rest:
            counts[u.reason] = counts.get(u.reason, 0) + 1
        reasons = ", ".join(
            t(language, "history.reason_count", reason=t(language, f"history.reason_short.{r}"),
              count=n)
            for r, n in counts.items()
        )  # fmt: skip
        lines.append(
            t(language, "history.unmatched_more", count=f"{len(rest):,}", reasons=reasons)
        )
    return lines


def _title(unmatched: Unmatched, language: str) -> str:
    """The film as the file names it ("Aftersun (2015)"), or its row when it names none."""
    title = " ".join(unmatched.title.split())
    file = unmatched.file if len(unmatched.file) <= MAX_TITLE_CHARS else "…" + unmatched.file[-40:]
    row = t(language, "history.row", file=html.escape(file), line=unmatched.line)
    if not title:
        return row
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1] + "…"
    shown = html.escape(title)
    if unmatched.reason == BAD_ROW:  # where to look in the file
        return t(language, "history.bad_row_at", title=shown, row=row)
    return f"{shown} ({unmatched.year})" if unmatched.year else shown


def _next_step(
    update: Update, context: CineContext, favourites: int
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    """What to do now: onboarding asks its own question next (the flow resumes); a user not
    set up is sent to /start; one with too few favourites to /favorites; else their picks."""
    language = context.lang
    key = conversation_key(update)
    flows = context.bot_data.flows
    if key is not None and flows.state(ONBOARDING_FLOW, key) is not None:
        return None, None
    account = context.account
    if account is None or not account.onboarded:
        return t(language, "history.next_start"), None
    if favourites < MIN_FAVOURITES:
        return t(language, "history.next_more", remaining=MIN_FAVOURITES - favourites), None
    button = InlineKeyboardButton(t(language, "menu.recommend"), callback_data="menu:recommend")
    return t(language, "history.next_recommend"), InlineKeyboardMarkup([[button]])


def build_handlers() -> list[BaseHandler[Update, CineContext, None]]:
    """/import, and CSV or ZIP documents (registered before the poster handler)."""
    return [
        CommandHandler("import", import_help),
        MessageHandler(HISTORY_FILE, history_received),
    ]


__all__ = ["HISTORY_FILE", "IMPORTS_PER_MINUTE", "build_handlers"]
