"""Polling and webhook modes: start the Application, wait for SIGINT/SIGTERM, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.application import build_application, start_application, stop_application
from bot.settings import Settings
from bot.webhook import build_webhook_app

_LOG = logging.getLogger(__name__)


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def run_polling(settings: Settings) -> None:
    """Long-poll Telegram (or ``TELEGRAM_API_BASE_URL``) until a stop signal."""
    application = build_application(settings)
    stop = _stop_event()
    await start_application(application, polling=True, freeze_heap=True)
    _LOG.info("polling as @%s", application.bot.username)
    try:
        await stop.wait()
    finally:
        await stop_application(application)


async def run_webhook(settings: Settings) -> None:
    """Serve the webhook endpoint and /healthz until a stop signal."""
    secret = (
        settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else ""
    )
    application = build_application(settings)
    web_app = build_webhook_app(
        application,
        path=settings.webhook_path,
        secret=secret,
        max_body_bytes=settings.webhook_max_body_bytes,
    )
    stop = _stop_event()
    # Listen first: /healthz/live answers while the models load, /healthz (ready) and the
    # updates wait for ``start_application`` (503 until then, so Telegram re-delivers).
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_listen_host, settings.webhook_listen_port)
    await site.start()
    _LOG.info(
        "webhook listening on %s:%s%s; loading the models",
        settings.webhook_listen_host,
        settings.webhook_listen_port,
        settings.webhook_path,
    )
    try:
        await start_application(application, polling=False, freeze_heap=True)
    except BaseException:
        await runner.cleanup()
        raise
    if settings.webhook_public_url:
        await application.bot.set_webhook(
            settings.webhook_public_url.rstrip("/") + settings.webhook_path,
            secret_token=secret,
            allowed_updates=["message", "callback_query", "inline_query"],
        )
    _LOG.info("webhook ready")
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await stop_application(application)
