"""Watchlist alerts: once a day, tell each user when a film on their 찜 목록 (watchlist) has
arrived on one of their services.

``daily_check`` is the JobQueue callback (registered in ``bot.application``). It goes through
the users in batches: the repository hands over each batch's watchlist rows already claimed
(``checked_at`` set in the same statement), so with several processes on one PostgreSQL every
row is checked by one of them, once a day. Each film's availability comes from the
where-to-watch chain, asked once per film and region per run and never from a cache entry older
than the run (``inference.catalogue.arrivals.RunLookups``), so TMDB's answer of today counts.
The services a film is on are stored per row; an alert names the user's services it was not on
at the last check. The first check of a row records without alerting (the user saw where it
streams when saving it). A row that fails (the film unknown, TMDB down so only the offline
table answered, anything unexpected) is logged with the user and film and keeps its old state,
so tomorrow's check sees the arrival again; the other rows go on.

An alert is at most once per arrival: the state is saved before the message is sent, and put
back only when Telegram could not be reached, so tomorrow tries again; a user who blocked the
bot is not retried.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from handlers.shared.context import BotData, CineContext
from handlers.shared.film_text import (
    availability_lines,
    availability_source,
    film_html,
    offer_link,
    offer_name,
)
from handlers.shared.i18n import normalise_language, t
from handlers.shared.log_context import bind_update, set_flow
from inference.catalogue.arrivals import RunLookups, WatchState, arrivals, is_store
from inference.catalogue.availability import Availability
from inference.catalogue.films import Movie
from inference.catalogue.regions import user_region
from storage.records import WatchlistCheck, WatchlistEntry

_LOG = logging.getLogger(__name__)

JOB_NAME = "watchlist_alerts"
FLOW = "watchlist_alerts"
BATCH_USERS = 100  # users claimed per transaction
LOOKUP_CONCURRENCY = 4  # availability lookups (TMDB calls) in flight at once
# A row checked less than this long ago is not due: a second run the same day, or another
# process's run, finds nothing to do, while a daily run at a drifting time still finds its rows.
DUE_AFTER = timedelta(hours=20)
# More arrivals than this for one user in one run wait for the next day's run (they are not
# marked as seen): nobody wants ten notifications at once.
MAX_ALERTS_PER_USER = 5
# The watchlist's own buttons (handlers/recommend/watchlist.py): ✓ watched, ✖ remove.
# The alert's own ✓ / ✖ (handlers/recommend/watchlist.py): they keep the alert's text and
# take only those two buttons away, where /watchlist's buttons redraw the list.
SEEN_DATA = "wl:aseen:{movie_id}"
REMOVE_DATA = "wl:arm:{movie_id}"


@dataclass(slots=True)
class CheckReport:
    """What one run did (logged at the end, returned to tests and benchmarks)."""

    users: int = 0
    films: int = 0
    lookups: int = 0
    recorded: int = 0  # rows whose state was saved
    alerts: int = 0
    deferred: int = 0
    failures: int = 0
    seconds: float = 0.0
    sent_to: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Arrival:
    movie: Movie
    availability: Availability
    services: tuple[str, ...]
    previous: WatchState


async def daily_check(context: CineContext) -> None:
    """The JobQueue callback: check every due watchlist now."""
    await check_watchlists(context.application.bot_data, context.bot)


async def check_watchlists(
    bot_data: BotData,
    bot: Any,
    *,
    now: datetime | None = None,
    concurrency: int = LOOKUP_CONCURRENCY,
) -> CheckReport:
    """Check every watchlist row not checked in the last ``DUE_AFTER`` and alert arrivals.

    ``now`` (default: the clock) is what the claimed rows record as their check time; tests
    pass a later day to run "tomorrow's" check.
    """
    started = time.monotonic()
    now = now or datetime.now(UTC)
    report = CheckReport()
    lookups = RunLookups(bot_data.where_to_watch, concurrency=concurrency)
    after: int | None = 0
    while after is not None:
        batch = await bot_data.repo.claim_watchlist_checks(
            now=now, due_before=now - DUE_AFTER, after_user_id=after, limit=BATCH_USERS
        )
        after = batch.last_user_id
        await asyncio.gather(
            *(_check_user(bot_data, bot, lookups, check, report) for check in batch.checks)
        )
    report.lookups = lookups.lookups
    report.seconds = time.monotonic() - started
    _LOG.info(
        "watchlist check: %d users, %d films, %d lookups, %d alerts, %d deferred, "
        "%d failures in %.1f s",
        report.users,
        report.films,
        report.lookups,
        report.alerts,
        report.deferred,
        report.failures,
        report.seconds,
    )
    return report


async def _check_user(
    bot_data: BotData,
    bot: Any,
    lookups: RunLookups,
    check: WatchlistCheck,
    report: CheckReport,
) -> None:
    """One user's claimed rows: look each film up, save what changed, send the arrivals."""
    bind_update(None, check.telegram_id)  # every log line of this user names their chat
    set_flow(FLOW)
    report.users += 1
    report.films += len(check.entries)
    settings = bot_data.settings
    language = normalise_language(check.language, settings.default_language)
    region = user_region(check.region, language, settings.tmdb_region)
    try:
        films = await bot_data.films.get_many(e.movie_id for e in check.entries)
        found = await asyncio.gather(
            *(_look_up(lookups, films.get(e.movie_id), e, region) for e in check.entries),
            return_exceptions=True,
        )
    except Exception:
        _LOG.exception("watchlist check of user %s failed", check.telegram_id)
        report.failures += len(check.entries)
        return
    states: list[tuple[int, int, dict[str, Any]]] = []
    due: list[_Arrival] = []
    for entry, result in zip(check.entries, found, strict=True):
        if isinstance(result, BaseException):
            _LOG.error(
                "watchlist check of film %s for user %s failed",
                entry.movie_id,
                check.telegram_id,
                exc_info=result,
            )
            report.failures += 1
            continue
        if result is None:  # logged by _look_up
            report.failures += 1
            continue
        movie, availability = result
        current = WatchState.of(availability, region)
        previous = WatchState.from_json(entry.alert_state)
        new = arrivals(previous, current, check.subscriptions)
        if new and len(due) >= MAX_ALERTS_PER_USER:
            report.deferred += 1  # state kept: tomorrow's run finds the arrival again
            continue
        if current != previous:
            states.append((check.telegram_id, entry.movie_id, current.to_json()))
        if new:
            assert previous is not None
            due.append(_Arrival(movie, availability, new, previous))
    try:
        await bot_data.repo.save_watchlist_states(states)
    except Exception:
        _LOG.exception("could not save the watchlist check of user %s", check.telegram_id)
        report.failures += len(states)
        return  # nothing sent: the old states stay, and tomorrow sees the arrivals again
    report.recorded += len(states)
    for arrival in due:
        if await _send(bot, check, language, arrival):
            report.alerts += 1
            report.sent_to.append(check.telegram_id)
        else:
            report.failures += 1
            try:
                await bot_data.repo.save_watchlist_states(
                    [(check.telegram_id, arrival.movie.movie_id, arrival.previous.to_json())]
                )
            except Exception:
                _LOG.exception(
                    "could not put back the watchlist state of user %s", check.telegram_id
                )


