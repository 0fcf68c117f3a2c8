"""The benchmark's metrics, thresholds tuned on validation, and the seed's 6-class setup.

Every compared model is scored by exactly these functions on the same test fold, so the
numbers in metadata.json and bench/poster_quality.py are comparable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, f1_score

Array = npt.NDArray[np.float64]
Labels = npt.NDArray[np.uint8]

#: The seed project's collapse of a film to one class (Comedy and Drama merged, last).
SEED_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Animation", ("Animation",)),
    ("Horror", ("Horror",)),
    ("Sci-Fi", ("Sci-Fi",)),
    ("Romance", ("Romance",)),
    ("Action", ("Action",)),
    ("Comedy&Drama", ("Comedy", "Drama")),
)


def tune_thresholds(probs: Array, labels: Labels) -> Array:
    """Per genre, the cut-off that maximises F1 on these (validation) posters."""
    thresholds = np.empty(probs.shape[1])
    for g in range(probs.shape[1]):
        order = np.argsort(-probs[:, g], kind="stable")
        p, y = probs[order, g], labels[order, g].astype(np.float64)
        tp = np.cumsum(y)
        f1 = 2 * tp / (np.arange(1, len(y) + 1) + y.sum())
        last_of_tie = np.r_[p[1:] != p[:-1], True]  # a threshold cannot split equal scores
        f1 = np.where(last_of_tie, f1, -1.0)
        best = int(np.argmax(f1))
        thresholds[g] = p[best]
    return thresholds


#: How ``calibrate`` sets genre cut-offs (recorded in metadata.json).
THRESHOLD_RULE = (
    "one global cut-off on the calibrated probabilities maximising validation micro-F1 "
    "(kept over per-genre F1-optimal cut-offs only when its validation micro-F1 is higher)"
)
GLOBAL_GRID = np.round(np.arange(0.03, 0.7001, 0.01), 2)


def micro_f1(probs: Array, labels: Labels, thresholds: Array) -> float:
    predicted = (probs >= thresholds).astype(np.uint8)
    return float(f1_score(labels, predicted, average="micro", zero_division=0))


def tune_micro_thresholds(probs: Array, labels: Labels) -> Array:
    """Cut-offs for micro-F1: one global threshold (grid 0.03..0.70) vs per-genre F1-optimal,
    whichever scores the higher micro-F1 on these (validation) posters.

    Per-genre F1-optimal cut-offs maximise each genre's F1 (a macro-F1 objective) and push
    rare genres' cut-offs very low, which costs micro-F1; on 2-fold splits of the validation
    fold, one global cut-off also beat coordinate ascent of per-genre cut-offs on micro-F1
    (which overfits), so that is the rule.
    """
    n = probs.shape[1]
    best_global = max(GLOBAL_GRID, key=lambda x: micro_f1(probs, labels, np.full(n, x)))
    global_t = np.full(n, float(best_global))
    per_genre = tune_thresholds(probs, labels)
    if micro_f1(probs, labels, per_genre) > micro_f1(probs, labels, global_t):
        return per_genre
    return global_t


def top_k_micro_f1(probs: Array, labels: Labels, k: int = 3) -> float:
    """Micro-F1 of "the k most probable genres" against the true genre set."""
    top = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    predicted = np.zeros_like(labels)
    np.put_along_axis(predicted, top, 1, axis=1)
    return float(f1_score(labels, predicted, average="micro", zero_division=0))


def mean_ap(probs: Array, labels: Labels) -> float:
    aps = [
        average_precision_score(labels[:, g], probs[:, g])
        for g in range(labels.shape[1])
        if labels[:, g].any()
    ]
    return float(np.mean(aps))


def seed_targets(labels: Labels, genres: Sequence[str]) -> npt.NDArray[np.int64]:
    """Seed class per poster by priority; -1 for films with none of the six."""
    index = {g: i for i, g in enumerate(genres)}
    target = np.full(len(labels), -1, dtype=np.int64)
    for c in reversed(range(len(SEED_CLASSES))):  # highest priority written last
        cols = [index[g] for g in SEED_CLASSES[c][1]]
        target[labels[:, cols].any(axis=1)] = c
    return target


def seed_scores(probs: Array, genres: Sequence[str]) -> Array:
    """P(class) under the priority chain, treating genres as independent: e.g. P(Horror) =
    (1 − p_Animation)·p_Horror; Comedy&Drama takes the rest (the films left are all C or D)."""
    index = {g: i for i, g in enumerate(genres)}
    left = np.ones(len(probs))
    out = np.empty((len(probs), len(SEED_CLASSES)))
    for c, (_, members) in enumerate(SEED_CLASSES[:-1]):
        p = probs[:, index[members[0]]]
        out[:, c] = left * p
        left = left * (1 - p)
    out[:, -1] = left
    return out


def tune_seed_bias(scores: Array, target: npt.NDArray[np.int64], rounds: int = 3) -> Array:
    """Per-class log-score offsets that maximise validation macro-F1 of the argmax."""
    keep = target >= 0
    logs, y = np.log(np.clip(scores[keep], 1e-9, 1)), target[keep]
    bias = np.zeros(scores.shape[1])
    grid = np.linspace(-3, 3, 61)
    for _ in range(rounds):
        for c in range(scores.shape[1]):
            best, best_f1 = bias[c], -1.0
            for value in grid:
                bias[c] = value
                f1 = f1_score(y, np.argmax(logs + bias, axis=1), average="macro")
                if f1 > best_f1 + 1e-12:
                    best, best_f1 = value, f1
            bias[c] = best
    return bias


def seed_macro_f1(scores: Array, bias: Array, target: npt.NDArray[np.int64]) -> float:
    keep = target >= 0
    predicted = np.argmax(np.log(np.clip(scores[keep], 1e-9, 1)) + bias, axis=1)
    return float(f1_score(target[keep], predicted, average="macro", zero_division=0))


def report(
    test_probs: Array,
    test_labels: Labels,
    thresholds: Array,
    seed_bias: Array,
    genres: Sequence[str],
) -> dict[str, float]:
    """The benchmark row for one model on the test fold."""
    predicted = (test_probs >= thresholds).astype(np.uint8)
    target = seed_targets(test_labels, genres)
    return {
        "micro_f1": float(f1_score(test_labels, predicted, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(test_labels, predicted, average="macro", zero_division=0)),
        "mAP": mean_ap(test_probs, test_labels),
        "top3_micro_f1": top_k_micro_f1(test_probs, test_labels, 3),
        "seed_macro_f1": seed_macro_f1(seed_scores(test_probs, genres), seed_bias, target),
    }


def calibrate(val_probs: Array, val_labels: Labels, genres: Sequence[str]) -> tuple[Array, Array]:
    """Everything tuned on validation for one model: genre thresholds (micro-F1 objective)
    and seed-class offsets (6-class macro-F1 objective)."""
    thresholds = tune_micro_thresholds(val_probs, val_labels)
    bias = tune_seed_bias(seed_scores(val_probs, genres), seed_targets(val_labels, genres))
    return thresholds, bias


# --- decision rule, balance, diversity, calibration quality ------------------------------


def balance_weights(labels: Labels, iterations: int = 100) -> Array:
    """Poster weights under which every genre is (as nearly as multi-label data allows) equally
    common: raking, each poster's weight multiplied by the geometric mean of its genres'
    correction factors until the weighted genre counts stop moving. Posters without a kept
    genre get weight 0. On the test fold this takes Drama from 50 % to about a quarter."""
    y = labels.astype(np.float64)
    n_genres = y.sum(axis=1)
    keep = n_genres > 0
    w: Array = keep.astype(np.float64)
    for _ in range(iterations):
        counts = (w[:, None] * y).sum(axis=0)
        present = counts > 0
        log_r = np.zeros(y.shape[1])
        log_r[present] = np.log(counts[present].mean() / counts[present])
        w[keep] *= np.exp((y[keep] * log_r).sum(axis=1) / n_genres[keep])
        w /= w[keep].mean()
    return w


def balanced_subset(
    labels: Labels, fraction: float = 1 / 3, seed: int = 0
) -> npt.NDArray[np.int64]:
    """A genre-balanced test set: a third of the posters, drawn without replacement with
    probability ∝ ``balance_weights`` (seeded)."""
    w = balance_weights(labels)
    rng = np.random.default_rng(seed)
    size = min(round(len(labels) * fraction), int((w > 0).sum()))
    rows = rng.choice(len(labels), size=size, replace=False, p=w / w.sum())
    return np.sort(rows.astype(np.int64))


def top_k_sets(scores: Array, k: int = 3) -> npt.NDArray[np.int64]:
    """The k highest-scoring genre indices per row (ties broken by column order)."""
    out: npt.NDArray[np.int64] = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return out


def top_k_f1(scores: Array, labels: Labels, k: int = 3, weights: Array | None = None) -> float:
    predicted = np.zeros_like(labels)
    np.put_along_axis(predicted, top_k_sets(scores, k), 1, axis=1)
    return weighted_micro_f1(predicted, labels, weights)


def weighted_micro_f1(predicted: Labels, labels: Labels, weights: Array | None = None) -> float:
    """Micro-F1 with each poster counted ``weights[i]`` times (plain micro-F1 without)."""
    w = np.ones(len(labels)) if weights is None else weights
    tp = float((w[:, None] * (predicted & labels)).sum())
    total = float((w[:, None] * predicted).sum() + (w[:, None] * labels).sum())
    return 2 * tp / total if total > 0 else 0.0


def distinct_top_k(scores: Array, k: int = 3) -> int:
    """How many different top-k genre *sets* occur (the issue counted 88 on 600 posters)."""
    return len({tuple(sorted(row)) for row in top_k_sets(scores, k).tolist()})


def decide(evidence: Array, tau: float) -> npt.NDArray[np.uint8]:
    """Genres whose evidence reaches ``tau``; the strongest genre always (every film has one)."""
    predicted = (evidence >= tau).astype(np.uint8)
    predicted[np.arange(len(evidence)), np.argmax(evidence, axis=1)] = 1
    return predicted


def reliability(probs: Array, labels: Labels, bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins over every (poster, genre) pair: count, mean probability, observed rate."""
    p, y = probs.ravel(), labels.ravel().astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        rows.append(
            {
                "low": float(edges[b]),
                "high": float(edges[b + 1]),
                "pairs": int(mask.sum()),
                "mean_probability": float(p[mask].mean()) if mask.any() else float("nan"),
                "observed": float(y[mask].mean()) if mask.any() else float("nan"),
            }
        )
    return rows


