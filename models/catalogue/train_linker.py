"""Train the KOBIS linker (``models/catalogue/linker.py``) on the films the rules place.

    python -m models.catalogue.train_linker --data ../shared/data --out models/catalogue/linker

Known pairs: every KOBIS film the catalogue's rules place through a title tied to a film by an
id — a Korean title JustWatch Korea, KMRD or TMDB give the film, or KOBIS's own English title
(``kobis_links.KobisLinker`` without the learned step). The linker never sees either title: it
is given the Hangul title, the Korean-spelled director, years and admissions, as it is for the
films it must place. Split by KOBIS film (hash of title and first release): 60 % train, 20 %
validation, 20 % test. The regularisation and the decision rule (probability threshold and
margin over the runner-up) are chosen on validation — the highest recall at a precision of at
least 0.99 — and the test split is scored once, at the end, beside a baseline (the candidate
whose romanised Hangul title is closest, with its own threshold chosen the same way).
Deterministic: the same data give the same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from inference.catalogue.transliteration import Transliterator
from inference.checksums import sha256_file
from models.catalogue import kobis_films, linker, people
from models.catalogue.build import read_sources
from models.catalogue.kobis_links import KobisLinker

SEED = 21
SHARES = (0.6, 0.2)  # train, validation; the rest is test
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
TARGET_PRECISION = 0.99
MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3)


@dataclass(slots=True)
class Example:
    """One labelled KOBIS film: its pool, the pool's features, and which entry is the film."""

    kobis: kobis_films.KobisFilm
    truth: int
    pool: list[linker.PoolEntry]
    rows: npt.NDArray[np.float64]

    @property
    def labels(self) -> npt.NDArray[np.int64]:
        return np.asarray([int(e.movie_id == self.truth) for e in self.pool], dtype=np.int64)


def split_of(kobis: kobis_films.KobisFilm) -> str:
    digest = int(hashlib.sha256(f"{kobis.title}|{kobis.first_release}".encode()).hexdigest()[:8],
                 16) % 100  # fmt: skip
    if digest < SHARES[0] * 100:
        return "train"
    return "val" if digest < (SHARES[0] + SHARES[1]) * 100 else "test"


def decide(scored: Sequence[tuple[float, int]], threshold: float, margin: float) -> int | None:
    if not scored:
        return None
    best, movie_id = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    return movie_id if best >= threshold and best - second >= margin else None


def rates(examples: Sequence[Example], scored: Sequence[Sequence[tuple[float, int]]],
          threshold: float, margin: float) -> tuple[float, float, int]:  # fmt: skip
    """(precision, recall, links made): recall over every labelled film, pool misses included."""
    made = correct = 0
    for example, ranked in zip(examples, scored, strict=True):
        chosen = decide(ranked, threshold, margin)
        if chosen is not None:
            made += 1
            correct += chosen == example.truth
    return (correct / made if made else 1.0), correct / max(1, len(examples)), made


def best_rule(examples: Sequence[Example], scored: Sequence[Sequence[tuple[float, int]]]
              ) -> tuple[float, float, float, float]:  # fmt: skip
    """(threshold, margin, precision, recall): the highest recall at precision ≥ target."""
    best = (1.01, 0.0, 1.0, 0.0)
    for margin in MARGINS:
        for threshold in np.linspace(0.05, 0.99, 95):
            precision, recall, _ = rates(examples, scored, float(threshold), margin)
            if precision >= TARGET_PRECISION and recall > best[3]:
                best = (float(threshold), margin, precision, recall)
    return best


def score(examples: Sequence[Example], weights: linker.Weights
          ) -> list[list[tuple[float, int]]]:  # fmt: skip
    out = []
    for example in examples:
        probabilities = weights.probabilities(example.rows)
        out.append(sorted(((float(p), e.movie_id) for p, e in
                           zip(probabilities, example.pool, strict=True)), reverse=True))
    return out


def baseline_scored(examples: Sequence[Example]) -> list[list[tuple[float, int]]]:
    column = linker.FEATURES.index("title_romanised")
    return [sorted(((float(r[column]), e.movie_id) for r, e in
                    zip(example.rows, example.pool, strict=True)), reverse=True)
            for example in examples]  # fmt: skip


