"""Film knowledge 2026 (issue 21) on the committed catalogue: foreign films by their Korean
titles, 2023–26 releases, one entry per film, sequel numbers, people in both scripts, and the
build's pieces (KOBIS records, English display titles, name clusters, the linker's features)."""

from __future__ import annotations

from datetime import date

import pytest

from inference.catalogue.credits import CreditsTable, name_key
from inference.catalogue.search import Catalogue
from inference.catalogue.series import split_part, starts_series
from inference.understanding.people import PersonReader
from models.catalogue import people
from models.catalogue.kobis_films import KobisFilm, Name, Row, edition_base, group_rows
from models.catalogue.kobis_links import english_display, year_cost
from models.catalogue.linker import numbers

INTERSTELLAR, VETERAN, PARASITE = 109487, 141536, 2019


def kobis_film(title: str, first_release: str, production_year: int | None = None) -> KobisFilm:
    return KobisFilm(title, first_release, production_year=production_year)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.mark.parametrize(
    ("query", "english", "year"),
    [
        ("인터스텔라", "Interstellar", 2014),
        ("오펜하이머", "Oppenheimer", 2023),
        ("엘리멘탈", "Elemental", 2023),
        ("스즈메의 문단속", "Suzume", 2022),
        ("패스트 라이브즈", "Past Lives", 2023),
        ("더 퍼스트 슬램덩크", "The First Slam Dunk", 2022),
        ("겨울왕국2", "Frozen II", 2019),  # typed forms
        ("라라 랜드", "La La Land", 2016),
        ("스파이더맨 노웨이홈", "Spider-Man: No Way Home", 2021),
        ("파묘", "Exhuma", 2024),  # after July 2023
        ("서울의 봄", "12.12: The Day", 2023),
        ("하얼빈", "Harbin", 2024),
        ("Inside Out 2", "Inside Out 2", 2024),
        ("Wicked", "Wicked", 2024),  # the one people mean now, not 1998's
        ("범죄도시4", "The Roundup 4: Punishment", 2024),  # sequel numbers
        ("듄 파트2", "Dune: Part Two", 2024),
        ("Dune Part Two", "Dune: Part Two", 2024),
        ("아바타 2", "Avatar: The Way of Water", 2022),  # part 2 without a 2 in its title
        ("미션 임파서블 7", "Mission: Impossible - Dead Reckoning Part One", 2023),
    ],
)
def test_films_korean_fans_name_are_found(
    catalogue: Catalogue, query: str, english: str, year: int
) -> None:
    found = catalogue.resolve(query, region="KR").movie
    assert found is not None, query
    assert (found.title.casefold(), found.year) == (english.casefold(), year)
    assert found.title_ko  # every one of them has its Korean title


def test_one_film_is_one_entry(catalogue: Catalogue) -> None:
    korean, english = catalogue.resolve("베테랑", region="KR"), catalogue.resolve("Veteran 2015")
    assert korean.movie is not None and english.movie is not None
    assert korean.movie.movie_id == english.movie.movie_id == VETERAN  # no KOBIS-only twin
    assert korean.movie.kr_audience > 13_000_000 and korean.movie.country == "KR"


def test_a_part_not_released_yet_is_said_to_be_unknown(catalogue: Catalogue) -> None:
    asked = catalogue.resolve("범죄도시 7", region="KR")
    assert asked.movie is None and asked.missing_part == 7
    assert [m.year for m in asked.parts] == [2017, 2022, 2023, 2024]
    assert catalogue.resolve("Dune Part Three").movie is None
    assert catalogue.known_until is not None and catalogue.known_until >= date(2026, 9, 1)


