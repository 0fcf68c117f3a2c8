"""Messages as people type them, through the real python-telegram-bot client and the local Bot API
server: the examples of issue 22 answered as meant — a film anywhere in a sentence, requests in
slang, small talk about the bot, gibberish, insults and things CineMate does not do."""

from __future__ import annotations

import pytest

from bot.localapi import LocalBotApiServer
from tests.conftest import BotFactory, next_message
from tests.test_conversation import MENU, data, latest_list


@pytest.mark.parametrize(
    ("language", "text", "film"),
    [
        ("ko", "오펜하이머 아직 극장에서만 해?", "오펜하이머"),
        ("en", "hey where can I watch the matrix tonight", "The Matrix"),
        ("en", "is Dune on netflix or nah", "Dune"),
        ("en", "Jaws streaming where", "Jaws"),
        ("ko", "넷플에 기생충 있음??", "기생충"),
    ],
)
async def test_a_film_anywhere_in_a_where_to_watch_question(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    film: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7201, language_code=language)
    reply = await user.ask(text)
    assert film in reply.text.splitlines()[0], reply.text


async def test_a_film_question_that_names_a_person_is_about_the_film(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7202, language_code="en")
    answer = await user.ask("Was The Shining directed by Kubrick?")
    assert "The Shining" in answer.text and "Stanley Kubrick" in answer.text
    card = await next_message(user)
    assert any(d.startswith("rec:wl:") for d in data(card))


async def test_films_like_a_film_typed_without_spaces(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(7203, language_code="ko")
    reply = await user.ask("헤어질결심 너무 좋았는데 비슷한거")
    assert "헤어질 결심" in reply.text
    seed = (await latest_list(app, 7203))["input"]["request"]["seed"]  # type: ignore[index]
    assert app.bot_data.catalogue.get(seed).title == "Decision to Leave"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "romantic comedy recs please 🥺", {"genres": ["Romance", "Comedy"]}),
        ("ko", "넷플에 볼만한 거 있음?", {"service": "netflix"}),
        ("en", "hidden gems on watcha?", {"service": "watcha"}),
    ],
)
async def test_requests_in_chat_language_get_a_list(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: dict[str, object],
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(7204, language_code=language)
    reply = await user.ask(text)
    assert "1/" in reply.text, reply.text
    request = (await latest_list(app, 7204))["input"]["request"]  # type: ignore[index]
    for key, value in expected.items():
        assert (
            request[key] == value
            if not isinstance(value, list)
            else set(request[key]) == set(value)
        )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ko", "너 누구야?"),
        ("en", "who made you"),
        ("en", "are you a bot?"),
        ("ko", "넌 이름이 뭐야"),
    ],
)
async def test_small_talk_about_the_bot(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, language: str, text: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7205, language_code=language)
    reply = await user.ask(text)
    assert "CineMate" in reply.text and ("봇" in reply.text or "bot" in reply.text)
    assert "아직 모르는 영화" not in reply.text and tuple(data(reply)) == MENU


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "translate hello into japanese", "not something I can help with"),
        ("en", "asdfghjkl", "not something I can help with"),
        ("ko", "ㅁㄴㅇㄹㅁㄴㅇㄹ", "도와드리기 어려워요"),
        ("ko", "노래 추천해줘", "도와드리기 어려워요"),
        ("ko", "넌 진짜 멍청하다", "죄송해요"),
        ("en", "you're useless lol", "Sorry"),
    ],
)
async def test_what_cineMate_does_not_do_gets_the_menu(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7206, language_code=language)
    reply = await user.ask(text)
    assert expected in reply.text, reply.text
    assert tuple(data(reply)) == MENU


@pytest.mark.parametrize(
    ("language", "text", "song"),
    [("ko", "아이유 좋은날 영화로 치면 무슨 장르야", "좋은 날")],
)
async def test_a_song_question_in_a_sentence_is_a_song(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    song: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7207, language_code=language)
    reply = await user.ask(text)
    assert reply.method == "sendPhoto" and song in reply.text


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [("ko", "봉준호 감독 영화 뭐있지", "봉준호"), ("en", "what has zendaya been in", "Zendaya")],
)
async def test_questions_about_people_get_their_films(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    name: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7208, language_code=language)
    reply = await user.ask(text)
    assert name in reply.text, reply.text
