"""Importing a Letterboxd, IMDb or Netflix history (issue 23).

Units: every format read from its fixture (tests/fixtures/history) and matched against the
committed catalogue — IMDb ids first, titles with the year ±1, series and bad rows with their
reason; encodings; hostile files (empty, binary, malformed, oversized, too many rows, ZIPs with
``..`` paths, nested ZIPs, bombs honest and lying); ``Repository.import_history`` on SQLite and
PostgreSQL (only what is new, what the user marked in CineMate kept, all or nothing). Through
the real client against the local Bot API server: each format imported and reported, refusals
answered clearly with nothing stored, onboarding's offer and a ZIP counted toward its ten
favourites, a poster file still reaching the poster handler.
"""

from __future__ import annotations

import contextlib
import io
import random
import struct
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from inference.catalogue.search import Catalogue
from inference.recommender.history import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    ImportPlan,
    InvalidHistory,
    match_history,
    read_upload,
)
from inference.recommender.history.archive import MAX_MEMBER_BYTES
from inference.recommender.history.formats import is_series_title
from storage.database import Database
from storage.repository import Repository, watchlist_table
from tests.conftest import BotFactory, next_message, reach_age_step

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "history"

# Catalogue ids of the films the fixtures name (data/catalogue, the committed catalogue).
MATRIX, INCEPTION, TOY_STORY, FORREST_GUMP = 2571, 79132, 1, 356


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def labels(catalogue: Catalogue, films: tuple[int, ...]) -> set[str]:
    found = set()
    for movie_id in films:
        movie = catalogue.get(movie_id)
        assert movie is not None
        found.add(movie.label())
    return found


