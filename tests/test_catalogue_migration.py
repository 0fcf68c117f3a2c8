"""Migration 0006: saved favourites, feedback and watchlists keep their films across the move
from ml-latest-small to ml-latest, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import asyncio
import csv
import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from inference.catalogue import Catalogue
from storage.database import Database
from storage.migrate import MIGRATIONS_DIR, alembic_config
from storage.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
OLD_DOCTOR_WHO, NEW_DOCTOR_WHO = 106642, 214320  # "The Day of the Doctor": renumbered
DROPPED = 40697  # "Babylon 5": not in ml-latest, kept as an ml-latest-small film
TOY_STORY = 1  # the same id in both releases


def migration() -> ModuleType:
    path = MIGRATIONS_DIR / "versions" / "0006_catalogue_two.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_maps_exactly_the_ids_the_build_renumbered() -> None:
    with (ROOT / "data" / "catalogue" / "id_map.csv").open(encoding="utf-8") as handle:
        built = {int(r["old_id"]): int(r["new_id"]) for r in csv.DictReader(handle)}
    assert built == migration().ID_MAP
    catalogue = Catalogue.load()
    for old, new in built.items():
        assert catalogue.get(old) is None and catalogue.get(new) is not None
    assert catalogue.get(DROPPED) is not None


async def test_saved_films_point_at_the_same_films_after_the_upgrade(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.upgrade, config, "0005")
    engine = create_async_engine(database_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    async with engine.begin() as conn:
        for user_id, telegram_id in ((1, 501), (2, 502)):
            await conn.execute(
                text("INSERT INTO users (id, telegram_id, created_at, updated_at) "
                     "VALUES (:id, :tg, :now, :now)"),
                {"id": user_id, "tg": telegram_id, "now": now},
            )  # fmt: skip
        for movie_id in (OLD_DOCTOR_WHO, DROPPED, TOY_STORY):
            await conn.execute(
                text("INSERT INTO favourites (user_id, movie_id, created_at) "
                     "VALUES (1, :m, :now)"),
                {"m": movie_id, "now": now},
            )  # fmt: skip
        await conn.execute(
            text("INSERT INTO watchlist (user_id, movie_id, created_at) VALUES (2, :m, :now)"),
            {"m": OLD_DOCTOR_WHO, "now": now},
        )
        await conn.execute(
            text("INSERT INTO feedback (user_id, movie_id, kind, created_at) "
                 "VALUES (2, :m, 'like', :now)"),
            {"m": OLD_DOCTOR_WHO, "now": now},
        )  # fmt: skip
    await engine.dispose()

    database = Database(database_url)
    await database.migrate()  # what a start-up does: up to head
    repo = Repository(database)
    try:
        first = await repo.get_profile(501)
        assert first is not None
        assert sorted(first.favourites) == sorted([NEW_DOCTOR_WHO, DROPPED, TOY_STORY])
        second = await repo.get_taste(502)
        assert second.watchlist == {NEW_DOCTOR_WHO} and second.liked == {NEW_DOCTOR_WHO}
        assert first.region is None  # the new column, empty until chosen in /profile
        await repo.set_region(501, "US")
        assert (await repo.get_profile(501)).region == "US"  # type: ignore[union-attr]
        catalogue = Catalogue.load()
        names = [catalogue.get(m) for m in first.favourites]
        assert all(m is not None for m in names)  # every saved film is still a film
    finally:
        await database.dispose()
    await asyncio.to_thread(command.downgrade, config, "0005")
    engine = create_async_engine(database_url)
    async with engine.connect() as conn:
        back = (await conn.execute(text("SELECT movie_id FROM watchlist"))).scalars().all()
    await engine.dispose()
    assert back == [OLD_DOCTOR_WHO]  # and the downgrade puts the old id back
