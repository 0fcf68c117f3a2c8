"""/audience through the local Bot API server: the form, a KOBIS title, bad input, restarts."""

from __future__ import annotations

import io
import re

from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, callback_answer, next_message, stop_bot


async def expired(user: SimulatedUser, data: str) -> None:
    """Press forged/stale ``data`` and expect "no longer active"."""
    user.press_data(1, data)
    event = await callback_answer(user)
    assert event.params.get("text") == "This button is no longer active."


def numbers(line: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", line)]


def assert_forecast(api: LocalBotApiServer, event: BotEvent, title: str) -> list[str]:
    """A photo answer: point inside its 80 % range, three factors, a JPEG chart of seven ranges."""
    assert event.method == "sendPhoto" and event.text.startswith(title)
    lines = event.text.splitlines()
    point, eighty, low, high = numbers(next(line for line in lines if "80%" in line))
    assert eighty == 80 and low <= point <= high
    assert sum(1 for line in lines if line.startswith("• ")) == 3
    assert event.message is not None
    chart = api.file_bytes(event.message["photo"][-1]["file_id"])
    with Image.open(io.BytesIO(chart)) as image:
        assert image.format == "JPEG" and image.height > 200
    assert event.buttons == [(event.buttons[0][0], "aud:again")]
    return lines


async def test_new_release_step_by_step_with_known_and_new_names(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1601)
    intro = await user.ask("/audience")
    assert "Box-office forecast" in intro.text
    user.press(intro, "📝 New release")
    ask = await next_message(user)
    assert "Release date (1/8)" in ask.text
    ask = await user.ask("2023.5.31")
    assert "Screens on opening (2/8)" in ask.text
    user.press(ask, "1,000")
    ask = await next_message(user)
    assert "Genre (3/8)" in ask.text and len(ask.buttons) >= 21
    user.press(ask, "Action")
    ask = await next_message(user)
    user.press(ask, "◀ Back")  # undo the genre
    ask = await next_message(user)
    assert "Genre (3/8)" in ask.text
    user.press(ask, "Crime")
    ask = await next_message(user)
    assert "Rating (4/8)" in ask.text
    user.press(ask, "15+")
    ask = await next_message(user)
    assert "Country of production (5/8)" in ask.text
    ask = await user.ask("Korea")
    assert "Distributor (6/8)" in ask.text
    ask = await user.ask("CJ ENM")
    assert "✓ 씨제이이엔엠: found in the KOBIS records." in ask.text
    assert "Director (7/8)" in ask.text
    ask = await user.ask("봉준오")  # a typo: close names come back as buttons
    assert "I don't know “봉준오” exactly" in ask.text
    user.press(ask, "봉준호")
    ask = await next_message(user)
    assert "✓ 봉준호" in ask.text and "Lead actor 1 (8/8)" in ask.text
    ask = await user.ask("송강호")
    assert "Lead actor 2" in ask.text and "Done" in [label for label, _ in ask.buttons]
    ask = await user.ask("Qwerty Uiop")
    assert "“Qwerty Uiop” isn't in the KOBIS records I have, so it counts as new" in ask.text
    user.press(ask, "Done")
    reply = await next_message(user)
    lines = assert_forecast(api, reply, "🎟 Predicted national audience")
    assert any("Qwerty Uiop (new)" in line and "봉준호" in line for line in lines)
    assert "2023-05-31 · 1,000 screens · Crime · 15+ · Korea" in reply.text
    trained = application.bot_data.audience.trained_through.isoformat()
    assert f"after the end of the training data ({trained})" in reply.text
    counts = await application.bot_data.repo.count_user_rows(1601)
    assert counts.predictions == 1 and counts.form_drafts == 0


async def test_korean_form_rejects_bad_dates_and_screens(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1602, language_code="ko")
    user.press(await user.ask("/audience"), "📝 새 개봉작")
    await next_message(user)
    for text, expected in [
        ("2023-02-30", "없는 날짜예요"),
        ("1999-01-01", "2003년 이후 날짜"),
        ("2099-01-01", "3년 이내 개봉작만"),
        ("다음 주쯤", "날짜로 읽을 수 없어요"),
    ]:
        ask = await user.ask(text)
        assert expected in ask.text and "개봉일" in ask.text  # the same question again
    ask = await user.ask("5/31")
    assert "개봉 스크린 수" in ask.text
    for text, expected in [
        ("0", "1개 이상"),
        ("-5", "1개 이상"),
        ("많이", "스크린 수가 아니에요"),
        ("99999", "최대 3,500개"),
        ("1e309", "스크린 수가 아니에요"),
    ]:
        ask = await user.ask(text)
        assert expected in ask.text and "개봉 스크린 수" in ask.text
    ask = await user.ask("1,200개")
    ask = await user.ask("로맨스 코미디")  # not a genre: tap a button
    assert "버튼 중 하나를 눌러 주세요" in ask.text
    ask = await user.ask("코미디")
    assert "관람 등급" in ask.text
    user.press(ask, "12세관람가")
    user.press(await next_message(user), "미국")
    for _ in range(3):  # distributor, director, actors: skip
        user.press(await next_message(user), "건너뛰기")
    reply = await next_message(user)
    assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "가장 가능성 높은 구간" in reply.text and "명" in reply.text
    assert (await application.bot_data.repo.count_user_rows(1602)).predictions == 1


async def test_a_kobis_title_shows_the_actual_audience_beside_the_prediction(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1603)
    await user.ask("/audience")
    reply = await user.ask("범죄도시2")
    lines = assert_forecast(api, reply, "🎟 Predicted national audience")
    assert "범죄도시2, released 2022-05-18" in reply.text
    assert numbers(next(line for line in lines if line.startswith("Actual audience"))) == [
        12_692_959
    ]
    assert "in the model's training data" in reply.text
    assert "after the end of the training data" not in reply.text
    user.press(reply, "🎟 Another film")
    await next_message(user)
    missing = await user.ask("qqzzxx vvbb")
    assert "couldn't find “qqzzxx vvbb”" in missing.text
    assert "aud:new" in [d for _, d in missing.buttons]


async def test_forged_buttons_and_media_change_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1604)
    user.press(await user.ask("/audience"), "📝 New release")
    await next_message(user)
    for data in ("aud:g:99", "aud:g:1", "aud:s:777", "aud:pick:0", "aud:asnew", "aud:film:3"):
        await expired(user, data)  # wrong step, unknown preset, nothing pending
    user.send_sticker()
    assert "type your answer" in (await user.reply()).text
    ask = await user.ask("2023-05-31")
    assert "Screens" in ask.text  # the form went on at the right step
    assert (await application.bot_data.repo.count_user_rows(1604)).predictions == 0
    assert (await user.ask("/cancel")).text.startswith("Cancelled.")
    assert (await application.bot_data.repo.count_user_rows(1604)).form_drafts == 0


async def test_the_form_continues_after_a_restart(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1605)
    user.press(await user.ask("/audience"), "📝 New release")
    await next_message(user)
    await user.ask("2024-08-01")
    await stop_bot(api, application)
    await start_bot(sqlite_url)
    ask = await user.ask("800")
    assert "Genre (3/8)" in ask.text
