"""Favourites, recommendations, feedback and the watchlist, end to end through the local server."""

from __future__ import annotations

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from storage.repository import Repository
from tests.conftest import BotFactory, callback_answer, onboard, pick_favourite, reach_age_step


async def recommendation_list(user: SimulatedUser, command: str = "/recommend") -> BotEvent:
    """Send the command and return the list: one message (a fresh list after a button is
    an edit of the same message)."""
    if command:
        user.send(command)
    while True:
        event = await user.reply()
        if any(data.startswith("fn:") for _, data in event.buttons):
            return event


def list_id(message: BotEvent) -> int:
    """The log row a list message's buttons name."""
    return int(next(d for _, d in message.buttons if d.startswith("fn:")).split(":")[1])


async def listed(repo: Repository, telegram_id: int, message: BotEvent) -> list[int]:
    """The films of the list a message shows, in order (from its log row)."""
    logged = await repo.get_prediction(telegram_id, list_id(message))
    assert logged is not None
    return [int(m) for m in logged.output["movies"]]


def button(message: BotEvent, label_start: str) -> str:
    """The callback data of the button whose label starts with ``label_start``."""
    return next(d for label, d in message.buttons if label.startswith(label_start))


def card_movie_id(card: BotEvent) -> int:
    """The film of a single film's card (its 👍 button names it)."""
    return int(card.buttons[0][1].rsplit(":", 1)[1])


