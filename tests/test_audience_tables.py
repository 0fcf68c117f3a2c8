"""The box-office tables: the 2026 KOBIS files read into films (a fixture-sized copy of their
quirks), the seed's list extended from them, and the committed tables rebuilt from ../shared."""

# ruff: noqa: E501  (the fixture files are CSV rows as KOBIS writes them)

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from inference.audience.features import ReleaseDescription, YearlyTotals
from inference.audience.tables import KnownFilm, load_tables, write_films, write_totals
from models.audience import data, kobis2026

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8-sig")


@pytest.fixture
def kobis_2026(tmp_path: Path) -> Path:
    """Every file of ../shared/data/kobis-2026, a few rows each, with the quirks SOURCE.md
    names: Excel serial days, thousands separators and trailing spaces, a week appended out of
    order, genres joined by "|" or "/"."""
    root = tmp_path / "kobis-2026"
    _write(
        root / kobis2026.DAILY,
        """
date,rank,movieCd,movieNm,openDt,salesAmt,audiAcc,audiCnt,scrnCnt,showCnt
2023-05-31,1,20230001,범죄도시3,2023-05-31,1,1000000,1000000,2500,9000
2023-06-01,1,20230001,범죄도시3,2023-05-31,1,1900000,900000,2600,9000
2023-06-01,2,20230002,작은 영화,2023-05-31,1,3000,2000,120,300
2023-01-20,3,20220009,교섭,2023-01-18,1,900000,100000,1200,3000
""",
    )
    _write(
        root / kobis2026.DETAILS,
        """
movieCd,movieNm,movieNmEn,prdtYear,openDt,typeNm,nations,genres,directors,actors,watchGradeNm,distributors
20230001,범죄도시3,The Roundup 3,2023,20230531,장편,한국,"액션,범죄","이상용,감독 둘","마동석,이준혁,아오키 무네타카,전석호",15세이상관람가,"주식회사 에이비오엔터테인먼트,(주)씨제이이엔엠"
20230002,작은 영화,,2023,20230531,장편,"프랑스,독일",드라마,감독C,,전체관람가,(주)넥스트엔터테인먼트월드(NEW)
20220009,교섭,,2022,20230118,장편,한국,드라마,임순례,"황정민,현빈",12세이상관람가,(주)플러스엠엔터테인먼트
""",
    )
    _write(
        root / kobis2026.WEEKLY,
        """
주시작일,순위,영화코드,영화명,개봉일,주간관객,누적관객
20230529,1,20230001,범죄도시3,2023-05-31,2000000,2000000
20230605,1,20230001,범죄도시3,2023-05-31,1500000,3500000
20121105,1,20120001,오래된 영화,2012-10-31,500000,900000
""",
    )
    _write(
        root / kobis2026.TOTALS,
        """
영화명,개봉일,스크린수,상영횟수,순위,관객수,최종관객
겨울 영화,2024-12-24,2100,9000,1,300000,4900000
""",
    )
    _write(
        root / kobis2026.MONTHLY / "KC_KOBIS_BOX_OFFIC_MOVIE_INFO_202412.csv",
        """
NO,MOVIE_NM,DRCTR_NM,MAKR_NM,INCME_CMPNY_NM,DISTB_CMPNY_NM,OPN_DE,MOVIE_TY_NM,MOVIE_STLE_NM,NLTY_NM,TOT_SCRN_CO,SALES_PRICE,VIEWNG_NMPR_CO,SEOUL_SALES_PRICE,SEOUL_VIEWNG_NMPR_CO,GENRE_NM,GRAD_NM,MOVIE_SDIV_NM
1,겨울 영화,우민호,,,(주)씨제이이엔엠,20241224,개봉영화,장편,한국,"2,125.00000 ",1,"1,500,000.00000",1,1,드라마,15세이상관람가,일반영화
2,독립 영화,감독D,,,(주)필름다빈,20241211,개봉영화,장편,한국,80.00000,1,"4,000.00000",1,1,다큐멘터리,전체관람가,독립/예술영화
""",
    )
    _write(
        root / kobis2026.MONTHLY / "KC_KOBIS_BOX_OFFIC_MOVIE_INFO_202501.csv",
        """
NO,MOVIE_NM,DRCTR_NM,MAKR_NM,INCME_CMPNY_NM,DISTB_CMPNY_NM,OPN_DE,MOVIE_TY_NM,MOVIE_STLE_NM,NLTY_NM,TOT_SCRN_CO,SALES_PRICE,VIEWNG_NMPR_CO,SEOUL_SALES_PRICE,SEOUL_VIEWNG_NMPR_CO,GENRE_NM,GRAD_NM,MOVIE_SDIV_NM
1,겨울 영화,우민호,,,(주)씨제이이엔엠,20241224,개봉영화,장편,한국,1900.00000,1,3000000.00000,1,1,드라마,15세이상관람가,일반영화
2,독립 영화,감독D,,,(주)필름다빈,20241211,개봉영화,장편,한국,60.00000,1,2500.00000,1,1,다큐멘터리,전체관람가,독립/예술영화
""",
    )
    _write(root / kobis2026.ALLTIME, "순위,영화명,개봉일,누적관객\n1,명량,2014-07-30,17597914\n")
    _write(
        root / kobis2026.YEARLY,
        """
연도,순위,영화명,그해관객,그해말누적,개봉일
2023,2,범죄도시3,10673784,10673784,2023-05-31
""",
    )
    _write(
        root / kobis2026.MONTHLY_META / "KC_KOBIS_BOX_OFFIC_MOVIE_INFO_202506.csv",
        """
MOVIE_NM,DRCTR_NM,MAKR_NM,INCME_CMPNY_NM,DISTB_CMPNY_NM,OPN_DE,MOVIE_TY_NM,MOVIE_STLE_NM,NLTY_NM,GENRE_NM,GRAD_NM,MOVIE_SDIV_NM
하이파이브,강형철,,,(주)넥스트엔터테인먼트월드(NEW),45807,개봉영화,장편,한국,코미디,15세이상관람가,일반영화
""",
    )
    _write(
        root / kobis2026.TITLES, "영화명,개봉일\n하이 파이브,2025-05-30\n제목만 영화,2026-07-01\n"
    )
    _write(
        root / kobis2026.META,
        """
movieCd,movieNm,openDt,genre,nation
20260001,가을 애니,20260909,애니메이션/액션/어드벤처/판타지,일본
""",
    )
    _write(
        root / kobis2026.PEOPLE,
        """
movieCd,movieNm,openDt,director,actors_n,lead_n,showTm,watchGrade,company
20260001,가을 애니,20260909,감독E,2,2,100,12세이상관람가,씨제이 씨지브이(CJ CGV)(주)
""",
    )
    return root


