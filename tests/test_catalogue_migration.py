"""Migrations 0006 and 0008: saved favourites, feedback and watchlists keep their films across
the move from ml-latest-small to ml-latest (0006) and when a KOBIS-only or JustWatch-only entry
turns out to be another catalogue film (0008), on SQLite and (with TEST_DATABASE_URL)
PostgreSQL."""

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
OLD_VETERAN = 839588125  # 베테랑 (2015): KOBIS-only before, ml-latest's "Veteran (2015)" now
SUNNY_EDITION = 811874987  # 써니 감독판: the director's cut, now the film 써니 itself


def migration(name: str = "0006_catalogue_two") -> ModuleType:
    path = MIGRATIONS_DIR / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name[:4]}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _built(renumbered: bool) -> dict[int, int]:
    """id_map.csv's rows: MovieLens renumbering (0006) or the catalogue-2026 merges (0008)."""
    with (ROOT / "data" / "catalogue" / "id_map.csv").open(encoding="utf-8") as handle:
        return {int(r["old_id"]): int(r["new_id"]) for r in csv.DictReader(handle)
                if (r["how"] == "imdb_id") == renumbered}  # fmt: skip


def test_the_migrations_map_exactly_the_ids_the_build_moved() -> None:
    assert _built(True) == migration().ID_MAP
    assert _built(False) == migration("0008_catalogue_2026").ID_MAP
    catalogue = Catalogue.load()
    for old, new in {**_built(True), **_built(False)}.items():
        assert catalogue.get(old) is None and catalogue.get(new) is not None
    assert catalogue.get(DROPPED) is not None
    veteran = catalogue.get(_built(False)[OLD_VETERAN])
    assert veteran is not None and veteran.title == "Veteran" and veteran.title_ko == "베테랑"


async def test_a_kobis_only_film_saved_before_is_its_film_after_0008(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.upgrade, config, "0007")
    engine = create_async_engine(database_url)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    edition, original = SUNNY_EDITION, _built(False)[SUNNY_EDITION]
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO users (id, telegram_id, created_at, updated_at) "
                                "VALUES (1, 501, :now, :now)"), {"now": now})  # fmt: skip
        for movie_id in (OLD_VETERAN, edition, original, TOY_STORY):
            await conn.execute(text("INSERT INTO favourites (user_id, movie_id, created_at) "
                                    "VALUES (1, :m, :now)"), {"m": movie_id, "now": now})
        await conn.execute(text("INSERT INTO watchlist (user_id, movie_id, created_at) "
                                "VALUES (1, :m, :now)"), {"m": OLD_VETERAN, "now": now})
    await engine.dispose()
    database = Database(database_url)
    await database.migrate()
    repo = Repository(database)
    try:
        profile = await repo.get_profile(501)
        assert profile is not None
        veteran = _built(False)[OLD_VETERAN]
        # 써니 감독판 and 써니 were both saved: one 써니 stays
        assert sorted(profile.favourites) == sorted({veteran, original, TOY_STORY})
        assert (await repo.get_taste(501)).watchlist == {veteran}
    finally:
        await database.dispose()


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
