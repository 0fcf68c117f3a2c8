"""The daily catalogue refresh in the running bot, through the local Bot API server: the
registered JobQueue job (run on demand, as the JobQueue would at CATALOGUE_REFRESH_TIME) adds
today's releases from the fake TMDB and KOBIS, and a user can ask about them at once — no
restart. A second run adds nothing twice, a failing API leaves the catalogue as it was, keys
never reach the logs, and with two bots on one database the day's work is done once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from bot.application import CineApp
from bot.catalogue_refresh import FOLLOW_JOB_NAME, JOB_NAME, CatalogueRefreshJob
from bot.localapi import LocalBotApiServer
from bot.services import _catalogue
from inference.catalogue.films import JUSTWATCH_ID_BASE
from storage.database import Database
from storage.repository import Repository
from tests.conftest import BotFactory, next_message
from tests.fake_kobis import API_KEY as KOBIS_KEY
from tests.fake_kobis import FAULT, FakeKobis, movie_info
from tests.fake_tmdb import API_KEY as TMDB_KEY
from tests.fake_tmdb import FakeTmdb, Mode, film_details, list_result

FOG = 1999002
NEW_KOREAN = "별빛 정거장 구역"  # a Korean film only KOBIS knows (invented: in no catalogue)


@pytest.fixture(autouse=True)
def clean_overlay() -> Iterator[None]:
    """The catalogue is loaded once per process and shared by every bot: leave no additions."""
    yield
    _catalogue(None).add_films([])


@pytest.fixture
async def sources() -> AsyncIterator[tuple[FakeTmdb, FakeKobis]]:
    """Fake TMDB and KOBIS with today's releases: 안개 도시 on both, one film on KOBIS only."""
    async with FakeTmdb() as tmdb, FakeKobis() as kobis:
        details = film_details(
            FOG, "안개 도시", english="City of Fog", released="2026-11-18", genre_ids=(9648, 27),
            directors=("Han Seo-jin",), cast=("Oh Ha-ram", "Jung Woo-rim"),
            kr_providers=((1881, "Coupang Play"),),
        )  # fmt: skip
        tmdb.film_details[FOG] = details
        tmdb.release_lists[("now_playing", "KR")] = [list_result(details)]
        tmdb.release_lists[("upcoming", "US")] = [list_result(details, "en-US")]
        kobis.add(movie_info("20269902", "안개 도시", english="CITY OF FOG", year="2026",
                             opened="20261118",
                             directors=(("한서진", "HAN Seo-jin"),),
                             actors=(("오하람", "OH Ha-ram"),)), 11_000_000)  # fmt: skip
        kobis.add(movie_info("20249001", NEW_KOREAN, year="2024", opened="20240301",
                             genres=("스릴러",), directors=(("홍길동", ""),)), 52_000)  # fmt: skip
        yield tmdb, kobis


def keys(tmdb: FakeTmdb, kobis: FakeKobis, **overrides: Any) -> dict[str, Any]:
    """Settings that point the bot at both fakes (the refresh is on: keys are set)."""
    return {
        "tmdb_api_key": TMDB_KEY, "tmdb_base_url": tmdb.base_url, "tmdb_timeout_s": 0.5,
        "tmdb_region": "KR", "kobis_api_key": KOBIS_KEY, "kobis_base_url": kobis.base_url,
        **overrides,
    }  # fmt: skip


def refresh_job(application: CineApp) -> CatalogueRefreshJob:
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)
    assert isinstance(job.callback, CatalogueRefreshJob)
    return job.callback


