"""Favourites, recommendations, feedback and the watchlist, end to end through the local server."""

from __future__ import annotations

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, callback_answer, onboard, pick_favourite, reach_age_step

CARD_BUTTONS = ("rec:fb:like:", "rec:fb:dislike:", "rec:fb:watched:", "rec:wl:")


async def recommendation_page(user: SimulatedUser, command: str = "/recommend") -> list[BotEvent]:
    """Send the command (or nothing, after a button press) and collect header, cards, footer.

    Edits (a pressed button's keyboard being removed) are skipped.
    """
    if command:
        user.send(command)
    events: list[BotEvent] = []
    while True:
        event = await user.reply()
        if event.kind != "message":
            continue
        events.append(event)
        if any(data == "rec:new" for _, data in event.buttons) or "more films" in event.text:
            return events


def card_movie_id(card: BotEvent) -> int:
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

    assert "I don't know a film called" in (await user.ask("zxqvjk wbfpq")).text
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
    user = api.user(802)
    await onboard(user, platforms=("netflix", "disney_plus"))
    page = await recommendation_page(user)
    header, cards, footer = page[0], page[1:-1], page[-1]
    assert "Picked for you" in header.text
    assert len(cards) == 5
    favourites = set((await application.bot_data.repo.get_profile(802)).favourites)  # type: ignore[union-attr]
    shown = [card_movie_id(card) for card in cards]
    assert not set(shown) & favourites
    for rank, card in enumerate(cards, start=1):
        assert card.text.startswith(f"{rank}. ")
        assert [data.rsplit(":", 1)[0] + ":" for _, data in card.buttons] == list(CARD_BUTTONS)
        assert "📺" in card.text  # either offers or a plain "no data"

    # 👎 on the first film and 👍 on the second; both are stored and marked on the buttons.
    user.press(cards[0], 1)
    assert (await user.reply()).buttons[1][0] == "👎 ✔"
    user.press(cards[1], 0)
    assert (await user.reply()).buttons[0][0] == "👍 ✔"
    taste = await application.bot_data.repo.get_taste(802)
    assert taste.disliked == {shown[0]} and taste.liked == {shown[1]}

    user.press(footer, "rec:new")
    fresh = await recommendation_page(user, command="")
    new_ids = [card_movie_id(card) for card in fresh[1:-1]]
    assert shown[0] not in new_ids and shown[1] not in new_ids
    assert new_ids != shown

    # A second tap on 👎 takes it back.
    user.press(cards[0], 1)
    assert (await user.reply()).buttons[1][0] == "👎"
    assert (await application.bot_data.repo.get_taste(802)).disliked == frozenset()

    # More: the next five, no repeats of the first page.
    user.press(fresh[-1], "rec:more:1")
    second_page = await recommendation_page(user, command="")
    assert second_page[1].text.startswith("6. ")
    counts = await application.bot_data.repo.count_user_rows(802)
    assert counts.predictions == 3  # every list is logged with its model version


async def test_only_my_subscriptions_keeps_films_on_the_users_services(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(803)
    await onboard(user, platforms=("netflix",))
    page = await recommendation_page(user)
    user.press(page[0], "rec:only:on")
    filtered = await recommendation_page(user, command="")
    assert "Only films on your services (Netflix)" in filtered[0].text
    cards = filtered[1:-1]
    assert cards
    on_netflix = application.bot_data.availability.movies_on(["netflix"], "KR")
    for card in cards:
        assert card_movie_id(card) in on_netflix
        assert "✅ Netflix" in card.text
    profile = await application.bot_data.repo.get_profile(803)
    assert profile is not None and profile.only_subscribed
    # The choice is remembered for the next /recommend, and can be switched off.
    again = await recommendation_page(user)
    assert "Only films on your services" in again[0].text
    user.press(again[0], "rec:only:off")
    assert "All films" in (await recommendation_page(user, command=""))[0].text


async def test_recommend_asks_for_onboarding_or_the_missing_favourites(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    stranger = api.user(804)
    assert "/start" in (await stranger.ask("/recommend")).text
    # A user onboarded before favourites existed: told how many are missing.
    repo = application.bot_data.repo
    await repo.mark_onboarded(805)
    for movie_id in (1, 2, 3):
        await repo.add_favourite(805, movie_id)
    reply = await api.user(805).ask("/recommend")
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
    user = api.user(807)
    assert "empty" in (await user.ask("/watchlist")).text
    await onboard(user)
    cards = (await recommendation_page(user))[1:-1]
    for card in cards[:2]:
        user.press(card, 3)
        assert (await user.reply()).buttons[3][0].endswith("✔")
    listing = await user.ask("/watchlist")
    assert "(2)" in listing.text
    first = card_movie_id(cards[0])
    user.press(listing, f"wl:seen:{first}")
    after = await user.reply()
    assert "(1)" in after.text
    taste = await application.bot_data.repo.get_taste(807)
    assert first in taste.watched and first not in taste.watchlist
    # The watched film never comes back in recommendations.
    again = await recommendation_page(user)
    assert first not in [card_movie_id(card) for card in again[1:-1]]


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
    user = api.user(808)
    await onboard(user, language="ko", platforms=("netflix",), favourites=KOREAN_FAVOURITES)
    profile = await application.bot_data.repo.get_profile(808)
    assert profile is not None and len(profile.favourites) == 10
    # Typed in Korean, each favourite is the Korean film, not a foreign namesake.
    assert all(recommender.is_korean(movie_id) for movie_id in profile.favourites)
    page = await recommendation_page(user)
    cards = page[1:-1]
    assert len(cards) == 5
    korean = [card for card in cards if recommender.is_korean(card_movie_id(card))]
    assert len(korean) >= 3, [card.text.splitlines()[0] for card in cards]
    assert not {card_movie_id(card) for card in cards} & set(profile.favourites)
    # Korean mode: Korean titles (Hangul on the title line) and Korean services.
    assert sum(any("가" <= ch <= "힣" for ch in card.text.splitlines()[0]) for card in cards) >= 3
    user.press(page[0], "rec:only:on")
    filtered = await recommendation_page(user, command="")
    on_netflix = application.bot_data.availability.movies_on(["netflix"], "KR")
    assert filtered[1:-1]
    for card in filtered[1:-1]:
        assert card_movie_id(card) in on_netflix
        assert "✅ 넷플릭스" in card.text
