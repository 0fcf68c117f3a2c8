"""Webhook mode: an aiohttp server that receives Telegram's POSTs and serves the probes.

The server listens before the models are loaded, so an orchestrator can tell a process that is
starting from one that is dead: ``GET /healthz/live`` answers 200 as soon as the server runs,
``GET /healthz`` (ready) only once every model and lookup is loaded, the application runs and
the database answers. Until then an update is answered 503 without being read, so Telegram
delivers it again (to a process that is ready): no update waits behind a warm-up (issue 24).

The secret header is compared with ``hmac.compare_digest`` (constant time), the body size is
capped before it is read, and a malformed body is refused without reaching the handlers.

An update is answered 200 only after it has been handled and its conversation step written:
a process killed mid-update leaves the update unacknowledged, so Telegram delivers it again
(to this process after a restart, or to another one) instead of it being lost in a queue.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update

from bot.application import CineApp

_LOG = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def build_webhook_app(
    application: CineApp, *, path: str, secret: str, max_body_bytes: int
) -> web.Application:
    """The aiohttp app: ``POST path`` for updates, ``GET /healthz`` (ready) and
    ``GET /healthz/live`` for probes."""
    if not secret:
        raise ValueError("webhook mode needs WEBHOOK_SECRET_TOKEN")

    async def receive(request: web.Request) -> web.Response:
        if not application.running:  # still loading (or stopping): Telegram retries it
            return web.json_response({"ok": False, "error": "starting"}, status=503)
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            _LOG.warning("webhook call with a missing or wrong secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        if request.content_length is not None and request.content_length > max_body_bytes:
            return web.json_response({"ok": False, "error": "body too large"}, status=413)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"ok": False, "error": "body too large"}, status=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            _LOG.warning("webhook body is not an Update: %s", type(exc).__name__)
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        try:
            await application.update_processor.process_update(
                update, application.process_update(update)
            )
        except Exception:
            # Telegram re-delivers an update that did not get a 2xx; the message log ignores
            # the duplicate update_id, so a retry never stores anything twice.
            _LOG.exception("update %s failed; asking Telegram to re-deliver", update.update_id)
            return web.json_response({"ok": False, "error": "try again"}, status=500)
        return web.json_response({"ok": True})

    async def live(request: web.Request) -> web.Response:
        return web.json_response({"status": "live", "running": application.running})

    async def healthz(request: web.Request) -> web.Response:
        # ``running`` is set by ``start_application`` after every model is loaded and warm.
        database_ok = application.running and await application.bot_data.database.ping()
        healthy = application.running and database_ok
        return web.json_response(
            {
                "status": "ok" if healthy else "degraded",
                "running": application.running,
                "database": database_ok,
            },
            status=200 if healthy else 503,
        )

    app = web.Application(client_max_size=max_body_bytes)
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/healthz/live", live)
    return app