def _by_title(films: list[kobis2026.NewFilm]) -> dict[str, kobis2026.NewFilm]:
    return {f.title: f for f in films}


def test_the_2026_files_are_joined_into_films(kobis_2026: Path) -> None:
    films = _by_title(kobis2026.read(kobis_2026))
    roundup = films["범죄도시3"]
    # movieCd joins the daily, weekly and yearly rows; KOBIS's first director, 3 leads
    assert (roundup.movie_cd, roundup.director, roundup.genre) == ("20230001", "이상용", "액션")
    assert roundup.actors == ("마동석", "이준혁", "아오키 무네타카")
    assert roundup.distributor == "에이비오엔터테인먼트" and roundup.rating == "15세관람가"
    # screens: the peak of the daily counts; admissions: the largest cumulative count, a
    # lower bound (no final count in any file)
    assert roundup.screens == 2600 and roundup.final == 0
    assert roundup.audience == 10_673_784  # the yearly top-10's count at the year's end
    small = films["작은 영화"]
    assert (small.nationality, small.distributor) == ("프랑스", "넥스트엔터테인먼트월드")
    winter = films["겨울 영화"]
    # final count from the totals file; screens: the larger of first-day and monthly peaks
    assert (winter.final, winter.audience, winter.screens) == (4_900_000, 4_900_000, 2_125)
    assert winter.lower == 4_500_000  # the monthly rows summed: a lower bound
    indie = films["독립 영화"]
    assert indie.independent is True and indie.audience == 6_500 and indie.screens == 80


def test_films_from_2025_03_carry_metadata_only(kobis_2026: Path) -> None:
    films = _by_title(kobis2026.read(kobis_2026))
    # OPN_DE 45807: Excel serial days (SOURCE.md says 2025-06-02; the Excel epoch gives
    # 2025-05-30, as every other file dates this film); "하이 파이브" is the same film
    five = films["하이파이브"]
    assert five.release_date == date(2025, 5, 30) and five.sources == {"monthly", "titles"}
    assert (five.director, five.distributor, five.genre, five.rating) == (
        "강형철", "넥스트엔터테인먼트월드", "코미디", "15세관람가",
    )  # fmt: skip
    assert five.screens == 0 and five.audience == 0
    anime = films["가을 애니"]
    assert (anime.genre, anime.nationality, anime.director) == ("애니메이션", "일본", "감독E")
    assert anime.distributor == "씨지브이"
    bare = films["제목만 영화"]
    assert (bare.genre, bare.rating, bare.director) == ("", "", None)