@pytest.mark.parametrize(
    ("typed", "korean", "english"),
    [
        ("봉준호", "봉준호", "Bong Joon-ho"),
        ("봉 준호", "봉준호", "Bong Joon-ho"),
        ("bong joon ho", "봉준호", "Bong Joon-ho"),
        ("크리스토퍼 놀란", "크리스토퍼 놀란", "Christopher Nolan"),
        ("christopher nolan", "크리스토퍼 놀란", "Christopher Nolan"),
        ("마동석", "마동석", "Ma Dong-seok"),
        ("Don Lee", "마동석", "Ma Dong-seok"),
        ("Tom Hanks", "톰 행크스", "Tom Hanks"),
    ],
)
def test_people_are_found_in_both_scripts(
    catalogue: Catalogue, typed: str, korean: str, english: str
) -> None:
    person = catalogue.credits.resolve(typed).person
    assert person is not None, typed
    assert (person.name_ko, person.name_en) == (korean, english)


def test_credits_and_filmographies(catalogue: Catalogue) -> None:
    parasite = catalogue.resolve("기생충", region="KR").movie
    assert parasite is not None and parasite.year == PARASITE
    credits = catalogue.credits.of(parasite)
    assert credits is not None
    assert [p.name_ko for p in credits.directors] == ["봉준호"]
    assert "송강호" in [p.name_ko for p in credits.actors[:3]]
    bong = credits.directors[0]
    directed = {c.movie_id for c in catalogue.credits.films_of(bong.person_id)
                if c.role == "director"}  # fmt: skip
    titles = {m.title_ko for m in map(catalogue.get, directed) if m is not None}
    assert {"기생충", "살인의 추억", "괴물", "마더", "옥자"} <= titles
    assert bong.label("en") == "Bong Joon-ho (봉준호)" and bong.label("ko") == "봉준호"
    nolan = catalogue.credits.resolve("Christopher Nolan").person
    assert nolan is not None and nolan.label("en") == "Christopher Nolan"  # no Hangul beside
    found = catalogue.credits.search("이병헌")
    namesakes = [m.person for m in found if m.person.name_ko == "이병헌"]
    assert {p.name_en for p in namesakes} == {"Lee Byeong-heon", "Lee Byung-hun"}


@pytest.mark.parametrize(
    ("message", "name", "role", "newest"),
    [
        ("봉준호 감독 영화 뭐 있어?", "봉준호", "director", False),
        ("송강호 나오는 영화 추천", "송강호", "actor", False),
        ("크리스토퍼 놀란 영화 추천해줘", "크리스토퍼 놀란", None, False),
        ("movies by Christopher Nolan", "크리스토퍼 놀란", "director", False),
        ("films with Tom Hanks", "톰 행크스", "actor", False),
        ("마동석 최신작", "마동석", None, True),
        ("넷플릭스에 있는 송강호 영화", "송강호", None, False),
        ("이병헌 감독 영화", "이병헌", "director", False),
        ("what has tom hanks been in", "톰 행크스", "actor", False),
    ],
)
def test_questions_about_people_name_the_person(
    catalogue: Catalogue, message: str, name: str, role: str | None, newest: bool
) -> None:
    reader = PersonReader(catalogue.credits, lambda span: catalogue.find(span, None) is not None)
    asked = reader.read(message)
    assert asked is not None, message
    assert (asked.person.name_ko, asked.role, asked.newest) == (name, role, newest)
    if message == "이병헌 감독 영화":  # the director of 극한직업, not the actor
        assert asked.person.name_en == "Lee Byeong-heon"


@pytest.mark.parametrize(
    "message",
    ["기생충 감독 누구야?", "인셉션 같은 영화", "horror movies", "넷플에 있는 한국 스릴러 추천좀",
     "the matrix movies", "영화 추천해줘"],
)  # fmt: skip
def test_other_messages_name_no_person(catalogue: Catalogue, message: str) -> None:
    reader = PersonReader(catalogue.credits, lambda span: catalogue.find(span, None) is not None)
    assert reader.read(message) is None


