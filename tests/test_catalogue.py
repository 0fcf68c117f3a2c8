"""Catalogue loading and title search against the committed data/catalogue files.

A last test rebuilds the catalogue from ../shared/data and checks the committed files match.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import inference.catalogue.titles as titles_module
from inference.catalogue.films import FilmTable, read_films
from inference.catalogue.search import Catalogue, TitleMatch, split_query_year
from inference.catalogue.titles import (
    compact,
    has_hangul,
    join_key,
    korean_key,
    normalize_title,
    parse_movielens_title,
    to_jamo,
)
from models.catalogue.film_facts import FilmFacts, prefers_tmdb_title, tmdb_title

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MATRIX, GODFATHER, TOY_STORY, TOY_STORY_2, TOY_STORY_3 = 2571, 858, 1, 3114, 78499
PARASITE, MEMORIES_OF_MURDER, OLDBOY, DECISION_TO_LEAVE = 202439, 31364, 27773, 275167
THE_ROUNDUP, EMPIRE_STRIKES_BACK, SPIRITED_AWAY = 276885, 1196, 5618


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def top(catalogue: Catalogue, query: str, region: str | None = None) -> int | None:
    matches = catalogue.search(query, region=region)
    return matches[0].movie.movie_id if matches else None


def test_loads_every_movielens_film_and_the_korean_ones(catalogue: Catalogue) -> None:
    films = list(catalogue)
    origins = Counter(m.origin for m in films)
    assert origins["ml-latest"] == 86_537  # every ml-latest 2023 film
    assert origins["ml-latest-small"] == 276  # dropped by ml-latest, kept for saved favourites
    assert origins["kobis"] > 3_000 and origins["justwatch-kr"] > 400
    assert origins["tmdb"] > 4_000 and origins["ml-32m"] > 1_500  # films newer than ml-latest
    assert sum(m.korean for m in films) > 3_000  # was 21 before issue 15
    assert max(m.year or 0 for m in films) == 2026


def test_get_and_label(catalogue: Catalogue) -> None:
    matrix = catalogue.get(MATRIX)
    assert matrix is not None
    assert (matrix.title, matrix.year, matrix.imdb_id, matrix.tmdb_id) == (
        "The Matrix", 1999, "tt0133093", 603
    )
    assert matrix.genres == ("Action", "Sci-Fi", "Thriller")
    assert matrix.ratings == 107_056 and matrix.title_ko == "매트릭스"
    assert matrix.label() == "The Matrix (1999)" and matrix.label("ko") == "매트릭스 (1999)"
    assert catalogue.by_tmdb(603) == matrix
    assert catalogue.get(-1) is None


def test_korean_facts_come_from_kobis_and_justwatch(catalogue: Catalogue) -> None:
    parasite = catalogue.get(PARASITE)
    assert parasite is not None and parasite.title_ko == "기생충" and parasite.korean
    assert parasite.kr_release == date(2019, 5, 30) and parasite.kr_audience > 10_000_000
    assert parasite.jw_rank is not None and parasite.popularity_kr > parasite.popularity
    aeja = next(m for m in catalogue if m.title_ko == "애자" and m.year == 2009)
    assert aeja.origin == "kobis" and aeja.korean and aeja.genres == ("Drama",)
    assert aeja.title == "Aeja"  # romanised: the English-mode name of a Korean-only film
    assert aeja.title_is_romanised and not parasite.title_is_romanised
    veteran = next(m for m in catalogue if m.title_ko == "베테랑" and m.year == 2015)
    assert veteran.origin == "ml-latest" and veteran.title == "Veteran"  # no KOBIS-only twin


def test_a_romanised_title_is_never_shown_beside_its_hangul_in_korean(
    catalogue: Catalogue,
) -> None:
    from handlers.shared.film_text import film_html

    aeja = next(m for m in catalogue if m.title_ko == "애자" and m.year == 2009)
    assert film_html(aeja, "ko") == "<b>애자</b> (2009)"  # not "(Aeja, 2009)"
    assert film_html(aeja, "en") == "<b>Aeja</b> (애자, 2009)"
    parasite = catalogue.get(PARASITE)
    assert parasite is not None
    assert film_html(parasite, "ko") == "<b>기생충</b> (Parasite, 2019)"
    assert film_html(parasite, "en") == "<b>Parasite</b> (기생충, 2019)"


def test_films_without_year_or_genres_or_tmdb_id(catalogue: Catalogue) -> None:
    babylon = catalogue.get(40697)  # "Babylon 5": no year, no TMDB id in links.csv
    assert babylon is not None
    assert (babylon.year, babylon.tmdb_id, babylon.label()) == (None, None, "Babylon 5")
    assert babylon.origin == "ml-latest-small"
    paterson = catalogue.get(156605)  # "(no genres listed)" in ml-latest-small, Drama now
    assert paterson is not None and paterson.genres == ("Drama",)


@pytest.mark.parametrize(
    "query",
    [
        "The Matrix",
        "matrix",
        "Matrix, The",
        "the matrix 1999",
        "Matrix (1999)",
        "THE   MATRIX",
        "  the\tmatrix  ",
        "teh matirx",
        "the matrix 2005",  # wrong year: still the film
        "\x00matrix\x07\x1b",
    ],
)
def test_finds_the_matrix_however_it_is_typed(catalogue: Catalogue, query: str) -> None:
    assert top(catalogue, query) == MATRIX


@pytest.mark.parametrize(
    ("query", "movie_id"),
    [
        ("godfahter", GODFATHER),
        ("the godfather", GODFATHER),
        ("godfather part 2", 1221),  # "Part II"
        ("jurassic prak", 480),
        ("amelie", 4973),  # "Amelie (Fabuleux destin d'Amélie Poulain, Le)"
        ("Amélie", 4973),
        ("AMÉLIE", 4973),
        ("leon", 293),  # "Léon: The Professional"
        ("la haine", 97),  # an alternate title: "Hate (Haine, La)"
        ("12 monkeys", 32),  # a.k.a. title
        ("shichinin no samurai", 2019),
        ("empire strikes back", 1196),  # a fragment of a long title
        ("shawshank", 318),
        ("blade runner 2049", 176371),  # a number that looks like a year
        ("1984", 2117),  # a title that is a year
        ("toy story 3", TOY_STORY_3),
        ("back to the future 2", 2011),
    ],
)
def test_typos_accents_aliases_and_fragments(
    catalogue: Catalogue, query: str, movie_id: int
) -> None:
    assert top(catalogue, query) == movie_id


def test_popularity_breaks_ties(catalogue: Catalogue) -> None:
    ids = [m.movie.movie_id for m in catalogue.search("Toy Story")]
    assert ids[:3] == [TOY_STORY, TOY_STORY_2, TOY_STORY_3]


def test_year_picks_between_remakes(catalogue: Catalogue) -> None:
    both = catalogue.search("planet of the apes")
    assert {m.movie.year for m in both[:2]} == {1968, 2001}
    assert catalogue.confident(both) is None  # same title twice: ask
    assert catalogue.search("planet of the apes 1968")[0].movie.year == 1968
    assert catalogue.search("Planet of the Apes (2001)")[0].movie.year == 2001


def test_results_are_buttons_best_first(catalogue: Catalogue) -> None:
    matches = catalogue.search("star wars", limit=4)
    assert len(matches) == 4
    assert all(isinstance(m, TitleMatch) and 0 <= m.score <= 100 for m in matches)
    assert all(m.movie.label().startswith("Star Wars") for m in matches)
    assert len({m.movie.movie_id for m in matches}) == 4
    assert catalogue.search("star wars", limit=0) == []


@pytest.mark.parametrize(
    "query", ["", "   ", "\n\t", "!!!", "???...", "asdfghjkl", "qxzvbnmqxz", "zxcv qwer asdf",
              "ㅋㅋㅋㅋ", "ㅁㄴㅇㄹ"]
)
def test_empty_and_garbage_queries_find_nothing(catalogue: Catalogue, query: str) -> None:
    assert catalogue.search(query) == []


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "matrix " * 2_000, "\x00" * 5_000, "ﷺ" * 3_000, "🎬" * 4_000, "1999"]
)
def test_huge_and_odd_input_never_crashes(catalogue: Catalogue, query: str) -> None:
    assert isinstance(catalogue.search(query), list)


def test_confident_only_for_a_clear_winner(catalogue: Catalogue) -> None:
    assert catalogue.confident(catalogue.search("the matrix")) == catalogue.get(MATRIX)
    assert catalogue.confident(catalogue.search("Matrix (1999)")) == catalogue.get(MATRIX)
    assert catalogue.confident(catalogue.search("star wars")) is None  # six episodes
    assert catalogue.confident(catalogue.search("teh matirx")) is None  # typo: offer buttons
    assert catalogue.confident([]) is None


@pytest.mark.parametrize(
    ("query", "movie_id"),
    [
        ("기생충", PARASITE),
        ("기생 충", PARASITE),  # spacing
        ("살인의추억", MEMORIES_OF_MURDER),
        ("살인의 추억", MEMORIES_OF_MURDER),
        ("올드보히", OLDBOY),  # one Hangul letter wrong
        ("올드보이", OLDBOY),  # the 2003 film before Spike Lee's remake, for a Korean user
        ("매트릭스", MATRIX),
        ("헤어질결심", DECISION_TO_LEAVE),  # linked through JustWatch's romanised title
        ("범죄도시2", THE_ROUNDUP),  # "범죄도시 2"
        ("스타워즈 제국의 역습", EMPIRE_STRIKES_BACK),  # words of a longer Korean title
        ("센과 치히로", SPIRITED_AWAY),  # the start of one
    ],
)
def test_korean_titles_with_spacing_and_typos(
    catalogue: Catalogue, query: str, movie_id: int
) -> None:
    assert top(catalogue, query, "KR") == movie_id


def test_the_film_people_mean_comes_first(catalogue: Catalogue) -> None:
    resolved = catalogue.resolve("Parasite", region="KR")
    assert resolved.movie is not None and resolved.movie.movie_id == PARASITE
    assert [m.year for m in resolved.alternatives] == [1982]  # offered second, not hidden
    assert catalogue.resolve("Parasite").movie == catalogue.get(PARASITE)  # also for others
    dune = catalogue.resolve("듄", region="KR")
    assert dune.movie is None  # 1984 and 2021 are both well known: the user chooses …
    assert dune.matches[0].movie.year == 2021  # … with Villeneuve's first for a Korean user
    hunt = catalogue.resolve("헌트", region="KR")  # Lee Jung-jae's Hunt and "The Hunt" (2020)
    assert hunt.movie is not None and hunt.movie.korean and hunt.movie.year == 2022
    assert [m.year for m in hunt.alternatives] == [2020, 2013]  # The Hunt, Haunt (헌트 too)


@pytest.mark.parametrize(
    ("query", "year"), [("oldboy", 2003), ("old boy", 2003), ("ironman", 2008), ("spiderman", 2002)]
)
def test_spacing_in_an_english_title_does_not_matter(
    catalogue: Catalogue, query: str, year: int
) -> None:
    """The 2003 film is "Oldboy" (TMDB), MovieLens wrote "Old Boy": both find it."""
    resolved = catalogue.resolve(query, region="KR")
    assert resolved.movie is not None and resolved.movie.year == year


@pytest.mark.parametrize("region", ["KR", "US", None])
@pytest.mark.parametrize("query", ["oldboy", "old boy", "Old Boy (2003)", "Oldboy 2003"])
def test_oldboy_is_called_by_its_own_english_title(
    catalogue: Catalogue, query: str, region: str | None
) -> None:
    """Issue 25: the English label is TMDB's "Oldboy", not MovieLens's "Old Boy", which stays
    an alias; Spike Lee's 2013 remake keeps its own film and title."""
    resolved = catalogue.resolve(query, region=region)
    assert resolved.movie is not None and resolved.movie.movie_id == OLDBOY, (query, region)
    assert resolved.movie.label() == "Oldboy (2003)"
    assert resolved.movie.label("ko") == "올드보이 (2003)"
    record = next(r for r in read_films() if r.movie.movie_id == OLDBOY)
    assert "Old Boy" in record.names()
    assert catalogue.find("Old Boy", 2003) == catalogue.find("Oldboy", 2003) == resolved.movie
    remake = catalogue.find("Oldboy", 2013)
    assert remake is not None and remake.movie_id != OLDBOY and remake.label() == "Oldboy (2013)"


