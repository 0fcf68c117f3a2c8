"""Where to watch, through the local Bot API server: Korean and English questions, the user's
region, the Korean lists, ambiguous and unknown titles, and TMDB live (a local fake)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.localapi import LocalBotApiServer, SimulatedUser
from inference.catalogue.films import JUSTWATCH_ID_BASE
from inference.catalogue.questions import QuestionReader
from tests.conftest import BotFactory, callback_answer, next_message, onboard
from tests.fake_tmdb import API_KEY, FakeTmdb, Mode, garden_result, providers


@pytest.mark.parametrize(
    ("text", "titles", "service"),
    [
        ("where can I watch Toy Story?", ("Toy Story",), None),
        ("Where do I stream The Matrix", ("The Matrix",), None),
        ("where to watch 'Heat'", ("Heat",), None),
        ("where is Inception streaming?", ("Inception",), None),
        ("is the matrix on netflix?", ("the matrix",), "netflix"),
        ("Can I watch Heat on Disney+?", ("Heat",), "disney_plus"),
        ("where can I watch?", (), None),
        ("기생충 어디서 봐?", ("기생충",), None),
        ("기생충 넷플릭스에 있어?", ("기생충",), "netflix"),
        ("넷플릭스에 기생충 있어?", ("기생충",), "netflix"),
        ("혹시 기생충 지금 티빙에 있나요?", ("기생충",), "tving"),
        ("올드보이 볼 수 있는 곳", ("올드보이",), None),
        ("살인의 추억 볼 데 있나", ("살인의 추억",), None),
        ("센과 치히로의 행방불명 어디서 봐", ("센과 치히로의 행방불명",), None),
        ("헤어질 결심 왓챠에서 볼 수 있나요", ("헤어질 결심",), "watcha"),
        ("나는 전설이다 넷플릭스에 있니", ("나는 전설이다",), "netflix"),
        ("어디서 Heat 볼 수 있어?", ("Heat",), None),
        ("Toy Story 어디서 봐?", ("Toy Story",), None),
        ("매트릭스는 어디서 볼 수 있어요", ("매트릭스는", "매트릭스"), None),  # both readings
        ("너의 이름은. 어디서 봐요", ("너의 이름은.", "너의 이름"), None),  # … the search picks
        ("“기생충” 어디서 봐요?", ("기생충",), None),
        ("어디서 봐", (), None),  # a question without a film: "which film?"
    ],
)
def test_questions_are_recognised_and_the_title_taken_out(
    text: str, titles: tuple[str, ...], service: str | None
) -> None:
    question = QuestionReader().where_question(text)
    assert question is not None
    assert (question.titles, question.service) == (titles, service)


@pytest.mark.parametrize(
    "text",
    ["I love Toy Story", "where", "기생충", "올드보이", "재밌는 영화 추천해줘",
     "넷플릭스에 있는 한국 스릴러 추천해줘", "energy 0.8 valence 0.3"],
)  # fmt: skip
def test_other_messages_are_not_questions(text: str) -> None:
    assert QuestionReader().where_question(text) is None


def html_of(event: object) -> str:
    """The HTML the bot sent (the event's text has the markup removed)."""
    return str(getattr(event, "params", {}).get("text") or "")


async def set_region(user: SimulatedUser, region: str) -> None:
    """/profile → 🌍 Region → the region's button (returns after the new summary)."""
    shown = await user.ask("/profile")
    user.press(shown, "prof:edit:region")
    choice = await user.reply()
    user.press(choice, f"prof:region:{region}")
    await user.reply()  # keyboard removed
    await user.reply()  # "Saved"
    await user.reply()  # the profile again


async def test_a_korean_user_gets_the_korean_lists_with_links_and_dates(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(951, language_code="ko")
    await onboard(user, language="ko", platforms=("watcha", "tving"))
    answer = await user.ask("기생충 어디서 봐?")
    lines = answer.text.splitlines()
    assert lines[0] == "📺 기생충 (Parasite, 2019)"
    stream = next(line for line in lines if line.startswith("📺 구독"))
    assert stream.index("✅ 왓챠") < stream.index("넷플릭스") < stream.index("웨이브")
    assert "🛒 대여·구매: 구글 플레이" in lines  # a store, never called a subscription
    assert "❔ 정보 없음: 티빙" in lines  # TVING was not crawled: no data, not "absent"
    assert "2023년 5월 기준" in lines[-1]
    sent = html_of(answer)
    assert 'href="https://www.netflix.com/search?q=%EA%B8%B0%EC%83%9D%EC%B6%A9"' in sent
    assert 'href="https://www.justwatch.com/kr/' in sent
    assert answer.text.count("JustWatch") == 1  # the credit is the link, not said twice
    for us_only in ("Max", "맥스", "Hulu", "훌루", "(US"):
        assert us_only not in answer.text

    yes = await user.ask("기생충 넷플릭스에 있어?")
    assert yes.text.splitlines()[1] == "✅ 네, 넷플릭스에서 볼 수 있어요."
    not_listed = await user.ask("매트릭스 넷플릭스에 있어?")
    assert not_listed.text.splitlines()[0] == "📺 매트릭스 (The Matrix, 1999)"
    assert "넷플릭스 목록에는 없어요" in not_listed.text and "❌" not in not_listed.text
    assert not_listed.text.count("2023년 5월") == 1  # the date once, on the source line
    no_data = await user.ask("기생충 티빙에 있어?")
    assert "티빙 정보는 제게 없어요" in no_data.text
    for typed in ("살인의추억 어디서 봐?", "올드보히 어디서 볼 수 있어?", "헤어질 결심 어디서 봐"):
        assert (await user.ask(typed)).text.startswith("📺 "), typed
    oldboy = await user.ask("올드보이 어디서 봐?")  # TMDB's English title beside (issue 25)
    assert oldboy.text.splitlines()[0] == "📺 올드보이 (Oldboy, 2003)"


async def test_region_changes_the_services_and_the_lists(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(952, language_code="en")
    await onboard(user, platforms=("netflix",))
    korean = await user.ask("is the matrix on netflix?")  # TMDB_REGION (KR) for English users
    assert "Not in my Netflix list" in korean.text and korean.text.count("May 2023") == 1
    assert "Korean services as of May 2023" in korean.text
    await set_region(user, "US")
    us = await user.ask("where can I watch The Matrix?")
    stream = next(line for line in us.text.splitlines() if line.startswith("📺 Stream"))
    assert "✅ Netflix" in stream and "Max" in stream
    assert "US lists from 2020–23" in us.text and "Watcha" not in us.text
    shown = await user.ask("/profile")
    assert "Region: United States" in shown.text
    user.press(shown, "prof:edit:subs")
    services = [text for text, _ in (await user.reply()).buttons]
    assert any("Hulu" in s for s in services) and not any("TVING" in s for s in services)


async def test_ambiguous_titles_ask_and_namesakes_are_offered(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(953, language_code="ko")
    choices = await user.ask("/where 듄")  # 1984 and 2021: both well known
    assert choices.text == "“듄” — 어떤 영화인가요?"
    assert choices.buttons[0][0] == "듄 (2021)" and any("1984" in t for t, _ in choices.buttons)
    user.press(choices, 0)
    assert (await user.reply()).text.startswith("📺 듄 (Dune, 2021)")
    english = api.user(954, language_code="en")
    parasite = await english.ask("where can I watch Parasite")
    assert parasite.text.startswith("📺 Parasite (기생충, 2019)")  # the film people mean …
    assert [text for text, _ in parasite.buttons] == [
        "➕ Watchlist",
        "🎞 Films like this",
        "Or: Parasite (1982)",  # … and the other
    ]
    english.press(parasite, "Or: Parasite (1982)")
    assert (await english.reply()).text.startswith("📺 Parasite (1982)")
    # MovieLens's spelling finds the 2003 film, shown by its own English title (issue 25)
    oldboy = await english.ask("where can I watch old boy?")
    assert oldboy.text.startswith("📺 Oldboy (올드보이, 2003)"), oldboy.text
    assert "Old Boy" not in oldboy.text
    which = await user.ask("/where")
    assert "예:" in which.text and "기생충" in which.text


async def test_unknown_titles_are_said_plainly(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(955, language_code="ko")
    answer = await user.ask("안드로메다 탐정 사무소 어디서 봐?")  # no such film
    assert answer.text == (
        "“안드로메다 탐정 사무소”는 아직 제 영화 목록에 없어요 (2026년 9월 개봉작까지 알고 있어요)."
    )  # the date the list reaches, and no blame on the spelling
    assert not answer.buttons  # letters in common are not offered as "which one?" buttons
    english = api.user(956, language_code="en")
    unknown = await english.ask("/where qqzzxxvvkk")
    assert unknown.text == (
        "“qqzzxxvvkk” is not in my film list yet (I know films released up to September 2026)."
    )


async def test_a_film_without_data_is_never_called_not_streaming(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    catalogue, availability = application.bot_data.catalogue, application.bot_data.availability
    movie = next(
        m
        for m in sorted(catalogue, key=lambda m: -m.ratings)
        if not availability.lookup(m.movie_id, "KR").has_data
    )
    user = api.user(957, language_code="en")
    user.press_data(1, f"wtw:{movie.movie_id}")
    answer = await user.reply()
    assert "Not in my Korean lists." in answer.text and answer.text.count("May 2023") == 1
    assert "doesn't mean it isn't streaming" in answer.text
    assert "❔ No data for Netflix, TVING, Coupang Play" not in answer.text  # Netflix is covered
    assert "TVING" in answer.text and "Coupang Play" in answer.text
    # A forged id that no film has changes nothing.
    user.press_data(1, "wtw:999999999")
    event = await callback_answer(user)
    assert "no longer active" in event.params["text"]


async def test_live_tmdb_answers_searches_unknown_titles_and_falls_back(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    async with FakeTmdb() as tmdb:
        tmdb.answer(603, Mode.OK)  # The Matrix
        tmdb.answer(862, Mode.SERVER_ERROR)  # Toy Story
        tmdb.answer(680, Mode.SLOW)  # Pulp Fiction
        tmdb.search_results["시간의 정원"] = [garden_result()]
        tmdb.answer(1999001, Mode.OK, {"id": 1999001, "results": {"KR": {
            "link": "https://www.themoviedb.org/movie/1999001/watch?locale=KR",
            "flatrate": providers((1881, "Coupang Play"))}}})  # fmt: skip
        application = await start_bot(
            database_url,
            tmdb_api_key=API_KEY,
            tmdb_base_url=tmdb.base_url,
            tmdb_region="KR",
            tmdb_timeout_s=0.5,
        )
        user = api.user(958, language_code="en")
        await onboard(user, platforms=("watcha",))
        live = await user.ask("where can I watch The Matrix")
        lines = live.text.splitlines()
        stream = next(line for line in lines if line.startswith("📺 Stream"))
        assert stream.index("✅ Watcha") < stream.index("Netflix")  # the user's service first
        assert any(line.startswith("💳 Rent") for line in lines)  # rent and buy kept apart
        assert any(line.startswith("🛒 Buy") for line in lines)
        assert "South Korea, live from TMDB" in live.text and live.text.count("JustWatch") == 1
        assert (await user.ask("where can I watch The Matrix")).text == live.text
        assert tmdb.requests[603] == 1  # the second answer came from the database cache

        # TMDB failing or too slow: the offline Korean lists answer instead, and say so.
        for title in ("Toy Story", "Pulp Fiction"):
            fallback = await user.ask(f"where can I watch {title}")
            assert "Korean services as of May 2023" in fallback.text
            assert API_KEY not in fallback.text
        cached = await application.bot_data.repo.get_cached_availability(
            603, "KR", timedelta(hours=1)
        )
        assert cached is not None

        # A title the catalogue does not know is looked up on TMDB (in Korean) and kept.
        korean = api.user(959, language_code="ko")
        garden = await korean.ask("시간의 정원 어디서 봐?")
        assert garden.text.splitlines()[0] == "📺 시간의 정원 (2026)"
        assert "쿠팡플레이" in garden.text
        assert [text for text, _ in garden.buttons] == ["➕ 찜하기"]  # no "films like" it
        assert tmdb.searches[-1]["language"] == "ko-KR"
        stored = await application.bot_data.repo.get_cached_films([1999001])
        assert stored[1999001]["title_ko"] == "시간의 정원"
        korean.press_data(1, f"wtw:{JUSTWATCH_ID_BASE + 1999001}")  # its id keeps working
        assert (await korean.reply()).text.startswith("📺 시간의 정원")
        nothing = await korean.ask("/where 없는영화제목이에요")
        assert "TMDB에도 없어요" in nothing.text


def test_odd_characters_never_break_the_reader() -> None:
    reader = QuestionReader()
    question = reader.where_question("기생충\ud800 어디서 봐?")  # a lone surrogate, as JSON allows
    assert question is not None and "기생충" in question.titles
    for odd in ("\x00어디서\x00", "어디서 " * 500, "🎬어디서🎬", "\udfff"):
        reader.where_question(odd)  # answers or declines, never raises


async def test_an_answer_puts_the_film_on_the_watchlist_and_keeps_its_other_buttons(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Where to watch is often asked of a film that is not on the user's services yet: ➕ puts
    it on the watchlist, whose daily check says when it arrives."""
    await start_bot(sqlite_url)
    user = api.user(960, language_code="ko")
    answer = await user.ask("기생충 어디서 봐?")
    assert [text for text, _ in answer.buttons][:2] == ["➕ 찜하기", "🎞 비슷한 영화"]
    user.press(answer, "➕ 찜하기")
    toast = await callback_answer(user)
    assert toast.params["text"] == "➕ 찜 목록에 담았어요 (/watchlist)"
    edited = await user.next_event()
    assert edited.kind == "edit" and edited.message_id == answer.message_id
    assert [text for text, _ in edited.buttons][:2] == ["➕ 찜하기 ✔", "🎞 비슷한 영화"]
    assert "기생충" in (await user.ask("/watchlist")).text
    user.press(answer, "🎞 비슷한 영화")  # still there, and still works
    await callback_answer(user)
    assert "“기생충” 같은 영화" in (await next_message(user)).text


async def test_a_film_without_offers_states_the_lists_date_once(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Issue 25: "(JustWatch, 2023년 5월 기준)에는 없어요" and "한국 서비스 2023년 5월 기준
    (JustWatch)이라…" came in one answer. The date (and the credit) is said once, on the source
    line, and no line of the answer repeats another."""
    await start_bot(sqlite_url)
    for user_id, language, question, date in (
        (5301, "ko", "/where The Seventh Seal", "2023년 5월"),
        (5302, "en", "/where The Seventh Seal", "May 2023"),
    ):
        user = api.user(user_id, language_code=language)
        await onboard(user, language=language)
        answer = await user.ask(question, timeout=30)
        assert "Seventh Seal" in answer.text or "제7의 봉인" in answer.text, answer.text
        assert answer.text.count(date) == 1, answer.text
        lines = [line for line in answer.text.splitlines() if line.strip()]
        assert len(lines) == len(set(lines)), answer.text


async def test_a_film_newer_than_the_lists_is_said_to_be_newer(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """파묘 (2024) asked against lists of May 2023: "not in my lists, which hold only the popular
    films" claimed more than the lists can know. The answer says the film is newer than them;
    an older film missing from them still gets the plain "not in my lists"."""
    await start_bot(sqlite_url)
    user = api.user(5303, language_code="ko")
    await onboard(user, language="ko")
    answer = await user.ask("파묘 어디서 봐?", timeout=30)
    assert "파묘" in answer.text and "목록이 만들어진 뒤에 나온 영화라" in answer.text
    assert "스트리밍이 안 된다는 뜻은 아니에요" not in answer.text
    assert answer.text.count("2023년 5월") == 1
    user = api.user(5304, language_code="en")
    await onboard(user)
    answer = await user.ask("/where The Seventh Seal", timeout=30)
    assert "Not in my Korean lists." in answer.text and "came out after" not in answer.text
