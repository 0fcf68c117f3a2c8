"""The judged evaluation sets' shape (data/recommender/judged): read from the CSVs alone, with
no catalogue and no model — resolving the titles to ids is ``python bench/judged_sets.py``."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bench.judged_sets import (
    LANGUAGES,
    MOODS,
    MOODS_FILE,
    NO_MOOD,
    REQUESTS_FILE,
    SIMILAR_FILE,
    load_mood_requests,
)

FIRST_YEAR, LAST_YEAR = 1900, 2026


def _rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == columns
        rows = list(reader)
    for row in rows:
        assert all(row[c] and row[c] == row[c].strip() for c in columns), row
    return rows


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


@pytest.fixture(scope="module")
def similar() -> list[dict[str, str]]:
    return _rows(SIMILAR_FILE, ["seed_title", "seed_year", "film_title", "film_year"])


@pytest.fixture(scope="module")
def moods() -> list[dict[str, str]]:
    return _rows(MOODS_FILE, ["mood", "film_title", "film_year"])


def test_similar_has_enough_seeds_of_both_kinds(similar: list[dict[str, str]]) -> None:
    seeds = {(r["seed_title"], int(r["seed_year"])) for r in similar}
    assert len(seeds) >= 40
    korean = sum(_has_hangul(title) for title, _ in seeds)
    assert korean >= 15 and len(seeds) - korean >= 15
    assert sum(year >= 2023 for _, year in seeds) >= 4


def test_similar_lists_15_to_25_films_per_seed(similar: list[dict[str, str]]) -> None:
    per_seed = Counter((r["seed_title"], r["seed_year"]) for r in similar)
    assert all(15 <= n <= 25 for n in per_seed.values()), per_seed


def test_similar_rows_are_unique_and_no_seed_is_its_own_neighbour(
    similar: list[dict[str, str]],
) -> None:
    pairs = [(r["seed_title"], r["seed_year"], r["film_title"], r["film_year"]) for r in similar]
    assert len(set(pairs)) == len(pairs)
    assert not [p for p in pairs if (p[0], p[1]) == (p[2], p[3])]
    for row in similar:
        assert FIRST_YEAR <= int(row["seed_year"]) <= LAST_YEAR
        assert FIRST_YEAR <= int(row["film_year"]) <= LAST_YEAR


def test_seeds_are_grouped(similar: list[dict[str, str]]) -> None:
    """Each seed's films are one block of rows: the file reads seed by seed."""
    order = [(r["seed_title"], r["seed_year"]) for r in similar]
    blocks = [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s]
    assert len(blocks) == len(set(blocks))


def test_moods_list_20_to_30_films_each(moods: list[dict[str, str]]) -> None:
    per_mood = Counter(r["mood"] for r in moods)
    assert set(per_mood) == set(MOODS)
    assert all(20 <= n <= 30 for n in per_mood.values()), per_mood
    rows = [(r["mood"], r["film_title"], r["film_year"]) for r in moods]
    assert len(set(rows)) == len(rows)
    assert all(FIRST_YEAR <= int(r["film_year"]) <= LAST_YEAR for r in moods)


def test_mood_requests_cover_both_languages_and_every_mood() -> None:
    _rows(REQUESTS_FILE, ["message", "language", "mood"])
    requests = load_mood_requests()
    assert 120 <= len(requests) <= 180
    messages = [m for m, _, _ in requests]
    assert len(set(messages)) == len(messages)
    languages = Counter(lang for _, lang, _ in requests)
    assert set(languages) == set(LANGUAGES) and min(languages.values()) >= 30
    labels = Counter(mood for _, _, mood in requests)
    assert set(labels) == {*MOODS, NO_MOOD}
    assert labels[NO_MOOD] >= 15
    assert all(labels[m] >= 8 for m in MOODS)
    for message, language, _ in requests:  # a Korean message has Hangul, an English one none
        assert _has_hangul(message) == (language == "ko"), message