def fit(examples: Sequence[Example], c: float) -> linker.Weights:
    rows = np.vstack([e.rows for e in examples if len(e.pool)])
    labels = np.concatenate([e.labels for e in examples if len(e.pool)])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit((rows - mean) / scale, labels)
    return linker.Weights(model.coef_[0].astype(np.float64), float(model.intercept_[0]),
                          mean, scale, 0.5, 0.0)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=linker.ARTIFACT)
    args = parser.parse_args(argv)
    sources = read_sources(args.data)
    candidates = sources.candidates()
    rules = KobisLinker(candidates)
    placed = rules.place_all(sources.kobis)
    labelled = [(k, m) for k, m, rule in placed
                if m is not None and rule in ("korean_title", "english_title")]  # fmt: skip
    model = Transliterator.load()
    known = linker.known_latin_names(people.name_pairs(args.data))
    pools = linker.Pools(candidates, known)
    features = linker.Features(candidates, model, known)
    examples: dict[str, list[Example]] = {"train": [], "val": [], "test": []}
    for kobis, truth in tqdm(labelled, desc="pools and features", unit="film", file=sys.stderr):
        pool = pools.pool(kobis)
        examples[split_of(kobis)].append(Example(kobis, truth, pool, features.of(kobis, pool)))
    pool_recall = {s: sum(any(e.movie_id == x.truth for e in x.pool) for x in xs) / len(xs)
                   for s, xs in examples.items()}  # fmt: skip
    choices = []
    for c in C_GRID:
        weights = fit(examples["train"], c)
        threshold, margin, precision, recall = best_rule(examples["val"],
                                                         score(examples["val"], weights))
        choices.append({"C": c, "threshold": threshold, "margin": margin,
                        "val_precision": round(precision, 4), "val_recall": round(recall, 4)})
        print(f"C={c}: validation precision {precision:.4f} recall {recall:.4f} "
              f"(threshold {threshold:.2f}, margin {margin})", file=sys.stderr)
    chosen = max(choices, key=lambda c: (c["val_recall"], -float(c["C"])))
    weights = fit(examples["train"] + examples["val"], float(chosen["C"]))
    weights = linker.Weights(weights.coef, weights.intercept, weights.mean, weights.scale,
                             float(chosen["threshold"]), float(chosen["margin"]))  # fmt: skip
    base_threshold, base_margin, base_p, base_r = best_rule(
        examples["val"], baseline_scored(examples["val"])
    )
    test_p, test_r, test_made = rates(examples["test"], score(examples["test"], weights),
                                      weights.threshold, weights.margin)  # fmt: skip
    base_tp, base_tr, _ = rates(examples["test"], baseline_scored(examples["test"]),
                                base_threshold, base_margin)  # fmt: skip
    metrics: dict[str, Any] = {
        "labelled_films": {s: len(xs) for s, xs in examples.items()},
        "pool_recall": {s: round(v, 4) for s, v in pool_recall.items()},
        "validation": choices,
        "chosen": chosen,
        "test": {"precision": round(test_p, 4), "recall": round(test_r, 4),
                 "links": test_made, "scored_times": 1},
        "baseline_romanised_ratio": {
            "threshold": base_threshold, "margin": base_margin,
            "validation": {"precision": round(base_p, 4), "recall": round(base_r, 4)},
            "test": {"precision": round(base_tp, 4), "recall": round(base_tr, 4)},
        },
    }  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / linker.WEIGHTS).write_text(json.dumps(weights.to_json(), indent=1) + "\n")
    inputs = kobis_films.input_files(args.data)
    metadata = {
        "version": f"kobis-linker-{datetime.now(UTC):%Y%m%d}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "transliteration": model.version,
        "data_sha256": hashlib.sha256(
            "".join(sha256_file(p) for p in inputs).encode()
        ).hexdigest(),
        "parameters": {"model": "logistic regression on standardised pair features",
                       "features": list(linker.FEATURES), "C": chosen["C"], "seed": SEED,
                       "pool": linker.POOL, "target_precision": TARGET_PRECISION},
        "metrics": metrics,
        "files": {linker.WEIGHTS: {"sha256": sha256_file(args.out / linker.WEIGHTS)}},
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
