"""Free text understood anywhere, through the real python-telegram-bot client and the local
Bot API server: every intent in Korean and English, capabilities reached in the middle of
onboarding and of a form (and the flow resumed where it was), and lists as one message edited
in place."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import (
    FAVOURITE_TITLES,
    BotFactory,
    callback_answer,
    next_message,
    onboard,
    pick_favourite,
    reach_age_step,
)

MENU = ("menu:recommend", "menu:where", "menu:poster", "ost:again", "aud:again")


async def messages_until_quiet(
    user: SimulatedUser, *, first: float = 15, quiet: float = 1.5
) -> list[BotEvent]:
    """Every message and edit the bot sends until it has been quiet for ``quiet`` seconds."""
    found: list[BotEvent] = []
    timeout = first
    while True:
        try:
            event = await user.next_event(timeout=timeout)
        except TimeoutError:
            return found
        if event.kind in ("message", "edit"):
            found.append(event)
            timeout = quiet


def preview_of(event: BotEvent) -> dict[str, object]:
    """The link preview options a message was sent or edited with."""
    raw = event.params.get("link_preview_options") or {}
    return json.loads(raw) if isinstance(raw, str) else dict(raw)


def data(event: BotEvent) -> list[str]:
    return [d for _, d in event.buttons]


def poster_jpeg() -> bytes:
    image = Image.new("RGB", (200, 300))
    for y in range(300):
        for x in range(200):
            image.putpixel((x, y), ((x * 3) % 256, (y * 2) % 256, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


async def latest_list(app: object, telegram_id: int) -> dict[str, object]:
    """The last recommendation list logged for a user (its request and films)."""
    repo = app.bot_data.repo  # type: ignore[attr-defined]
    async with repo._db.engine.connect() as conn:  # the log is what the buttons read back
        row = (
            await conn.exec_driver_sql(
                "SELECT p.input, p.output FROM predictions p JOIN users u ON u.id = p.user_id "
                "WHERE u.telegram_id = ? AND p.capability = 'recommend' ORDER BY p.id DESC "
                "LIMIT 1",
                (telegram_id,),
            )
        ).first()
    assert row is not None
    raw_in, raw_out = row
    return {
        "input": raw_in if isinstance(raw_in, dict) else json.loads(raw_in),
        "output": raw_out if isinstance(raw_out, dict) else json.loads(raw_out),
    }


# -- each intent, both languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ko", "안녕", "CineMate"),
        ("en", "hi", "CineMate"),
        ("ko", "날씨 어때?", "도와드리기 어려워요"),
        ("en", "what's the weather like?", "not something I can help with"),
    ],
)
async def test_greetings_and_out_of_scope_show_the_capability_menu(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7101, language_code=language)
    reply = await user.ask(text)
    assert expected in reply.text
    assert tuple(data(reply)) == MENU
    assert "not sure" not in reply.text and "모르겠어요" not in reply.text


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ko", "고마워요", "천만에요"),
        ("en", "thanks!", "welcome"),
        ("ko", "뭐 할 수 있어?", "/recommend"),
        ("en", "what can you do?", "/recommend"),
    ],
)
async def test_thanks_and_help(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7102, language_code=language)
    assert expected in (await user.ask(text)).text


async def test_a_menu_button_starts_its_capability(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7103, language_code="ko")
    menu = await user.ask("안녕")
    user.press(menu, "menu:poster")
    assert "포스터" in (await next_message(user)).text
    user.press(menu, "menu:where")
    assert "어떤 영화" in (await next_message(user)).text


@pytest.mark.parametrize(
    ("language", "text", "first_line", "service_line"),
    [
        ("en", "is the matrix on netflix?", "The Matrix", "Netflix"),
        ("ko", "기생충 넷플릭스에 있어?", "기생충", "✅ 네, 넷플릭스에서 볼 수 있어요."),
    ],
)
async def test_is_it_on_a_service(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    first_line: str,
    service_line: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7104, language_code=language)
    reply = await user.ask(text)
    lines = reply.text.splitlines()
    assert first_line in lines[0]
    assert service_line in lines[1]  # the service asked about comes first


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [("en", "where can I watch?", "Which film"), ("ko", "어디서 볼 수 있어?", "어떤 영화")],
)
async def test_where_without_a_film_asks_which(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7105, language_code=language)
    assert expected in (await user.ask(text)).text


async def test_where_without_a_film_offers_my_picks_once_onboarded(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7106, language_code="en")
    await onboard(user)
    reply = await user.ask("where can I watch?")
    assert "menu:recommend" in data(reply)


@pytest.mark.parametrize(
    ("language", "text", "seed", "header"),
    [
        ("en", "recommend me something like Inception", 79132, "Films like “Inception”"),
        ("ko", "인셉션 같은 영화 추천해줘", 79132, "“인셉션” 같은 영화"),
    ],
)
async def test_films_like_a_film_without_onboarding(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    seed: int,
    header: str,
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(7107, language_code=language)
    reply = await user.ask(text)
    assert header in reply.text
    assert "1/10" in reply.text
    logged = await latest_list(app, 7107)
    films = logged["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10 and seed not in films
    assert logged["input"]["request"]["seed"] == seed  # type: ignore[index]


async def test_filters_are_obeyed(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    catalogue = app.bot_data.catalogue
    on_netflix = app.bot_data.availability.movies_on(("netflix",), "KR")
    user = api.user(7108, language_code="ko")
    reply = await user.ask("넷플릭스에 있는 한국 스릴러 추천해줘")
    assert "넷플릭스 · 한국 · 스릴러" in reply.text
    films = (await latest_list(app, 7108))["output"]["movies"]  # type: ignore[index]
    assert films
    for movie_id in films:
        movie = catalogue.get(movie_id)
        assert movie.country == "KR" and "Thriller" in movie.genres and movie_id in on_netflix

    english = api.user(7109, language_code="en")
    reply = await english.ask("a funny movie from the 90s")
    assert "funny" in reply.text and "1990s" in reply.text
    films = (await latest_list(app, 7109))["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10
    for movie_id in films:
        movie = catalogue.get(movie_id)
        assert "Comedy" in movie.genres and 1990 <= movie.year <= 1999

    scary = api.user(7110, language_code="ko")
    await scary.ask("무서운 영화 추천해줘")
    for movie_id in (await latest_list(app, 7110))["output"]["movies"]:  # type: ignore[index]
        assert "Horror" in catalogue.get(movie_id).genres


@pytest.mark.parametrize(
    ("language", "text", "fact"),
    [
        ("ko", "기생충 감독 누구야?", "봉준호예요"),
        ("ko", "올드보이 몇 년도 영화야", "2003년 영화예요"),
        ("en", "when did Inception come out?", "from 2010"),
        ("en", "who directed Parasite?", "Bong Joon-ho (봉준호)"),
        ("en", "who directed oldboy", "Park Chan-wook (박찬욱)"),
        # MovieLens's spelling still finds the film; the reply uses its own title (issue 25)
        ("en", "who directed old boy?", "🎬 “Oldboy” was directed by "),
        ("en", "who directed Inception?", "directed by Christopher Nolan."),  # no Hangul beside
        ("en", "who directed The Intern?", "directed by Nancy Meyers."),  # TMDB's credit
    ],
)
async def test_film_questions(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    fact: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7111, language_code=language)
    answer = await user.ask(text)
    assert fact in answer.text
    card = await next_message(user)
    assert any(d.startswith("rec:wl:") for d in data(card))
    assert any(d.startswith("like:") for d in data(card))


@pytest.mark.parametrize("text", ["Oppenheimer", "Everything Everywhere All at Once"])
async def test_a_title_the_classifier_only_guesses_at_is_that_film(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, text: str
) -> None:
    """A title alone that reads like nothing (no title slot, a weak guess of an intent) is the
    film the catalogue knows exactly — not "which film?" or "not something I can help with"."""
    await start_bot(sqlite_url)
    user = api.user(7116, language_code="en")
    card = await user.ask(text)
    assert card.text.startswith(f"📺 {text} (")
    assert any(d.startswith("rec:wl:") for d in data(card))


async def test_a_press_on_a_film_card_keeps_its_other_buttons(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7115, language_code="en")
    await user.ask("who directed Parasite?")
    card = await next_message(user)
    user.press(card, "👍")
    await callback_answer(user)
    edited = await user.next_event()
    assert edited.kind == "edit" and edited.message_id == card.message_id
    assert [text for text, _ in edited.buttons] == [
        "👍 ✔", "👎", "✓ Watched", "➕ Watchlist", "🎞 Films like this"
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected", "button"),
    [
        ("ko", "이 포스터 장르 뭐야?", "포스터", None),
        ("en", "what genre is this poster?", "poster", None),
        ("ko", "이 노래 어떤 영화에 어울려?", "노래", "ost:again"),
        ("en", "which film genres suit this song", "song", "ost:again"),
        ("ko", "관객 수 예측해줘", "관객 수", "aud:again"),
        ("en", "predict the box office", "audience", "aud:again"),
    ],
)
async def test_capability_cues(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    expected: str,
    button: str | None,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7112, language_code=language)
    reply = await user.ask(text)
    assert expected in reply.text
    if button:
        assert button in data(reply)


async def test_a_title_on_its_own_shows_the_film(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7113, language_code="ko")
    reply = await user.ask("살인의 추억")
    assert "살인의 추억" in reply.text.splitlines()[0]


@pytest.mark.parametrize(
    ("language", "text", "song"),
    [
        ("ko", "좋은 날 아이유", "좋은 날"),
        ("ko", "방탄소년단 다이너마이트", "Dynamite"),
        ("en", "Dynamite BTS", "Dynamite"),
    ],
)
async def test_a_song_named_with_its_artist_is_answered_as_a_song(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, language: str, text: str,
    song: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7114, language_code=language)
    reply = await user.ask(text)
    assert reply.method == "sendPhoto" and song in reply.text  # the OST chart and its genres
    card = await user.ask("Parasite")  # a title alone stays a film, though a song has the name
    assert card.method == "sendMessage" and "Parasite" in card.text.splitlines()[0]


# -- reachable anywhere ------------------------------------------------------------------------


async def test_requests_in_the_middle_of_onboarding_are_answered_and_onboarding_resumes(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7120, language_code="en")
    await reach_age_step(user, "en")
    # a where-to-watch question at the age question: answered, then the age asked again
    user.send("is the matrix on netflix?")
    answer, back = await next_message(user), await next_message(user)
    assert "The Matrix" in answer.text
    assert back.text.startswith("↩️") and "how old" in back.text
    # a poster photo: its genres, then the age again
    user.send_photo(poster_jpeg())
    events = await messages_until_quiet(user)
    assert any(e.method == "sendPhoto" for e in events)
    assert "how old" in events[-1].text
    # a real answer is taken ("28 years old"), then the gender question
    gender = await user.ask("I'm 28")
    assert any(d.startswith("onb:gender:") for d in data(gender))
    user.press(gender, "onb:gender:male")
    await user.reply()  # gender confirmed
    await user.reply()  # favourites question
    for title in FAVOURITE_TITLES[:4]:
        await pick_favourite(user, title)
    # /help and a recommendation request in the middle of the favourites
    user.send("/help")
    help_text, back = await next_message(user), await next_message(user)
    assert "/recommend" in help_text.text and "4 of 10" in back.text
    user.send("recommend me something like Inception")
    listed, back = await next_message(user), await next_message(user)
    assert "Films like" in listed.text and "4 of 10" in back.text
    # "done" before ten: how many are missing, and still at the favourites
    assert "6" in (await user.ask("done")).text


async def test_a_feature_line_in_the_middle_of_onboarding(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7121, language_code="ko")
    await reach_age_step(user, "ko")
    user.send("댄스 0.6 에너지 0.8 음량 -5 어쿠스틱 0.1 밝기 0.4 템포 120")
    events = await messages_until_quiet(user)
    assert any(e.method == "sendPhoto" for e in events)  # the OST chart
    assert events[-1].text.startswith("↩️") and "나이" in events[-1].text
    assert any(d.startswith("onb:gender:") for d in data(await user.ask("28살이요")))


@pytest.mark.parametrize(
    ("language", "text", "age"),
    [("en", "Dynamite BTS", "how old"), ("ko", "좋은 날 아이유", "나이")],
)
async def test_a_song_with_its_artist_in_the_middle_of_onboarding(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str, language: str, text: str,
    age: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7125, language_code=language)
    await reach_age_step(user, language)
    user.send(text)  # not an age: the song's genres, then the age question again
    events = await messages_until_quiet(user)
    assert events[0].method == "sendPhoto"  # the OST chart
    assert events[-1].text.startswith("↩️") and age in events[-1].text
    assert any(d.startswith("onb:gender:") for d in data(await user.ask("28")))


async def test_a_form_in_the_middle_of_onboarding_then_back(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7122, language_code="ko")
    await reach_age_step(user, "ko")
    intro = await user.ask("/audience")
    assert "aud:new" in data(intro)
    # the form is on top: a number is not taken as the age
    user.send("/cancel")
    cancelled, back = await next_message(user), await next_message(user)
    assert "취소했어요" in cancelled.text
    assert back.text.startswith("↩️") and "나이" in back.text
    assert any(d.startswith("onb:gender:") for d in data(await user.ask("스물여덟")))


async def test_a_form_left_for_another_request_asks_its_own_question_again(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7126)
    user.press(await user.ask("/ost"), "🎛 Step by step")
    user.press(await next_message(user), "50")
    asked = await next_message(user)
    assert "Energy (2/6)" in asked.text
    user.send("where can I watch Parasite?")
    answer, back = await next_message(user), await next_message(user)
    assert "Parasite" in answer.text
    assert back.text.startswith("↩️ Back to the song") and "Energy (2/6)" in back.text
    assert back.buttons == asked.buttons  # the same value buttons, pressable
    user.press(back, "70")
    assert "Loudness (3/6)" in (await next_message(user)).text

    user.press(await user.ask("/audience"), "📝 New release")
    assert "Release date (1/8)" in (await next_message(user)).text
    user.send("recommend me a scary movie")
    events = await messages_until_quiet(user)
    assert any(e.text.startswith("↩️ Back to the box-office forecast") and
               "Release date (1/8)" in e.text for e in events)  # fmt: skip
    assert "Screens on opening (2/8)" in (await user.ask("2027.5.26")).text


async def test_korean_ages_as_people_type_them(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    for number, (typed, age) in enumerate((("28살이요", 28), ("서른", 30), ("스물여덟", 28))):
        user = api.user(7130 + number, language_code="ko")
        await reach_age_step(user, "ko")
        gender = await user.ask(typed)
        assert any(d.startswith("onb:gender:") for d in data(gender)), gender.text
        profile = await app.bot_data.repo.get_profile(7130 + number)
        assert profile is not None and profile.age == age


async def test_done_typed_finishes_the_favourites(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7133, language_code="ko")
    await reach_age_step(user, "ko")
    gender = await user.ask("28")
    user.press(gender, "onb:gender:female")
    await user.reply()
    await user.reply()
    for title in FAVOURITE_TITLES:
        await pick_favourite(user, title)
    subscriptions = await user.ask("완료")
    assert "onb:sub:done" in data(subscriptions)


# -- one message per list ----------------------------------------------------------------------


async def test_a_list_is_one_message_edited_in_place(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(7140, language_code="en")
    await onboard(user, platforms=("netflix",))
    user.send("/recommend")
    listed = await next_message(user)
    assert "1/10" in listed.text
    # nothing else was sent: one message holds the list
    assert await messages_until_quiet(user, first=1.5) == []
    first = (await latest_list(app, 7140))["output"]["movies"][0]  # type: ignore[index]
    forward = next(d for label, d in listed.buttons if label == "▶")
    user.press(listed, forward)
    moved = await user.reply()
    assert moved.kind == "edit" and moved.message_id == listed.message_id and "2/10" in moved.text
    like = next(d for label, d in moved.buttons if label.startswith("👍"))
    user.press(moved, like)
    assert "Noted" in (await callback_answer(user)).text
    marked = await user.reply()
    assert marked.message_id == listed.message_id and "👍 ✔" in [b for b, _ in marked.buttons]
    taste = await app.bot_data.repo.get_taste(7140)
    second = (await latest_list(app, 7140))["output"]["movies"][1]  # type: ignore[index]
    assert second in taste.liked and first not in taste.liked
    toggle = next(d for _, d in marked.buttons if d.startswith("fo:"))
    user.press(marked, toggle)
    await callback_answer(user)
    filtered = await user.reply()
    assert filtered.kind == "edit" and filtered.message_id == listed.message_id
    on_netflix = app.bot_data.availability.movies_on(("netflix",), "KR")
    films = (await latest_list(app, 7140))["output"]["movies"]  # type: ignore[index]
    assert films and all(f in on_netflix for f in films)
    renew = next(d for _, d in filtered.buttons if d.startswith("fn:"))
    user.press(filtered, renew)
    fresh = await user.reply()
    assert fresh.kind == "edit" and fresh.message_id == listed.message_id


async def test_list_buttons_of_another_user_or_forged_change_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    owner = api.user(7141, language_code="en")
    listed = await owner.ask("recommend me a movie")
    list_id = next(d for _, d in listed.buttons if d.startswith("fn:")).split(":")[1]
    stranger = api.user(7142, language_code="en")
    await stranger.ask("hi")
    for forged in (f"fl:{list_id}:1", f"ff:{list_id}:0:l", "fl:999999:0", f"fl:{list_id}:99"):
        stranger.press_data(listed.message_id or 0, forged, chat_id=7142)
        assert "no longer active" in (await callback_answer(stranger)).text


async def test_with_tmdb_the_list_shows_the_films_poster(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    from tests.fake_tmdb import API_KEY, FakeTmdb

    async with FakeTmdb() as tmdb:
        app = await start_bot(
            sqlite_url, tmdb_api_key=API_KEY, tmdb_base_url=tmdb.base_url, tmdb_timeout_s=2
        )
        user = api.user(7143, language_code="ko")
        listed = await user.ask("인셉션 같은 영화 추천해줘")
        films = (await latest_list(app, 7143))["output"]["movies"]  # type: ignore[index]
        first = app.bot_data.catalogue.get(films[0])
        preview = preview_of(listed)
        assert preview.get("url", "").endswith(f"/poster-{first.tmdb_id}.jpg")
        assert preview.get("show_above_text") is True
        forward = next(d for label, d in listed.buttons if label == "▶")
        user.press(listed, forward)
        moved = await user.reply()
        second = app.bot_data.catalogue.get(films[1])
        moved_preview = preview_of(moved)
        assert moved_preview.get("url", "").endswith(f"/poster-{second.tmdb_id}.jpg")


# -- conditions (issue 22) ---------------------------------------------------------------------


async def test_excluded_genres_are_left_out(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    catalogue = app.bot_data.catalogue
    korean = api.user(7301, language_code="ko")
    reply = await korean.ask("공포 말고 웃긴 영화 추천해줘")
    assert "공포 제외" in reply.text.splitlines()[0]
    logged = await latest_list(app, 7301)
    assert logged["input"]["request"]["exclude_genres"] == ["Horror"]  # type: ignore[index]
    films = logged["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10
    for movie_id in films:
        genres = catalogue.get(movie_id).genres
        assert "Horror" not in genres and "Comedy" in genres

    english = api.user(7302, language_code="en")
    reply = await english.ask("not horror, something fun")
    assert "no Horror" in reply.text.splitlines()[0]
    films = (await latest_list(app, 7302))["output"]["movies"]  # type: ignore[index]
    assert films
    assert all("Horror" not in catalogue.get(m).genres for m in films)


@pytest.mark.parametrize(
    ("language", "text", "title", "shown", "hidden", "line"),
    [
        # 기생충 is on Netflix, Watcha, Wavve and Google Play in the Korean lists
        ("ko", "기생충 넷플엔 없던데 다른 데서 볼 수 있어?", "기생충", "왓챠", "넷플릭스",
         "넷플릭스 말고 볼 수 있는 곳이에요."),
        ("en", "where can i watch parasite not on netflix", "Parasite", "Watcha", "Netflix",
         "Besides Netflix, you can watch it here:"),
        # Being John Malkovich is only on Netflix there: said plainly
        ("ko", "존 말코비치 되기 넷플 말고 어디서 봐?", "존 말코비치 되기", None, None,
         "제 목록에서는 넷플릭스에만 있어요. 다른 곳에서는 찾지 못했어요."),
    ],
)  # fmt: skip
async def test_where_to_watch_other_than_a_service(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    title: str,
    shown: str | None,
    hidden: str | None,
    line: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(7303, language_code=language)
    reply = await user.ask(text)
    lines = reply.text.splitlines()
    assert title in lines[0]
    assert line in lines[1]
    offers = "\n".join(lines[2:-1])  # before the source line
    if shown is not None:
        assert shown in offers
    if hidden is not None:
        assert hidden not in offers


async def test_one_film_only(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(7304, language_code="ko")
    reply = await user.ask("하나만 추천해줘")
    assert "1/1" in reply.text
    assert len((await latest_list(app, 7304))["output"]["movies"]) == 1  # type: ignore[index,arg-type]


async def test_films_to_watch_with_a_child(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    catalogue = app.bot_data.catalogue
    user = api.user(7305, language_code="ko")
    reply = await user.ask("아이랑 볼 영화 추천")
    assert "아이와 함께" in reply.text.splitlines()[0]
    assert "관람 등급 정보는 없으니" in reply.text
    films = (await latest_list(app, 7305))["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10
    for movie_id in films:
        genres = set(catalogue.get(movie_id).genres)
        assert genres & {"Children", "Animation"}
        assert not genres & {"Horror", "Thriller", "Crime", "War", "Film-Noir"}

    english = api.user(7306, language_code="en")
    reply = await english.ask("a movie for a 6 year old")
    assert "for a 6-year-old" in reply.text.splitlines()[0]
    request = (await latest_list(app, 7306))["input"]["request"]  # type: ignore[index]
    assert (request["company"], request["age"]) == ("kids", 6)


async def test_old_films_are_a_preference_not_a_period(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    catalogue = app.bot_data.catalogue
    user = api.user(7307, language_code="ko")
    reply = await user.ask("옛날 영화 추천")
    header = reply.text.splitlines()[0]
    assert "옛날 영화 위주" in header and "1979" not in header
    logged = await latest_list(app, 7307)
    request = logged["input"]["request"]  # type: ignore[index]
    assert request["years"] is None and request["recency"] == "old"
    films = logged["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10
    years = [catalogue.get(m).year for m in films]
    assert all(year < 2000 for year in years)
    assert any(year >= 1980 for year in years)  # not the 1900–1979 range of before


async def test_recent_korean_films_come_first(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    catalogue = app.bot_data.catalogue
    user = api.user(7308, language_code="ko")
    reply = await user.ask("요즘 볼만한 한국 영화")
    header = reply.text.splitlines()[0]
    assert "한국" in header and "최신작 위주" in header
    logged = await latest_list(app, 7308)
    films = logged["output"]["movies"]  # type: ignore[index]
    assert len(films) == 10
    movies = [catalogue.get(m) for m in films]
    assert all(m.country == "KR" for m in movies)
    years = [m.year or 0 for m in movies]
    recent = [year >= date.today().year - 2 for year in years]
    assert recent[0]  # the recent films first, any older ones only after them
    assert recent == sorted(recent, reverse=True)
    if not all(recent):
        assert "예전 영화도 함께" in reply.text