def test_english_titles_taken_from_tmdb(catalogue: Catalogue) -> None:
    """A few of the films the build retitles (see data/catalogue/metadata.json's
    ``english_title_from_tmdb``), each still found by MovieLens's spelling."""
    for movie_id, title, movielens in [
        (1713, "MouseHunt", "Mouse Hunt"),
        (2987, "Who Framed Roger Rabbit", "Who Framed Roger Rabbit?"),
        (231, "Dumb and Dumber", "Dumb & Dumber"),
        (157314, "Stateless Things", "줄탁동시"),  # MovieLens had only the Hangul
        (900315635, "Spider-Man: Homecoming", "Seupaideomaen: homkeoming"),  # a romanisation
    ]:
        movie = catalogue.get(movie_id)
        assert movie is not None and movie.title == title, movie_id
        if not has_hangul(movielens):
            assert top(catalogue, movielens) == movie_id, movielens
    # Not retitled: case alone ("RED"), another title ("Sunset Boulevard"), a romanisation
    # that is the English title ("Ha Ha Ha" for Hahaha), a likely twin (Puss in Boots).
    for movie_id, title in [(81229, "Red"), (922, "Sunset Blvd."), (191743, "Hahaha"),
                            (900417859, "Janghwasineun goyangi")]:  # fmt: skip
        movie = catalogue.get(movie_id)
        assert movie is not None and movie.title == title, movie_id
    metadata = json.loads((ROOT / "data" / "catalogue" / "metadata.json").read_text())
    assert 100 < metadata["films"]["english_title_from_tmdb"] < 300


