"""People's names in English: credited spellings, Korean family names, Hangul-only foreigners;
and one person for one human whatever order a table writes the name in (issue 25)."""

from __future__ import annotations

import csv

import pytest

from inference.catalogue.credits import CreditsTable, read_credits, read_people
from inference.catalogue.films import DEFAULT_DIR
from inference.catalogue.people import DEFAULT_FILE, english_name, person_name
from inference.catalogue.search import Catalogue
from models.catalogue import people


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


# One human, two spellings (issue 25): "Chan-wook Park" (IMDB 5000, no Hangul) is 박찬욱.


def person(name_ko: str, name_en: str, aliases: tuple[str, ...] = ()) -> people.Person:
    return people.Person(0, name_ko, name_en, aliases, 1)


def test_name_orders_move_the_family_name_only() -> None:
    park = people.name_orders("Park Chan-wook")
    for spelling in ("Chan-wook Park", "Chanwook Park", "Chan wook Park", "PARK Chan-Wook"):
        assert people.latin_key(spelling) in park, spelling
    assert people.latin_key("Tony Leung Chiu Wai") in people.name_orders("Tony Chiu Wai Leung")
    assert people.latin_key("Lee Hee-jun") not in people.name_orders("Jun Hee Lee")  # 이준희


@pytest.mark.parametrize(
    ("first", "second", "shared", "one"),
    [
        # the same words in another order, on a film both are credited on
        (person("", "Chan-wook Park"), person("박찬욱", "Park Chan-wook"), True, True),
        (person("", "Li Gong"), person("공리", "Gong Li"), True, True),
        (person("장예모", "Yimou Zhang"), person("장이머우", "Zhang Yimou"), True, True),
        (person("존 사베지", "John Savage"), person("존 세비지", "John Savage"), True, True),
        (person("", "Kang Je-kyu"), person("강제규", "Kang Je-gyu", ("Je-kyu Kang",)), True, True),
        # no shared film: only the Western-order twin of a Korean name
        (person("", "Dal-su Oh"), person("오달수", "Oh Dal-su"), False, True),
        (person("", "Hyun Woo"), person("우현", "Woo Hyun"), False, False),  # 현우 is another
        (person("", "Ji-won Kim"), person("김지원", "Kim Ji-won"), False, True),
        (person("장예모", "Yimou Zhang"), person("장이머우", "Zhang Yimou"), False, False),
        (person("키스 데이빗", "Keith David"), person("데이빗 키스", "David Keith"), False, False),
        (person("", "Bingbing Fan"), person("판빙빙", "Fan Bingbing"), False, False),
        # another romanisation of the given name, reversed, on a shared film
        (person("", "Hye-jeong Kang"), person("강혜정", "Kang Hye-jung"), True, True),
        (person("", "Hye-jeong Kang"), person("강혜정", "Kang Hye-jung"), False, False),
        (person("", "Ji-woo Kim"), person("김지원", "Kim Ji-won"), True, False),
        (person("", "Doa Lee"), person("마동석", "Ma Dong-seok", ("Don LEE",)), True, False),
        # different names; one Hangul name the build keeps as two people
        (person("", "Jun Hee Lee"), person("이희준", "Lee Hee-jun"), True, False),
        (person("이병헌", "Lee Byung-hun"), person("이병헌", "Byung-hun Lee"), True, False),
    ],
)
def test_one_person(first: people.Person, second: people.Person, shared: bool, one: bool) -> None:
    assert people.one_person(first, second, shared) is one
    assert people.one_person(second, first, shared) is one


def _same(hangul: str, latins: object) -> list[float]:
    return [0.9 for _ in latins]  # type: ignore[attr-defined]


