"""The local Bot API server validates like Telegram and injects faults, seen through PTB's Bot."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter, ExtBot

from bot.localapi import BotEvent, FaultKind, FaultRule, LocalBotApiServer
from bot.localapi.validation import strip_markup


@pytest.fixture
async def bot(api: LocalBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


async def test_get_me_and_send_message_round_trip(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(11)
    me = await bot.get_me()
    assert me.is_bot and me.username == "cinemate_bot"
    sent = await bot.send_message(user.id, "<b>Hi</b> &amp; welcome", parse_mode="HTML")
    assert sent.text == "Hi & welcome"
    assert (await user.reply()).text == "Hi & welcome"


async def test_unknown_method_is_400(api: LocalBotApiServer) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{api.token}/sendTelepathy", data={})
    assert response.status_code == 400
    assert response.json()["ok"] is False


async def test_wrong_token_is_401(api: LocalBotApiServer) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}123:wrong/getMe")
    assert response.status_code == 401


async def test_text_over_4096_characters_is_rejected(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(12)
    await bot.send_message(user.id, "x" * 4096)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(user.id, "x" * 4097)


async def test_callback_data_over_64_bytes_is_rejected(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(13)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="a" * 64)]])
    await bot.send_message(user.id, "fine", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="한" * 22)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(user.id, "too long data", reply_markup=too_long)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("<b>unclosed", "HTML"),
        ("<blink>no</blink>", "HTML"),
        ("<b>x</i>", "HTML"),
        ("1 < 2", "HTML"),
        ("rock & roll", "HTML"),
        ("Price: 5.00!", "MarkdownV2"),
        ("*bold", "MarkdownV2"),
        ("[link](http://x", "MarkdownV2"),
        ("_italic", "Markdown"),
    ],
)
async def test_bad_parse_mode_entities_are_rejected(
    api: LocalBotApiServer, bot: Bot, text: str, mode: str
) -> None:
    user = api.user(14)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(user.id, text, parse_mode=mode)


def test_valid_markup_is_reduced_to_its_text() -> None:
    assert strip_markup("<a href='https://x.y'>x</a> 1 &lt; 2", "HTML") == "x 1 < 2"
    assert strip_markup(r"*bold* \_under\_ `a.b` 5\.0", "MarkdownV2") == "bold _under_ a.b 5.0"


async def test_chat_not_found_and_edit_not_modified(api: LocalBotApiServer, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999_999, "hello")
    user = api.user(15)
    sent = await bot.send_message(user.id, "same")
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("same", chat_id=user.id, message_id=sent.message_id)


async def test_files_round_trip_through_get_file(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(16)
    sent = await bot.send_document(user.id, b"poster-bytes", filename="poster.png")
    assert sent.document is not None
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"poster-bytes"
    photo = await bot.send_photo(
        user.id, b"\x89PNG fake", caption="<i>chart</i>", parse_mode="HTML"
    )
    assert photo.caption == "chart"


async def test_callback_queries_can_be_answered_once(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(17)
    sent = await bot.send_message(
        user.id,
        "pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await user.reply()
    user.press_data(sent.message_id, "a")
    updates = await bot.get_updates(timeout=1)
    query = updates[-1].callback_query
    assert query is not None and query.data == "a"
    assert await query.answer("thanks")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer("again")


async def test_fault_429_is_retried_by_the_rate_limiter(api: LocalBotApiServer) -> None:
    user = api.user(18)
    async with ExtBot(
        api.token, base_url=api.base_url, rate_limiter=AIORateLimiter(max_retries=2)
    ) as limited:
        api.faults.add(
            FaultRule(FaultKind.RATE_LIMIT, method="sendMessage", rate=0.5, retry_after=1)
        )
        sent = 0
        for _ in range(4):
            await limited.send_message(user.id, "hello")
            sent += 1
    assert sent == 4
    assert api.faults.fired[FaultKind.RATE_LIMIT] >= 1


async def test_fault_429_without_limiter_raises_retry_after(
    api: LocalBotApiServer, bot: Bot
) -> None:
    user = api.user(19)
    api.faults.add(FaultRule(FaultKind.RATE_LIMIT, method="sendMessage", retry_after=3))
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "hi")
    assert caught.value.retry_after in (3, 3.0) or str(caught.value.retry_after).startswith(
        "0:00:03"
    )


async def test_fault_500_slow_and_dropped(api: LocalBotApiServer, bot: Bot) -> None:
    user = api.user(20)
    api.faults.add(FaultRule(FaultKind.SERVER_ERROR, method="sendMessage"))
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "boom")
    api.faults.clear()
    api.faults.add(FaultRule(FaultKind.SLOW, method="sendChatAction", delay_s=0.3))
    started = time.monotonic()
    await bot.send_chat_action(user.id, "typing")
    assert time.monotonic() - started >= 0.3
    api.faults.clear()
    api.faults.add(FaultRule(FaultKind.DROP, method="sendMessage"))
    with pytest.raises((NetworkError, TimedOut)):
        await bot.send_message(user.id, "lost")
    api.faults.clear()
    assert (await bot.send_message(user.id, "back")).text == "back"


def test_every_answer_is_read_for_repeats() -> None:
    """The ``api`` fixture fails a test whose bot said a line twice in one message or showed two
    buttons with one label (issue 25); short repeats (✖ per row, bullets) are allowed."""
    from tests.conftest import said_twice

    twice = BotEvent("message", 1, "sendMessage", {
        "text": "한국 서비스 2023년 5월 기준\n• 넷플릭스\n한국 서비스 2023년 5월 기준",
        "reply_markup": {"inline_keyboard": [
            [{"text": "Aladdin (1992)", "callback_data": "a"}, {"text": "✖", "callback_data": "x"}],
            [{"text": "Aladdin (1992)", "callback_data": "b"}, {"text": "✖", "callback_data": "y"}],
        ]},
    })  # fmt: skip
    assert said_twice(twice) == ["line “한국 서비스 2023년 5월 기준”", "button “Aladdin (1992)”"]
    once = BotEvent("message", 1, "sendMessage", {"text": "• 넷플릭스\n• 왓챠"})
    assert said_twice(once) == []