def test_a_held_back_figure_is_refused(kobis_2026: Path) -> None:
    path = kobis_2026 / kobis2026.TOTALS
    path.write_text(
        path.read_text(encoding="utf-8-sig") + "하이파이브,2025-05-30,1000,1,1,1,1000000\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(ValueError, match="held-back"):
        kobis2026.read(kobis_2026)


def test_the_seed_list_is_extended_and_its_partial_counts_updated(kobis_2026: Path) -> None:
    release = ReleaseDescription(date(2023, 1, 18), 1100, "드라마", "12세관람가", "한국",
                                 "메가박스중앙플러스엠", "임순례", ("황정민", "현빈"))  # fmt: skip
    myeongryang = ReleaseDescription(date(2014, 7, 30), 1587, "사극", "15세관람가", "한국",
                                     "씨제이이엔엠", "김한민")  # fmt: skip
    seed = [
        KnownFilm(7, "교섭", release, 500_000, "partial"),  # still in cinemas at the capture
        KnownFilm(8, "명량", myeongryang, 17_613_682),
    ]
    films = {f.title: f for f in data.merge(seed, kobis2026.read(kobis_2026))}
    talks = films["교섭"]
    assert (talks.audience, talks.status, talks.movie_cd) == (900_000, "partial", "20220009")
    assert talks.release.screens == 1200 and talks.release.actors == ("황정민", "현빈")
    assert films["명량"].audience == 17_613_682  # a settled count is kept
    assert "오래된 영화" not in films  # before the seed's last release: not added
    assert "작은 영화" in films and films["작은 영화"].audience == 3_000
    five = films["하이파이브"]
    assert five.audience is None and five.status == "" and five.film_id >= data.NEW_FILM_IDS
    assert films["겨울 영화"].status == "final" and films["범죄도시3"].status == "partial"
    # counted on its second day only (the daily file ends then): a lower bound, not settled
    assert films["작은 영화"].status == "early" and not films["작은 영화"].settled
    # the monthly rows of 2024-12 and 2025-01 hold its first six weeks
    assert films["독립 영화"].status == "partial"


def test_tables_round_trip_unknown_admissions(tmp_path: Path) -> None:
    release = ReleaseDescription(date(2026, 1, 7), 0, "코미디", "15세관람가", "한국", None, "감독")
    known = ReleaseDescription(date(2024, 1, 3), 900, "드라마", "전체관람가", "한국", None, None)
    films = [
        KnownFilm(1, "있는 영화", known, 12_345, "early", movie_cd="20240001"),
        KnownFilm(1_000_000, "없는 영화", release, None, ""),
    ]
    write_films(tmp_path / "films.csv.gz", films)
    write_totals(tmp_path / "yearly_totals.csv", YearlyTotals({2024: 10}, 2024, frozenset({2024})))
    from inference.checksums import sha256_file

    meta = {n: {"sha256": sha256_file(tmp_path / n)} for n in ("films.csv.gz", "yearly_totals.csv")}
    (tmp_path / "metadata.json").write_text(json.dumps({"files": meta}))
    tables = load_tables(tmp_path)
    assert tables.films == tuple(films)
    assert tables.totals.estimated == frozenset({2024})


@pytest.mark.shared_data
@pytest.mark.skipif(not (SHARED / "kobis-2026").is_dir(), reason="needs ../shared/data/kobis-2026")
def test_rebuild_from_shared_data_matches_committed_tables(tmp_path: Path) -> None:
    from models.audience.build_tables import build

    built = build(SHARED / "kobis", SHARED / "kobis-2026", tmp_path)
    committed = json.loads((ROOT / "data" / "audience" / "metadata.json").read_text())
    assert built["files"] == committed["files"]  # byte-identical, deterministic build
    assert built["inputs"] == committed["inputs"]
    assert built["inputs_kobis_2026"] == committed["inputs_kobis_2026"]
    counts = committed["counts"]
    assert counts["last_release_with_admissions"] == "2025-02-28"
    assert counts["last_release"] >= "2026-09-01" and counts["added_metadata_only"] > 700
    tables = load_tables()
    after = [f for f in tables.films if f.release.release_date >= kobis2026.CUT]
    assert after and all(f.audience is None and f.release.screens == 0 for f in after)
    titles = {f.title: f for f in tables.films}
    for title, opened in (("파묘", "2024-02-22"), ("서울의 봄", "2023-11-22"),
                          ("범죄도시4", "2024-04-24"), ("하얼빈", "2024-12-24")):  # fmt: skip
        film = titles[title]
        assert film.release.release_date.isoformat() == opened and film.audience is not None
    assert titles["파묘"].final and titles["파묘"].audience > 10_000_000