@pytest.mark.parametrize(
    ("ours", "theirs", "korean", "romanised", "taken"),
    [
        ("Old Boy", "Oldboy", ("올드보이",), False, True),  # spacing
        ("Mouse Hunt", "MouseHunt", (), False, True),
        ("The Texas Chainsaw Massacre", "The Texas Chain Saw Massacre", (), False, True),
        ("Dumb & Dumber", "Dumb and Dumber", (), False, True),  # "&" reads "and"
        ("Who Framed Roger Rabbit?", "Who Framed Roger Rabbit", (), False, True),  # punctuation
        ("The Godfather: Part II", "The Godfather Part II", (), False, True),
        ("Men in Black III", "Men in Black 3", (), False, True),  # sequel numbering
        ("Flu", "The Flu", ("감기",), False, True),  # a leading article
        ("Aeon Flux", "Æon Flux", (), False, True),  # letters beyond ASCII
        ("Red", "RED", (), False, False),  # case alone: the poster's styling
        ("Goodfellas", "GoodFellas", (), False, False),
        ("Sunset Blvd.", "Sunset Boulevard", (), False, False),  # other words: another title
        ("Dead Alive", "Braindead", (), False, False),
        ("The Road Warrior", "Mad Max 2", (), False, False),  # the US title MovieLens chose
        ("Hahaha", "Ha Ha Ha", ("하하하",), False, False),  # the romanised Korean title
        ("Run-ning-maen", "Running Man", ("런닝맨",), False, False),  # other letters
        ("줄탁동시", "Stateless Things", ("줄탁동시",), False, True),  # no English title at all
        ("Jokguwang", "The King of Jokgu", ("족구왕",), True, True),  # the build's romanisation
        ("Daensingkwin", "댄싱퀸", ("댄싱퀸",), True, False),  # Hangul is not an English title
        ("Oldboy", "Oldboy", (), False, False),
        ("Old Boy", "", (), False, False),
    ],
)
def test_when_tmdb_english_title_replaces_the_catalogue_title(
    ours: str, theirs: str, korean: tuple[str, ...], romanised: bool, taken: bool
) -> None:
    assert prefers_tmdb_title(ours, theirs, korean, romanised) is taken


