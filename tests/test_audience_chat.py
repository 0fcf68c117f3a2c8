"""/audience through the local Bot API server: the form as a distributor fills it (in Korean
and English), a KOBIS title, a title right after a result, bad input, restarts."""

from __future__ import annotations

import io
import re

from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, callback_answer, next_message, stop_bot

CAPTION_LIMIT = 1024


async def expired(user: SimulatedUser, data: str) -> None:
    """Press forged/stale ``data`` and expect "no longer active"."""
    user.press_data(1, data)
    event = await callback_answer(user)
    assert event.params.get("text") == "This button is no longer active."


def assert_forecast(api: LocalBotApiServer, event: BotEvent, title: str) -> list[str]:
    """A photo answer: the 80 % range, three factors in words, a JPEG chart of seven ranges."""
    assert event.method == "sendPhoto" and event.text.startswith(title), event.text[:200]
    assert len(event.text) <= CAPTION_LIMIT
    lines = event.text.splitlines()
    assert any("80%" in line for line in lines)
    assert sum(1 for line in lines if line.startswith("• ")) == 3
    assert event.message is not None
    chart = api.file_bytes(event.message["photo"][-1]["file_id"])
    with Image.open(io.BytesIO(chart)) as image:
        assert image.format == "JPEG" and image.height > 200
    assert event.buttons == [(event.buttons[0][0], "aud:again")]
    return lines


def assert_korean_reads_right(text: str) -> None:
    """Counts by 만, no leftover particle pairs, no English labels."""
    assert not re.search(r"\((을|를|이|가|은|는|와|과|으)\)", text)
    assert not re.search(r"\d,\d{3},\d{3}", text)  # 1,234,567 → 123만 4,567
    for english in ("screens", "Screens", "BPM", "IMAX", "Drama", "Crime", "Korea"):
        assert english not in text


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
    ask = await user.ask("2027.5.26")
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
    assert ask.buttons[0][0] == "Korea"  # Korea first
    ask = await user.ask("Korea")
    assert "Distributor (6/8)" in ask.text
    ask = await user.ask("CJ ENM")
    assert "✓ CJ ENM: found in the KOBIS records." in ask.text
    assert "Director (7/8)" in ask.text
    ask = await user.ask("봉준오")  # a typo: close names come back as buttons
    assert "I don't know “봉준오” exactly" in ask.text
    user.press(ask, "Bong Joon-ho")
    ask = await next_message(user)
    assert "✓ Bong Joon-ho" in ask.text and "Lead actor 1 (8/8)" in ask.text
    ask = await user.ask("송강호")
    assert "Lead actor 2" in ask.text and "Done" in [label for label, _ in ask.buttons]
    ask = await user.ask("Qwerty Uiop")
    assert "“Qwerty Uiop” isn't in the KOBIS records I have, so it counts as new" in ask.text
    user.press(ask, "Done")
    reply = await next_message(user)
    lines = assert_forecast(api, reply, "🎟 Predicted national audience")
    assert any("Qwerty Uiop (new)" in line and "Bong Joon-ho" in line for line in lines)
    assert "26 May 2027 · 1,000 screens · Crime · 15+ · Korea · CJ ENM" in reply.text
    assert "about" in lines[1] and "people" in lines[1]
    assert "My KOBIS data ends on 28 February 2025" in reply.text
    counts = await application.bot_data.repo.count_user_rows(1601)
    assert counts.predictions == 1 and counts.form_drafts == 0


