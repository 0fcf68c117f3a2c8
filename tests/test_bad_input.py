"""Every bad input gets a specific reply in the user's language, and nothing crashes."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.localapi import LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, reach_age_step


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "as a number"),
        ("-3", "between 5 and 120"),
        ("200", "between 5 and 120"),
        ("1e309", "as a number"),
        ("NaN", "as a number"),
        ("", "as a number"),
        ("27.5", "as a number"),
        ("<b>27</b>", "as a number"),
    ],
)
async def test_bad_ages_are_explained_and_asked_again(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, text: str, expected: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(801)
    await reach_age_step(user)
    reply = await user.ask(text or " ")
    assert expected in reply.text
    assert "describes you" in (await user.ask("27")).text  # still at the age step
    stored = await application.bot_data.repo.get_profile(801)
    assert stored is not None and stored.age == 27


async def test_bad_age_is_answered_in_korean(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(802, language_code="ko")
    await reach_age_step(user, "ko")
    assert "숫자로" in (await user.ask("사과")).text
    assert "5에서 120 사이" in (await user.ask("200")).text
    assert "5에서 120 사이" in (await user.ask("두 살이에요")).text  # words read as a number


async def test_ten_thousand_characters_are_refused_politely_and_still_stored(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(803)
    await reach_age_step(user)
    reply = await user.ask("9" * 10_000)
    assert "too long (10000 characters)" in reply.text
    assert "describes you" in (await user.ask("30")).text
    assert await application.bot_data.repo.count_inbound(803) == 4


async def test_a_sticker_where_the_age_is_expected(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(804)
    await reach_age_step(user)
    _send(user, "sticker")
    assert "type your age as a number" in (await user.reply()).text
    assert api.pending_events(804) == 0


@pytest.mark.parametrize(("kind", "answer"), [("document", "JPEG, PNG or WebP"),
                                              ("photo", "")])  # fmt: skip
async def test_a_file_or_photo_at_the_age_question_is_a_poster_then_the_age_again(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, kind: str, answer: str
) -> None:
    """Posters are reachable anywhere: answered, then onboarding asks its question again."""
    await start_bot(sqlite_url)
    user = api.user(804)
    await reach_age_step(user)
    _send(user, kind)
    first = await user.reply()
    assert answer in first.text
    while not first.text.startswith("↩️"):
        first = await user.reply()
    assert "how old" in first.text
    assert "describes you" in (await user.ask("30")).text


@pytest.mark.parametrize(
    ("send", "expected"),
    [
        ("sticker", "only read text"),
        ("voice", "damaged or cut short"),  # a voice note is a song clip; this one is broken
        ("document", "JPEG, PNG or WebP"),  # any file is read as a poster
        ("/frobnicate now", "don't know the command /frobnicate"),
        ("/<b>x</b>", "don't know the command"),
        ("hello there", "CineMate"),  # a greeting, with the capability menu
        ("asdfgh qwerty", "not something I can help with"),
    ],
)
async def test_unexpected_input_outside_a_flow(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, send: str, expected: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(805)
    _send(user, send)
    assert expected in (await user.reply()).text
    await _exactly_one_reply(user)


def _send(user: SimulatedUser, what: str) -> None:
    """Send a sticker, voice note, document or photo by name; anything else as text."""
    if what == "sticker":
        user.send_sticker()
    elif what == "voice":
        user.send_voice()
    elif what == "document":
        user.send_document(b"%PDF-1.4", file_name="cv.pdf", mime_type="application/pdf")
    elif what == "photo":
        user.send_photo(b"\xff\xd8\xff\xe0 not really a jpeg")
    else:
        user.send(what)


async def _exactly_one_reply(user: SimulatedUser) -> None:
    reply = await user.ask("/help")
    assert "/profile" in reply.text
    assert user.server.pending_events(user.id) == 0


async def test_stale_and_forged_buttons_change_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(806)
    await reach_age_step(user)
    user.press_data(1, "onb:gender:female")  # a gender button before the age was given
    answer = await user.next_event()
    assert answer.kind == "callback_answer" and "no longer active" in answer.params["text"]
    user.press_data(1, "onb:sub:../../etc/passwd")
    assert "no longer active" in (await user.next_event()).params["text"]
    user.press_data(1, "fgt:yes")  # forged confirmation without /forget
    assert "no longer active" in (await user.next_event()).params["text"]
    profile = await application.bot_data.repo.get_profile(806)
    assert profile is not None and profile.gender is None and profile.language == "en"


async def test_help_does_not_interrupt_onboarding_but_cancel_does(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(807)
    await reach_age_step(user)
    assert "/profile" in (await user.ask("/help")).text
    assert (await user.reply()).text.startswith("↩️ Back to setting up: how old")
    assert "describes you" in (await user.ask("22")).text
    assert (await user.ask("/cancel")).text.startswith("Cancelled")
    assert "not something I can help with" in (await user.ask("qwertyuiop")).text
    assert "nothing to cancel" in (await user.ask("/cancel")).text


async def test_switching_language_with_lang(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(808)
    choose = await user.ask("/lang")
    user.press(choose, "set:lang:ko")
    assert (await user.reply()).text == "언어를 한국어로 바꿨어요 ✓"
    assert "명령" in (await user.ask("/nothing")).text


async def test_a_locked_database_asks_the_user_to_retry_and_loses_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url, sqlite_busy_timeout_ms=200)
    user = api.user(809)
    await reach_age_step(user)
    locker = sqlite3.connect(sqlite_url.split(":///", 1)[1], isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        reply = await user.ask("33")
        assert "try again in a moment" in reply.text
        await asyncio.sleep(0.3)
        assert api.pending_events(809) == 0  # exactly one answer
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert "describes you" in (await user.ask("33")).text  # the retry goes through
    profile = await application.bot_data.repo.get_profile(809)
    assert profile is not None and profile.age == 33


async def test_a_button_without_data_or_on_another_users_message_changes_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """PTB's CallbackQueryHandler(pattern=…) matches a query without data as if every pattern
    matched (it restarted onboarding); a press on a message of another user's chat would have
    changed that user's messages or sent into their chat."""
    application = await start_bot(sqlite_url)
    owner, intruder = api.user(810), api.user(811, language_code="ko")
    await reach_age_step(owner)
    gender = await owner.ask("27")
    owner.press_data(gender.message_id or 0, "")
    assert (await owner.next_event()).params["text"] == "This button is no longer active."
    intruder.press_data(gender.message_id or 0, "onb:gender:male", chat_id=owner.id)
    assert (await intruder.next_event()).params["text"] == "더 이상 사용할 수 없는 버튼이에요."
    with pytest.raises(KeyError):  # as on Telegram, only a message that exists can be pressed
        intruder.press_data(999, "onb:gender:male", chat_id=owner.id)
    assert "/profile" in (await owner.ask("/help")).text  # nothing else reached the owner
    assert api.pending_events(owner.id) == api.pending_events(intruder.id) == 0
    profile = await application.bot_data.repo.get_profile(owner.id)
    assert profile is not None and profile.age == 27 and profile.gender is None
    assert (await application.bot_data.repo.count_user_rows(intruder.id)).profiles == 0
