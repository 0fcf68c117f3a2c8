"""The composition root: ``build_application(settings)`` wires settings, storage, handlers.

Everything else (polling, webhook, console chat, tests, benchmarks) starts the same
Application through :func:`start_application` / :func:`stop_application`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot

from bot import heap
from bot.aiohttp_request import AiohttpRequest, PollingRequest
from bot.catalogue_refresh import JOB_NAME as REFRESH_JOB_NAME
from bot.catalogue_refresh import CatalogueRefreshJob, load_additions
from bot.errors import on_error
from bot.rate_limits import RateLimits, build_rate_limits
from bot.replay import replay_unanswered
from bot.services import Services, load_services
from bot.settings import Settings
from bot.shared_conversations import SharedConversations
from bot.update_gate import ConfirmationGate
from bot.update_processor import PerChatUpdateProcessor
from handlers.platform.middleware import store_early
from handlers.recommend import alerts
from handlers.recommend.history_import import IMPORTS_PER_MINUTE
from handlers.registry import menu_commands, register_handlers
from handlers.shared.context import BotData, CineContext
from handlers.shared.i18n import LANGUAGES
from storage.batching import Batcher
from storage.chat_locks import ChatLocks
from storage.database import Database
from storage.errors import is_storage_unavailable
from storage.persistence import SqlPersistence
from storage.repository import Repository

_LOG = logging.getLogger(__name__)
WARM_UP_DELAY_S = 2.0  # after polling starts: see start_application

CineApp = Application[ExtBot[None], CineContext, dict[Any, Any], dict[Any, Any], BotData, Any]


class CineMateApplication(Application):  # type: ignore[type-arg]
    """Application that writes persistence right after each update.

    PTB otherwise flushes on a timer; writing at once means a crash or a second process never
    sees a conversation step older than the last answer the user got. ``update_persistence``
    takes a global lock, so concurrent updates share one flush (a :class:`Batcher` of no items)
    instead of queueing behind each other's writes. With several processes on one PostgreSQL
    (:mod:`bot.shared_conversations`), the update runs under its chat's cross-process lock with
    the chat's steps reloaded, and the new step is written before the lock is let go.
    """

    _flusher: Batcher[None, None] | None = None
    shared: SharedConversations | None = None
    rate_limits: RateLimits | None = None  # closed by stop_application

    async def process_update(self, update: object) -> None:
        """Handle the update, then persist what it changed."""
        if self.shared is None:
            await self._process_and_persist(update)
            return
        async with self.shared.current(update):
            await self._process_and_persist(update)

    async def _process_and_persist(self, update: object) -> None:
        await super().process_update(update)
        if self.persistence is not None and self.running:
            if self._flusher is None:
                self._flusher = Batcher(self._flush_persistence)
            await self._flusher.submit(None)
        if isinstance(update, Update):
            await self._mark_handled(update.update_id)

    async def _mark_handled(self, update_id: int) -> None:
        """After the step is written: a re-delivery of this update will be skipped."""
        try:
            await self.bot_data.repo.mark_handled(update_id)
        except Exception as exc:
            if not is_storage_unavailable(exc):
                raise
            # The user was told to retry; a re-delivery is handled again, which is safe.
            _LOG.warning("could not mark update %s handled: %s", update_id, type(exc).__name__)

    async def _flush_persistence(self, requests: list[None]) -> list[None]:
        await self.update_persistence()
        return requests

    def share_conversations(self, persistence: SqlPersistence, locks: ChatLocks) -> None:
        """Turn on cross-process conversation steps (after ``initialize`` loaded them)."""
        self.shared = SharedConversations(
            persistence, locks, dict(self._conversation_handler_conversations)
        )


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
) -> CineApp:
    """Build (but do not start) the bot. ``token``/``base_url`` override the settings."""
    database = Database(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    resolved_token = token or (
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    )
    if not resolved_token:
        raise ValueError("a bot token is needed (settings or the local Bot API server)")
    limits = build_rate_limits(settings, database)
    confirmations = ConfirmationGate()
    builder = (
        ApplicationBuilder()
        .application_class(CineMateApplication)
        .token(resolved_token)
        .context_types(ContextTypes(context=CineContext, bot_data=BotData))
        .persistence(SqlPersistence(database))
        .concurrent_updates(PerChatUpdateProcessor(settings.concurrent_updates))
        .rate_limiter(limits.limiter)
        .request(_transport(settings, settings.concurrent_updates, settings.read_timeout_s))
        # One long poll at a time; PTB adds the poll's own duration to this read time-out.
        .get_updates_request(
            PollingRequest(confirmations, **_timeouts(settings, 1, settings.read_timeout_s + 30))
        )
        .arbitrary_callback_data(False)
        # Answers carry links to services and JustWatch; a preview card under each would bury
        # the answer.
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
    )
    api_base = base_url or (
        f"{settings.telegram_api_base_url.rstrip('/')}/bot"
        if settings.telegram_api_base_url
        else None
    )
    if api_base:
        builder = builder.base_url(api_base).base_file_url(
            base_file_url or api_base.removesuffix("/bot") + "/file/bot"
        )
    application: CineApp = builder.build()  # type: ignore[assignment]
    bot_data = application.bot_data
    bot_data.settings = settings
    bot_data.database = database
    bot_data.repo = Repository(database)
    bot_data.confirmations = confirmations
    bot_data.poster_throttle = limits.throttle(settings.poster_per_minute, "poster")
    bot_data.recommend_throttle = limits.throttle(settings.recommend_per_minute, "recommend")
    bot_data.import_throttle = limits.throttle(IMPORTS_PER_MINUTE, "import")
    assert isinstance(application, CineMateApplication)
    application.rate_limits = limits
    register_handlers(application)
    application.add_error_handler(on_error)  # type: ignore[arg-type]
    return application


def _transport(settings: Settings, pool_size: int, read_timeout_s: float) -> AiohttpRequest:
    """A Bot API transport with the configured time-outs (see ``bot/aiohttp_request.py``)."""
    return AiohttpRequest(**_timeouts(settings, pool_size, read_timeout_s))


def _timeouts(settings: Settings, pool_size: int, read_timeout_s: float) -> dict[str, Any]:
    return {
        "connection_pool_size": pool_size,
        "connect_timeout": settings.connect_timeout_s,
        "read_timeout": read_timeout_s,
        "write_timeout": settings.read_timeout_s,
    }


async def start_application(
    application: CineApp, *, polling: bool = True, freeze_heap: bool = False
) -> None:
    """Migrate, load the models, initialise, register the command menus, start (and poll)."""
    bot_data = application.bot_data
    settings = bot_data.settings
    assert isinstance(settings, Settings)  # handlers see only the part they read
    with heap.loading(freeze=freeze_heap):
        await bot_data.database.migrate()
        services = await load_services(settings, bot_data.repo)
        _attach_services(application, services)
        await _load_catalogue_additions(services, bot_data.repo)
    await application.initialize()
    if settings.shares_conversations(bot_data.database.is_sqlite):
        assert isinstance(application, CineMateApplication)
        assert isinstance(application.persistence, SqlPersistence)
        application.share_conversations(application.persistence, ChatLocks(bot_data.database))
    await _register_commands(application)
    _schedule_watchlist_alerts(application, settings)
    _schedule_catalogue_refresh(application, settings, services)
    await application.start()
    if polling and application.updater is not None:
        # A fetched update waiting for its chat is stored at once, so that polling, which
        # confirms a batch only once all of it is stored, never waits for a slow reply.
        processor = application.update_processor
        if isinstance(processor, PerChatUpdateProcessor):
            processor.store_early = functools.partial(store_early, bot_data=bot_data)
        # Before fetching anything new, so a replayed update keeps its place in its chat.
        await replay_unanswered(application)
        await application.updater.start_polling(
            poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES
        )
    # Updates that waited for the restart are answered first; then librosa's kernels and the
    # chart fonts warm in the background (only audio and charts need them).
    asyncio.get_running_loop().call_later(WARM_UP_DELAY_S, services.warm_up)


def _schedule_watchlist_alerts(application: CineApp, settings: Settings) -> None:
    """The daily watchlist check (``handlers/recommend/alerts.py``) at WATCHLIST_CHECK_TIME;
    started and stopped with the Application. A run missed by less than an hour (a busy event
    loop) still runs; one missed while the process was down waits for the next day."""
    if not settings.watchlist_alerts:
        return
    if application.job_queue is None:
        _LOG.warning("no JobQueue (python-telegram-bot[job-queue]): watchlist alerts are off")
        return
    application.job_queue.run_daily(
        alerts.daily_check,
        time=settings.watchlist_check_at(),
        name=alerts.JOB_NAME,
        job_kwargs={"misfire_grace_time": 3600, "coalesce": True},
    )


async def _load_catalogue_additions(services: Services, repo: Repository) -> None:
    """Films earlier catalogue refreshes added (this process's or another's), into the
    catalogue; without them the bot still answers with the built catalogue."""
    try:
        count = await load_additions(services.catalogue, repo)
    except Exception as error:
        _LOG.warning("could not load the films the catalogue refresh added: %r", error)
        return
    if count:
        _LOG.info("%d films added by the catalogue refresh loaded", count)


def _schedule_catalogue_refresh(
    application: CineApp, settings: Settings, services: Services
) -> None:
    """The daily catalogue refresh (``bot/catalogue_refresh.py``) at CATALOGUE_REFRESH_TIME,
    with TMDB_API_KEY or KOBIS_API_KEY unless CATALOGUE_REFRESH is false."""
    if services.refresher is None:
        return
    if application.job_queue is None:
        _LOG.warning("no JobQueue (python-telegram-bot[job-queue]): the catalogue refresh is off")
        return
    job = CatalogueRefreshJob(
        services.refresher,
        services.catalogue,
        application.bot_data.repo,
        settings.catalogue_refresh_timezone,
    )
    application.job_queue.run_daily(
        job,
        time=settings.catalogue_refresh_at(),
        name=REFRESH_JOB_NAME,
        job_kwargs={"misfire_grace_time": 3600, "coalesce": True},
    )


async def stop_application(application: CineApp) -> None:
    """Stop polling, finish in-flight updates, flush persistence and close the database."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    shared = getattr(application, "shared", None)
    if isinstance(shared, SharedConversations):
        await shared.close()
    services: Services | None = getattr(application.bot_data, "services", None)
    if services is not None:
        await services.close()
    limits = getattr(application, "rate_limits", None)
    if isinstance(limits, RateLimits):
        await limits.close()
    await application.bot_data.database.dispose()


def _attach_services(application: CineApp, services: Services) -> None:
    bot_data = application.bot_data
    bot_data.services = services
    bot_data.catalogue = services.catalogue
    bot_data.films = services.films
    bot_data.questions = services.questions
    bot_data.availability = services.availability
    bot_data.recommender = services.recommender
    bot_data.where_to_watch = services.where_to_watch
    bot_data.poster = services.poster
    bot_data.ost = services.ost
    bot_data.ost_tracks = services.ost_tracks
    bot_data.ost_examples = services.ost_examples
    bot_data.clips = services.clips
    bot_data.audience = services.audience
    bot_data.understanding = services.understanding
    bot_data.credits = services.credits


async def _register_commands(application: CineApp) -> None:
    """Command menus in Korean and English (English is also the default)."""
    try:
        for language in LANGUAGES:
            await application.bot.set_my_commands(menu_commands(language), language_code=language)
        await application.bot.set_my_commands(menu_commands("en"))
    except TelegramError as exc:  # a menu is nice to have; never a reason not to start
        _LOG.warning("could not register the command menu: %s", exc)