def test_the_build_merges_a_western_order_twin_into_the_korean_name() -> None:
    oldboy, stoker = 1, 2
    korean = [
        people.Credit(oldboy, "director", 0, ko="박찬욱", source="kobis"),
        people.Credit(oldboy, "director", 0, en="Park Chan-wook", source="tmdb_kr"),
        people.Credit(oldboy, "actor", 0, ko="최민식", source="kobis"),
        people.Credit(oldboy, "actor", 0, en="Choi Min-sik", source="tmdb_kr"),
    ]
    western = [
        people.Credit(oldboy, "director", 0, en="Chan-wook Park", source="imdb5000"),
        people.Credit(oldboy, "actor", 0, en="Min-sik Choi", source="imdb5000"),
        people.Credit(stoker, "director", 0, en="Chan-wook Park", source="imdb5000"),
    ]
    before, _ = people.build_people(korean, [], _same, people.PeopleStats())
    stats = people.PeopleStats()
    persons, rows = people.build_people(korean + western, [], _same, stats)
    assert len(persons) == 2 and stats.merged_sharing_a_film == 2
    park = next(p for p in persons if p.name_ko == "박찬욱")
    assert park.person_id == next(p.person_id for p in before if p.name_ko == "박찬욱")
    assert (park.name_en, park.aliases, park.films) == ("Park Chan-wook", ("Chan-wook Park",), 2)
    assert len(park.merged_ids) == 1
    assert [(m, r) for m, p, r, _ in rows if p == park.person_id] == [
        (oldboy, "director"), (stoker, "director")
    ]  # one row per film and role
    table = CreditsTable.from_rows(
        [(p.person_id, p.name_ko, p.name_en, "|".join(p.aliases), p.films) for p in persons],
        rows,
        {old: p.person_id for p in persons for old in p.merged_ids},
    )
    old = park.merged_ids[0]  # an id stored before the merge (a list in the log, a 📄 button)
    assert table.person(old) == table.person(park.person_id)
    assert table.films_of(old) == table.films_of(park.person_id)
    assert CreditsTable(table.to_arrays()).person(old) == table.person(park.person_id)
    found = table.resolve("chan-wook park").person
    assert found is not None and found.name_ko == "박찬욱"


def test_the_family_name_first_is_the_name_shown() -> None:
    assert people.korean_order("최민식", ["Min-sik Choi", "Choi Min-sik"]) == "Choi Min-sik"
    assert people.korean_order("오윤동", ["Yoon-Dong OH", "Oh Yoon-dong"]) == "Oh Yoon-dong"
    assert people.korean_order("공리", ["Li Gong", "Gong Li"]) == "Gong Li"
    assert people.korean_order("장예모", ["Yimou Zhang", "Zhang Yimou"]) == "Zhang Yimou"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


OLDBOY, PARASITE = 27773, 202439


def test_a_film_credits_each_person_once(catalogue: Catalogue) -> None:
    oldboy = catalogue.credits.of_id(OLDBOY)
    assert oldboy is not None
    assert [(p.name_ko, p.name_en) for p in oldboy.directors] == [("박찬욱", "Park Chan-wook")]
    actors = [p.name_en for p in oldboy.actors]
    assert actors.count("Choi Min-sik") == 1
    assert "Min-sik Choi" not in actors and "Hye-jeong Kang" not in actors  # 강혜정's twin
    parasite = catalogue.credits.of_id(PARASITE)
    assert parasite is not None
    assert [(p.name_ko, p.name_en) for p in parasite.directors] == [("봉준호", "Bong Joon-ho")]
    assert [p.name_en for p in parasite.actors].count("Song Kang-ho") == 1


@pytest.mark.parametrize(
    ("typed", "korean", "english"),
    [
        ("joon-ho bong", "봉준호", "Bong Joon-ho"),
        ("chan-wook park", "박찬욱", "Park Chan-wook"),
        ("Kang-ho Song", "송강호", "Song Kang-ho"),
        ("Yimou Zhang", "장예모", "Zhang Yimou"),
        ("장이머우", "장예모", "Zhang Yimou"),
    ],
)
def test_the_other_spelling_finds_the_merged_person(
    catalogue: Catalogue, typed: str, korean: str, english: str
) -> None:
    found = catalogue.credits.resolve(typed).person
    assert found is not None, typed
    assert (found.name_ko, found.name_en) == (korean, english)


def test_an_id_stored_before_the_merge_finds_the_person(catalogue: Catalogue) -> None:
    """"Joon-ho Bong" (56444052) and "Chan-wook Park" (3472768) were people of their own;
    a list in the prediction log or a 📄 button may still name them."""
    for old, korean in ((56444052, "봉준호"), (3472768, "박찬욱")):
        found = catalogue.credits.person(old)
        assert found is not None and found.name_ko == korean
        assert catalogue.credits.films_of(old) == catalogue.credits.films_of(found.person_id)


def test_no_film_credits_one_name_twice_in_two_orders() -> None:
    """No two people a film credits have English names of the same words in another order."""
    directory = DEFAULT_DIR
    rows = {r[0]: r for r in read_people(directory)}
    by_film: dict[int, set[int]] = {}
    for movie_id, person_id, _, _ in read_credits(directory):
        by_film.setdefault(movie_id, set()).add(person_id)
    twins = []
    for movie_id, credited in by_film.items():
        seen: dict[str, int] = {}
        for person_id in sorted(credited):
            name = rows[person_id][2]
            for key in people.name_orders(name):
                if key in seen and seen[key] != person_id:
                    twins.append((movie_id, name, rows[seen[key]][2]))
            seen.setdefault(people.latin_key(name), person_id)
    assert twins == []
