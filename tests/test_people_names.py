"""People's names in English: credited spellings, Korean family names, Hangul-only foreigners."""

from __future__ import annotations

import csv

import pytest

from inference.catalogue.credits import CreditsTable
from inference.catalogue.people import DEFAULT_FILE, english_name, person_name


@pytest.mark.parametrize(
    ("korean", "role", "english"),
    [
        ("봉준호", None, "Bong Joon-ho"),  # credited, not Revised Romanization's "Bong Jun-ho"
        ("박찬욱", "director", "Park Chan-wook"),
        ("마동석", "actor", "Ma Dong-seok"),
        ("이병헌", "director", "Lee Byeong-heon"),  # 극한직업's director …
        ("이병헌", "actor", "Lee Byung-hun"),  # … is not the actor
        ("크리스토퍼 놀란", "director", "Christopher Nolan"),
        ("김철수", None, "Kim Cheol-su"),  # not in the table: 김 is Kim, not Gim
        ("이영희", "actor", "Lee Yeong-hui"),  # 이 is Lee, not I
        ("남궁민", None, "Namgung Min"),  # a two-syllable family name
    ],
)
def test_english_names(korean: str, role: str | None, english: str) -> None:
    assert english_name(korean, role) == english


def test_names_no_english_reader_would_know_are_left_in_hangul() -> None:
    assert english_name("세바스찬 리우", "director") is None  # a transliteration: not invented
    assert english_name("뷁뷁", None) is None  # no Korean family name
    assert person_name("세바스찬 리우", "en") == "세바스찬 리우"
    assert person_name("봉준호", "en") == "Bong Joon-ho (봉준호)"
    assert person_name("봉준호", "en", hangul=False) == "Bong Joon-ho"
    assert person_name("봉준호", "ko") == "봉준호"


def test_every_credited_name_is_a_catalogue_person_and_shown_so() -> None:
    """The table only translates names the bot can show — every row is a person of the
    catalogue's credits — and the catalogue shows those people by the checked English name."""
    people = CreditsTable.load()
    with DEFAULT_FILE.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) > 300
    assert {r["role"] for r in table} <= {"", "director", "actor"}
    missing = []
    for row in table:
        found = [m.person for m in people.search(row["korean"], limit=5)
                 if m.person.name_ko == row["korean"]]  # fmt: skip
        if not found:
            missing.append(row["korean"])
        elif not row["role"]:
            assert any(p.name_en == row["english"] for p in found), row
    assert missing == []