async def test_favourites_step_counts_down_searches_fuzzily_and_refuses_an_early_done(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(801)
    await reach_age_step(user)
    user.press(await user.ask("30"), "onb:gender:male")
    await user.reply()
    question = await user.reply()
    assert "at least 10" in question.text

    typo = await user.ask("teh matirx")
    assert typo.buttons[0][0] == "The Matrix (1999)"
    user.press(typo, 0)
    assert "The Matrix" in (await user.reply()).text
    progress = await user.reply()
    assert "9 more" in progress.text and not progress.buttons

    # "Matrix, The" and a wrong year still find it; the candidate is marked as already chosen.
    again = await user.ask("Matrix, The (2001)")
    assert again.buttons[0][0] == "⭐ The Matrix (1999)"

    assert "is not in my film list yet" in (await user.ask("zxqvjk wbfpq")).text
    user.send_sticker()
    assert "Type a film title" in (await user.reply()).text

    # Done before ten: an alert with how many are missing; nothing moves on.
    user.press_data(question.message_id or 0, "onb:fav:done")
    answer = await callback_answer(user)
    assert "9 more" in answer.params["text"]

    # Several titles at once, one per line: one candidate list each.
    user.send("Toy Story\nPulp Fiction")
    first, second = await user.reply(), await user.reply()
    assert first.buttons[0][0] == "Toy Story (1995)"
    assert second.buttons[0][0] == "Pulp Fiction (1994)"
    user.press(second, 0)
    await user.reply()
    assert "8 more" in (await user.reply()).text
    # Undo takes it back.
    undo = user.last_keyboard
    assert undo is not None
    user.press(undo, "↩ Undo")
    assert "9 more" in (await user.reply()).text
    profile = await application.bot_data.repo.get_profile(801)
    assert profile is not None and profile.favourites == (2571,)


async def test_recommendations_show_platforms_and_feedback_changes_the_next_list(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url)
    repo = application.bot_data.repo
    user = api.user(802)
    await onboard(user, platforms=("netflix", "disney_plus"))
    message = await recommendation_list(user)
    assert "Picked for you" in message.text and "1/10" in message.text and "📺" in message.text
    shown = await listed(repo, 802, message)
    first_list = list_id(message)  # the server edits the message object in place later
    assert len(shown) == 10
    favourites = set((await repo.get_profile(802)).favourites)  # type: ignore[union-attr]
    assert not set(shown) & favourites
    labels = [label for label, _ in message.buttons]
    assert labels[:3] == ["◀", "1/10", "▶"]
    assert labels[3:7] == ["👍", "👎", "✓ Watched", "➕ Watchlist"]

    # 👎 on the first film, ▶, 👍 on the second: stored, marked, all in the same message.
    user.press(message, button(message, "👎"))
    disliked = await user.reply()
    assert disliked.message_id == message.message_id and "👎 ✔" in dict(disliked.buttons)
    user.press(disliked, button(disliked, "▶"))
    second = await user.reply()
    assert second.message_id == message.message_id and "2/10" in second.text
    user.press(second, button(second, "👍"))
    assert "👍 ✔" in dict((await user.reply()).buttons)
    taste = await repo.get_taste(802)
    assert taste.disliked == {shown[0]} and taste.liked == {shown[1]}

    # 🔄 a new list in the same message, without either film.
    user.press(second, button(second, "🔄"))
    fresh = await recommendation_list(user, command="")
    assert fresh.kind == "edit" and fresh.message_id == message.message_id
    new_ids = await listed(repo, 802, fresh)
    assert shown[0] not in new_ids and shown[1] not in new_ids

    # A second tap on 👎 (a button of the earlier list) takes it back.
    user.press_data(message.message_id or 0, f"ff:{first_list}:0:d")
    await user.reply()  # the message redrawn
    assert (await repo.get_taste(802)).disliked == frozenset()
    counts = await repo.count_user_rows(802)
    assert counts.predictions == 2  # every list is logged with its model version


async def test_only_my_subscriptions_keeps_films_on_the_users_services(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    repo = application.bot_data.repo
    user = api.user(803)
    await onboard(user, platforms=("netflix",))
    message = await recommendation_list(user)
    assert "All films" in message.text
    user.press(message, button(message, "☐"))
    filtered = await recommendation_list(user, command="")
    assert filtered.message_id == message.message_id
    assert "Only films on your services (Netflix)" in filtered.text
    assert "✅ Netflix" in filtered.text
    on_netflix = application.bot_data.availability.movies_on(["netflix"], "KR")
    films = await listed(repo, 803, filtered)
    assert films and all(film in on_netflix for film in films)
    profile = await repo.get_profile(803)
    assert profile is not None and profile.only_subscribed
    # The choice is remembered for the next /recommend, and can be switched off.
    again = await recommendation_list(user)
    assert "Only films on your services" in again.text
    user.press(again, button(again, "☑"))
    assert "All films" in (await recommendation_list(user, command="")).text


async def test_recommend_without_a_profile_or_with_few_favourites_says_what_helps(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    stranger = api.user(804)
    popular = await recommendation_list(stranger)
    assert "popular" in popular.text and "/start" in popular.text and "1/10" in popular.text
    # A user onboarded before favourites existed: picks from the three, and how many are missing.
    repo = application.bot_data.repo
    await repo.mark_onboarded(805)
    for movie_id in (1, 2, 3):
        await repo.add_favourite(805, movie_id)
    reply = await recommendation_list(api.user(805))
    assert "you have 3" in reply.text and "7 more" in reply.text
    assert "/favorites" in reply.text


async def test_favorites_command_lists_removes_and_adds(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(806)
    await onboard(user)
    listing = await user.ask("/favorites")
    assert "(10)" in listing.text and "Toy Story" in listing.text
    assert sum(data.startswith("fav:fav:rm:") for _, data in listing.buttons) == 8  # one page
    user.press(listing, "fav:fav:page:1")
    page_two = await user.reply()
    assert "9. " in page_two.text
    user.press_data(listing.message_id or 0, "fav:fav:rm:1")  # ✖ Toy Story (on page 1)
    redrawn = await user.reply()
    assert "(9)" in redrawn.text and "Toy Story" not in redrawn.text and "1 more" in redrawn.text
    progress = await pick_favourite(user, "Spirited Away", prefix="fav")
    assert "10 favourites" in progress.text
    user.press(redrawn, "fav:fav:done")
    await user.reply()
    assert "Saved ✓ 10" in (await user.reply()).text
    profile = await application.bot_data.repo.get_profile(806)
    assert profile is not None and len(profile.favourites) == 10 and 1 not in profile.favourites


async def test_watchlist_collects_films_and_watched_takes_them_off(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    repo = application.bot_data.repo
    user = api.user(807)
    assert "empty" in (await user.ask("/watchlist")).text
    await onboard(user)
    message = await recommendation_list(user)
    films = await listed(repo, 807, message)
    user.press(message, button(message, "➕"))
    saved = await user.reply()
    assert "➕ Watchlist ✔" in dict(saved.buttons)
    user.press(saved, button(saved, "▶"))
    second = await user.reply()
    user.press(second, button(second, "➕"))
    await user.reply()
    listing = await user.ask("/watchlist")
    assert "(2)" in listing.text
    first = films[0]
    user.press(listing, f"wl:seen:{first}")
    after = await user.reply()
    assert "(1)" in after.text
    taste = await repo.get_taste(807)
    assert first in taste.watched and first not in taste.watchlist
    # The watched film never comes back in recommendations.
    again = await recommendation_list(user)
    assert first not in await listed(repo, 807, again)


async def test_forged_or_stale_recommendation_buttons_change_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(808)
    for data in ("rec:fb:like:999999999", "rec:wl:0", "rec:fb:love:1", "rec:more:99", "wl:rm:1"):
        user.press_data(1, data)
        event = await callback_answer(user)
        assert "no longer active" in event.params["text"], data
    taste = await application.bot_data.repo.get_taste(808)
    assert taste == type(taste)(frozenset(), frozenset(), frozenset(), frozenset())


KOREAN_FAVOURITES = (
    "기생충", "부산행", "괴물", "올드보이", "살인의 추억",
    "택시운전사", "극한직업", "명량", "베테랑", "암살",
)  # fmt: skip


async def test_a_korean_favourites_profile_gets_korean_films_on_its_korean_services(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    recommender = application.bot_data.recommender
    catalogue = application.bot_data.catalogue
    repo = application.bot_data.repo
    user = api.user(808)
    await onboard(user, language="ko", platforms=("netflix",), favourites=KOREAN_FAVOURITES)
    profile = await repo.get_profile(808)
    assert profile is not None and len(profile.favourites) == 10
    # Typed in Korean, each favourite is the Korean film, not a foreign namesake.
    assert all(recommender.is_korean(movie_id) for movie_id in profile.favourites)
    message = await recommendation_list(user)
    top = (await listed(repo, 808, message))[:5]
    korean = [movie_id for movie_id in top if recommender.is_korean(movie_id)]
    assert len(korean) >= 3, [catalogue.get(m).title for m in top]  # type: ignore[union-attr]
    assert not set(top) & set(profile.favourites)
    # Korean mode: the film on show has its Korean title.
    first = catalogue.get(top[0])
    assert first is not None and first.name("ko") in message.text
    user.press(message, button(message, "☐"))
    filtered = await recommendation_list(user, command="")
    on_netflix = application.bot_data.availability.movies_on(["netflix"], "KR")
    films = await listed(repo, 808, filtered)
    assert films and all(film in on_netflix for film in films)
    assert "✅ 넷플릭스" in filtered.text
