"""Train the span scorer: which candidate stretch of a message names the film it is about.

    python -m models.spans.train --data data/intents --out models/spans/artifact

Messages with a labelled film (``title`` or ``seed``): the template utterances' train and
validation groups and the freely written chat messages. Every candidate ``SpanScorer`` generates
for a message is an example: positive when it names the labelled film (the film the catalogue
resolves the labelled words to, found at the labelled place or as the rules' reading), negative
otherwise. A logistic regression on ``spans.FEATURES`` is fitted per C; C and the probability
floor are chosen on the realistic development messages by title F1 (a message's film counts
as found when the chosen film is the labelled one, or the words are the labelled words).
Deterministic (no sampling); ``--final`` also scores the realistic test messages, once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from inference.catalogue.search import Catalogue
from inference.catalogue.titles import compact, fold
from inference.checksums import sha256_file
from inference.understanding.people import PersonReader
from inference.understanding.service import Understanding, person_span
from inference.understanding.spans import FEATURES, WEIGHTS, Candidate, SpanScorer, choose
from models.intent.train import chat_files, read, read_free, training_chat

SEED = 16
CHAT_WEIGHT = 5.0  # freely written messages count more than template fills
GRID_C = (0.3, 1.0, 3.0, 10.0)
FLOORS = tuple(round(0.05 * i, 2) for i in range(1, 19))
FILM_INTENTS = ("where_to_watch", "film_info", "recommend", "bare", "box_office", "person")


@dataclass
class Example:
    """A message, its labelled film words, and its candidates with their features."""

    text: str
    gold: str | None
    gold_id: int | None
    candidates: list[Candidate]
    vectors: list[list[float]]
    weight: float = 1.0
    about_person: bool = False  # read as a question about a person: its films are not asked


def _same_words(a: str, b: str) -> bool:
    return bool(a) and compact(fold(a)) == compact(fold(b))


def gold_film(catalogue: Catalogue, words: str | None) -> int | None:
    if not words:
        return None
    resolution = catalogue.resolve(words, 3)
    if resolution.movie is not None:
        return resolution.movie.movie_id
    return resolution.matches[0].movie.movie_id if resolution.matches else None


def examples(rows: list[dict[str, str]], scorer: SpanScorer,
             understanding: Understanding, desc: str) -> list[Example]:  # fmt: skip
    """Candidates and features of every row (rows of every intent: most name no film)."""
    found = []
    for row in tqdm(rows, desc=desc):
        text = " ".join(row["text"].split())
        slots = json.loads(row.get("slots") or "{}")
        gold = slots.get("title") or slots.get("seed")
        if row["intent"] in ("song", "poster"):
            continue  # a song's title is no film; the song lookup reads it
        if row.get("source") in ("template", "hand") and row["intent"] == "bare":
            continue  # template bare values carry no labelled title, even when they are one
        gold_text = gold if isinstance(gold, str) else None
        gold_id = gold_film(scorer.catalogue, gold_text)
        understood = understanding.read(text, spans=False)
        readings = understood.slots.titles + understood.slots.seed
        film_intent = understanding.film_share(text)
        person = person_span(text, understood.slots)
        candidates = scorer.candidates(text, readings)
        vectors = [scorer.features(text, c, film_intent, person, candidates) for c in candidates]
        weight = CHAT_WEIGHT if row.get("source") == "chat" else 1.0
        found.append(Example(text, gold_text, gold_id, candidates, vectors, weight,
                             understood.intent == "person"))  # fmt: skip
    return found


def label(example: Example, candidate: Candidate) -> int:
    if example.gold is None:
        return 0
    if _same_words(candidate.text, example.gold):
        return 1
    at = example.text.find(example.gold)
    overlaps = candidate.start < 0 or (at >= 0 and candidate.start < at + len(example.gold)
                                       and at < candidate.end)  # fmt: skip
    return int(example.gold_id is not None and candidate.movie_id == example.gold_id and overlaps)


def precision_recall_f1(hits: int, predicted: int, gold: int, empty: float = 0.0
                        ) -> tuple[float, float, float]:  # fmt: skip
    """Precision, recall and F1 of ``hits`` among ``predicted`` and ``gold`` items; a ratio with
    nothing to divide by is ``empty`` (0 for a title reader that never answers; the slot
    benchmark counts "nothing asked, nothing read" as right)."""
    precision = hits / predicted if predicted else empty
    recall = hits / gold if gold else empty
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f


def f1(examples_: list[Example], weights: np.ndarray, floor: float) -> dict[str, Any]:
    """Title precision, recall and F1 over messages."""
    true_positive = predicted = labelled = 0
    for example in examples_:
        labelled += example.gold is not None
        if not example.candidates or example.about_person:
            continue
        scores = np.asarray(example.vectors) @ weights
        probabilities = 1 / (1 + np.exp(-scores))
        chosen = choose(list(zip(map(float, probabilities), example.candidates, strict=True)),
                        floor)  # fmt: skip
        if chosen is None:
            continue
        predicted += 1
        true_positive += label(example, chosen[1])
    precision, recall, f = precision_recall_f1(true_positive, predicted, labelled)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f, 4),
            "messages_with_a_film": labelled}  # fmt: skip


def fit(train: list[Example], c: float) -> np.ndarray:
    x = np.array([v for e in train for v in e.vectors])
    y = np.array([label(e, cand) for e in train for cand in e.candidates])
    weights = np.array([e.weight for e in train for _ in e.candidates])
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED, fit_intercept=False)
    model.fit(x, y, sample_weight=weights)
    return np.asarray(model.coef_[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/intents"))
    parser.add_argument("--out", type=Path, default=Path("models/spans/artifact"))
    parser.add_argument("--final", action="store_true", help="also score the realistic test set")
    args = parser.parse_args()
    catalogue = Catalogue.load()
    people = PersonReader(catalogue.credits, lambda span: catalogue.find(span, None) is not None)
    understanding = Understanding.load(people=people)
    scorer = SpanScorer(catalogue, {}, 0.5)
    utterances = [r for r in read(args.data / "utterances.csv") if r["split"] in ("train", "val")]
    chat = training_chat(args.data)
    dev_rows = read_free(args.data / "realistic", "dev")
    train = examples(utterances + chat, scorer, understanding, "training messages")
    dev = examples(dev_rows, scorer, understanding, "development messages")
    table = []
    best: tuple[float, float, float, np.ndarray] | None = None
    for c in GRID_C:
        weights = fit(train, c)
        for floor in FLOORS:
            result = f1(dev, weights, floor)
            table.append({"c": c, "floor": floor, **result})
            if best is None or result["f1"] > best[0]:
                best = (result["f1"], c, floor, weights)
    assert best is not None
    score, c, floor, weights = best
    rules = rule_f1(dev_rows, understanding, catalogue)
    print(f"chosen C={c} floor={floor}: dev F1 {score}; phrase rules alone {rules}")
    test: dict[str, Any] | str = "not scored (development run)"
    if args.final:
        test_rows = read_free(args.data / "realistic", "test")
        test = {"scorer": f1(examples(test_rows, scorer, understanding, "test messages"),
                             weights, floor),
                "phrase_rules": rule_f1(test_rows, understanding, catalogue)}  # fmt: skip
        print("test:", json.dumps(test))
    args.out.mkdir(parents=True, exist_ok=True)
    payload = {"features": list(FEATURES), "weights": dict(zip(FEATURES, map(float, weights),
                                                               strict=True)), "floor": floor}
    (args.out / WEIGHTS).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    files = [args.data / "utterances.csv", *chat_files(args.data),
             args.data / "realistic" / "dev_ko.csv", args.data / "realistic" / "dev_en.csv"]
    metadata = {
        "version": f"spans-logreg-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data_sha256": {str(p): sha256_file(p) for p in files},
        "files": {WEIGHTS: {"sha256": sha256_file(args.out / WEIGHTS)}},
        "parameters": {
            "model": "logistic regression over candidate spans",
            "c": c,
            "floor": floor,
            "seed": SEED,
            "features": list(FEATURES),
        },
        "counts": {
            "training messages": len(train),
            "training candidates": sum(len(e.candidates) for e in train),
            "dev messages": len(dev),
        },
        "metrics": {
            "development": {"chosen": score, "phrase_rules": rules, "grid": table},
            "test": test,
        },
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=1) + "\n",
                                            encoding="utf-8")  # fmt: skip


def rule_f1(rows: list[dict[str, str]], understanding: Understanding,
            catalogue: Catalogue) -> dict[str, Any]:  # fmt: skip
    """The baseline: the phrase rules' first reading, right when it is the labelled words or
    resolves to the labelled film."""
    true_positive = predicted = labelled = 0
    for row in rows:
        if row["intent"] in ("song", "poster"):
            continue
        slots = json.loads(row.get("slots") or "{}")
        gold = slots.get("title") or slots.get("seed")
        labelled += isinstance(gold, str)
        understood = understanding.read(" ".join(row["text"].split()), spans=False)
        readings = understood.slots.titles or understood.slots.seed
        if not readings:
            continue
        predicted += 1
        if isinstance(gold, str) and (_same_words(readings[0], gold) or
                                      gold_film(catalogue, readings[0]) ==
                                      gold_film(catalogue, gold)):  # fmt: skip
            true_positive += 1
    precision, recall, f = precision_recall_f1(true_positive, predicted, labelled)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f, 4)}


if __name__ == "__main__":
    main()
