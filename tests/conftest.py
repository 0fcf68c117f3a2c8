"""Shared fixtures: a local Bot API server, databases (SQLite file, PostgreSQL) and a running bot.

Everything goes through the real python-telegram-bot client over HTTP to the local server; the
only fake is the server standing in for Telegram.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.application import CineApp, build_application, start_application, stop_application
from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from bot.settings import Settings

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


async def reset_postgres(url: str) -> None:
    """Empty the test database so every test starts from migrations."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        await connection.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a real SQLite file, and PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'cinemate.db'}"
    if not POSTGRES_URL:
        pytest.skip(
            "PostgreSQL path not tested: set TEST_DATABASE_URL (.ci/run does when "
            "a server answers on 127.0.0.1:5432)"
        )
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A real SQLite file for tests that only need the default backend."""
    return f"sqlite+aiosqlite:///{tmp_path / 'cinemate.db'}"


def make_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings isolated from the developer's .env and environment."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "rate_limit_per_second": 0,
        "telegram_bot_token": None,
        # The daily job fires at a wall-clock time; tests that want it turn it on.
        "watchlist_alerts": False,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApiServer]:
    """The local Bot API server on a free port. Every message the bot sends in any test is
    read for what issue 25 found: no line said twice in one answer, no two buttons with the
    same label (two "Aladdin (1992)" rows)."""
    repeats: list[str] = []
    async with LocalBotApiServer() as server:
        server.add_listener(lambda event: repeats.extend(said_twice(event)))
        yield server
    assert not repeats, f"an answer repeats itself: {repeats}"


def said_twice(event: BotEvent) -> list[str]:
    """Lines (of 8 characters or more) and button labels (of 4 or more: "✖", "◀" and page
    numbers repeat on purpose, one per row) that one message shows twice."""
    if event.kind not in ("message", "edit"):
        return []
    lines = Counter(line.strip() for line in event.text.splitlines() if len(line.strip()) >= 8)
    labels = Counter(label for label, _ in event.buttons if len(label) >= 4)
    return [f"{kind} “{text}”" for kind, counts in (("line", lines), ("button", labels))
            for text, count in counts.items() if count > 1]  # fmt: skip


BotFactory = Callable[..., Awaitable[CineApp]]


@pytest.fixture
async def start_bot(api: LocalBotApiServer) -> AsyncIterator[BotFactory]:
    """Start CineMate against ``api``; every bot started is stopped at the end of the test."""
    started: list[CineApp] = []

    async def start(database_url: str, **overrides: Any) -> CineApp:
        application = build_application(
            make_settings(database_url, **overrides),
            token=api.token,
            base_url=api.base_url,
            base_file_url=api.base_file_url,
        )
        await start_application(application)
        started.append(application)
        return application

    yield start
    for application in started:
        await stop_bot(api, application)


async def stop_bot(api: LocalBotApiServer, application: CineApp) -> None:
    """Stop a bot without waiting out its long poll, then let the server long-poll again."""
    if application.running:
        await api.release_pollers()
        await stop_application(application)
        api.resume_long_polling()


async def next_message(user: SimulatedUser) -> BotEvent:
    """The next message the bot sends, skipping edits, chat actions and callback answers."""
    while True:
        event = await user.next_event(timeout=20)
        if event.kind == "message":
            return event


async def callback_answer(user: SimulatedUser) -> BotEvent:
    """The bot's answer to the last button press (a toast or alert), skipping anything else."""
    while True:
        event = await user.next_event()
        if event.kind == "callback_answer":
            return event


async def reach_age_step(user: SimulatedUser, language: str = "en") -> BotEvent:
    """/start and pick the language; returns the age question."""
    prompt = await user.ask("/start")
    user.press(prompt, f"onb:lang:{language}")
    await user.reply()  # language confirmed (edit)
    return await user.reply()


# Ten well-known films whose first search candidate is the intended one.
FAVOURITE_TITLES = (
    "Toy Story",
    "The Matrix",
    "Pulp Fiction",
    "Forrest Gump",
    "Jurassic Park",
    "The Lion King",
    "Fight Club",
    "Inception",
    "Titanic",
    "Shrek",
)


async def pick_favourite(user: SimulatedUser, title: str, prefix: str = "onb") -> BotEvent:
    """Type a title, press its first candidate; returns the progress message."""
    candidates = await user.ask(title)
    assert candidates.buttons, candidates.text
    assert candidates.buttons[0][1].startswith(f"{prefix}:fav:add:")
    user.press(candidates, 0)
    added = await user.reply()  # the candidate list collapses into "Added …"
    assert "✓" in added.text
    return await user.reply()


async def reach_subscriptions_step(
    user: SimulatedUser,
    *,
    language: str = "en",
    age: str = "27",
    gender: str = "female",
    favourites: tuple[str, ...] = FAVOURITE_TITLES,
) -> BotEvent:
    """Onboarding up to the subscriptions question (returned)."""
    await reach_age_step(user, language)
    gender_prompt = await user.ask(age)
    user.press(gender_prompt, f"onb:gender:{gender}")
    await user.reply()  # gender confirmed (edit)
    await user.reply()  # favourites question
    progress = None
    for title in favourites:
        progress = await pick_favourite(user, title)
    assert progress is not None
    user.press(progress, "onb:fav:done")
    await user.reply()  # Done button removed
    return await user.reply()


async def onboard(
    user: SimulatedUser,
    *,
    language: str = "en",
    age: str = "27",
    gender: str = "female",
    platforms: tuple[str, ...] = ("netflix",),
    favourites: tuple[str, ...] = FAVOURITE_TITLES,
) -> None:
    """Walk a user through the whole onboarding with the buttons a person would press."""
    subs = await reach_subscriptions_step(
        user, language=language, age=age, gender=gender, favourites=favourites
    )
    for platform in platforms:
        user.press(subs, f"onb:sub:{platform}")
        subs = await user.reply()
    user.press(subs, "onb:sub:done")
    await user.reply()  # keyboard removed
    done = await user.reply()
    assert "✅" in done.text