def letterboxd_zip(extra: dict[str, bytes] | None = None, *, folder: str = "") -> bytes:
    """A Letterboxd export as its ZIP: the fixtures' CSVs and the files it also holds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("ratings.csv", "watched.csv", "watchlist.csv", "diary.csv"):
            archive.writestr(folder + name, fixture(name))
        likes = "Date,Name,Year,Letterboxd URI\n2023-04-01,Whiplash,2014,https://boxd.it/x\n"
        archive.writestr(folder + "likes/films.csv", likes)
        archive.writestr(folder + "profile.csv", "Date Joined,Username\n2020-01-01,someone\n")
        archive.writestr(folder + "lists/best.csv", "Letterboxd list export v7\n")
        archive.writestr(folder + "deleted/ratings.csv", "Date,Name,Year,Letterboxd URI,Rating\n")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(InvalidHistory) as caught:
        read_upload(data, name)
    return caught.value.key


def plan_of(catalogue: Catalogue, data: bytes, name: str, region: str | None = None) -> ImportPlan:
    return match_history(read_upload(data, name), catalogue, region)


def reasons_by_title(plan: ImportPlan) -> dict[str, str]:
    return {u.title: u.reason for u in plan.unmatched}


# -- formats and matching -----------------------------------------------------------------------


def test_a_letterboxd_zip_maps_ratings_watched_and_watchlist(catalogue: Catalogue) -> None:
    data = letterboxd_zip()
    parsed = read_upload(data, "letterboxd-someone-2024.zip")
    assert parsed.source == "letterboxd"
    # Only Letterboxd's own CSVs at the root: not profile.csv, lists/ or deleted/.
    assert set(parsed.files) == {"ratings.csv", "watched.csv", "watchlist.csv", "diary.csv",
                                 "likes/films.csv"}  # fmt: skip
    plan = match_history(parsed, catalogue)
    favourites = labels(catalogue, plan.favourites)
    assert favourites == {
        "Parasite (2019)", "The Matrix (1999)", "Inception (2010)", "Memories of Murder (2003)",
        "TÁR (2022)", "Forrest Gump (1994)", "The Lion King (1994)", "Fight Club (1999)",
        "Titanic (1997)", "Shrek (2001)", "Jurassic Park (1993)", "Whiplash (2014)",
    }  # fmt: skip
    # ★½ and ½★ are dislikes; Oppenheimer's current rating (★3½ in ratings.csv) wins over the
    # diary's older ★5, so it is watched, neither favourite nor disliked.
    assert labels(catalogue, plan.disliked) == {"Cats (2019)", "The Room (2003)"}
    watched = labels(catalogue, plan.watched)
    assert {"Oppenheimer (2023)", "Toy Story (1995)", "Spirited Away (2001)",
            "Decision to Leave (2022)", "Cats (2019)"} <= watched  # fmt: skip
    assert "Oppenheimer (2023)" not in favourites
    assert favourites <= watched and not set(plan.favourites) & set(plan.disliked)
    # Toy Story is on the watchlist and watched: it is not put on the watchlist.
    assert labels(catalogue, plan.watchlist) == {"Past Lives (2023)", "Drive My Car (2021)"}
    assert reasons_by_title(plan) == {
        "Aftersun": "no_year_match",  # the file says 2015; Aftersun is 2022
        "Xqzvw Blorptastic Nonfilm": "not_found",
        "Pulp Fiction": "bad_row",  # rating "seven"
    }
    assert plan.reasons() == {"not_found": 1, "no_year_match": 1, "bad_row": 1}
    assert len(set(plan.watched)) == len(plan.watched)  # one film, one row, however often named


def test_letterboxd_csvs_alone_and_a_zip_of_the_unpacked_folder(catalogue: Catalogue) -> None:
    assert plan_of(catalogue, fixture("watched.csv"), "watched.csv").watchlist == ()
    watchlist = plan_of(catalogue, fixture("watchlist.csv"), "watchlist.csv")
    assert watchlist.watched == () and TOY_STORY in watchlist.watchlist
    ratings = plan_of(catalogue, fixture("ratings.csv"), "ratings.csv")
    assert MATRIX in ratings.favourites
    # watched.csv and watchlist.csv share their columns: a renamed one is not guessed.
    assert refusal(fixture("watchlist.csv"), "export (1).csv") == "letterboxd_which"
    # Rated rows say what they are, whatever the file is called.
    assert MATRIX in plan_of(catalogue, fixture("ratings.csv"), "export.csv").favourites
    # Someone unzipped the export and zipped its folder again (on a Mac: with __MACOSX).
    again = letterboxd_zip({"__MACOSX/export/._ratings.csv": b"\x00\x05"}, folder="export/")
    assert plan_of(catalogue, again, "again.zip").favourites


def test_imdb_ratings_by_id_first_then_title_and_year(catalogue: Catalogue) -> None:
    plan = plan_of(catalogue, fixture("imdb_ratings.csv"), "ratings.csv")
    assert plan.source == "imdb"
    # 9 and 10 → favourites; 2 → 👎; 6 → only watched. Memories of Murder's id is unknown
    # (tt9999999999), so it is found by its title and year.
    assert labels(catalogue, plan.favourites) == {
        "The Matrix (1999)", "Parasite (2019)", "Memories of Murder (2003)"
    }  # fmt: skip
    assert labels(catalogue, plan.disliked) == {"The Room (2003)"}
    assert FORREST_GUMP in plan.watched and FORREST_GUMP not in plan.favourites
    assert reasons_by_title(plan) == {
        "Breaking Bad": "series", "Pilot": "series", "Spirited Away": "bad_row"
    }  # fmt: skip


def test_older_imdb_exports_and_the_imdb_watchlist(catalogue: Catalogue) -> None:
    older = (
        b"position,const,created,modified,description,Title,Title type,Directors,You rated,"
        b"IMDb Rating,Runtime (mins),Year,Genres,Num. Votes,Release Date (month/day/year),URL\n"
        b'1,tt0133093,Mon Jan 1 2015,,,"The Matrix",Feature Film,Wachowski,10,8.7,136,1999,'
        b"action,1,1999-03-31,https://www.imdb.com/title/tt0133093/\n"
        b'2,tt0944947,Mon Jan 1 2015,,,"Game of Thrones",TV Series,,9,9.2,57,2011,drama,1,,x\n'
        b'3,tt0360717,Mon Jan 1 2015,,,"King Kong",Video Game,,3,7,1,2005,action,1,,x\n'
    )
    plan = plan_of(catalogue, older, "ratings.csv")
    assert plan.favourites == (MATRIX,)
    assert reasons_by_title(plan) == {"Game of Thrones": "series", "King Kong": "not_film"}
    watchlist = (
        "Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,"
        "IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
        "1,tt0114709,2024-01-01,2024-01-01,,Toy Story,Toy Story,https://x,Movie,8.3,81,1995,"
        "Animation,1,1995-11-22,John Lasseter\n"
    ).encode("utf-8-sig")
    listed = plan_of(catalogue, watchlist, "WATCHLIST.csv")
    assert listed.watchlist == (TOY_STORY,) and listed.watched == ()


def test_netflix_korean_and_english_films_watched_series_skipped(catalogue: Catalogue) -> None:
    korean = plan_of(catalogue, fixture("netflix_ko_cp949.csv"), "NetflixViewingHistory.csv",
                     region="KR")  # fmt: skip
    assert korean.source == "netflix"
    assert labels(catalogue, korean.watched) == {
        "Parasite (2019)", "Memories of Murder (2003)", "Decision to Leave (2022)",
        "Oppenheimer (2023)",
    }  # fmt: skip
    assert korean.favourites == () and korean.disliked == () and korean.watchlist == ()
    assert reasons_by_title(korean) == {
        "오징어 게임: 시즌 1: 무궁화 꽃이 피었습니다": "series",
        "오징어 게임: 시즌 1: 지옥": "series",
        "더 글로리: 파트 1: 1화": "series",
        "존재하지않는영화제목쀍쀍": "not_found",
    }
    # A Korean export with the English header, in UTF-8; 괴물 names several films.
    mixed = plan_of(catalogue, fixture("netflix_ko_utf8.csv"), "n.csv", region="KR")
    assert labels(catalogue, mixed.watched) == {"Parasite (2019)"}
    assert reasons_by_title(mixed) == {"괴물": "ambiguous", "킹덤: 시즌 1: 1화": "series"}

    english = plan_of(catalogue, fixture("netflix_en.csv"), "NetflixViewingHistory.csv")
    assert labels(catalogue, english.watched) == {
        "Oppenheimer (2023)", "Glass Onion: A Knives Out Mystery (2022)", "Parasite (2019)",
        "Spirited Away (2001)",
    }  # fmt: skip
    assert set(reasons_by_title(english).values()) == {"series"}
    # Two rows sharing "Wednesday:" are episodes; two "Star Wars:" films are films.
    assert "Wednesday: Woe What a Night" in reasons_by_title(english)
    star_wars = (
        b"Title,Date\nStar Wars: The Last Jedi,1/1/22\nStar Wars: The Force Awakens,1/2/22\n"
    )
    assert len(plan_of(catalogue, star_wars, "n.csv").watched) == 2


def test_series_markers_and_films_that_only_look_like_them() -> None:
    episodes = [
        "Squid Game: Season 1: Hell",
        "The Queen's Gambit: Limited Series: Openings",
        "Money Heist: Part 1: Episode 1",
        "오징어 게임: 시즌 1: 지옥",
        "더 글로리: 파트 1: 1화",
        "킹덤: 시즌 2: 제1화",
        "Stranger Things: Stranger Things 4: Chapter One: The Hellfire Club",
    ]
    for title in episodes:
        assert is_series_title(title), title
    films = [
        "Dune: Part Two",
        "John Wick: Chapter 4",
        "Oppenheimer",
        "기생충",
        "Glass Onion: A Knives Out Mystery",
        "스타워즈 에피소드 4: 새로운 희망",
    ]
    for title in films:
        assert not is_series_title(title), title


def test_titles_need_their_year_within_one(catalogue: Catalogue) -> None:
    rows = (
        b"Date,Name,Year,Letterboxd URI,Rating\n"
        b"2024-01-01,Parasite,2020,u,5\n"  # one year off: still the 2019 film
        b"2024-01-01,Parasite,1982,u,1\n"  # the other Parasite, by its year
        b"2024-01-01,Inception,1999,u,5\n"  # no Inception of 1998–2000
        b"2024-01-01,Spirited Away,,u,5\n"  # no year: its namesakes are far less known
        b"2024-01-01,The Lion King,,u,5\n"  # no year, and 1994 and 2019 both well known
    )
    plan = plan_of(catalogue, rows, "ratings.csv")
    assert labels(catalogue, plan.favourites) == {"Parasite (2019)", "Spirited Away (2001)"}
    assert labels(catalogue, plan.disliked) == {"Parasite (1982)"}
    assert reasons_by_title(plan) == {"Inception": "no_year_match", "The Lion King": "ambiguous"}


def test_titles_with_numbers_namesakes_and_a_full_file_quickly(catalogue: Catalogue) -> None:
    rows = (
        b"Date,Name,Year,Letterboxd URI,Rating\n"
        b"2024-01-01,Wonder Woman 1984,2020,u,2\n"  # 1984 is part of the title, not its year
        b"2024-01-01,Force Majeure,2014,u,5\n"  # three films of 2014 with IMDb ids of their own
    )
    plan = plan_of(catalogue, rows, "ratings.csv")
    assert labels(catalogue, plan.disliked) == {"Wonder Woman 1984 (2020)"}
    assert reasons_by_title(plan) == {"Force Majeure": "ambiguous"}
    netflix = plan_of(catalogue, b"Title,Date\nWonder Woman 1984,1/1/21\n", "n.csv")
    assert labels(catalogue, netflix.watched) == {"Wonder Woman 1984 (2020)"}
    assert catalogue.by_imdb("TT0133093 ") is not None and catalogue.by_imdb("tt0000000") is None
    # 5,000 rows (the limit) of films the catalogue has: matched in seconds, none wrongly.
    films = [m for m in catalogue if m.year and m.ratings > 500][:MAX_ROWS]
    lines = [f'2024-01-01,"{m.title}",{m.year},u,4' for m in films]
    data = ("Date,Name,Year,Letterboxd URI,Rating\n" + "\n".join(lines)).encode()
    started = time.perf_counter()
    full = plan_of(catalogue, data, "ratings.csv")
    assert time.perf_counter() - started < 30
    wrong = set(full.watched) - {m.movie_id for m in films}
    assert not wrong and len(full.watched) >= 0.99 * len(films)
    assert set(full.reasons()) <= {"ambiguous"}


def test_encodings_bom_cp949_and_utf16(catalogue: Catalogue) -> None:
    text = "Title,Date\n기생충,2022. 1. 3.\n"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("cp949"),
                 text.encode("euc-kr"), text.encode("utf-16")):  # fmt: skip
        plan = plan_of(catalogue, data, "NetflixViewingHistory.csv", region="KR")
        assert labels(catalogue, plan.watched) == {"Parasite (2019)"}, data[:8]
    # A semicolon-separated re-save from a spreadsheet.
    semicolons = b"Title;Date\nOppenheimer;1/3/24\n"
    assert len(plan_of(catalogue, semicolons, "n.csv").watched) == 1


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n  \n", "empty"),
        ("bom-only.csv", b"\xef\xbb\xbf", "empty"),
        ("header-only.csv", b"Title,Date\n", "no_rows"),
        ("unknown.csv", fixture("unknown_format.csv"), "unknown_format"),
        ("malformed.csv", fixture("malformed.csv"), "malformed"),
        ("stray-quote.csv", b'Title,Date\n"Oppen"heimer,1/3/24\n', "malformed"),
        ("binary.csv", bytes(range(256)) * 8, "not_text"),
        ("nul.csv", b"Title,Date\n\x00\x00\x00\x00", "not_text"),
        ("exe.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "not_text"),
        ("png.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 64, "not_text"),
        ("json.csv", b'{"title": "Oppenheimer"}\n', "unknown_format"),
        ("huge-cell.csv", b"Title,Date\n" + b"x" * 20_000 + b",1\n", "malformed"),
        ("oversized.csv", b"Title,Date\n" + b"Oppenheimer,1/3/24\n" * 120_000, "too_large"),
        ("too-many.csv", b"Title,Date\n" + b"Oppenheimer,1/3/24\n" * (MAX_ROWS + 1),
         "too_many_rows"),
        ("not-a-zip.zip", b"PK\x03\x04 this is not really a zip", "bad_zip"),
    ],
)
def test_files_that_cannot_be_imported_say_why(name: str, data: bytes, key: str) -> None:
    assert refusal(data, name) == key


def test_the_oversized_fixture_is_over_the_limit() -> None:
    assert len(b"Title,Date\n" + b"Oppenheimer,1/3/24\n" * 120_000) > MAX_CSV_BYTES


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_zip_paths_outside_the_archive_are_never_read(catalogue: Catalogue) -> None:
    ratings = fixture("ratings.csv")
    assert refusal(_zip([("../ratings.csv", ratings)]), "x.zip") == "zip_no_files"
    assert refusal(_zip([("/etc/ratings.csv", ratings)]), "x.zip") == "zip_no_files"
    assert refusal(_zip([("a/../../ratings.csv", ratings)]), "x.zip") == "zip_no_files"
    # Beside a real ratings.csv, the climbing one is ignored (its film is not imported).
    evil = b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Toy Story,1995,u,5\n"
    parsed = read_upload(_zip([("../watched.csv", evil), ("ratings.csv", ratings)]), "x.zip")
    assert parsed.files == ("ratings.csv",)
    assert TOY_STORY not in match_history(parsed, catalogue).watched


def test_zip_bombs_nested_zips_and_damage_are_refused() -> None:
    nested = _zip([("ratings.csv", fixture("ratings.csv"))])
    assert refusal(_zip([("inner.zip", nested)]), "x.zip") == "zip_nested"
    assert refusal(_zip([("ratings.csv", nested)]), "x.zip") == "zip_nested"
    # A member that inflates to 20 MB from a few kilobytes, declared honestly …
    bomb = _zip([("ratings.csv", b"Date,Name,Year,Letterboxd URI,Rating\n" + b" " * 20_000_000)])
    assert len(bomb) < 100_000
    assert refusal(bomb, "x.zip") == "zip_too_big"
    # … or lying: its headers say 100 bytes. At most one byte past the limit is inflated, and
    # the member is refused either way.
    liar = bytearray(bomb)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = liar.index(signature) + offset
        liar[at : at + 4] = struct.pack("<I", 100)
    assert refusal(bytes(liar), "x.zip") in {"bad_zip", "zip_too_big"}
    # Several members each under the limit but together over it.
    many = [(n, b"Date,Name,Year,Letterboxd URI\n" + b" " * (MAX_MEMBER_BYTES - 100))
            for n in ("ratings.csv", "watched.csv", "watchlist.csv", "diary.csv")]  # fmt: skip
    assert refusal(_zip(many), "x.zip") == "zip_too_big"
    # Truncated, encrypted-flagged, and a ZIP with thousands of entries.
    whole = letterboxd_zip()
    assert refusal(whole[: len(whole) // 2], "x.zip") == "bad_zip"
    encrypted = bytearray(_zip([("ratings.csv", fixture("ratings.csv"))]))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = encrypted.index(signature) + offset
        encrypted[at] |= 0x1
    assert refusal(bytes(encrypted), "x.zip") == "bad_zip"
    crowded = _zip([(f"lists/{i}.csv", b"") for i in range(1_001)])
    assert refusal(crowded, "x.zip") == "zip_too_big"
    assert refusal(_zip([("profile.csv", b"Username\nme\n")]), "x.zip") == "zip_no_files"
    assert refusal(_zip([("watched.csv", b"")]), "x.zip") == "no_rows"


def test_damaged_files_only_ever_raise_the_refusal() -> None:
    """Random damage to every fixture (flipped, inserted, deleted bytes, cut short): each is
    read or refused with a reason, never another exception (zipfile alone raises ValueError,
    IndexError… on a mangled directory)."""
    rng = random.Random(7)
    originals = [letterboxd_zip(), fixture("imdb_ratings.csv"), fixture("netflix_ko_cp949.csv")]
    for _ in range(3_000):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data)) if data else 0
            kind = rng.random()
            if kind < 0.5 and data:
                data[at] = rng.randrange(256)
            elif kind < 0.7:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
            elif kind < 0.9:
                del data[at : at + rng.randint(1, 50)]
            else:
                del data[at:]
        with contextlib.suppress(InvalidHistory):
            read_upload(bytes(data), rng.choice(["a.zip", "ratings.csv", "watchlist.csv"]))


# -- storage: one transaction, only what is new -------------------------------------------------


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.dispose()


async def test_import_history_adds_only_what_is_new_and_keeps_the_users_marks(
    database: Database,
) -> None:
    repo = Repository(database)
    await repo.add_favourite(7, 1)
    await repo.record_feedback(7, 2, "like")
    await repo.record_feedback(7, 3, "dislike")
    await repo.record_feedback(7, 4, "watched")
    await repo.add_to_watchlist(7, 5)
    counts = await repo.import_history(
        7,
        favourites=[1, 3, 10, 11, 10],  # 1 already a favourite, 3 👎'd here
        disliked=[2, 12, 1],  # 2 👍'd here, 1 a favourite
        watched=[1, 3, 4, 10, 11, 12, 13],
        watchlist=[5, 13, 14, 14],  # 5 already there, 13 watched
    )
    assert (counts.favourites, counts.disliked, counts.watched, counts.watchlist) == (2, 1, 6, 1)
    assert counts.favourites_total == 3 and counts.added == 10
    assert counts.kept == 3  # films 2, 4 and 5: nothing new about them
    profile = await repo.get_profile(7)
    assert profile is not None and set(profile.favourites) == {1, 10, 11}
    taste = await repo.get_taste(7)
    assert taste.liked == {2} and taste.disliked == {3, 12}
    assert taste.watched == {1, 3, 4, 10, 11, 12, 13} and taste.watchlist == {5, 14}
    # Importing the same file again adds nothing and duplicates nothing.
    again = await repo.import_history(7, [1, 10, 11], [12], [1, 10, 11, 12, 13], [14])
    assert again.added == 0 and again.kept == 6
    rows = await repo.count_user_rows(7)
    assert (rows.favourites, rows.feedback, rows.watchlist) == (3, 10, 2)


async def test_import_history_is_all_or_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository(database)
    real_insert = repo._insert

    def failing_insert(table: Any) -> Any:
        if table is watchlist_table:  # the last write of the transaction fails
            raise RuntimeError("disk full")
        return real_insert(table)

    monkeypatch.setattr(repo, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        await repo.import_history(8, [1, 2], [3], [1, 2, 3], [4])
    rows = await repo.count_user_rows(8)
    assert (rows.favourites, rows.feedback, rows.watchlist) == (0, 0, 0)


# -- through the chat ----------------------------------------------------------------------------


async def answer(user: SimulatedUser) -> BotEvent:
    """The bot's next message (after its typing action)."""
    return await next_message(user)


