"""Inline mode and the film card's deep link, through the real python-telegram-bot client against
the local Bot API server: ``@CineMate <title>`` answered with answerInlineQuery (checked as
Telegram checks it), the user's services first, popular films for an empty query, and the
result's button (``/start film_<id>``) opening the card in the private chat."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import BadRequest

from bot.application import CineApp
from bot.localapi import LocalBotApiServer, SimulatedUser
from bot.localapi.server import InlineAnswer
from tests.conftest import BotFactory, onboard, reach_age_step


def _url(result: dict[str, Any]) -> str:
    return str(result["reply_markup"]["inline_keyboard"][0][0]["url"])


def _start_parameter(result: dict[str, Any]) -> str:
    """What Telegram sends after ``/start`` when the result's button is opened."""
    parts = urlsplit(_url(result))
    assert parts.scheme == "https" and parts.netloc == "t.me"
    return parse_qs(parts.query)["start"][0]


def _card_text(result: dict[str, Any]) -> str:
    return str(result["input_message_content"]["message_text"])


def _film_id(result: dict[str, Any]) -> int:
    return int(_start_parameter(result).removeprefix("film_"))


def _parasite(app: CineApp) -> int:
    movie = app.bot_data.catalogue.find("Parasite", 2019)
    assert movie is not None
    return movie.movie_id


def _rows(path: str, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, args).fetchall()