async def run_job(application: CineApp) -> None:
    """The registered daily job, run now (as the JobQueue would at CATALOGUE_REFRESH_TIME)."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)
    await job.run(application)


def no_key_in(caplog: pytest.LogCaptureFixture) -> bool:
    return TMDB_KEY not in caplog.text and KOBIS_KEY not in caplog.text


async def test_the_job_adds_new_films_that_users_can_ask_about_without_a_restart(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    database_url: str,
    sources: tuple[FakeTmdb, FakeKobis],
    caplog: pytest.LogCaptureFixture,
) -> None:
    tmdb, kobis = sources
    application = await start_bot(database_url, **keys(tmdb, kobis))
    repo, catalogue = application.bot_data.repo, application.bot_data.catalogue
    user = api.user(1301, language_code="ko")
    before = await user.ask("안개 도시 어디서 봐?")
    assert not before.text.startswith("📺") and "TMDB에도 없어요" in before.text

    with caplog.at_level(logging.DEBUG):
        await run_job(application)
    line = next(r.getMessage() for r in caplog.records if "catalogue refresh of" in r.getMessage())
    assert "3 fetched, 2 new, 0 updated, 0 failed" in line and "tmdb+kobis" in line
    assert no_key_in(caplog)
    assert len(await repo.get_catalogue_additions()) == 2
    run = await repo.get_catalogue_refresh(refresh_job(application).today())
    assert run is not None and run.outcome == "done" and run.report and run.report["new"] == 2

    # Asked by its Korean title, the new film is the answer — with the services TMDB listed in
    # its details (kept in the where-to-watch cache: no second request for them).
    answer = await user.ask("안개 도시 어디서 봐?")
    assert answer.text.splitlines()[0] == "📺 안개 도시 (City of Fog, 2026)"
    assert "쿠팡플레이" in answer.text and tmdb.requests[FOG] == 0
    kobis_only = await user.ask(f"{NEW_KOREAN} 어디서 봐?")
    assert kobis_only.text.startswith(f"📺 {NEW_KOREAN}")
    english = api.user(1302, language_code="en")
    found = await english.ask("where can I watch City of Fog?")
    assert "City of Fog" in found.text.splitlines()[0]
    # Its id is the one a live TMDB search would give it: buttons made from either agree.
    user.press_data(1, f"wtw:{JUSTWATCH_ID_BASE + FOG}")
    assert (await user.reply()).text.startswith("📺 안개 도시")

    # The same day again (a second process, a restart): taken, nothing asked, nothing added.
    asked = len(tmdb.list_requests), kobis.calls("boxoffice")
    await run_job(application)
    assert (len(tmdb.list_requests), kobis.calls("boxoffice")) == asked
    # The next day: the same films are known now — nothing added twice.
    job = refresh_job(application)
    report = await job.run(job.today() + timedelta(days=1))
    assert report is not None and (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert len(await repo.get_catalogue_additions()) == 2

    # A restart loads the stored films into the catalogue before the first update.
    catalogue.add_films([])
    assert catalogue.resolve("안개 도시", 5, "KR").movie is None
    await start_bot(database_url, **keys(tmdb, kobis, catalogue_refresh=False))
    found = catalogue.resolve("안개 도시", 5, "KR").movie
    assert found is not None and found.movie_id == JUSTWATCH_ID_BASE + FOG


@pytest.mark.parametrize("failure", ["tmdb_500", "kobis_slow", "kobis_bad_key", "tmdb_redirect"])
async def test_a_failing_api_leaves_the_catalogue_as_it_was_until_the_next_day(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    sources: tuple[FakeTmdb, FakeKobis],
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    tmdb, kobis = sources
    if failure == "tmdb_500":
        tmdb.lists_mode = Mode.SERVER_ERROR
    elif failure == "tmdb_redirect":
        tmdb.lists_mode = Mode.REDIRECT_LOOP  # aiohttp's error text quotes the URL and key
    elif failure == "kobis_slow":
        kobis.mode = Mode.SLOW
    else:
        kobis.mode = FAULT
    application = await start_bot(sqlite_url, **keys(tmdb, kobis))
    repo, catalogue = application.bot_data.repo, application.bot_data.catalogue
    with caplog.at_level(logging.DEBUG):
        await run_job(application)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING
                and "tried again tomorrow" in r.getMessage()]  # fmt: skip
    assert len(warnings) == 1 and no_key_in(caplog)
    assert await repo.get_catalogue_additions() == [] and catalogue.additions is None
    assert catalogue.resolve("안개 도시", 5, "KR").movie is None
    job = refresh_job(application)
    run = await repo.get_catalogue_refresh(job.today())
    assert run is not None and run.outcome == "failed" and run.report is not None
    assert TMDB_KEY not in str(run.report) and KOBIS_KEY not in str(run.report)

    tmdb.lists_mode, kobis.mode = Mode.OK, Mode.OK  # tomorrow the APIs answer
    report = await job.run(job.today() + timedelta(days=1))
    assert report is not None and report.new == 2
    assert catalogue.resolve("안개 도시", 5, "KR").movie is not None


async def test_two_bots_on_one_database_refresh_once_and_both_know_the_films(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    database_url: str,
    sources: tuple[FakeTmdb, FakeKobis],
    caplog: pytest.LogCaptureFixture,
) -> None:
    tmdb, kobis = sources
    first = await start_bot(database_url, **keys(tmdb, kobis))
    second = await start_bot(database_url, **keys(tmdb, kobis))
    with caplog.at_level(logging.INFO):
        await asyncio.gather(run_job(first), run_job(second))
    assert kobis.calls("boxoffice") == 1 and tmdb.details == [FOG]  # the work, once
    assert len(tmdb.list_requests) == 4  # two lists × two regions, one page each
    followers = [a for a in (first, second)
                 if a.job_queue and a.job_queue.get_jobs_by_name(FOLLOW_JOB_NAME)]  # fmt: skip
    assert len(followers) == 1  # the other one waits for the run to finish, then loads
    (follow,) = followers[0].job_queue.get_jobs_by_name(FOLLOW_JOB_NAME)  # type: ignore[union-attr]
    with caplog.at_level(logging.INFO):
        await follow.run(followers[0])
    assert any("done elsewhere: 2 added films loaded" in r.getMessage() for r in caplog.records)
    user = api.user(1311, language_code="ko")
    assert (await user.ask("안개 도시 어디서 봐?")).text.startswith("📺 안개 도시")


async def test_without_a_key_or_when_turned_off_there_is_no_job(
    start_bot: BotFactory, sqlite_url: str, sources: tuple[FakeTmdb, FakeKobis]
) -> None:
    tmdb, kobis = sources
    plain = await start_bot(sqlite_url)
    assert plain.job_queue is not None and not plain.job_queue.get_jobs_by_name(JOB_NAME)
    off = await start_bot(sqlite_url.replace("cinemate.db", "off.db"),
                          **keys(tmdb, kobis, catalogue_refresh=False))  # fmt: skip
    assert off.job_queue is not None and not off.job_queue.get_jobs_by_name(JOB_NAME)
    kobis_only = await start_bot(
        sqlite_url.replace("cinemate.db", "kobis.db"),
        kobis_api_key=KOBIS_KEY,
        kobis_base_url=kobis.base_url,
    )
    job = refresh_job(kobis_only)
    assert job.refresher.sources == ("kobis",)
    report = await job.run()
    assert report is not None and report.new == 2 and tmdb.list_requests == []


async def test_the_job_is_scheduled_at_the_configured_time(
    start_bot: BotFactory, sqlite_url: str, sources: tuple[FakeTmdb, FakeKobis]
) -> None:
    tmdb, kobis = sources
    application = await start_bot(
        sqlite_url, **keys(tmdb, kobis, catalogue_refresh_time="04:15",
                           catalogue_refresh_timezone="America/New_York"),
    )  # fmt: skip
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)
    fires = job.next_t
    assert fires is not None
    local = fires.astimezone(refresh_job(application).timezone)
    assert (local.hour, local.minute) == (4, 15)


async def test_a_message_during_a_run_is_still_answered(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    sources: tuple[FakeTmdb, FakeKobis],
) -> None:
    """The run awaits the network and merges in a worker thread: chats go on meanwhile."""
    tmdb, kobis = sources
    tmdb.details_modes[FOG] = Mode.SLOW
    tmdb.slow_s = 1.0
    application = await start_bot(sqlite_url, **keys(tmdb, kobis, tmdb_timeout_s=3.0))
    running = asyncio.create_task(run_job(application))
    user = api.user(1321, language_code="ko")
    user.send("/help")
    assert (await next_message(user)).text
    assert not running.done()
    await running
    assert len(await application.bot_data.repo.get_catalogue_additions()) == 2


async def test_a_stored_film_that_cannot_be_read_is_skipped_at_start_up(
    start_bot: BotFactory, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    database = Database(sqlite_url)
    await database.migrate()
    repo = Repository(database)
    day = date(2026, 12, 1)
    assert await repo.claim_catalogue_refresh(day)
    good = {"v": 1, "movie_id": 840_000_001, "title": "Saeroun yeonghwa", "title_ko": "새로운 영화",
            "year": 2026, "origin": "kobis", "source": "kobis"}  # fmt: skip
    await repo.finish_catalogue_refresh(day, "done", {}, [
        (840_000_001, "kobis", good), (840_000_002, "kobis", {"v": 99}),
        (840_000_003, "kobis", {"v": 1, "movie_id": "x"})])  # fmt: skip
    await database.dispose()
    with caplog.at_level(logging.WARNING):
        application = await start_bot(sqlite_url)
    assert sum("ignoring a stored catalogue addition" in r.getMessage()
               for r in caplog.records) == 2  # fmt: skip
    movie = application.bot_data.catalogue.get(840_000_001)
    assert movie is not None and movie.title_ko == "새로운 영화"