def ece(probs: Array, labels: Labels, bins: int = 10) -> float:
    """Expected calibration error over every (poster, genre) pair (weighted by bin size)."""
    total = probs.size
    return float(
        sum(
            r["pairs"] / total * abs(r["mean_probability"] - r["observed"])
            for r in reliability(probs, labels, bins)
            if r["pairs"]
        )
    )


def macro_ece(probs: Array, labels: Labels, bins: int = 10) -> float:
    """ECE of each genre's probabilities on its own, averaged over genres."""
    return float(np.mean([ece(probs[:, [g]], labels[:, [g]], bins) for g in range(probs.shape[1])]))


def genre_recall(predicted: npt.NDArray[np.uint8], labels: Labels) -> Array:
    pos = labels.sum(axis=0)
    out: Array = np.where(pos > 0, (predicted & labels).sum(axis=0) / np.maximum(pos, 1), np.nan)
    return out


def rule_report(
    probs: Array, evidence: Array, labels: Labels, tau: float, genres: Sequence[str]
) -> dict[str, Any]:
    """Every figure of the issue for one model and one test set (threshold-free ones on
    ``probs``, the shown ones on ``evidence``)."""
    predicted = decide(evidence, tau)
    top1 = np.argmax(evidence, axis=1)
    top3 = top_k_sets(evidence, 3)
    drama = list(genres).index("Drama") if "Drama" in genres else 0
    return {
        "posters": len(labels),
        "micro_f1": float(f1_score(labels, predicted, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(labels, predicted, average="macro", zero_division=0)),
        "mAP": mean_ap(probs, labels),
        "top3_micro_f1": top_k_f1(evidence, labels, 3),
        "distinct_top3": distinct_top_k(evidence, 3),
        "drama_said": float(predicted[:, drama].mean()),
        "drama_top1": float((top1 == drama).mean()),
        "drama_true": float(labels[:, drama].mean()),
        "genres_per_poster": float(predicted.sum(axis=1).mean()),
        "top3_share": {g: float((top3 == i).any(axis=1).mean()) for i, g in enumerate(genres)},
        "recall": dict(zip(genres, genre_recall(predicted, labels).tolist(), strict=True)),
    }
