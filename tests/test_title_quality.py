"""The title-search benchmark: its committed query set and how it scores outcomes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from bench.title_quality import (
    GROUPS,
    NEWER_FILM,
    Outcome,
    QueryRow,
    Score,
    baseline_outcomes,
    read_queries,
    score,
    search_outcomes,
)
from inference.catalogue.films import read_films
from inference.catalogue.search import Catalogue

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def rows() -> list[QueryRow]:
    return read_queries()


def test_query_file_has_every_group_in_the_required_numbers(rows: list[QueryRow]) -> None:
    counts = Counter(r.group for r in rows)
    assert len(rows) >= 500
    assert set(counts) == set(GROUPS)
    assert counts["korean"] >= 150
    assert counts["english"] >= 150
    assert min(counts[g] for g in ("recent", "ambiguous", "unknown")) >= 40
    assert sum(bool(HANGUL.search(r.query)) for r in rows) >= 150  # Korean-language queries
    for group in GROUPS:
        dev = sum(r.split == "dev" for r in rows if r.group == group) / counts[group]
        assert 0.3 <= dev <= 0.5, (group, dev)
    assert {r.split for r in rows} == {"dev", "test"}
    assert len({(r.query.casefold(), r.region) for r in rows}) == len(rows)


def test_query_rows_are_consistent(rows: list[QueryRow]) -> None:
    for row in rows:
        assert row.query.strip() and row.note, row
        assert row.region in ("KR", "US"), row
        if HANGUL.search(row.query):
            assert row.region == "KR", row
        if row.group == "unknown":
            assert row.expected is None and row.expect == "none", row
        else:
            assert row.expected is not None and row.expect in ("film", "choice"), row
        if row.group != "ambiguous":
            assert row.expect != "choice", row
    # every form of a film is in one split, so tuning on dev does not see test films
    splits: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        if row.expected is not None and row.group != "ambiguous":
            splits[row.expected].add(row.split)
    assert all(len(s) == 1 for s in splits.values())


def test_every_expected_film_is_in_the_committed_catalogue(rows: list[QueryRow]) -> None:
    films = {record.movie.movie_id: record for record in read_films()}
    expected = {r.expected for r in rows if r.expected is not None}
    assert expected <= set(films), sorted(expected - set(films))[:10]
    for row in rows:  # a Korean query asks for a film that has a Korean title
        if row.expected is not None and HANGUL.search(row.query):
            assert films[row.expected].korean_names(), row


def test_scoring_on_a_hand_made_example() -> None:
    rows = [
        QueryRow("기생충", "korean", "dev", 1, "KR"),  # right, answered
        QueryRow("올드보히", "korean", "dev", 2, "KR"),  # right film first, shown as buttons
        QueryRow("teh matirx", "english", "dev", 3, "US"),  # another film answered: wrong
        QueryRow("dune", "ambiguous", "dev", 5, "KR", expect="choice"),  # buttons with it: ok
        QueryRow("파묘", "unknown", "dev", None, "KR", expect="none"),  # answered: wrong
        QueryRow("Dune: Part Two", "unknown", "dev", None, "US", expect="none"),  # nothing: ok
    ]
    outcomes = [
        Outcome((1, 9), 1),
        Outcome((2, 8), None),
        Outcome((4, 3), 4),
        Outcome((6, 5), None),
        Outcome((7,), 7),
        Outcome((), None),
    ]
    scores = score(rows, outcomes)
    assert list(scores) == ["korean", "english", "ambiguous", "unknown", "all"]
    assert scores["korean"] == Score(2, 1.0, 1.0, 0.5, 0.0, 1.0, 0.0, 0.5)
    assert scores["english"] == Score(1, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0)
    assert scores["ambiguous"] == Score(1, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0)
    assert scores["unknown"] == Score(2, None, None, 0.5, 0.5, 0.5, 0.5, 0.0)
    everything = scores["all"]
    assert (everything.n, everything.top1, everything.top3) == (6, 0.5, 1.0)
    assert everything.confident == pytest.approx(3 / 6)
    assert everything.wrong == pytest.approx(2 / 6)
    assert everything.ok == pytest.approx(4 / 6)
    assert everything.buttons == pytest.approx(2 / 6)
    assert everything.nothing == pytest.approx(1 / 6)


def test_scoring_edge_cases() -> None:
    choice = QueryRow("dune", "ambiguous", "dev", 5, "KR", expect="choice")
    film = QueryRow("dune 1984", "ambiguous", "dev", 6, "KR")
    # answering with the meant film where a choice was due is not wrong, but not ok either
    assert score([choice], [Outcome((5, 6), 5)])["ambiguous"].wrong == 0.0
    assert score([choice], [Outcome((5, 6), 5)])["ambiguous"].ok == 0.0
    # buttons without the film, or the film only fourth, are not ok
    assert score([choice], [Outcome((6, 7, 8, 5), None)])["ambiguous"].ok == 0.0
    assert score([choice], [Outcome((6, 7, 8, 5), None)])["ambiguous"].top3 == 0.0
    # nothing found for a film that exists: top-1 miss, not wrong, not ok
    assert score([film], [Outcome((), None)])["ambiguous"] == Score(
        1, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0
    )
    with pytest.raises(ValueError):
        score([film], [])


def test_baseline_answers_with_the_best_fuzzy_english_title() -> None:
    films = [(1, "Toy Story"), (2, "The Matrix"), (3, "The Matrix Reloaded")]
    rows = [
        QueryRow("teh matirx", "english", "dev", 2, "US"),
        QueryRow("toy stroy", "english", "dev", 1, "US"),
        QueryRow("기생충", "korean", "dev", 4, "KR"),  # no Korean titles: still an answer
    ]
    outcomes = baseline_outcomes(films, rows)
    assert [o.answer for o in outcomes] == [2, 1, 1]
    assert outcomes[0].ranked[:2] == (2, 3)
    assert all(len(o.ranked) == 3 for o in outcomes)


def test_the_search_keeps_its_dev_split_figures(rows: list[QueryRow]) -> None:
    """A regression guard on the split the rules were tuned on (the honest figures are the test
    split's, printed by the benchmark): the issue's targets hold there."""
    # rows naming films newer than issue 15's catalogue as unknown are films it has now
    dev = [r for r in rows if r.split == "dev" and not r.note.startswith(NEWER_FILM)]
    scores = score(dev, search_outcomes(Catalogue.load(), dev))
    assert (scores["korean"].top1 or 0) >= 0.90 and (scores["english"].top1 or 0) >= 0.95
    assert all(s.wrong <= 0.02 for s in scores.values()), {g: s.wrong for g, s in scores.items()}
