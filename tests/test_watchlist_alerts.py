"""Watchlist alerts through the local Bot API server: the daily job (registered on the
Application's JobQueue, triggered directly) tells a user once when a watchlisted film arrives on
one of their services — live from the fake TMDB whose answer changes, and offline from the
Korean lists."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.application import CineApp
from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from handlers.recommend import alerts
from handlers.recommend.alerts import CheckReport, check_watchlists
from handlers.shared.particles import particle
from inference.catalogue.arrivals import RunLookups, WatchState, arrivals, carried
from inference.catalogue.availability import Availability, Offer, OfferKind
from tests.conftest import BotFactory, callback_answer, onboard
from tests.fake_tmdb import API_KEY, FakeTmdb, Mode, providers
from tests.test_recommendations import button, recommendation_list
from tests.test_where_to_watch_chat import html_of


def kr_payload(tmdb_id: int, *flatrate: tuple[int, str]) -> dict[str, Any]:
    """A TMDB answer whose KR entry streams on exactly these providers."""
    return {"id": tmdb_id, "results": {"KR": {
        "link": f"https://www.themoviedb.org/movie/{tmdb_id}/watch?locale=KR",
        "flatrate": providers(*flatrate),
        "rent": providers((3, "Google Play Movies")),
    }}}  # fmt: skip


NETFLIX, WATCHA = (8, "Netflix"), (97, "Watcha")
# Said here, so these tests keep the daily job whatever the other tests' default becomes.
ALERTS_ON: dict[str, Any] = {"watchlist_alerts": True, "tmdb_region": "KR"}


async def run_job(application: CineApp) -> None:
    """The registered daily job, run now (as the JobQueue would at WATCHLIST_CHECK_TIME)."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(alerts.JOB_NAME)
    await job.run(application)


class Days:
    """Runs the check on later days: day N is N days after the test started."""

    def __init__(self, application: CineApp) -> None:
        self.application = application
        self.start = datetime.now(UTC)

    async def run(self, day: int) -> CheckReport:
        bot_data, bot = self.application.bot_data, self.application.bot
        return await check_watchlists(bot_data, bot, now=self.start + timedelta(days=day))


async def messages(api: LocalBotApiServer, user: SimulatedUser) -> list[BotEvent]:
    """Every message the bot has sent the user and the test has not read yet."""
    await asyncio.sleep(0.05)
    found = []
    while api.pending_events(user.id):
        event = await user.next_event()
        if event.kind == "message":
            found.append(event)
    return found


def url_buttons(event: BotEvent) -> list[tuple[str, str]]:
    markup = (event.message or {}).get("reply_markup") or {}
    return [(b["text"], b["url"]) for row in markup["inline_keyboard"] for b in row if "url" in b]


