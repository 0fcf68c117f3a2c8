"""Film knowledge 2026 through the real client against the local Bot API server: a foreign film
by its Korean title, a 2025 film, a sequel number (and one not released yet), questions about
people in Korean and English, and the honest answer for a film the catalogue lacks."""

from __future__ import annotations

from bot.localapi import LocalBotApiServer
from tests.conftest import BotFactory


async def test_foreign_and_new_films_by_korean_title(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(2101, language_code="ko")
    interstellar = await user.ask("인터스텔라 어디서 봐")
    assert interstellar.text.splitlines()[0] == "📺 인터스텔라 (Interstellar, 2014)"
    exhuma = await user.ask("파묘 감독 누구야?")
    assert exhuma.text == "🎬 “파묘”의 감독은 장재현이에요."
    card = await user.reply()
    assert card.text.startswith("📺 파묘 (Exhuma, 2024)\n미스터리")
    new = await user.ask("미키 17 누가 나와?")
    assert "로버트 패틴슨" in new.text


async def test_sequel_numbers(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(2102, language_code="ko")
    fourth = await user.ask("범죄도시4 어디서 봐?")
    assert fourth.text.splitlines()[0] == "📺 범죄도시 4 (The Roundup 4: Punishment, 2024)"
    seventh = await user.ask("범죄도시 7 어디서 봐?")
    assert seventh.text.startswith("“범죄도시”는 4편까지 알고 있어요. 7편은 아직 제 영화 목록에")
    assert "2026년 9월 개봉작까지" in seventh.text
    assert [label for label, _ in seventh.buttons][-1].startswith("범죄도시 4 (2024)")
    english = api.user(2103, language_code="en")
    dune = await english.ask("where can I watch Dune Part Two?")
    assert dune.text.splitlines()[0].startswith("📺 Dune: Part Two (")


async def test_questions_about_people(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(2104, language_code="ko")
    bong = await user.ask("봉준호 감독 영화 뭐 있어?")
    assert bong.text.startswith("🎬 봉준호 감독의 영화")
    assert "1/" in bong.text
    assert "📄 필모그래피 전체" in [label for label, _ in bong.buttons]
    user.press(bong, "📄 필모그래피 전체")
    page = await user.reply()
    assert page.text.startswith("👤 봉준호")
    assert "🎬 연출" in page.text and "기생충 (2019)" in page.text
    newest = await user.ask("마동석 최신작")
    assert newest.text.startswith("🎬 마동석의 영화 · 최신작부터")
    english = api.user(2105, language_code="en")
    nolan = await english.ask("movies by Christopher Nolan")
    assert nolan.text.startswith("🎬 Films directed by Christopher Nolan")
    hanks = await english.ask("films with Tom Hanks")
    assert hanks.text.startswith("🎬 Films with Tom Hanks")


async def test_a_film_the_catalogue_lacks_is_said_so_with_the_date(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(2106, language_code="ko")
    answer = await user.ask("/where 안드로메다 탐정 사무소")
    assert answer.text == (
        "“안드로메다 탐정 사무소”는 아직 제 영화 목록에 없어요 (2026년 9월 개봉작까지 알고 있어요)."
    )
    assert "철자" not in answer.text
    english = api.user(2107, language_code="en")
    missing = await english.ask("/where The Quiet Mechanic of Andromeda")
    assert "(I know films released up to September 2026)" in missing.text


async def test_a_person_is_named_once_in_the_users_spelling(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    """Oldboy was "directed by Chan-wook Park, Park Chan-wook (박찬욱)": IMDB 5000's name in
    Western order was a person of its own (issue 25). One person now, family name first."""
    await start_bot(sqlite_url)
    user = api.user(2108, language_code="ko")
    answer = await user.ask("올드보이 감독 누구야")
    assert answer.text == "🎬 “올드보이”의 감독은 박찬욱이에요."
    card = await user.reply()
    people = next(line for line in card.text.splitlines() if line.startswith("🎬 "))
    assert people.startswith("🎬 박찬욱 · 🎭 최민식, ")
    assert people.count("최민식") == 1
    assert not any("a" <= c.lower() <= "z" for c in people)  # no Latin twin beside the Hangul
    english = api.user(2109, language_code="en")
    answer = await english.ask("who directed oldboy")
    assert answer.text == "🎬 “Oldboy” was directed by Park Chan-wook (박찬욱)."
    card = await english.reply()
    people = next(line for line in card.text.splitlines() if line.startswith("🎬 "))
    assert people.startswith("🎬 Park Chan-wook · 🎭 Choi Min-sik, ")
    assert "Chan-wook Park" not in people and "Min-sik Choi" not in people
    films = await english.ask("movies by chan-wook park")
    assert films.text.startswith("🎬 Films directed by Park Chan-wook (박찬욱)")