async def test_an_inline_query_from_a_user_never_seen_is_answered_with_films(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    parasite = _parasite(app)
    korean = api.user(4101, language_code="ko")
    answer = await korean.ask_inline("기생충")
    assert 1 <= len(answer.results) <= 10
    assert answer.is_personal and answer.cache_time is not None and answer.cache_time <= 60
    first = answer.results[0]
    assert first["type"] == "article" and first["id"] == f"film_{parasite}"
    assert first["title"] == "기생충 (2019)"  # the Korean title in Korean mode, and the year
    assert _url(first) == f"https://t.me/cinemate_bot?start=film_{parasite}"
    assert first["reply_markup"]["inline_keyboard"][0][0]["text"] == "CineMate에서 열기"
    card = _card_text(first)
    assert card.startswith("🎬 <b>기생충</b> (Parasite, 2019)")
    assert "넷플릭스" in card and "2023년 5월" in card  # the Korean lists of the user's region
    assert "넷플릭스" in first["description"]

    english = api.user(4102, language_code="en")
    answer = await english.ask_inline("parasite")
    assert answer.results[0]["id"] == f"film_{parasite}"
    assert answer.results[0]["title"].startswith("Parasite (2019)")
    assert len({r["id"] for r in answer.results}) == len(answer.results) <= 10

    # typed in another chat: nothing stored as a message, no user row made for it
    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    for user in (4101, 4102):
        assert _rows(path, "SELECT * FROM users WHERE telegram_id = ?", user) == []
    assert _rows(path, "SELECT count(*) FROM inbound_messages") == [(0,)]


async def test_the_users_services_come_first_and_an_empty_query_lists_films_on_them(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    offline = app.bot_data.availability
    user = api.user(4201, language_code="en")
    await onboard(user, platforms=("watcha",))
    answer = await user.ask_inline("parasite")
    first = answer.results[0]
    assert first["id"] == f"film_{_parasite(app)}"
    assert first["description"].splitlines()[1].startswith("📺 ✅ Watcha")
    card = _card_text(first)
    assert "✅ " in card and card.index("Watcha") < card.index("Netflix")

    popular = await user.ask_inline("")
    assert len(popular.results) == 10 and popular.is_personal
    for result in popular.results:
        assert offline.lookup(_film_id(result), "KR").on("watcha"), result["title"]
        assert result["description"].splitlines()[1].startswith("📺 ✅ Watcha")

    stranger = api.user(4202, language_code="ko")  # no services: popular in Korea
    anyone = await stranger.ask_inline("   ")
    assert len(anyone.results) == 10
    assert all(offline.lookup(_film_id(r), "KR").has_data for r in anyone.results)
    assert [r["id"] for r in anyone.results] != [r["id"] for r in popular.results]

    nothing = await stranger.ask_inline("qqxzqqxzqqxz")
    assert nothing.results == []


async def test_the_deep_link_opens_the_films_card_in_the_private_chat(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    parasite = _parasite(app)
    newcomer = api.user(4301, language_code="ko")
    answer = await newcomer.ask_inline("기생충")
    card = await newcomer.ask(f"/start {_start_parameter(answer.results[0])}")
    assert card.text.startswith("📺 기생충 (Parasite, 2019)")
    assert "넷플릭스" in card.text
    assert "/start" in card.text.splitlines()[-1]  # not set up yet: invited to /start
    data = [d for _, d in card.buttons]
    for expected in (f"rec:fb:like:{parasite}", f"rec:fb:dislike:{parasite}",
                     f"rec:wl:{parasite}", f"like:{parasite}"):  # fmt: skip
        assert expected in data
    assert any(label == "➕ 찜하기" for label, _ in card.buttons)

    # /start alone still starts onboarding, and a stale link is said plainly
    hello = await newcomer.ask("/start")
    assert [d for _, d in hello.buttons] == ["onb:lang:ko", "onb:lang:en"]
    unknown = await newcomer.ask("/start film_999999999")
    assert "찾지 못했어요" in unknown.text

    member = api.user(4302, language_code="en")
    await onboard(member)
    card = await member.ask(f"/start film_{parasite}")
    assert card.text.startswith("📺 Parasite (기생충, 2019)")
    assert "/start" not in card.text
    member.press(card, "➕ Watchlist")
    await member.reply()  # the button marked
    assert parasite in (await app.bot_data.repo.get_taste(member.id)).watchlist


async def test_an_inline_query_mid_onboarding_leaves_the_step_alone(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(4401)
    await reach_age_step(user)
    answer = await user.ask_inline("the matrix")
    assert answer.results and answer.results[0]["title"] == "The Matrix (1999)"
    assert api.pending_events(user.id) == 0  # nothing said in the private chat
    gender = await user.ask("27")
    assert any(d.startswith("onb:gender:") for _, d in gender.buttons)


# -- the local server checks answerInlineQuery as Telegram does ---------------------------------


@pytest.fixture
async def bot(api: LocalBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


def _article(result_id: str, url: str = "https://t.me/cinemate_bot?start=film_1",
             title: str = "Film") -> InlineQueryResultArticle:  # fmt: skip
    button = InlineKeyboardButton("Open", url=url)
    return InlineQueryResultArticle(
        result_id, title, InputTextMessageContent("<b>Film</b>", parse_mode="HTML"),
        reply_markup=InlineKeyboardMarkup([[button]]),
    )  # fmt: skip


async def _answered(user: SimulatedUser, query_id: str) -> InlineAnswer:
    return await user.inline_answer(query_id, timeout=1)


async def test_get_me_has_a_username_and_answers_are_recorded(
    api: LocalBotApiServer, bot: Bot
) -> None:
    assert (await bot.get_me()).username == "cinemate_bot"
    user = api.user(4501)
    query_id = user.inline_query("film")
    await bot.answer_inline_query(query_id, [_article("a"), _article("b")], cache_time=5,
                                  is_personal=True)  # fmt: skip
    answer = await _answered(user, query_id)
    assert [r["id"] for r in answer.results] == ["a", "b"]
    assert (answer.query, answer.user_id, answer.cache_time, answer.is_personal) == (
        "film",
        4501,
        5,
        True,
    )
    assert answer.latency_ms >= 0
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):  # answered once
        await bot.answer_inline_query(query_id, [])


@pytest.mark.parametrize(
    ("results", "error"),
    [
        ([_article(str(i)) for i in range(51)], "RESULTS_TOO_MUCH"),
        ([_article("same"), _article("same")], "RESULT_ID_DUPLICATE"),
        ([_article("x" * 65)], "RESULT_ID_INVALID"),
        ([_article("a", url="not a url")], "BUTTON_URL_INVALID"),
        ([_article("a", url="ftp://example.com/x")], "BUTTON_URL_INVALID"),
    ],
)
async def test_invalid_inline_answers_are_refused(
    api: LocalBotApiServer, bot: Bot, results: list[InlineQueryResultArticle], error: str
) -> None:
    user = api.user(4502)
    query_id = user.inline_query("x")
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.answer_inline_query(query_id, results)
    await bot.answer_inline_query(query_id, [_article("ok")])  # still open after a refusal
    assert (await _answered(user, query_id)).results[0]["id"] == "ok"


async def test_an_article_needs_a_title_and_a_valid_message(
    api: LocalBotApiServer, bot: Bot
) -> None:
    user = api.user(4503)
    query_id = user.inline_query("x")
    with pytest.raises(BadRequest, match=r"(?i)result_title_empty"):
        await bot.answer_inline_query(query_id, [_article("a", title=" ")])
    broken = InlineQueryResultArticle("b", "t", InputTextMessageContent("<b>x", parse_mode="HTML"))
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.answer_inline_query(query_id, [broken])
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_inline_query("not-a-query", [_article("a")])


async def test_the_deep_link_mid_onboarding_shows_the_card_and_onboarding_goes_on(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(4601)
    await reach_age_step(user)
    card = await user.ask(f"/start film_{_parasite(app)}")
    assert card.text.startswith("📺 Parasite (기생충, 2019)")
    assert "/start" not in card.text  # setting up right now: no invitation
    back = await user.reply(timeout=3)
    assert "how old are you" in back.text
    gender = await user.ask("27")
    assert any(d.startswith("onb:gender:") for _, d in gender.buttons)
