"""Webhook mode (secret, body cap, /healthz ready and live) and logs that never hold the token."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.application import build_application, start_application, stop_application
from bot.localapi import FaultKind, FaultRule, LocalBotApiServer
from bot.logging_setup import configure_logging
from bot.webhook import SECRET_HEADER, build_webhook_app
from inference.understanding.embedding import SentenceEncoder
from tests.conftest import BotFactory, make_settings, onboard

SECRET = "s3cret-webhook-value"
REALISTIC_TOKEN = "7123456789:AAHk3v9-QzZlRealLookingTokenValue_0123456"


@pytest.fixture
async def webhook(api: LocalBotApiServer, sqlite_url: str) -> AsyncIterator[str]:
    application = build_application(
        make_settings(sqlite_url),
        token=api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
    )
    await start_application(application, polling=False)
    runner = web.AppRunner(
        build_webhook_app(application, path="/hook", secret=SECRET, max_body_bytes=4096)
    )
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()
    await stop_application(application)


async def test_webhook_delivers_updates_with_the_right_secret(
    api: LocalBotApiServer, webhook: str
) -> None:
    user = api.user(901)
    update = {"update_id": api.next_update_id(), **user.update_for_text("/help")}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook}/hook", json=update, headers={SECRET_HEADER: SECRET}
        )
    assert response.status_code == 200
    assert "/profile" in (await user.reply()).text


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET[:-1]}])
async def test_webhook_refuses_a_missing_or_wrong_secret(
    api: LocalBotApiServer, webhook: str, headers: dict[str, str]
) -> None:
    user = api.user(902)
    update = {"update_id": api.next_update_id(), **user.update_for_text("/help")}
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{webhook}/hook", json=update, headers=headers)
    assert response.status_code == 403
    assert api.pending_events(902) == 0


async def test_webhook_refuses_oversized_and_malformed_bodies(webhook: str) -> None:
    async with httpx.AsyncClient() as client:
        big = await client.post(
            f"{webhook}/hook",
            content=b"{" + b" " * 10_000 + b"}",
            headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
        )
        bad = await client.post(
            f"{webhook}/hook", content=b"[1, 2", headers={SECRET_HEADER: SECRET}
        )
        health = await client.get(f"{webhook}/healthz")
    assert big.status_code == 413
    assert bad.status_code == 400
    assert health.status_code == 200 and health.json()["database"] is True


async def test_a_starting_webhook_process_is_live_but_not_ready_and_refuses_updates(
    api: LocalBotApiServer, sqlite_url: str
) -> None:
    """The port answers while the models load: /healthz/live is 200, /healthz (ready) is 503
    and an update is answered 503 unread, so Telegram delivers it again later and it never
    waits behind the warm-up; once started, the same update is answered."""
    application = build_application(
        make_settings(sqlite_url), token=api.token, base_url=api.base_url,
        base_file_url=api.base_file_url,
    )  # fmt: skip
    runner = web.AppRunner(
        build_webhook_app(application, path="/hook", secret=SECRET, max_body_bytes=4096)
    )
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    user = api.user(904)
    update = {"update_id": api.next_update_id(), **user.update_for_text("/help")}
    try:
        async with httpx.AsyncClient() as client:
            live = await client.get(f"{url}/healthz/live")
            ready = await client.get(f"{url}/healthz")
            early = await client.post(f"{url}/hook", json=update, headers={SECRET_HEADER: SECRET})
            assert (live.status_code, ready.status_code, early.status_code) == (200, 503, 503)
            assert ready.json()["running"] is False and api.pending_events(904) == 0
            await start_application(application, polling=False)
            # Ready means warm: nothing a text, a list or a song title needs is left to build.
            services = application.bot_data.services
            understanding = services.understanding
            assert isinstance(understanding.classifier._encoder, SentenceEncoder)
            assert understanding.spans is not None and understanding.spans._keys is not None
            assert understanding.people is not None and understanding.people._names is not None
            assert services.ost_tracks._built is not None
            ready = await client.get(f"{url}/healthz")
            again = await client.post(f"{url}/hook", json=update, headers={SECRET_HEADER: SECRET})
        assert (ready.status_code, again.status_code) == (200, 200)
        assert "/profile" in (await user.reply()).text
    finally:
        await runner.cleanup()
        await stop_application(application)


def test_webhook_mode_requires_a_secret(sqlite_url: str) -> None:
    application = build_application(make_settings(sqlite_url), token=REALISTIC_TOKEN)
    with pytest.raises(ValueError, match="WEBHOOK_SECRET_TOKEN"):
        build_webhook_app(application, path="/hook", secret="", max_body_bytes=1024)


async def test_the_token_never_appears_in_logs_even_with_errors(sqlite_url: str) -> None:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", [REALISTIC_TOKEN], stream=stream)
    try:
        async with LocalBotApiServer(token=REALISTIC_TOKEN) as server:
            application = build_application(
                make_settings(sqlite_url),
                token=REALISTIC_TOKEN,
                base_url=server.base_url,
                base_file_url=server.base_file_url,
            )
            await start_application(application)
            user = server.user(903)
            await onboard(user)
            server.faults.add(FaultRule(FaultKind.SERVER_ERROR, method="sendMessage", rate=1.0))
            user.send("/help")
            for _ in range(100):
                if "could not tell chat" in stream.getvalue():
                    break
                await asyncio.sleep(0.05)
            server.faults.clear()
            logging.getLogger("httpx").warning(
                "request to %s/getMe", server.base_url + REALISTIC_TOKEN
            )
            await server.release_pollers()
            await stop_application(application)
    finally:
        logging.getLogger().removeHandler(handler)
    logs = stream.getvalue()
    assert "unhandled NetworkError" in logs  # the failure was logged…
    assert "chat=903" in logs and "update=" in logs  # …with its context
    assert REALISTIC_TOKEN not in logs
    assert REALISTIC_TOKEN.split(":")[1] not in logs
    assert "<redacted>" in logs


async def test_429s_from_telegram_are_retried_and_the_user_gets_every_answer(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url, rate_limit_max_retries=5)
    api.faults.add(FaultRule(FaultKind.RATE_LIMIT, method="sendMessage", rate=0.5, retry_after=1))
    user = api.user(904)
    for _ in range(3):
        reply = await user.ask("/help", timeout=20)
        assert "/profile" in reply.text
    assert api.faults.fired[FaultKind.RATE_LIMIT] >= 1
    assert api.pending_events(904) == 0
