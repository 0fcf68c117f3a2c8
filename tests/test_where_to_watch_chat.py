"""'Where can I watch X' in English and Korean, through the local Bot API server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.localapi import LocalBotApiServer
from handlers.where_to_watch import parse_where_question
from tests.conftest import BotFactory, callback_answer, onboard
from tests.fake_tmdb import API_KEY, FakeTmdb, Mode


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("where can I watch Toy Story?", "Toy Story"),
        ("Where do I stream The Matrix", "The Matrix"),
        ("where to watch 'Heat'", "Heat"),
        ("where is Inception streaming?", "Inception"),
        ("Toy Story 어디서 봐?", "Toy Story"),
        ("매트릭스는 어디서 볼 수 있어요", "매트릭스"),
        ("어디서 Heat 볼 수 있어?", "Heat"),
        ("Titanic 어디서", "Titanic"),
        ("I love Toy Story", None),
        ("where", None),
        ("어디서 봐", None),
    ],
)
def test_where_questions_are_recognised_and_the_title_extracted(
    text: str, title: str | None
) -> None:
    assert parse_where_question(text) == title


async def test_where_can_i_watch_answers_with_platforms_subscriptions_first(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(901)
    await onboard(user, platforms=("max",))
    answer = await user.ask("where can I watch The Matrix?")
    assert answer.text.startswith("📺 The Matrix (1999)")
    stream_line = next(line for line in answer.text.splitlines() if "Stream" in line)
    # The user's own service comes first and is marked; every offline row names region + year.
    assert stream_line.index("✅ Max") < stream_line.index("Netflix")
    assert "(US 20" in stream_line
    assert "offline lists" in answer.text


async def test_korean_question_ambiguous_title_and_unknown_title(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(902, language_code="ko")
    answer = await user.ask("Toy Story 어디서 봐?")
    assert "Toy Story (1995)" in answer.text and "구독" in answer.text
    choices = await user.ask("/where star wars")
    assert choices.buttons and all(d.startswith("wtw:") for _, d in choices.buttons)
    user.press(choices, 0)
    assert "📺" in (await user.reply()).text
    assert "찾지 못했어요" in (await user.ask("/where qqzzxxvvkk")).text
    assert "예:" in (await user.ask("/where")).text


async def test_a_film_without_data_is_never_called_not_streaming(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    catalogue, availability = application.bot_data.catalogue, application.bot_data.availability
    known = [m for m in (catalogue.get(i) for i in range(1, 3000)) if m is not None]
    movie = next(
        m
        for m in sorted(known, key=lambda m: -m.ratings)
        if not availability.lookup(m.movie_id).has_data
    )
    user = api.user(903)
    user.press_data(1, f"wtw:{movie.movie_id}")
    answer = await user.reply()
    assert "no streaming data" in answer.text and "doesn't mean it isn't streaming" in answer.text
    # A forged id that is not in the catalogue changes nothing.
    user.press_data(1, "wtw:999999999")
    event = await callback_answer(user)
    assert "no longer active" in event.params["text"]


async def test_live_tmdb_answer_is_cached_and_falls_back_to_the_offline_table(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    async with FakeTmdb() as tmdb:
        tmdb.answer(603, Mode.OK)  # The Matrix
        tmdb.answer(862, Mode.SERVER_ERROR)  # Toy Story
        tmdb.answer(680, Mode.SLOW)  # Pulp Fiction
        application = await start_bot(
            database_url,
            tmdb_api_key=API_KEY,
            tmdb_base_url=tmdb.base_url,
            tmdb_region="KR",
            tmdb_timeout_s=0.5,
        )
        user = api.user(904, language_code="en")
        await onboard(user, platforms=("watcha",))
        live = await user.ask("where can I watch The Matrix")
        lines = live.text.splitlines()
        stream = next(line for line in lines if line.startswith("📺 Stream"))
        assert stream.index("✅ Watcha") < stream.index("Netflix")  # the user's service first
        assert any(line.startswith("💳 Rent") for line in lines)  # rent and buy kept apart
        assert any(line.startswith("🛒 Buy") for line in lines)
        assert "Region KR" in live.text and "JustWatch" in live.text
        assert (await user.ask("where can I watch The Matrix")).text == live.text
        assert tmdb.requests[603] == 1  # the second answer came from the database cache

        # TMDB failing or too slow: the offline table answers instead, and says so.
        for title in ("Toy Story", "Pulp Fiction"):
            fallback = await user.ask(f"where can I watch {title}")
            assert "offline lists" in fallback.text and "(US 20" in fallback.text
            assert API_KEY not in fallback.text
        cached = await application.bot_data.repo.get_cached_availability(
            603, "KR", timedelta(hours=1)
        )
        assert cached is not None
