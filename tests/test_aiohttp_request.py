"""The aiohttp transport behaves like PTB's httpx one, seen through a real ``Bot``.

Every call goes to the local Bot API server over HTTP: plain calls, uploads (multipart), file
downloads, and each way a call can fail (time-out, dropped connection, nothing listening, 5xx)
mapped onto the exceptions the retry layer and the handlers expect.
"""

from __future__ import annotations

import asyncio
import io
import socket
import time
from collections.abc import AsyncIterator

import pytest
from PIL import Image
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.aiohttp_request import AiohttpRequest
from bot.localapi import FaultKind, FaultRule, LocalBotApiServer


def _transport(read_timeout: float = 5.0) -> AiohttpRequest:
    return AiohttpRequest(connection_pool_size=8, read_timeout=read_timeout, connect_timeout=2.0)


@pytest.fixture
async def bot(api: LocalBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=_transport(read_timeout=0.5),
        get_updates_request=_transport(),
    ) as client:
        yield client


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 96), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


async def test_calls_uploads_and_downloads(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(31)
    assert (await bot.get_me()).username == "cinemate_bot"
    sent = await bot.send_message(user.id, "<b>한국어</b> &amp; emoji 🎬", parse_mode="HTML")
    assert sent.text == "한국어 & emoji 🎬"
    photo = _jpeg()
    message = await bot.send_photo(user.id, photo, caption="캡션")
    assert message.caption == "캡션"
    stored = api.file_bytes(message.photo[-1].file_id)
    assert stored == photo  # the multipart body arrived byte for byte
    downloaded = await (await bot.get_file(message.photo[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == photo


async def test_a_lone_surrogate_is_sent_as_a_replacement_character(
    api: LocalBotApiServer, bot: Bot
) -> None:
    """Such text can only come from a JSON escape (e.g. a query echoed back in a reply); it
    cannot be encoded as UTF-8, and the call must not fail because of it."""
    user = api.user(35)
    sent = await bot.send_message(user.id, "no film called «a\ud800b» 😀")
    assert sent.text == "no film called «a\ufffdb» 😀"


async def test_many_calls_at_once_share_the_pool(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(32)
    texts = [f"message {i}" for i in range(40)]  # five times the pool size
    sent = await asyncio.gather(*(bot.send_message(user.id, text) for text in texts))
    assert sorted(m.text for m in sent) == sorted(texts)


async def test_late_answer_is_timed_out(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(33)
    api.faults.add(FaultRule(FaultKind.SLOW, method="sendMessage", delay_s=2.0))
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "too slow")
    assert time.monotonic() - started < 1.5  # the 0.5 s read time-out, not the 2 s answer
    api.faults.clear()
    assert (await bot.send_message(user.id, "back")).text == "back"


async def test_dropped_connection_and_5xx_are_network_errors(
    api: LocalBotApiServer, bot: Bot
) -> None:
    user = api.user(34)
    api.faults.add(FaultRule(FaultKind.DROP, method="sendMessage"))
    with pytest.raises(NetworkError) as dropped:
        await bot.send_message(user.id, "lost")
    assert not isinstance(dropped.value, TimedOut)
    api.faults.clear()
    api.faults.add(FaultRule(FaultKind.SERVER_ERROR, method="sendMessage"))
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "boom")
    api.faults.clear()
    assert (await bot.send_message(user.id, "recovered")).text == "recovered"


async def test_nothing_listening_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "123456:SECRET-token-never-in-messages"
    with pytest.raises(NetworkError) as refused:  # Bot's start-up getMe already fails
        async with Bot(token, base_url=f"http://127.0.0.1:{port}/bot", request=_transport()):
            pass
    assert "SECRET" not in str(refused.value) and "SECRET" not in repr(refused.value)


async def test_uninitialised_and_closed_transport_refuse_calls() -> None:
    transport = _transport()
    with pytest.raises(RuntimeError, match="not initialized"):
        await transport.do_request("http://127.0.0.1:9/botx/getMe", "POST")
    await transport.initialize()
    await transport.initialize()  # idempotent
    await transport.shutdown()
    await transport.shutdown()  # idempotent
    with pytest.raises(RuntimeError, match="not initialized"):
        await transport.do_request("http://127.0.0.1:9/botx/getMe", "POST")
    with pytest.raises(ValueError, match="pool"):
        AiohttpRequest(connection_pool_size=0)


async def test_error_messages_never_carry_the_token_from_the_url() -> None:
    """aiohttp puts the whole URL into some errors; the path holds the token."""
    transport = _transport()
    await transport.initialize()
    try:
        for url in (
            "htp://127.0.0.1/bot123456:SECRET-token/getMe",  # not HTTP
            "http://[::1/bot123456:SECRET-token/getMe",  # not a URL (an unclosed IPv6 host)
        ):
            with pytest.raises(NetworkError) as caught:
                await transport.do_request(url, "POST")
            assert "/bot<token>/getMe" in str(caught.value)
            assert "SECRET" not in str(caught.value)
    finally:
        await transport.shutdown()
