"""Picks that feel made for the user (issue 23), through the real python-telegram-bot client and
the local Bot API server: a 12-favourite profile's list, 🔄, "films like X" and moods."""

from __future__ import annotations

import pytest

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, onboard
from tests.test_conversation import latest_list
from tests.test_recommendations import button, listed, recommendation_list

#: The issue's new user: 12 Korean favourites, Netflix, Watcha and TVING.
AUTEUR = ("기생충", "올드보이", "살인의 추억", "부산행", "아가씨", "괴물", "추격자", "마더",
          "신세계", "곡성", "타짜", "변호인")  # fmt: skip


def _is_list(message: BotEvent) -> bool:
    return any(data.startswith("fn:") for _, data in message.buttons)


async def ask_list(user: SimulatedUser, text: str) -> BotEvent:
    """Send a request as typed and return the list message it gets."""
    user.send(text)
    return await recommendation_list(user, command="")


async def test_a_twelve_favourite_profile_gets_its_own_list_and_renewed_lists_never_repeat(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    repo = app.bot_data.repo
    newcomer = api.user(2301, language_code="ko")
    newcomers = await listed(repo, 2301, await ask_list(newcomer, "요즘 볼만한 영화 추천해줘"))
    user = api.user(2302)
    await onboard(user, language="ko", platforms=("netflix", "watcha", "tving"),
                  favourites=AUTEUR)  # fmt: skip
    message = await recommendation_list(user)
    first = await listed(repo, 2302, message)
    assert len(first) == 10
    assert len(set(first) & set(newcomers)) <= 2
    profile = await repo.get_profile(2302)
    assert profile is not None and not set(first) & set(profile.favourites)
    seen = set(first)
    for _ in range(3):  # 🔄 three times: ten new films each time
        user.press(message, button(message, "🔄"))
        message = await recommendation_list(user, command="")
        renewed = await listed(repo, 2302, message)
        assert len(renewed) == 10 and not set(renewed) & seen
        seen |= set(renewed)
    logged = await latest_list(app, 2302)
    assert logged["input"]["variation"] == 3  # type: ignore[index]


@pytest.mark.parametrize(
    ("language", "text", "seed", "expected"),
    [
        ("ko", "기생충이랑 비슷한 영화", "Parasite",
         {"Memories of Murder", "Mother", "The Host", "Snowpiercer", "Okja"}),
        ("en", "something similar to Heat", "Heat",
         {"Collateral", "Thief", "Miami Vice", "The Insider", "Manhunter"}),
        ("ko", "미키 17 같은 영화", "Mickey 17", set()),
    ],
)
async def test_films_like_a_korean_a_foreign_and_a_2025_film(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    language: str,
    text: str,
    seed: str,
    expected: set[str],
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(2303, language_code=language)
    user.send(text)
    reply = await user.reply()
    choice = [label for label, _ in reply.buttons if label.startswith(f"{seed} (")]
    if choice:  # several films have this title: the user picks one ("Heat (1995)")
        user.press(reply, max(choice, key=lambda label: label == f"{seed} (1995)"))
    reply = await recommendation_list(user, command="") if not _is_list(reply) else reply
    logged = await latest_list(app, 2303)
    catalogue = app.bot_data.catalogue
    assert catalogue.get(logged["input"]["request"]["seed"]).title == seed  # type: ignore[index]
    films = [catalogue.get(m).title for m in logged["output"]["movies"]]  # type: ignore[index]
    assert len(films) == 10 and seed not in films
    assert len(expected & set(films)) >= min(2, len(expected)), films
    assert "1/10" in reply.text


async def test_a_rainy_day_calm_request_gets_quiet_films_not_comedies(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    app = await start_bot(sqlite_url)
    user = api.user(2304, language_code="ko")
    reply = await ask_list(user, "비 오는 날 보기 좋은 잔잔한 영화")
    assert "비 오는 날" in reply.text
    logged = await latest_list(app, 2304)
    catalogue = app.bot_data.catalogue
    films = [catalogue.get(m) for m in logged["output"]["movies"]]  # type: ignore[index]
    titles = {m.title_ko for m in films if m is not None}
    assert not titles & {"극한직업", "과속스캔들", "검사외전"}, titles
    assert all(not {"Horror", "Action"} & set(m.genres) for m in films if m is not None)
