"""Storage of the daily catalogue refresh on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
migration 0009, the day's claim (one winner, also between two OS processes), and the stored
additions (upserted, ``first_seen`` kept, one transaction with the run's record)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import Database
from storage.migrate import alembic_config
from storage.repository import Repository
from tests.fake_kobis import API_KEY as KOBIS_KEY
from tests.fake_kobis import FakeKobis, movie_info

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 12, 8)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()


async def tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names


async def test_migration_0009_adds_and_removes_the_refresh_tables(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.upgrade, config, "0008")
    assert not {"catalogue_additions", "catalogue_refresh_runs"} & await tables(database_url)
    database = Database(database_url)
    await database.migrate()  # what a start-up does: up to head
    try:
        repo = Repository(database)
        assert await repo.get_catalogue_additions() == []
        assert await repo.claim_catalogue_refresh(DAY)
        await repo.finish_catalogue_refresh(DAY, "done", {"new": 1}, [(900_000_001, "tmdb",
                                                                       {"v": 1})])  # fmt: skip
        assert await repo.get_catalogue_additions() == [{"v": 1}]
    finally:
        await database.dispose()
    assert {"catalogue_additions", "catalogue_refresh_runs"} <= await tables(database_url)
    await asyncio.to_thread(command.downgrade, config, "0008")
    assert not {"catalogue_additions", "catalogue_refresh_runs"} & await tables(database_url)


async def test_the_day_is_claimed_once_even_by_two_engines_at_once(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    await first.migrate()
    try:
        repos = Repository(first), Repository(second)
        won = await asyncio.gather(*(repo.claim_catalogue_refresh(DAY) for repo in repos * 3))
        assert sorted(won) == [False] * 5 + [True]
        record = await repos[1].get_catalogue_refresh(DAY)
        assert record is not None and record.finished_at is None and record.outcome is None
        assert await repos[0].claim_catalogue_refresh(date(2026, 12, 9))  # the next day is free
        assert await repos[0].get_catalogue_refresh(date(2026, 12, 10)) is None
    finally:
        await first.dispose()
        await second.dispose()


async def test_additions_are_upserted_with_the_runs_record(database: Database) -> None:
    repo = Repository(database)
    assert await repo.claim_catalogue_refresh(DAY)
    await repo.finish_catalogue_refresh(
        DAY, "done", {"new": 2}, [(900_000_002, "tmdb", {"v": 1, "n": 1}),
                                 (800_000_001, "kobis", {"v": 1, "k": "한국"})],
    )  # fmt: skip
    first_seen = await first_seen_of(database, 900_000_002)
    await repo.claim_catalogue_refresh(date(2026, 12, 9))
    await repo.finish_catalogue_refresh(
        date(2026, 12, 9), "done", {"updated": 1}, [(900_000_002, "tmdb+kobis", {"v": 1, "n": 2})]
    )
    assert await repo.get_catalogue_additions() == [{"v": 1, "k": "한국"}, {"v": 1, "n": 2}]
    assert await first_seen_of(database, 900_000_002) == first_seen
    record = await repo.get_catalogue_refresh(DAY)
    assert record is not None and record.outcome == "done" and record.report == {"new": 2}
    assert record.finished_at is not None and record.finished_at >= record.claimed_at


async def first_seen_of(database: Database, movie_id: int) -> object:
    async with database.engine.connect() as conn:
        return (
            await conn.execute(
                text("SELECT first_seen FROM catalogue_additions WHERE movie_id = :m"),
                {"m": movie_id},
            )
        ).scalar_one()


# Each OS process: the refresh job's ``run`` with its own engine, catalogue and KOBIS client.
WORKER = """
import asyncio, json, sys
from datetime import date
from bot.catalogue_refresh import CatalogueRefreshJob
from inference.catalogue import Catalogue
from inference.catalogue.kobis import KobisClient
from inference.catalogue.refresh_run import CatalogueRefresher
from storage.database import Database
from storage.repository import Repository

async def main(url, base_url, key, day):
    database = Database(url)
    kobis = KobisClient(key, base_url=base_url, timeout_s=5)
    catalogue = Catalogue.load()
    job = CatalogueRefreshJob(CatalogueRefresher(catalogue, None, kobis), catalogue,
                              Repository(database), "Asia/Seoul")
    try:
        report = await job.run(date.fromisoformat(day))
    finally:
        await kobis.close()
        await database.dispose()
    print(json.dumps(None if report is None else report.new))

asyncio.run(main(*sys.argv[1:]))
"""


async def test_two_processes_do_the_days_refresh_once(database_url: str) -> None:
    migrated = Database(database_url)
    await migrated.migrate()
    await migrated.dispose()
    async with FakeKobis() as kobis:
        kobis.add(movie_info("20249001", "두 프로세스의 영화", opened="20261201", year="2026"), 10)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        arguments = (database_url, kobis.base_url, KOBIS_KEY, DAY.isoformat())
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-c", WORKER, *arguments, cwd=ROOT, env=env,
                stdout=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        outputs = await asyncio.wait_for(
            asyncio.gather(*(worker.communicate() for worker in workers)), timeout=120
        )
    assert [w.returncode for w in workers] == [0, 0]
    results = sorted((json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs),
                     key=str)  # fmt: skip
    assert results == [1, None]  # one process added the film; the other found the day taken
    assert kobis.calls("boxoffice") == 1 and kobis.calls("movie") == 1
    database = Database(database_url)
    try:
        (payload,) = await Repository(database).get_catalogue_additions()
        assert payload["title_ko"] == "두 프로세스의 영화"
    finally:
        await database.dispose()