async def stored(application: Any, user_id: int) -> tuple[int, int, int]:
    rows = await application.bot_data.repo.count_user_rows(user_id)
    return rows.favourites, rows.feedback, rows.watchlist


async def test_a_letterboxd_zip_is_imported_and_reported(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url)
    repo = application.bot_data.repo
    # Set up already, with two favourites the export also rates highly.
    await repo.set_language(2301, "en")
    for movie_id in (MATRIX, INCEPTION):
        await repo.add_favourite(2301, movie_id)
    await repo.mark_onboarded(2301)
    user = api.user(2301)
    user.send_document(letterboxd_zip(), file_name="letterboxd-me-2024-05-01-utc.zip",
                       mime_type="application/zip")  # fmt: skip
    report = await answer(user)
    text = report.text
    assert text.startswith("📥 Imported from Letterboxd: 10 favourite films, 2 👎,"), text
    assert "2 on your watchlist" in text
    assert "Not imported: 3 films" in text
    assert "• Aftersun (2015) — no film of that year" in text
    assert "• Xqzvw Blorptastic Nonfilm (2021) — not in my film list" in text
    assert "⭐ You have 12 favourite films now." in text
    assert report.buttons == [("🎬 Recommend", "menu:recommend")]
    profile = await repo.get_profile(2301)
    assert profile is not None and len(profile.favourites) == len(set(profile.favourites)) == 12
    taste = await repo.get_taste(2301)
    assert len(taste.disliked) == 2 and TOY_STORY in taste.watched
    assert len(taste.watchlist) == 2 and TOY_STORY not in taste.watchlist
    # The picks button works, and the imported films are not among the picks.
    user.press(report, "menu:recommend")
    picks = await next_message(user)
    assert "1/10" in picks.text


