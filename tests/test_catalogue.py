"""Catalogue loading and title search against the committed data/catalogue files.

A last test rebuilds the catalogue from ../shared/data and checks the committed files match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inference.catalogue.search import Catalogue, Movie, TitleMatch, split_query_year
from inference.catalogue.titles import join_key, normalize_title, parse_movielens_title

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MATRIX, GODFATHER, TOY_STORY, TOY_STORY_2, TOY_STORY_3 = 2571, 858, 1, 3114, 78499


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def top(catalogue: Catalogue, query: str) -> int | None:
    matches = catalogue.search(query)
    return matches[0].movie.movie_id if matches else None


def test_loads_every_movielens_film(catalogue: Catalogue) -> None:
    assert len(catalogue) == 9742


def test_get_and_label(catalogue: Catalogue) -> None:
    matrix = catalogue.get(MATRIX)
    assert matrix == Movie(
        movie_id=MATRIX,
        title="The Matrix",
        year=1999,
        genres=("Action", "Sci-Fi", "Thriller"),
        imdb_id="tt0133093",
        tmdb_id=603,
        ratings=278,
    )
    assert matrix.label() == "The Matrix (1999)"
    assert catalogue.get(-1) is None


def test_films_without_year_or_genres_or_tmdb_id(catalogue: Catalogue) -> None:
    babylon = catalogue.get(40697)  # "Babylon 5": no year, no TMDB id in links.csv
    assert babylon is not None
    assert (babylon.year, babylon.tmdb_id, babylon.label()) == (None, None, "Babylon 5")
    paterson = catalogue.get(156605)  # "(no genres listed)"
    assert paterson is not None and paterson.genres == ()


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
    "query", ["", "   ", "\n\t", "!!!", "???...", "asdfghjkl", "qwertyuiop", "zxcv qwer asdf"]
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


@pytest.mark.shared_data
@pytest.mark.slow
def test_rebuild_from_shared_data_matches_committed_files(tmp_path: Path) -> None:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the raw MovieLens/OTT data is not checked out")
    from models.catalogue.build import build

    metadata = build(
        SHARED_DATA / "movielens" / "ml-latest-small", SHARED_DATA / "ott", tmp_path / "out"
    )
    committed = json.loads((ROOT / "data" / "catalogue" / "metadata.json").read_text())
    assert metadata["outputs"] == committed["outputs"]  # byte-identical, deterministic build
    assert metadata["catalogue"]["films"] == 9742
    assert metadata["availability"]["any_source"]["pct_of_catalogue"] > 40