def test_part_numbers() -> None:
    assert split_part("범죄도시4") is not None and split_part("범죄도시4").number == 4  # type: ignore[union-attr]
    assert split_part("듄 파트2").number == 2  # type: ignore[union-attr]
    assert split_part("Dune Part Two").number == 2  # type: ignore[union-attr]
    assert split_part("글래디에이터 Ⅱ").number == 2  # type: ignore[union-attr]
    for title in ("2012", "Blade Runner 2049", "Rocky", "7번방의 선물", "아바타"):
        assert split_part(title) is None, title
    assert starts_series("아바타: 물의 길", "아바타") == 0  # a subtitle: numbered by release
    assert starts_series("아바타르", "아바타") is None  # another name
    assert starts_series("Dune: Part Two", "dune") == 2
    assert starts_series("범죄도시", "범죄 도시") == 1


def test_kobis_rows_of_one_film_are_one_record() -> None:
    rows = [
        Row("release_list", "아바타", "2009-12-17", directors=(Name("제임스 카메론"),),
            audience=13_000_000),
        Row("kobis_lists", "아바타", "2009-12-17", code="20090834", title_en="Avatar"),
        Row("release_list", "아바타 3D 스페셜에디션", "2010-09-04", audience=90_000),
        Row("release_list", "아바타", "2022-09-21", directors=(Name("제임스 카메론"),)),
        Row("release_list", "올드보이", "2003-11-21", directors=(Name("박찬욱"),)),
        Row("release_list", "올드보이", "2013-12-05", directors=(Name("스파이크 리"),)),
    ]  # fmt: skip
    groups = group_rows(rows)
    assert sorted(len(g) for g in groups) == [1, 1, 4]  # Avatar, its editions; two Oldboys
    assert edition_base("연지구 디 오리지널 4K") == "연지구"
    assert edition_base("반지의 제왕 : 두개의 탑 (확장판)") == "반지의 제왕 : 두개의 탑"
    assert edition_base("극장판 짱구는 못말려") == "극장판 짱구는 못말려"


def test_years_names_and_numbers_of_the_build() -> None:
    love_letter = kobis_film("러브레터", "1999-11-20", production_year=1995)
    assert year_cost(love_letter, 1995) == 0.0
    assert year_cost(love_letter, 1999) is not None and year_cost(love_letter, 1999) > 1.0  # type: ignore[operator]
    assert year_cost(love_letter, 1980) is None
    assert english_display("THE ROUNDUP : PUNISHMENT") == "The Roundup: Punishment"
    assert english_display("12.12: THE DAY") == "12.12: The Day"
    assert english_display("Dune: Part Two") == "Dune: Part Two"
    assert people.display_latin("KIM Sang-pai") == "Kim Sang-pai"
    assert people.display_latin("Don LEE") == "Don LEE"
    assert numbers("Rocky III") == frozenset({"3"}) and numbers("범죄도시 4") == frozenset({"4"})
    assert name_key("Bong Joon-ho") == name_key("bong joon ho")


def test_two_korean_names_are_never_one_person() -> None:
    credits = [
        people.Credit(1, "actor", 0, ko="조진웅", source="kobis"),
        people.Credit(1, "actor", 0, en="Cho Jin-woong", source="tmdb_kr"),
        people.Credit(2, "actor", 0, ko="이선균", source="kobis"),
        people.Credit(2, "actor", 0, en="Cho Jin-woong", source="tmdb_kr"),  # a wrong credit
    ]

    def same(hangul: str, latins: object) -> list[float]:
        return [0.9 for _ in latins]  # type: ignore[attr-defined]

    persons, rows = people.build_people(credits, [], same, people.PeopleStats())
    korean = sorted(p.name_ko for p in persons if p.name_ko)
    assert korean == ["이선균", "조진웅"]  # the shared English name did not merge them
    assert len({p for _, p, _, _ in rows}) == len(persons)


def test_people_table_round_trips(catalogue: Catalogue) -> None:
    arrays = catalogue.credits.to_arrays()
    again = CreditsTable(arrays)
    assert len(again) == len(catalogue.credits)
    assert again.resolve("봉준호").person == catalogue.credits.resolve("봉준호").person