async def test_the_form_as_a_korean_distributor_fills_it(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 16/17: "다음 달 15일", "1200개 정도", "15세", 한국 first, 에이비오 → the full name,
    three actors in one line; numbers and dates the Korean way; then a KOBIS title at once."""
    application = await start_bot(sqlite_url)
    user = api.user(1606, language_code="ko")
    user.press(await user.ask("/audience"), "📝 새 개봉작")
    await next_message(user)
    ask = await user.ask("다음 달 15일")
    assert "개봉 스크린 수 (2/8)" in ask.text
    ask = await user.ask("1200개 정도")
    assert "장르 (3/8)" in ask.text
    ask = await user.ask("범죄")
    assert "관람 등급 (4/8)" in ask.text
    assert [label for label, _ in ask.buttons[:4]] == [
        "전체관람가",
        "12세이상관람가",
        "15세이상관람가",
        "청소년관람불가",
    ]
    ask = await user.ask("15세")
    assert "제작 국가 (5/8)" in ask.text and ask.buttons[0][0] == "한국"
    user.press(ask, "한국")
    ask = await next_message(user)
    assert "배급사 (6/8)" in ask.text
    ask = await user.ask("에이비오")
    assert "새 인물" not in ask.text and "새 배급사" not in ask.text
    assert "에이비오엔터테인먼트" in [label for label, _ in ask.buttons]
    user.press(ask, "에이비오엔터테인먼트")
    ask = await next_message(user)
    assert "✓ 에이비오엔터테인먼트" in ask.text and "감독 (7/8)" in ask.text
    ask = await user.ask("이상용")
    assert "주연 배우 1 (8/8)" in ask.text
    user.send("마동석, 손석구, 최귀화")
    reply = await next_message(user)
    if reply.method != "sendPhoto":  # the notes of the three names, then the forecast
        assert "✓ 마동석" in reply.text and "✓ 손석구" in reply.text
        reply = await next_message(user)
    lines = assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert_korean_reads_right(reply.text)
    count = r"[\d,만억 ]+"
    assert re.search(rf"^약 {count}명 \(80% 범위 {count}~{count} 명\)$", lines[1]), lines[1]
    summary = (
        r"\d{4}년 \d{1,2}월 15일 · 스크린 1,200개 · 범죄 · 15세이상관람가 · 한국 · "
        r"에이비오엔터테인먼트 · 이상용 · 마동석, 손석구, 최귀화"
    )
    assert re.search(summary, reply.text)
    assert "예측을 가장 크게" in reply.text and "100만 명을 넘을 확률" in reply.text
    # A KOBIS title right after the result is answered too.
    again = await user.ask("범죄도시2")
    lines = assert_forecast(api, again, "🎟 예상 전국 관객 수")
    assert "범죄도시2" in again.text
    assert "2022년 5월 18일 개봉" in again.text
    assert "실제 관객 수(KOBIS): 1,269만 2,959명" in again.text
    assert_korean_reads_right(again.text)
    assert (await application.bot_data.repo.count_user_rows(1606)).predictions == 2


async def test_korean_form_rejects_bad_dates_and_screens(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1602, language_code="ko")
    user.press(await user.ask("/audience"), "📝 새 개봉작")
    await next_message(user)
    for text, expected in [
        ("2023-02-30", "없는 날짜예요"),
        ("1999-01-01", "2008년 이후 날짜"),
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
        ("많이", "스크린 수로 읽을 수 없어요"),
        ("99999", "최대 3,500개"),
        ("1e309", "스크린 수로 읽을 수 없어요"),
        ("30개", "50개 이하로 여는 개봉은"),  # outside the population: a note, no forecast
    ]:
        ask = await user.ask(text)
        assert expected in ask.text and "개봉 스크린 수" in ask.text
    ask = await user.ask("천이백 개")
    ask = await user.ask("로맨스 코미디")  # not a genre: tap a button
    assert "버튼 중 하나를 눌러 주세요" in ask.text
    ask = await user.ask("코미디")
    assert "관람 등급" in ask.text
    user.press(ask, "12세이상관람가")
    user.press(await next_message(user), "미국")
    assert "배급사" in (await next_message(user)).text
    assert "감독" in (await user.ask("없음")).text  # typed instead of Skip
    ask = await user.ask("없어요")
    assert "주연 배우 1" in ask.text
    user.press(ask, "건너뛰기")
    reply = await next_message(user)
    assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert_korean_reads_right(reply.text)
    assert (await application.bot_data.repo.count_user_rows(1602)).predictions == 1


async def test_done_typed_ends_the_actors(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1607, language_code="ko")
    user.press(await user.ask("/audience"), "📝 새 개봉작")
    await next_message(user)
    await user.ask("2027년 1월 15일")
    user.press(await user.ask("800"), "드라마")
    user.press(await next_message(user), "전체관람가")
    user.press(await next_message(user), "한국")
    await next_message(user)
    await user.ask("건너뛰기")
    ask = await user.ask("모름")
    assert "주연 배우 1" in ask.text
    ask = await user.ask("송강호")
    assert "주연 배우 2" in ask.text
    reply = await user.ask("다 했어요")
    assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "2027년 1월 15일 · 스크린 800개 · 드라마 · 전체관람가 · 한국 · 송강호" in reply.text


async def test_a_kobis_title_shows_the_actual_audience_beside_the_forecast(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1603)
    await user.ask("/audience")
    reply = await user.ask("범죄도시2")
    lines = assert_forecast(api, reply, "🎟 Predicted national audience")
    assert "The Roundup, released 18 May 2022" in reply.text  # the English title
    assert "Actual audience (KOBIS): 12,692,959 people" in lines
    assert "in the model's training data" in reply.text
    assert "My KOBIS data ends" not in reply.text
    user.press(reply, "🎟 Another film")
    await next_message(user)
    missing = await user.ask("qqzzxx vvbb")
    assert "couldn't find “qqzzxx vvbb”" in missing.text and "newer than my data" in missing.text
    assert "aud:new" in [d for _, d in missing.buttons]
    # in the catalogue (2023), but never in a KOBIS top list the data has: no forecast, no figure
    unlisted = await user.ask("코카인 베어")
    assert unlisted.method == "sendMessage" and "Actual audience" not in unlisted.text
    small = await user.ask("내일을 위한 시간")  # 44 screens: outside what the model learnt from
    assert "Actual audience (KOBIS): 38,558 people" in small.text
    assert "50 screens or fewer" in small.text and small.method == "sendMessage"


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
    ask = await user.ask("2027-05-31")
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
    await user.ask("2027-08-04")
    await stop_bot(api, application)
    await start_bot(sqlite_url)
    ask = await user.ask("800")
    assert "Genre (3/8)" in ask.text


async def test_films_of_2023_and_2024_are_answered_beside_their_actual_audience(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 21: films of the 2026 KOBIS files, found as KOBIS writes their titles (spacing
    ignored), with their actual audience beside the forecast."""
    await start_bot(sqlite_url)
    user = api.user(1608, language_code="ko")
    intro = await user.ask("/audience")
    assert "2026년 9월까지 개봉" in intro.text and "2025년 2월 개봉작까지" in intro.text
    reply = await user.ask("파묘")
    lines = assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "파묘, 2024년 2월 22일 개봉" in lines
    assert "실제 관객 수(KOBIS): 1,190만 2,097명" in lines
    assert "모델 학습에 쓰였으므로" in reply.text  # released before 2025-03: in training
    assert "KOBIS 데이터가" not in reply.text  # inside the data: no "after the data" note
    assert "2008년~2025년 2월" in reply.text
    assert_korean_reads_right(reply.text)
    again = await user.ask("서울의봄")  # typed without its space, right after a result
    assert_forecast(api, again, "🎟 예상 전국 관객 수")
    assert "서울의 봄, 2023년 11월 22일 개봉" in again.text
    assert "실제 관객 수(KOBIS): 1,311만 4,138명" in again.text
    english = api.user(1609)
    await english.ask("/audience")
    harbin = await english.ask("하얼빈")
    lines = assert_forecast(api, harbin, "🎟 Predicted national audience")
    assert "released 24 December 2024" in harbin.text
    assert "Actual audience (KOBIS): 4,900,863 people" in lines
    roundup = await english.ask("범죄도시4")
    assert "released 24 April 2024" in roundup.text and "Actual audience (KOBIS)" in roundup.text
    # a country outside the buttons' seven (홍콩): shown as KOBIS writes it, "Other" in English
    hong_kong = await english.ask("연소일기")
    assert_forecast(api, hong_kong, "🎟 Predicted national audience")
    assert "288 screens · Drama · 15+ · Other" in hong_kong.text
    korean = await user.ask("연소일기")
    assert "스크린 288개 · 드라마 · 15세이상관람가 · 홍콩" in korean.text


async def test_a_film_after_the_data_gets_a_forecast_and_no_actual_audience(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """A film of 2025-03 on is listed with its metadata only: found by title, the form asks
    only its screens, and the forecast says plainly that its actual audience is not in the
    data yet — no figure anywhere."""
    application = await start_bot(sqlite_url)
    user = api.user(1610, language_code="ko")
    await user.ask("/audience")
    ask = await user.ask("하이 파이브")  # KOBIS writes 하이파이브
    assert ask.method == "sendMessage"
    assert ask.text.startswith("하이파이브, 2025년 5월 30일 개봉")
    assert "실제 관객 수는 아직 CineMate 데이터에 없어요" in ask.text
    assert "2025년 2월 28일 개봉작까지" in ask.text
    assert "개봉 스크린 수 (1/1)" in ask.text and "실제 관객 수(KOBIS)" not in ask.text
    assert [label for label, _ in ask.buttons][:5] == ["100", "300", "600", "1,000", "1,500"]
    assert "aud:back" not in [data for _, data in ask.buttons]  # nothing was answered yet
    reply = await user.ask("1000개")
    lines = assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "하이파이브, 2025년 5월 30일 개봉" in lines
    assert "실제 관객 수는 아직 CineMate 데이터에 없어요." in lines
    assert "실제 관객 수(KOBIS)" not in reply.text and "적합값" not in reply.text
    assert "KOBIS 데이터가 2025년 2월 28일까지라서" in reply.text  # the latest market assumed
    assert "2025년 5월 30일 · 스크린 1,000개 · 코미디 · 15세이상관람가 · 한국" in reply.text
    assert "강형철" in reply.text
    assert_korean_reads_right(reply.text)
    assert (await application.bot_data.repo.count_user_rows(1610)).predictions == 1
    english = api.user(1611)
    await english.ask("/audience")
    ask = await english.ask("좀비딸")
    assert "not in CineMate's data yet" in ask.text and "Screens on opening (1/1)" in ask.text
    user_reply = await english.ask("abc")  # not a number: the same question again
    assert "not a number of screens" in user_reply.text
    english.press(user_reply, "600")
    reply = await next_message(english)
    lines = assert_forecast(api, reply, "🎟 Predicted national audience")
    assert "Its actual audience is not in CineMate's data yet." in lines
    assert "Actual audience (KOBIS)" not in reply.text
    assert "My KOBIS data ends on 28 February 2025" in reply.text
    assert "600 screens · Comedy · 12+ · Korea" in reply.text


async def test_a_film_after_the_data_named_in_free_text_opens_the_form_for_its_screens(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """ "좀비딸 관객 수 예측해줘" outside /audience: the film, the plain note and one button into
    the form that asks its screens; the answer carries the same note and no actual figure."""
    await start_bot(sqlite_url)
    user = api.user(1612, language_code="ko")
    cue = await user.ask("좀비딸 관객 수 예측해줘")
    assert cue.text.startswith("좀비딸, 2025년 7월 30일 개봉")
    assert "실제 관객 수는 아직 CineMate 데이터에 없어요" in cue.text
    (label, data), = cue.buttons  # fmt: skip
    assert data.startswith("aud:ask:") and "스크린 수" in label
    user.press(cue, data)
    ask = await next_message(user)
    assert "개봉 스크린 수 (1/1)" in ask.text
    reply = await user.ask("800")
    lines = assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "실제 관객 수는 아직 CineMate 데이터에 없어요." in lines
    assert "실제 관객 수(KOBIS)" not in reply.text
    assert "2025년 7월 30일 · 스크린 800개 · 코미디 · 12세이상관람가 · 한국" in reply.text
    user.press_data(1, "aud:ask:99999999")  # no such film: the button is refused
    assert (await callback_answer(user)).params.get("text") == "더 이상 사용할 수 없는 버튼이에요."


async def test_a_known_name_is_echoed_as_the_user_wrote_it(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 25: "CJ ENM" typed, "✓ 씨제이이엔엠: KOBIS 기록에 있어요" answered. The note now
    echoes the user's spelling of the same company, and so do the forecast's reasons and its
    summary line; "cj enm" typed in lower case is shown with the company's own capitals."""
    await start_bot(sqlite_url)
    user = api.user(1607, language_code="ko")
    user.press(await user.ask("/audience"), "📝 새 개봉작")
    await next_message(user)
    await user.ask("다음 달 15일")
    await user.ask("1200개")
    await user.ask("범죄")
    ask = await user.ask("15세")
    user.press(ask, "한국")
    ask = await next_message(user)
    assert "배급사 (6/8)" in ask.text
    ask = await user.ask("CJ ENM")
    assert "✓ CJ ENM: KOBIS 기록에 있어요." in ask.text and "씨제이이엔엠" not in ask.text
    assert "감독 (7/8)" in ask.text
    await user.ask("봉준호")
    ask = await user.ask("송강호")
    user.press(ask, "완료")
    reply = await next_message(user)
    assert_forecast(api, reply, "🎟 예상 전국 관객 수")
    assert "씨제이이엔엠" not in reply.text and " · CJ ENM · 봉준호 · 송강호" in reply.text

    user = api.user(1608, language_code="en")
    user.press(await user.ask("/audience"), "📝 New release")
    await next_message(user)
    for answer in ("2027.5.26", "1200", "Crime"):
        await user.ask(answer)
    user.press(await user.ask("15+"), "Korea")
    await next_message(user)
    ask = await user.ask("cj enm")
    assert "✓ CJ ENM: found in the KOBIS records." in ask.text
