"""Per-user limits on posters and recommendation pages: a polite "wait", other users unaffected."""

from __future__ import annotations

from bot.localapi import LocalBotApiServer
from handlers.shared.throttle import Throttle
from tests.conftest import BotFactory, next_message, onboard
from tests.test_poster_chat import encoded, poster_image
from tests.test_recommendations import recommendation_list


async def test_the_window_slides_and_each_user_has_their_own() -> None:
    now = [0.0]
    throttle = Throttle(3, window_s=60, clock=lambda: now[0])
    assert [await throttle.wait_needed(1) for _ in range(3)] == [0, 0, 0]
    assert await throttle.wait_needed(1) == 60  # the fourth within a minute waits for the first
    assert await throttle.wait_needed(2) == 0  # another user is not affected
    now[0] = 45.5
    assert await throttle.wait_needed(1) == 15
    now[0] = 60.0
    assert await throttle.wait_needed(1) == 0  # the first call left the window
    assert await Throttle(0).wait_needed(1) == 0  # 0 turns the limit off


async def test_a_poster_flood_gets_a_polite_wait_in_the_users_language(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url, poster_per_minute=2, recommend_per_minute=1)
    image = encoded(poster_image(), "JPEG", quality=80)
    user = api.user(1801, language_code="ko")
    replies = []
    for _ in range(3):
        user.send_photo(image, width=300, height=450)
        replies.append(await next_message(user))
    assert [r.method for r in replies] == ["sendPhoto", "sendPhoto", "sendMessage"]
    assert "초 뒤에 다시 시도해 주세요" in replies[2].text
    other = api.user(1802)
    other.send_photo(image, width=300, height=450)
    assert (await next_message(other)).method == "sendPhoto"
    counts = await application.bot_data.repo.count_user_rows(1801)
    assert counts.predictions == 2  # the refused poster ran no model and logged nothing

    await onboard(other)
    assert "1/10" in (await recommendation_list(other)).text  # one message holds the list
    refused = await other.ask("/recommend")
    assert "Please wait" in refused.text and "try again" in refused.text