async def test_imdb_and_netflix_files_in_korean_for_someone_not_set_up(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(2302, language_code="ko")
    user.send_document(fixture("imdb_ratings.csv"), file_name="ratings.csv", mime_type="text/csv")
    report = (await answer(user)).text
    assert report.startswith("📥 IMDb 기록을 가져왔어요: 좋아하는 영화 3편, 👎 1편, 본 영화 5편.")
    assert "못 찾은 영화 3편:" in report and "• Breaking Bad (2008) — 시리즈예요" in report
    assert "• Spirited Away (ratings.csv 9번째 줄) — 읽을 수 없는 줄이에요" in report
    assert "나머지 설정" in report and "/start" in report  # not set up yet: onboarding next
    assert await stored(application, 2302) == (3, 6, 0)

    user.send_document(fixture("netflix_ko_cp949.csv"), file_name="NetflixViewingHistory.csv",
                       mime_type="text/csv")  # fmt: skip
    report = (await answer(user)).text
    # Parasite, Memories of Murder came from IMDb already: 2 new watched films.
    assert report.startswith("📥 넷플릭스 기록을 가져왔어요: 본 영화 2편.\n")
    assert "이미 저장돼 있던 2편은 그대로 뒀어요." in report
    assert "평점이 없어서 좋아하는 영화는 가져오지 않았어요" in report
    assert "• 오징어 게임: 시즌 1: 지옥 — 시리즈예요" in report
    assert "• 존재하지않는영화제목쀍쀍 — 제 영화 목록에 없어요" in report
    assert await stored(application, 2302) == (3, 8, 0)


async def test_bad_files_are_answered_clearly_and_store_nothing(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    english, korean = api.user(2303), api.user(2304, language_code="ko")
    english.send_document(fixture("malformed.csv"), file_name="ratings.csv", mime_type="text/csv")
    assert "That CSV is broken" in (await answer(english)).text
    english.send_document(fixture("unknown_format.csv"), file_name="films.csv")
    unknown = (await answer(english)).text
    assert "I can't tell which service wrote this CSV" in unknown
    assert "Letterboxd" in unknown and "IMDb" in unknown and "Netflix" in unknown
    korean.send_document(bytes(range(256)) * 4, file_name="ratings.csv", mime_type="text/csv")
    garbage = (await answer(korean)).text
    assert "글자로 된 CSV가 아니라서" in garbage and "넷플릭스: 시청 기록 CSV" in garbage
    korean.send_document(b"", file_name="watched.csv", mime_type="text/csv")
    assert "빈 파일이에요" in (await answer(korean)).text
    bomb = _zip([("ratings.csv", b"Date,Name,Year,Letterboxd URI,Rating\n" + b" " * 20_000_000)])
    korean.send_document(bomb, file_name="letterboxd.zip", mime_type="application/zip")
    assert "압축을 풀면 너무 커지는 ZIP" in (await answer(korean)).text
    # Over the size limit: refused from Telegram's file_size, never downloaded.
    downloads = api.method_calls["getFile"]
    english.send_document(b"Title,Date\n" + b"x" * MAX_CSV_BYTES, file_name="big.csv",
                          mime_type="text/csv")  # fmt: skip
    assert "That file is too big: up to 2 MB for a CSV and 5 MB for a ZIP" in (
        await answer(english)
    ).text
    assert api.method_calls["getFile"] == downloads
    for user_id in (2303, 2304):
        assert await stored(application, user_id) == (0, 0, 0)
    # The bot is fine afterwards, and a poster sent as a file still goes to the poster handler.
    english.send_document(b"\xff\xd8\xff\xe0 broken", file_name="poster.jpg",
                          mime_type="image/jpeg")  # fmt: skip
    poster = (await answer(english)).text
    assert "Imported" not in poster and "CSV" not in poster
    assert "CineMate" in (await english.ask("/help")).text


async def test_import_explains_each_service(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    help_text = (await api.user(2305).ask("/import")).text
    for words in ("Export Your Data", "Ratings page", "Viewing activity", "2 MB", "5,000 rows"):
        assert words in help_text
    korean = (await api.user(2306, language_code="ko").ask("/import")).text
    assert "시청 기록" in korean and "5,000줄" in korean


async def test_onboarding_offers_the_import_and_a_zip_counts_toward_ten(
    api: LocalBotApiServer, start_bot: BotFactory, database_url: str
) -> None:
    application = await start_bot(database_url)
    user = api.user(2307)
    await reach_age_step(user)
    user.press(await user.ask("30"), "onb:gender:female")
    await user.reply()  # gender confirmed
    question = await user.reply()
    assert "at least 10" in question.text
    assert "send your Letterboxd, IMDb or Netflix history file" in question.text
    user.send_document(letterboxd_zip(), file_name="letterboxd.zip", mime_type="application/zip")
    report = await answer(user)
    assert "12 favourite films" in report.text and "/start" not in report.text
    assert not report.buttons  # onboarding goes on instead of a picks button
    back = await answer(user)
    assert back.text.startswith("↩️ Back to your favourites: you have 12.")
    assert back.buttons == [("✔ Done", "onb:fav:done")]
    user.press(back, "onb:fav:done")
    await user.reply()  # Done removed
    services = await user.reply()
    assert any(data.startswith("onb:sub:") for _, data in services.buttons)
    profile = await application.bot_data.repo.get_profile(2307)
    assert profile is not None and len(profile.favourites) == 12 and not profile.onboarded