def test_tmdb_title_only_from_a_tmdb_row_of_the_film_own_id() -> None:
    row = FilmFacts("tmdb_kr", "Oldboy", 2003, tmdb_id=670, original_title="올드보이")
    assert tmdb_title("Old Boy", 670, [row]) == "Oldboy"
    assert tmdb_title("Old Boy", 671, [row]) is None  # linked by something else than its id
    assert tmdb_title("Old Boy", None, [row]) is None
    wiki = FilmFacts("wikipedia", "Oldboy", 2003, tmdb_id=670)
    assert tmdb_title("Old Boy", 670, [wiki]) is None  # not TMDB's English title


def test_a_title_the_catalogue_does_not_know_finds_nothing_confident(
    catalogue: Catalogue,
) -> None:
    for query in ("안드로메다 탐정 사무소", "The Quiet Mechanic of Andromeda", "범죄도시 9"):
        assert catalogue.resolve(query, region="KR").movie is None, query


def test_the_stored_arrays_are_the_same_catalogue(catalogue: Catalogue) -> None:
    records = [r for r in read_films() if r.movie.year == 2019]
    built = Catalogue.from_records(records)
    arrays = built.to_arrays()
    loaded = Catalogue(FilmTable.from_arrays(arrays), arrays)
    assert list(loaded) == [r.movie for r in sorted(records, key=lambda r: r.movie.movie_id)]
    for query in ("parasite", "기생충", "1917", "joker", "극한직업", "toy story 4"):
        assert built.search(query, region="KR") == loaded.search(query, region="KR")
    # The committed catalogue.npz is the committed films.csv.gz.
    assert [m for m in catalogue if m.year == 2019] == list(loaded)


