"""How well the bot reads messages: intents, films, people and conditions, two kinds of test set.

    python -m bench.intent_quality                 # both test sets, once (what the README reports)
    python -m bench.intent_quality --split dev     # development: template val + realistic dev
    python -m bench.intent_quality --failures      # and what went wrong
    python -m bench.intent_quality --previous REV  # also the classifier of a git revision

Every message goes through the understanding step as the bot serves it (``bot.services``: the
classifier, the slot rules, the span scorer and the people reader over the shipped catalogue).

* **template**: ``data/intents/utterances.csv``, held-out groups of the template and hand-written
  utterances (the old test, kept beside the new one);
* **realistic**: ``data/intents/realistic/{dev,test}_{ko,en}.csv``, messages written freely the
  way people type, each set by a different writer, the test set before any tuning.

Figures: intent accuracy per language and per intent, in-scope messages called out of scope,
the most frequent confusions; *title F1* (the film a message is about, title or "like" seed: a
reading counts when it is the labelled words or the catalogue resolves both to the same film),
*person F1* (the same for people), *condition F1* (micro F1 of the other slots — service,
genres, mood, country, period, recency, count, company, exclusions, "my services", film field);
beside them the keyword baseline (``models/intent/baseline.py`` with the same slot rules) and,
with ``--previous``, an older classifier with the phrase rules alone. Time per message: p50 and
p95 of ``Understanding.read``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from inference.catalogue.titles import compact, fold
from inference.understanding.labels import INTENTS
from inference.understanding.service import Understanding, Understood
from inference.understanding.slots import Slots
from models.intent.baseline import keyword_intent
from models.spans.train import precision_recall_f1

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "intents"
TARGETS = {"accuracy": 0.95, "title_f1": 0.90, "person_f1": 0.90, "oos": 0.02, "p95_ms": 10.0}
CONDITION_KEYS = ("service", "exclude_service", "genres", "exclude_genres", "mood", "country",
                  "years", "recency", "count", "company", "age", "mine", "field",
                  "exclude_terms")  # fmt: skip


def read_sets(split: str) -> dict[str, list[dict[str, str]]]:
    """The template rows of the split and the realistic rows of the matching set."""
    with (DATA / "utterances.csv").open(encoding="utf-8") as handle:
        template_split = "val" if split == "dev" else "test"
        template = [r for r in csv.DictReader(handle) if r["split"] == template_split]
    realistic: list[dict[str, str]] = []
    for language in ("ko", "en"):
        with (DATA / "realistic" / f"{split}_{language}.csv").open(encoding="utf-8") as handle:
            realistic += [{**r, "language": language} for r in csv.DictReader(handle)]
    return {"template": template, "realistic": realistic}


def _same(a: str, b: str) -> bool:
    return compact(fold(a)) == compact(fold(b))


class Judge:
    """Tells whether a reading names the labelled film or person (same words or same entity)."""

    def __init__(self, understanding: Understanding) -> None:
        spans = understanding.spans
        self.catalogue = spans.catalogue if spans is not None else None
        self._films: dict[str, int | None] = {}

    def film(self, words: str) -> int | None:
        if self.catalogue is None:
            return None
        if words not in self._films:
            resolution = self.catalogue.resolve(words, 3)
            movie = resolution.movie or (resolution.matches[0].movie if resolution.matches
                                         else None)  # fmt: skip
            self._films[words] = movie.movie_id if movie else None
        return self._films[words]

    def same_film(self, predicted: str, gold: str) -> bool:
        if _same(predicted, gold):
            return True
        film = self.film(gold)
        return film is not None and self.film(predicted) == film

    def same_person(self, slots: Slots, gold: str) -> bool:
        asked = slots.person
        if asked is None:
            return False
        if _same(asked.typed, gold):
            return True
        people = self.catalogue.credits if self.catalogue is not None else None
        found = people.resolve(gold).person if people is not None else None
        return found is not None and found.person_id == asked.person.person_id


def condition_pairs(slots: Slots) -> set[tuple[str, str]]:
    """(slot, value) pairs of the conditions read (new fields read where present)."""
    pairs: set[tuple[str, str]] = set()
    for key in CONDITION_KEYS:
        value = getattr(slots, key, None)
        if key == "genres":
            pairs |= {("genres", g) for g in value or ()}
        elif key == "exclude_genres":
            pairs |= {("exclude_genres", g) for g in value or ()}
        elif key == "exclude_terms":
            pairs |= {("exclude_terms", compact(fold(v))) for v in value or ()}
        elif key == "years" and value:
            pairs.add(("years", f"{value[0]}-{value[1]}"))
        elif key == "mine" and value:
            pairs.add(("mine", "yes"))
        elif value:
            pairs.add((key, str(value)))
    return pairs


def gold_condition_pairs(raw: dict[str, Any]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for key in CONDITION_KEYS:
        value = raw.get(key)
        if value in (None, False, [], ""):
            continue
        if key in ("genres", "exclude_genres"):
            pairs |= {(key, g) for g in value}
        elif key == "exclude_terms":
            pairs |= {(key, compact(fold(v))) for v in value}
        elif key == "years":
            pairs.add(("years", f"{value[0]}-{value[1]}"))
        elif key == "mine":
            pairs.add(("mine", "yes"))
        else:
            pairs.add((key, str(value)))
    return pairs


class Tally:
    """Counts for one reader over one set."""

    def __init__(self) -> None:
        self.n: Counter[str] = Counter()
        self.intent_right: Counter[str] = Counter()
        self.intent_seen: Counter[str] = Counter()
        self.confusions: Counter[tuple[str, str]] = Counter()
        self.f1: dict[str, list[int]] = {k: [0, 0, 0] for k in ("title", "person", "conditions")}
        self.per_slot: dict[str, list[int]] = {k: [0, 0, 0] for k in CONDITION_KEYS}
        self.failures: list[str] = []

    def add(self, row: dict[str, str], intent: str, slots: Slots | None, judge: Judge) -> None:
        truth, language = row["intent"], row["language"]
        for part in ("all", language):
            self.n[part] += 1
            self.n[f"{part}:correct"] += intent == truth
            if truth != "out_of_scope":
                self.n[f"{part}:in_scope"] += 1
                self.n[f"{part}:oos"] += intent == "out_of_scope"
        self.intent_seen[truth] += 1
        self.intent_right[truth] += intent == truth
        if intent != truth:
            self.confusions[(truth, intent)] += 1
            self.failures.append(f"{language} {truth} → {intent}: {row['text']}")
        if slots is None:
            return
        raw = json.loads(row.get("slots") or "{}")
        if truth not in ("song", "poster"):
            gold = raw.get("title") or raw.get("seed")
            reading = (slots.titles or slots.seed or (None,))[0]
            self._count("title", reading, gold, lambda p, g: judge.same_film(p, g), row)
        gold_person = raw.get("person")
        predicted_person = slots.person.typed if slots.person else None
        self._count("person", predicted_person, gold_person,
                    lambda _p, g: judge.same_person(slots, g), row)  # fmt: skip
        predicted, labelled = condition_pairs(slots), gold_condition_pairs(raw)
        tally = self.f1["conditions"]
        tally[0] += len(predicted & labelled)
        tally[1] += len(predicted)
        tally[2] += len(labelled)
        for key, counts in self.per_slot.items():
            mine = {p for p in predicted if p[0] == key}
            gold = {p for p in labelled if p[0] == key}
            counts[0] += len(mine & gold)
            counts[1] += len(mine)
            counts[2] += len(gold)

    def _count(self, name: str, predicted: str | None, gold: Any, same: Any,
               row: dict[str, str]) -> None:  # fmt: skip
        tally = self.f1[name]
        tally[1] += predicted is not None
        tally[2] += isinstance(gold, str)
        right = predicted is not None and isinstance(gold, str) and same(predicted, gold)
        tally[0] += right
        if (predicted is not None or isinstance(gold, str)) and not right:
            self.failures.append(f"  {name}: {row['text']} → {predicted!r} (labelled {gold!r})")

    def accuracy(self, part: str) -> float:
        return self.n[f"{part}:correct"] / max(1, self.n[part])

    def oos(self, part: str) -> float:
        return self.n[f"{part}:oos"] / max(1, self.n[f"{part}:in_scope"])

    def score(self, name: str) -> float:
        hits, predicted, gold = self.f1.get(name) or self.per_slot[name]
        return precision_recall_f1(hits, predicted, gold, empty=1.0)[2]


def run(rows: list[dict[str, str]], understanding: Understanding, judge: Judge,
        previous: Understanding | None) -> tuple[dict[str, Tally], list[float]]:  # fmt: skip
    tallies = {"served": Tally(), "keyword baseline": Tally()}
    if previous is not None:
        tallies["previous"] = Tally()
    latencies: list[float] = []
    for row in rows:
        text = row["text"]
        started = time.perf_counter()
        understood: Understood = understanding.read(text)
        latencies.append((time.perf_counter() - started) * 1000)
        tallies["served"].add(row, understood.intent, understood.slots, judge)
        keyword = keyword_intent(text)
        cleaned = " ".join(text.split())
        tallies["keyword baseline"].add(row, keyword, understanding.slots.read(cleaned, keyword),
                                        judge)  # fmt: skip
        if previous is not None:
            old = previous.read(text, spans=False)
            tallies["previous"].add(row, old.intent, old.slots, judge)
    return tallies, latencies


def report(name: str, rows: list[dict[str, str]], tallies: dict[str, Tally],
           latencies: list[float], failures: bool) -> None:  # fmt: skip
    print(f"\n## {name}: {len(rows)} messages")
    print("| reader | intent accuracy ko / en (target ≥ 0.95) | in scope called out of scope "
          "(≤ 0.02) | title F1 (≥ 0.90) | person F1 (≥ 0.90) | condition F1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for reader, tally in tallies.items():
        print(f"| {reader} | {tally.accuracy('ko'):.3f} / {tally.accuracy('en'):.3f} | "
              f"{tally.oos('all'):.3f} | {tally.score('title'):.3f} | "
              f"{tally.score('person'):.3f} | {tally.score('conditions'):.3f} |")
    served = tallies["served"]
    print("\nper intent (served): " + ", ".join(
        f"{i} {served.intent_right[i]}/{served.intent_seen[i]}" for i in INTENTS
        if served.intent_seen[i]))  # fmt: skip
    print("per slot F1 (served; labelled count): " + ", ".join(
        f"{k} {served.score(k):.2f} ({served.per_slot[k][2]})" for k in CONDITION_KEYS
        if served.per_slot[k][2] or served.per_slot[k][1]))  # fmt: skip
    print("confusions (labelled → read): " + ", ".join(
        f"{a}→{b} {n}" for (a, b), n in served.confusions.most_common(10)))  # fmt: skip
    print(f"time per message: p50 {statistics.median(latencies):.2f} ms, "
          f"p95 {statistics.quantiles(latencies, n=20)[18]:.2f} ms")
    if failures:
        print("\n".join(served.failures))


def previous_reader(revision: str) -> Understanding:
    """The classifier artifact of a git revision, with today's slot rules and no span scorer."""
    folder = Path(tempfile.mkdtemp(prefix="intent-previous-"))
    for name in ("model.npz", "metadata.json"):
        blob = subprocess.run(["git", "show", f"{revision}:models/intent/artifact/{name}"],
                              cwd=ROOT, check=True, capture_output=True).stdout  # fmt: skip
        (folder / name).write_bytes(blob)
    return Understanding.load(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--previous", default=None, help="a git revision whose classifier to add")
    parser.add_argument("--only", choices=("template", "realistic"), default=None)
    args = parser.parse_args()
    from bot.services import _understanding  # the reader exactly as the bot loads it

    understanding = _understanding(None, None)
    understanding.read("워밍업 기생충 어디서 봐?")  # the Korean analyser loads on first use
    previous = previous_reader(args.previous) if args.previous else None
    judge = Judge(understanding)
    print(f"model {understanding.version}; split {args.split}")
    for name, rows in read_sets(args.split).items():
        if args.only and name != args.only:
            continue
        tallies, latencies = run(rows, understanding, judge, previous)
        report(name, rows, tallies, latencies, args.failures)


if __name__ == "__main__":
    main()
