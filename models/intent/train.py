"""Train the intent classifier: choose on the validation groups, test once, export numpy arrays.

    python -m models.intent.train --data data/intents/utterances.csv --out models/intent/artifact

The utterance set is split by group (a template with its fills, or one hand-written line) into
train / validation / test (``make_utterances``). Candidates — multinomial logistic regressions
on TF-IDF features of ``inference.understanding.text.features`` with different regularisation,
class weights and minimum document frequency — are fitted on train and compared on validation
(accuracy, then the share of in-scope requests called out of scope, then the simpler model).
The chosen one is refitted on train + validation and the test groups are scored once. The
model is written as plain arrays (``model.npz``: vocabulary, idf, coefficients), no pickle.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from tqdm import tqdm

from inference.checksums import sha256_file, write_arrays
from inference.understanding.classifier import ARRAYS
from inference.understanding.labels import INTENTS
from inference.understanding.text import features
from models.intent.baseline import keyword_intent

SEED = 16
GRID_C = (1.0, 3.0, 10.0, 30.0, 100.0)
GRID_WEIGHT = (None, "balanced")
GRID_MIN_DF = (1, 2)


@dataclass(frozen=True)
class Candidate:
    """One point of the grid."""

    c: float
    class_weight: str | None
    min_df: int

    @property
    def name(self) -> str:
        return f"logreg C={self.c:g} weight={self.class_weight or 'none'} min_df={self.min_df}"


def read(path: Path) -> list[dict[str, str]]:
    """The utterance rows."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pipeline(candidate: Candidate) -> Pipeline:
    """TF-IDF on the shared features → multinomial logistic regression."""
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer=features, sublinear_tf=True, min_df=candidate.min_df, dtype=np.float64
                ),
            ),
            (
                "model",
                LogisticRegression(
                    C=candidate.c,
                    class_weight=candidate.class_weight,
                    max_iter=5000,
                    random_state=SEED,
                ),
            ),
        ]
    )


def scores(truth: list[str], predicted: list[str], languages: list[str]) -> dict[str, Any]:
    """Accuracy overall and per language, and how often an in-scope request was called out of
    scope."""
    result: dict[str, Any] = {}
    for language in ("all", "ko", "en"):
        rows = [i for i, lang in enumerate(languages) if language in ("all", lang)]
        correct = sum(truth[i] == predicted[i] for i in rows)
        in_scope = [i for i in rows if truth[i] != "out_of_scope"]
        missed = sum(predicted[i] == "out_of_scope" for i in in_scope)
        result[language] = {
            "n": len(rows),
            "accuracy": round(correct / len(rows), 4) if rows else None,
            "in_scope_called_out_of_scope": round(missed / len(in_scope), 4) if in_scope else None,
        }
    return result


def _columns(rows: list[dict[str, str]]) -> tuple[list[str], list[str], list[str]]:
    return [r["text"] for r in rows], [r["intent"] for r in rows], [r["language"] for r in rows]


def choose(train: list[dict[str, str]], val: list[dict[str, str]]) -> tuple[Candidate, list[Any]]:
    """Fit every candidate on train, score on validation, pick by the rule in the docstring."""
    x_train, y_train, _ = _columns(train)
    x_val, y_val, lang_val = _columns(val)
    grid = [Candidate(c, w, m) for c in GRID_C for w in GRID_WEIGHT for m in GRID_MIN_DF]
    results = []
    for candidate in tqdm(grid, desc="candidates (validation)"):
        model = pipeline(candidate).fit(x_train, y_train)
        results.append((candidate, scores(y_val, list(model.predict(x_val)), lang_val)))

    def key(item: tuple[Candidate, dict[str, Any]]) -> tuple[float, float, float]:
        candidate, found = item
        return (
            -found["all"]["accuracy"],
            found["all"]["in_scope_called_out_of_scope"],
            candidate.c,
        )

    best = min(results, key=key)[0]
    table = [{"candidate": c.name, **s} for c, s in results]
    return best, table


def export(model: Pipeline, out: Path) -> dict[str, Any]:
    """``model.npz``: vocabulary (by column), idf, coefficients (features × intents), labels."""
    tfidf: TfidfVectorizer = model.named_steps["tfidf"]
    logreg: LogisticRegression = model.named_steps["model"]
    vocabulary = sorted(tfidf.vocabulary_.items(), key=lambda item: item[1])
    order = [list(logreg.classes_).index(label) for label in INTENTS]
    arrays = {
        "vocabulary": np.array([term for term, _ in vocabulary]),
        "idf": tfidf.idf_.astype(np.float32),
        "coef": logreg.coef_[order].T.astype(np.float32),
        "intercept": logreg.intercept_[order].astype(np.float32),
        "labels": np.array(INTENTS),
    }
    out.mkdir(parents=True, exist_ok=True)
    write_arrays(out / ARRAYS, arrays)
    return {"features": len(vocabulary)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/intents/utterances.csv"))
    parser.add_argument("--out", type=Path, default=Path("models/intent/artifact"))
    parser.add_argument(
        "--final",
        action="store_true",
        help="also score the test groups (once, at the end); without it the artifact is written "
        "with its validation figures only (what development runs use)",
    )
    args = parser.parse_args()
    rows = read(args.data)
    parts = {name: [r for r in rows if r["split"] == name] for name in ("train", "val", "test")}
    if set(r["intent"] for r in rows) != set(INTENTS):
        raise SystemExit("the utterance set and inference.understanding.labels disagree")
    chosen, validation = choose(parts["train"], parts["val"])
    for row in validation:
        print(row["candidate"], json.dumps({k: v for k, v in row.items() if k != "candidate"}))
    print(f"chosen {chosen.name}")
    final = pipeline(chosen).fit(*_columns(parts["train"] + parts["val"])[:2])
    x_test, y_test, lang_test = _columns(parts["test"])
    test: dict[str, Any] | str = "not scored (development run)"
    baseline: dict[str, Any] | str = test
    if args.final:
        test = scores(y_test, list(final.predict(x_test)), lang_test)
        baseline = scores(y_test, [keyword_intent(x) for x in x_test], lang_test)
    shape = export(final, args.out)
    version = f"intent-logreg-{dt.date.today():%Y%m%d}"
    metadata = {
        "version": version,
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data_sha256": sha256_file(args.data),
        "files": {ARRAYS: {"sha256": sha256_file(args.out / ARRAYS)}},
        "parameters": {
            "model": "multinomial logistic regression on TF-IDF (inference.understanding.text)",
            "c": chosen.c,
            "class_weight": chosen.class_weight,
            "min_df": chosen.min_df,
            "sublinear_tf": True,
            "seed": SEED,
            "selection": "best validation accuracy; ties: fewer in-scope called out of scope, "
            "then smaller C; refitted on train + validation",
            **shape,
        },
        "counts": {name: len(part) for name, part in parts.items()},
        "metrics": {"validation": validation, "test": test, "test_keyword_baseline": baseline},
    }
    (args.out / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if args.final:
        print("test:", json.dumps(test, ensure_ascii=False))
        print("keyword baseline:", json.dumps(baseline, ensure_ascii=False))


if __name__ == "__main__":
    main()
