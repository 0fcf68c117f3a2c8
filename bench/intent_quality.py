"""Intent accuracy and slot F1 on the held-out utterances, per language, beside a keyword baseline.

    python -m bench.intent_quality              # the test groups (what the README reports)
    python -m bench.intent_quality --split val  # development: the validation groups
    python -m bench.intent_quality --failures   # list what went wrong

Every utterance goes through ``Understanding.read`` as the bot's does (the served artifact).
*Intent accuracy*: the predicted intent is the labelled one. *In scope called out of scope*:
the share of utterances labelled with any other intent that were predicted out of scope.
*Slot F1*: micro F1 over (slot, value) pairs — title, seed, service, each genre, mood, country,
period, "my services", count, film-info field — with the slots read for the *predicted* intent
(end to end) and, beside it, for the labelled intent (the slot rules alone). A title counts as
found when one of the readings offered to the catalogue is the labelled title (case, quotes and
spacing aside). Bare values carry no slots and are left out of slot F1. Keyword baseline: the
first telling word (``models/intent/baseline.py``) for the intent, and the same slot rules.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from inference.understanding.service import Understanding
from inference.understanding.slots import Slots
from models.intent.baseline import keyword_intent

DATA = Path(__file__).resolve().parents[1] / "data" / "intents" / "utterances.csv"
TARGETS = {"accuracy": 0.95, "slot_f1": 0.90, "in_scope_called_out_of_scope": 0.02}


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def predicted_pairs(slots: Slots) -> tuple[set[tuple[str, str]], dict[str, set[str]]]:
    """Pairs of the non-title slots, and the readings offered for the title-like ones."""
    pairs: set[tuple[str, str]] = set()
    if slots.service:
        pairs.add(("service", slots.service))
    pairs |= {("genre", g) for g in slots.genres}
    if slots.mood:
        pairs.add(("mood", slots.mood))
    if slots.country:
        pairs.add(("country", slots.country))
    if slots.years:
        pairs.add(("years", f"{slots.years[0]}-{slots.years[1]}"))
    if slots.mine:
        pairs.add(("mine", "yes"))
    if slots.count:
        pairs.add(("count", str(slots.count)))
    if slots.field:
        pairs.add(("field", slots.field))
    readings = {"title": {_norm(t) for t in slots.titles}, "seed": {_norm(t) for t in slots.seed}}
    return pairs, readings


def gold_pairs(raw: dict[str, Any]) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """The labelled pairs, and the labelled titles."""
    pairs: set[tuple[str, str]] = set()
    for key, value in raw.items():
        if key in ("title", "seed"):
            continue
        if key == "genres":
            pairs |= {("genre", g) for g in value}
        elif key == "years":
            pairs.add(("years", f"{value[0]}-{value[1]}"))
        elif key == "mine":
            pairs.add(("mine", "yes"))
        else:
            pairs.add((key, str(value)))
    titles = {key: _norm(raw[key]) for key in ("title", "seed") if key in raw}
    return pairs, titles


def slot_counts(slots: Slots, raw: dict[str, Any]) -> tuple[int, int, int]:
    """(true positives, predicted, labelled) for one utterance."""
    predicted, readings = predicted_pairs(slots)
    gold, titles = gold_pairs(raw)
    hits = len(predicted & gold)
    n_pred = len(predicted) + sum(1 for key in ("title", "seed") if readings[key])
    n_gold = len(gold) + len(titles)
    hits += sum(1 for key, title in titles.items() if title in readings[key])
    return hits, n_pred, n_gold


def f1(hits: int, predicted: int, gold: int) -> float:
    precision = hits / predicted if predicted else 1.0
    recall = hits / gold if gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate(rows: list[dict[str, str]], understanding: Understanding) -> dict[str, Any]:
    """Every figure of the report, per language."""
    report: dict[str, Any] = {}
    failures: list[str] = []
    latencies: list[float] = []
    for language in ("ko", "en", "all"):
        part = [r for r in rows if language in ("all", r["language"])]
        served = Counter[str]()
        baseline = Counter[str]()
        slots_served = [0, 0, 0]
        slots_gold = [0, 0, 0]
        slots_base = [0, 0, 0]
        for row in part:
            raw = json.loads(row["slots"])
            started = time.perf_counter()
            understood = understanding.read(row["text"])
            if language == "all":
                latencies.append((time.perf_counter() - started) * 1000)
            keyword = keyword_intent(row["text"])
            truth = row["intent"]
            for counter, guess in ((served, understood.intent), (baseline, keyword)):
                counter["n"] += 1
                counter["correct"] += guess == truth
                if truth != "out_of_scope":
                    counter["in_scope"] += 1
                    counter["called_oos"] += guess == "out_of_scope"
            if language == "all" and understood.intent != truth:
                failures.append(f"{row['language']} {truth} → {understood.intent}: {row['text']}")
            if truth == "bare":
                continue
            for total, slots in (
                (slots_served, understood.slots),
                (slots_gold, understanding.slots.read(row["text"], truth)),
                (slots_base, understanding.slots.read(row["text"], keyword)),
            ):
                counts = slot_counts(slots, raw)
                for i in range(3):
                    total[i] += counts[i]
            gold_counts = slot_counts(understanding.slots.read(row["text"], truth), raw)
            if language == "all" and gold_counts[0] < max(gold_counts[1], gold_counts[2]):
                read = understanding.slots.read(row["text"], truth)
                failures.append(f"  slots {row['language']} {truth}: {row['text']} → {read}")
        report[language] = {
            "n": served["n"],
            "accuracy": served["correct"] / served["n"],
            "in_scope_called_out_of_scope": served["called_oos"] / served["in_scope"],
            "slot_f1": f1(*slots_served),
            "slot_f1_given_intent": f1(*slots_gold),
            "baseline_accuracy": baseline["correct"] / baseline["n"],
            "baseline_in_scope_called_out_of_scope": baseline["called_oos"] / baseline["in_scope"],
            "baseline_slot_f1": f1(*slots_base),
        }
    report["latency_ms"] = {
        "p50": statistics.median(latencies),
        "p95": statistics.quantiles(latencies, n=20)[18],
    }
    report["failures"] = failures
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "val", "test"))
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--artifact", type=Path, default=None, help="another artifact folder")
    args = parser.parse_args()
    with DATA.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["split"] == args.split]
    understanding = Understanding.load(args.artifact)
    understanding.read("워밍업 기생충 어디서 봐?")  # the Korean analyser loads on first use
    report = evaluate(rows, understanding)
    print(f"split: {args.split} — {len(rows)} utterances; model {understanding.version}")
    print("| language | n | intent accuracy (target ≥ 0.95) | in scope called out of scope "
          "(≤ 0.02) | slot F1 end to end (≥ 0.90) | slot F1, labelled intent | keyword baseline: "
          "accuracy / out of scope / slot F1 |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for language in ("ko", "en", "all"):
        r = report[language]
        print(
            f"| {language} | {r['n']} | {r['accuracy']:.3f} | "
            f"{r['in_scope_called_out_of_scope']:.3f}"
            f" | {r['slot_f1']:.3f} | {r['slot_f1_given_intent']:.3f} | "
            f"{r['baseline_accuracy']:.3f} / {r['baseline_in_scope_called_out_of_scope']:.3f} / "
            f"{r['baseline_slot_f1']:.3f} |"
        )
    latency = report["latency_ms"]
    print(f"Understanding.read: p50 {latency['p50']:.2f} ms, p95 {latency['p95']:.2f} ms")
    if args.failures:
        print("\n".join(report["failures"]))


if __name__ == "__main__":
    main()
