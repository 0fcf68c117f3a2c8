"""The realistic message sets and the chat training messages: big enough, every intent, labels
that point at words really in the message, and no message in two sets."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from inference.understanding.labels import INTENTS
from models.intent.train import normalised, training_chat

DATA = Path(__file__).resolve().parents[1] / "data" / "intents"
SPAN_SLOTS = ("title", "seed", "person", "artist")
SETS = {
    "dev": ["realistic/dev_ko.csv", "realistic/dev_en.csv"],
    "test": ["realistic/test_ko.csv", "realistic/test_en.csv"],
    "chat": sorted(str(p.relative_to(DATA)) for p in (DATA / "chat").glob("*.csv")),
}


def rows_of(name: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for path in SETS[name]:
        with (DATA / path).open(encoding="utf-8") as handle:
            found += [{**r, "file": path} for r in csv.DictReader(handle)]
    return found


@pytest.mark.parametrize(("name", "minimum"), [("dev", 600), ("test", 400), ("chat", 1500)])
def test_each_set_is_large_and_covers_every_intent(name: str, minimum: int) -> None:
    rows = rows_of(name)
    assert len(rows) >= minimum
    assert {r["intent"] for r in rows} == set(INTENTS)
    per_language = Counter("ko" if "ko" in Path(r["file"]).name else "en" for r in rows)
    assert per_language["ko"] >= minimum // 3 and per_language["en"] >= minimum // 3


@pytest.mark.parametrize("name", list(SETS))
def test_labelled_words_are_in_the_message(name: str) -> None:
    for row in rows_of(name):
        slots = json.loads(row["slots"])
        for key in SPAN_SLOTS:
            if key in slots:
                assert slots[key] in row["text"], (row["file"], row["id"], key)
        for term in slots.get("exclude_terms", []):
            assert term in row["text"]


def test_nothing_held_out_is_trained_on() -> None:
    """Writers who never saw each other still both typed "help" or "oppenheimer": the training
    loader drops every chat message also in the development or test sets."""
    held_out = {normalised(r["text"]) for name in ("dev", "test") for r in rows_of(name)}
    raw = {normalised(r["text"]) for r in rows_of("chat")}
    assert raw & held_out  # the overlap is real …
    trained = {normalised(r["text"]) for r in training_chat(DATA)}
    assert trained and not trained & held_out  # … and never reaches training
    assert len(trained) >= 0.95 * len(raw)


def test_development_and_test_sets_share_only_short_messages() -> None:
    dev = {normalised(r["text"]) for r in rows_of("dev")}
    test = {normalised(r["text"]) for r in rows_of("test")}
    shared = dev & test
    assert len(shared) <= 0.1 * len(test)
    assert all(len(text.split()) <= 6 for text in shared)