async def _look_up(
    lookups: RunLookups, movie: Movie | None, entry: WatchlistEntry, region: str
) -> tuple[Movie, Availability] | None:
    """Today's availability of one watchlisted film, or None when there is no good answer."""
    if movie is None:
        _LOG.warning("watchlisted film %s is not in the catalogue: not checked", entry.movie_id)
        return None
    availability = await lookups.get(movie, region)
    if lookups.expects_live(movie) and not availability.live:
        # TMDB failed and the offline table answered: not today's state, so nothing is saved
        # (the offline lists would "remove" and later "add" services that never changed).
        _LOG.warning("no live availability for film %s today: checked again tomorrow", movie)
        return None
    return movie, availability


async def _send(bot: Any, check: WatchlistCheck, language: str, arrival: _Arrival) -> bool:
    """Send one alert; False when it should be tried again tomorrow."""
    text, markup = alert_message(arrival.movie, arrival.availability, arrival.services,
                                 check.subscriptions, language)  # fmt: skip
    try:
        await bot.send_message(check.telegram_id, text, parse_mode="HTML", reply_markup=markup)
    except Forbidden as error:  # the user blocked the bot: telling them tomorrow won't work
        _LOG.info("watchlist alert not delivered to %s: %s", check.telegram_id, error)
    except BadRequest as error:  # chat gone, or a message Telegram refuses: not retried
        _LOG.warning("watchlist alert refused for %s: %s", check.telegram_id, error)
    except TelegramError as error:  # network, time-outs, flood limits after the retries
        _LOG.warning("watchlist alert to %s failed, retried tomorrow: %r", check.telegram_id, error)
        return False
    return True


def alert_message(
    movie: Movie,
    availability: Availability,
    services: Sequence[str],
    subscriptions: Sequence[str],
    language: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """The alert: what arrived where (each service a link), every offer as in a where-to-watch
    answer, the source; a button to open the first service, ✓ watched and ✖ remove."""
    links = {s: _service_link(movie, availability, s, language) for s in services}
    streaming = [s for s in services if not is_store(s)]
    stores = [s for s in services if is_store(s)]
    title = html.escape(movie.name(language))

    def named(ids: list[str]) -> str:
        return ", ".join(_linked(links[s][1], links[s][0]) for s in ids)

    if streaming:
        lines = [t(language, "wl.alert.arrived", title=title, platforms=named(streaming))]
        if stores:
            lines.append(t(language, "wl.alert.also_store", platforms=named(stores)))
    else:
        lines = [t(language, "wl.alert.arrived_store", title=title, platforms=named(stores))]
    lines.append("")
    lines.append(f"📺 {film_html(movie, language)}")
    lines += availability_lines(availability, subscriptions, language, movie)
    lines.append(availability_source(availability, language))
    lines.append(t(language, "wl.alert.footer"))
    rows: list[list[InlineKeyboardButton]] = []
    first_name, first_url = links[services[0]]
    if first_url:
        rows.append([InlineKeyboardButton(
            t(language, "wl.alert.open", platform=first_name), url=first_url)])  # fmt: skip
    rows.append([
        InlineKeyboardButton(t(language, "wl.alert.seen"),
                             callback_data=SEEN_DATA.format(movie_id=movie.movie_id)),
        InlineKeyboardButton(t(language, "wl.alert.remove"),
                             callback_data=REMOVE_DATA.format(movie_id=movie.movie_id)),
    ])  # fmt: skip
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _service_link(
    movie: Movie, availability: Availability, service: str, language: str
) -> tuple[str, str | None]:
    """(name in the user's language, where a tap goes) for one service the film arrived on."""
    offer = next(o for o in availability.offers if o.platform_id == service)
    return offer_name(offer, language), offer_link(offer, movie, availability)


def _linked(url: str | None, name: str) -> str:
    escaped = html.escape(name)
    return f'<a href="{html.escape(url, quote=True)}">{escaped}</a>' if url else escaped