def test_split_query_year() -> None:
    assert split_query_year("the matrix 1999") == ("the matrix", 1999)
    assert split_query_year("Matrix (1999)") == ("Matrix", 1999)
    assert split_query_year("1999") == ("1999", None)
    assert split_query_year("blade runner 2049") == ("blade runner 2049", None)


def test_title_normalisation_is_shared_with_the_build() -> None:
    parsed = parse_movielens_title(
        "City of Lost Children, The (Cité des enfants perdus, La) (1995)"
    )
    assert parsed.display == "The City of Lost Children"
    assert parsed.aliases == ("La Cité des enfants perdus",)
    assert parsed.year == 1995
    assert normalize_title("Matrix, The") == normalize_title("THE MATRIX") == "matrix"
    assert normalize_title("Dumb & Dumber") == "dumb and dumber"
    assert normalize_title("The Godfather: Part II") == "godfather part 2"
    assert join_key("The Matrix", 1999) == "matrix|1999"
    assert join_key("The Matrix", None) is None
    assert compact("스타워즈 에피소드 5: 제국의 역습") == "스타워즈에피소드5제국의역습"
    assert to_jamo("올드보이") == "ㅇㅗㄹㄷㅡㅂㅗㅇㅣ"
    assert korean_key("살인의 추억") == korean_key("살인의추억")


@pytest.mark.shared_data
@pytest.mark.slow
def test_rebuild_from_shared_data_matches_committed_files(tmp_path: Path) -> None:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the raw MovieLens/OTT data is not checked out")
    from models.catalogue.build import build

    metadata = build(SHARED_DATA, tmp_path / "out")
    committed = json.loads((ROOT / "data" / "catalogue" / "metadata.json").read_text())
    assert metadata["outputs"] == committed["outputs"]  # byte-identical, deterministic build
    assert metadata["inputs"] == committed["inputs"]
    assert metadata["films"]["total"] == committed["films"]["total"] > 89_000
    assert metadata["offers_kr"]["films"] > 4_500


def test_the_fast_fold_of_plain_korean_and_ascii_equals_the_full_one() -> None:
    """``fold`` skips Unicode normalisation for text of ASCII and Hangul syllables only (most
    titles and names): every syllable, and mixed titles, fold exactly as the full pass does."""
    import unicodedata

    def full(text: str) -> str:  # the pass every other text takes
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", stripped).translate(titles_module._LATIN_FOLDS)
        return titles_module._NON_WORD.sub(" ", folded.replace("&", " and ")).strip()

    syllables = "".join(chr(code) for code in range(0xAC00, 0xD7A4))
    samples = [
        syllables, "기생충 (Parasite) 2019", "스타워즈 에피소드 5: 제국의 역습", "살인의추억",
        "Amélie", "포켓몬스터 ポケモン", "ㅋㅋ 올드보이", "№ 9", "Æon Flux", "해리 포터와 돌",
    ]  # fmt: skip
    for text in samples:
        assert titles_module.fold(text) == full(text), text
