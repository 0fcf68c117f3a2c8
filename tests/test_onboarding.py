"""Onboarding end to end through the real client and the local Bot API server."""

from __future__ import annotations

import asyncio
import sqlite3

from bot.localapi import LocalBotApiServer
from tests.conftest import BotFactory, onboard, reach_age_step, reach_subscriptions_step


async def test_onboarding_writes_profile_to_a_real_sqlite_file(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(501, language_code="ko")
    await onboard(
        user,
        language="ko",
        age="34세",
        gender="male",
        platforms=("watcha", "tving", "watcha", "netflix"),
    )

    path = sqlite_url.split(":///", 1)[1]
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT u.language, p.age, p.gender, p.onboarded_at IS NOT NULL FROM users u "
            "JOIN profiles p ON p.user_id = u.id WHERE u.telegram_id = 501"
        ).fetchone()
        subs = [
            r[0]
            for r in connection.execute(
                "SELECT platform FROM subscriptions s JOIN users u ON u.id = s.user_id "
                "WHERE u.telegram_id = 501 ORDER BY platform"
            )
        ]
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert row == ("ko", 34, "male", 1)
    assert subs == ["netflix", "tving"]  # watcha toggled on and off again
    assert journal == "wal"


async def test_onboarding_speaks_the_chosen_language(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    await start_bot(database_url)
    user = api.user(502, language_code="en")
    prompt = await user.ask("/start")
    assert "CineMate" in prompt.text
    user.press(prompt, "onb:lang:ko")
    assert (await user.reply()).text == "언어: 한국어 ✓"
    assert "나이" in (await user.reply()).text
    profile = await user.ask("/profile")
    assert "/start" in profile.text and "프로필" in profile.text


async def test_profile_shows_and_edits_fields(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url)
    user = api.user(503)
    await onboard(user, age="40")
    profile = await user.ask("/profile")
    assert "Age: 40" in profile.text and "Netflix" in profile.text
    user.press(profile, "prof:edit:age")
    assert "new age" in (await user.reply()).text
    assert "between 5 and 120" in (await user.ask("300")).text
    assert (await user.ask("41")).text == "Saved ✓"
    assert "Age: 41" in (await user.reply()).text
    # An edit button on the older /profile message still works.
    user.press(profile, "prof:edit:subs")
    subs = await user.reply()
    user.press(subs, "prof:sub:wavve")
    subs = await user.reply()
    user.press(subs, "prof:sub:done")
    await user.reply()  # keyboard removed
    assert (await user.reply()).text == "Saved ✓"
    assert "Netflix, Wavve" in (await user.reply()).text
    stored = await application.bot_data.repo.get_profile(503)
    assert stored is not None and stored.age == 41
    assert stored.subscriptions == ("netflix", "wavve")


async def test_returning_user_is_welcomed_back_and_can_start_over(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(504)
    await onboard(user)
    welcome = await user.ask("/start")
    assert "Welcome back" in welcome.text
    user.press(welcome, "onb:restart")
    assert "Choose your language" in (await user.reply()).text


async def test_command_menu_is_registered_in_korean_and_english(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    assert {c["command"] for c in api.commands["ko"]} >= {"start", "profile", "forget", "help"}
    assert api.commands["ko"][0]["description"] == "프로필 설정"
    assert api.commands["en"][0]["description"] == "Set up your profile"


async def test_a_double_tap_runs_each_step_once_in_order(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(505)
    subs = await reach_subscriptions_step(user, age="30", gender="male")
    for _ in range(3):  # three quick taps on Netflix: on, off, on
        user.press(subs, "onb:sub:netflix")
    user.press(subs, "onb:sub:done")
    user.press(subs, "onb:sub:done")  # the second Done arrives after the flow ended
    # 3 × (answer + edited keyboard), Done: answer + keyboard removed + summary, 1 expired answer
    events = [await user.next_event() for _ in range(10)]
    finished = [e for e in events if e.kind == "message" and "All set" in e.text]
    expired = [e for e in events if e.kind == "callback_answer" and e.params.get("text")]
    assert len(finished) == 1 and "Netflix" in finished[0].text
    assert len(expired) == 1 and "no longer active" in expired[0].params["text"]
    profile = await application.bot_data.repo.get_profile(505)
    assert profile is not None and profile.subscriptions == ("netflix",)
    await asyncio.sleep(0.2)
    assert api.pending_events(505) == 0


async def test_one_button_per_film_label_among_the_candidates(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """The catalogue holds two "Aladdin (1992)" (Disney's and another studio's): the user gets
    one button of that label, the better match (issue 25), and the other candidates still."""
    await start_bot(sqlite_url)
    user = api.user(5202)
    await reach_age_step(user)
    gender_prompt = await user.ask("27")
    user.press(gender_prompt, "onb:gender:female")
    await user.reply()  # gender confirmed
    await user.reply()  # the favourites question
    candidates = await user.ask("Aladdin")
    labels = [label for label, _ in candidates.buttons]
    assert len(labels) == len(set(labels)) and labels.count("Aladdin (1992)") == 1
    assert "Aladdin (2019)" in labels and len(labels) >= 4
    assert dict(candidates.buttons)["Aladdin (1992)"] == "onb:fav:add:588"  # Disney's


async def test_the_korean_summary_and_profile_count_films_in_pyeon(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 25: "좋아하는 영화: 12" in the set-up summary and /profile reads "12편", and the
    commands stand alone ("이제 추천을 받아 보세요: /recommend", not "/recommend 로")."""
    await start_bot(sqlite_url)
    user = api.user(504, language_code="ko")
    subs = await reach_subscriptions_step(user, language="ko")
    assert "구독 중인 서비스를 모두 골라 주세요" in subs.text and "OTT" not in subs.text
    user.press(subs, "onb:sub:netflix")
    user.press(await user.reply(), "onb:sub:done")
    await user.reply()  # keyboard removed
    done = await user.reply()
    assert "좋아하는 영화: 10편" in done.text
    assert "이제 추천을 받아 보세요: /recommend" in done.text and "/recommend 로" not in done.text
    profile = await user.ask("/profile")
    assert "좋아하는 영화: 10편" in profile.text