async def test_a_film_arriving_on_netflix_is_told_once_and_again_only_after_it_left(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    async with FakeTmdb() as tmdb:
        application = await start_bot(
            database_url, tmdb_api_key=API_KEY, tmdb_base_url=tmdb.base_url, **ALERTS_ON
        )
        days = Days(application)
        repo, films = application.bot_data.repo, application.bot_data.films
        user = api.user(1201, language_code="ko")
        await onboard(user, language="ko", platforms=("netflix",))
        listing = await recommendation_list(user)
        user.press(listing, button(listing, "➕"))
        await callback_answer(user)
        (movie_id,) = await repo.get_watchlist(1201)
        movie = await films.get(movie_id)
        assert movie is not None and movie.tmdb_id is not None
        tmdb_id, title = movie.tmdb_id, movie.name("ko")
        # A second user saved the same film but has Wavve only: never alerted, and the film
        # is still asked once per run.
        other = api.user(1202, language_code="en")
        await repo.set_language(1202, "en")
        await repo.set_subscriptions(1202, ["wavve"])
        await repo.add_to_watchlist(1202, movie_id)
        await messages(api, user)

        tmdb.answer(tmdb_id, Mode.OK, kr_payload(tmdb_id, WATCHA))
        await run_job(application)  # the first check records where it streams, silently
        assert await messages(api, user) == []
        state = (await repo.get_watchlist_states(1201))[movie_id]
        assert state.alert_state == {"region": "KR", "services": ["google_play", "watcha"]}
        assert state.checked_at is not None
        asked = tmdb.requests[tmdb_id]

        tmdb.answer(tmdb_id, Mode.SERVER_ERROR)  # TMDB down: the offline table is no news
        failed = await days.run(1)
        assert failed.failures == 2 and failed.alerts == 0
        assert await messages(api, user) == []
        assert (await repo.get_watchlist_states(1201))[movie_id].alert_state == state.alert_state

        tmdb.answer(tmdb_id, Mode.OK, kr_payload(tmdb_id, NETFLIX, WATCHA))
        report = await days.run(2)
        assert (report.users, report.films, report.alerts, report.failures) == (2, 2, 1, 0)
        assert tmdb.requests[tmdb_id] == asked + 2  # one request per run for both users
        (alert,) = await messages(api, user)
        lines = alert.text.splitlines()
        # issue 25: the title takes its particle instead of hanging on a comma
        named = f"“{title}”{particle(title, '을/를')}"
        assert lines[0] == f"🔔 찜해 둔 {named} 이제 넷플릭스에서 볼 수 있어요!"
        assert "📺 구독: ✅ 넷플릭스, 왓챠" in lines and "TMDB 실시간 정보" in alert.text
        assert '<a href="https://www.netflix.com/search?q=' in html_of(alert)
        ((label, url),) = url_buttons(alert)
        assert label == "▶ 넷플릭스에서 보기" and url.startswith("https://www.netflix.com/search")
        assert [text for text, _ in alert.buttons[1:]] == ["✓ 봤어요", "✖ 찜 목록에서 빼기"]
        assert await messages(api, other) == []

        await run_job(application)  # again the same day: nothing is due, nothing is asked
        assert await messages(api, user) == [] and tmdb.requests[tmdb_id] == asked + 2
        again = await days.run(3)  # the next day: checked, nothing new
        assert again.alerts == 0 and again.films == 2 and tmdb.requests[tmdb_id] == asked + 3
        assert await messages(api, user) == []

        tmdb.answer(tmdb_id, Mode.OK, kr_payload(tmdb_id, WATCHA))  # Netflix drops it …
        assert (await days.run(4)).alerts == 0
        tmdb.answer(tmdb_id, Mode.OK, kr_payload(tmdb_id, NETFLIX, WATCHA))  # … and gets it back
        assert (await days.run(5)).alerts == 1
        (back,) = await messages(api, user)
        assert back.text.startswith(f"🔔 찜해 둔 “{title}”{particle(title, '을/를')} 이제 넷플릭스")

        user.press(back, "wl:arm:" + str(movie_id))  # ✖ on the alert takes it off the list
        assert (await callback_answer(user)).params["text"] == "뺐어요"
        edited = await user.next_event()  # the alert stays; only its ✓ / ✖ go
        assert edited.kind == "edit" and edited.text == back.text
        assert edited.buttons == [("▶ 넷플릭스에서 보기", "")]
        assert await repo.get_watchlist(1201) == ()
        tmdb.answer(tmdb_id, Mode.OK, kr_payload(tmdb_id, WATCHA))
        assert (await days.run(6)).films == 1  # only the other user's row is left


async def test_offline_alerts_come_from_the_korean_lists(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url, **ALERTS_ON)  # no TMDB key
    days = Days(application)
    bot_data = application.bot_data
    repo = bot_data.repo
    parasite = bot_data.catalogue.resolve("기생충", 5, "KR").movie
    assert parasite is not None
    assert "netflix" in carried(bot_data.availability.lookup(parasite.movie_id, "KR"))
    user = api.user(1211, language_code="en")
    await repo.set_language(1211, "en")
    await repo.set_subscriptions(1211, ["netflix", "tving"])
    await repo.add_to_watchlist(1211, parasite.movie_id)

    await run_job(application)
    assert await messages(api, user) == []
    recorded = (await repo.get_watchlist_states(1211))[parasite.movie_id].alert_state
    assert recorded is not None and "netflix" in recorded["services"]
    # As if the lists of the last check had not had it on Netflix (new lists shipped since).
    before = {"region": "KR", "services": [s for s in recorded["services"] if s != "netflix"]}
    await repo.save_watchlist_states([(1211, parasite.movie_id, before)])

    report = await days.run(1)
    assert (report.alerts, report.lookups) == (1, 1)
    (alert,) = await messages(api, user)
    assert alert.text.startswith("🔔 “Parasite” from your watchlist is now on Netflix!")
    assert "Korean services as of May 2023" in alert.text
    assert "❔ No data for TVING" in alert.text  # never "not on TVING"
    assert [label for label, _ in url_buttons(alert)] == ["▶ Watch on Netflix"]
    assert (await days.run(2)).alerts == 0
    assert await messages(api, user) == []
    # ✓ Watched on the alert: recorded as watched and off the list.
    user.press(alert, f"wl:aseen:{parasite.movie_id}")
    assert "watched" in (await callback_answer(user)).params["text"]
    edited = await user.next_event()  # the alert keeps its text and its link
    assert edited.kind == "edit" and edited.text == alert.text
    assert edited.buttons == [("▶ Watch on Netflix", "")]
    assert (await repo.get_taste(1211)).watched == {parasite.movie_id}


async def test_one_bad_row_never_stops_the_run_and_the_job_can_be_turned_off(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url, **ALERTS_ON)
    days = Days(application)
    repo = application.bot_data.repo
    parasite = application.bot_data.catalogue.resolve("기생충", 5, "KR").movie
    assert parasite is not None
    api.user(1221, language_code="ko")
    await repo.set_subscriptions(1221, ["netflix"])
    await repo.add_to_watchlist(1221, 999_999_999)  # a film id no catalogue knows
    await repo.add_to_watchlist(1221, parasite.movie_id)
    report = await days.run(0)
    assert (report.users, report.films, report.failures, report.recorded) == (1, 2, 1, 1)
    states = await repo.get_watchlist_states(1221)
    assert states[999_999_999].alert_state is None and states[parasite.movie_id].alert_state

    quiet = await start_bot(sqlite_url.replace("cinemate.db", "off.db"), watchlist_alerts=False)
    assert quiet.job_queue is not None and not quiet.job_queue.get_jobs_by_name(alerts.JOB_NAME)


def offer(platform: str, kind: OfferKind = OfferKind.SUBSCRIPTION) -> Offer:
    return Offer(platform, platform, kind, "KR", "tmdb", None)


def test_arrivals_rules() -> None:
    def state(*offers: Offer, region: str = "KR") -> WatchState:
        return WatchState.of(Availability(1, offers, True, region, None), region)

    netflix_rent = state(offer("netflix", OfferKind.RENT), offer("google_play", OfferKind.RENT))
    assert netflix_rent.services == {"google_play"}  # renting on Netflix is not "on Netflix"
    both = state(offer("netflix"), offer("watcha"))
    assert arrivals(None, both, ["netflix"]) == ()  # a first check only records
    assert arrivals(state(offer("watcha")), both, ["netflix", "watcha"]) == ("netflix",)
    assert arrivals(state(offer("watcha")), both, ["wavve"]) == ()  # not the user's service
    assert arrivals(state(region="US"), both, ["netflix"]) == ()  # another region's lists
    assert arrivals(state(), netflix_rent, ["google_play"]) == ("google_play",)
    assert WatchState.from_json(both.to_json()) == both
    for broken in (None, {}, {"region": 1, "services": []}, {"region": "KR", "services": "x"}):
        assert WatchState.from_json(broken) is None  # type: ignore[arg-type]


async def test_run_lookups_ask_each_film_once_and_cap_concurrency() -> None:
    class Slow:
        live = False
        running = peak = calls = 0

        async def lookup(self, movie: Any, region: str, *, max_age: timedelta) -> Availability:
            self.calls += 1
            self.running += 1
            self.peak = max(self.peak, self.running)
            await asyncio.sleep(0.01)
            self.running -= 1
            return Availability(movie.movie_id, (), False, region, None)

    class Film:
        def __init__(self, movie_id: int) -> None:
            self.movie_id, self.tmdb_id = movie_id, None

    slow = Slow()
    lookups = RunLookups(slow, concurrency=3)  # type: ignore[arg-type]
    await asyncio.gather(*(lookups.get(Film(i % 10), "kr") for i in range(50)))  # type: ignore[arg-type]
    assert (slow.calls, lookups.lookups, slow.peak) == (10, 10, 3)
