"""Held-out evaluation: pair discrimination, ranking among distractors, precision/recall at 1:10.

For every held-out pair (Hangul h, Latin l) of a split, 50 distractors are drawn from the Latin
strings of the same kind *in the same split* (never one paired with h), all of similar length
(within 20% of l's letters, at least ±2; widened if too few): first up to 10 "hard" ones that
also share l's first letter, then others. The same scored list gives

* (a) ROC AUC of true pairs vs. their first 5 hard negatives,
* (b) top-1 / top-5 accuracy of l among the 51 (ties broken at random, in expectation),
* (c) precision at recall 0.90 and recall at precision 0.99 of true pairs vs. their first 10
  distractors (1 : 10).

Subsets: people; titles (every title pair, translations included, which no transliteration model
can match — the figure shows how much of the catalogue this model can link at all); titles that
are transliterations by :func:`is_transliteration`, a hand-written check independent of the
model. The baseline beside every figure is ``fuzz.ratio`` of the Revised Romanization of h
(``inference.catalogue.titles.romanise``) with l, both lowercased.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from tqdm import tqdm

from inference.catalogue.transliteration import (
    hangul_skeleton,
    latin_letters,
    latin_skeleton,
    latin_words,
    romanised_ratios,
)
from models.transliteration.pairs import Pair, hangul_key

DISTRACTORS = 50
HARD = 10
AUC_NEGATIVES = 5
Scorer = Callable[[str, Sequence[str]], npt.NDArray[np.float64]]


@dataclass(frozen=True)
class Case:
    """One held-out pair and its distractors (hard ones first)."""

    hangul: str
    latin: str
    kind: str
    transliteration: bool
    distractors: tuple[str, ...]


def is_transliteration(hangul: str, latin: str) -> bool:
    """Whether a title pair looks like a transliteration, by consonant skeletons only: the two
    skeletons are ≥ 70% alike (rapidfuzz ratio) and every Latin word with two or more consonant
    classes is found in the Hangul skeleton (partial ratio ≥ 75). A fixed rule, not the model,
    so the subset does not favour either scorer; it misses vowel-only titles (에어 ↔ Air)."""
    hs, ls = hangul_skeleton(hangul), latin_skeleton(latin)
    if not hs or not ls or fuzz.ratio(hs, ls) < 70:
        return False
    for word in latin_words(latin):
        skeleton = latin_skeleton(word)
        if len(skeleton) >= 2 and fuzz.partial_ratio(skeleton, hs) < 75:
            return False
    return True


def build_cases(pairs: Sequence[Pair], seed: int) -> list[Case]:
    """Cases for every pair of one split, distractors drawn as the module docstring says."""
    rng = random.Random(seed)
    partners: dict[str, set[str]] = {}
    pools: dict[str, dict[str, str]] = {}
    for pair in pairs:
        partners.setdefault(hangul_key(pair.hangul), set()).add(latin_letters(pair.latin))
        pools.setdefault(pair.kind, {}).setdefault(latin_letters(pair.latin), pair.latin)
    by_length: dict[str, dict[int, list[str]]] = {}
    for kind, pool in pools.items():
        for letters in sorted(pool):
            by_length.setdefault(kind, {}).setdefault(len(letters), []).append(letters)
    cases = []
    for pair in pairs:
        letters = latin_letters(pair.latin)
        taken = partners[hangul_key(pair.hangul)]
        window = max(2, round(0.2 * len(letters)))
        while True:
            near = [
                c
                for size in range(len(letters) - window, len(letters) + window + 1)
                for c in by_length[pair.kind].get(size, [])
                if c not in taken
            ]
            if len(near) >= DISTRACTORS or window > 60:
                break
            window *= 2
        hard = [c for c in near if c[0] == letters[0]]
        chosen = rng.sample(hard, min(HARD, len(hard)))
        rest = sorted(set(near) - set(chosen))
        chosen += rng.sample(rest, min(DISTRACTORS - len(chosen), len(rest)))
        cases.append(
            Case(
                pair.hangul,
                pair.latin,
                pair.kind,
                pair.kind == "titles" and is_transliteration(pair.hangul, pair.latin),
                tuple(pools[pair.kind][c] for c in chosen),
            )
        )
    return cases


def hard_count(case: Case) -> int:
    """How many of a case's distractors share the true string's first letter (they lead)."""
    first = latin_letters(case.latin)[0]
    count = 0
    for distractor in case.distractors:
        if latin_letters(distractor)[0] != first:
            break
        count += 1
    return min(count, HARD)


def score_cases(cases: Sequence[Case], scorer: Scorer, desc: str) -> list[npt.NDArray[np.float64]]:
    """Each case's scores: the true string first, then its distractors."""
    return [
        np.asarray(scorer(c.hangul, [c.latin, *c.distractors]), dtype=np.float64)
        for c in tqdm(cases, desc=desc, leave=False)
    ]


def baseline_scorer(hangul: str, latins: Sequence[str]) -> npt.NDArray[np.float64]:
    """The trivial baseline: Revised Romanization + rapidfuzz ratio."""
    return romanised_ratios(hangul, latins)


def auc(positives: npt.NDArray[np.float64], negatives: npt.NDArray[np.float64]) -> float:
    """ROC AUC (Mann–Whitney, ties count half)."""
    if not len(positives) or not len(negatives):
        return float("nan")
    values = np.concatenate([positives, negatives])
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    n_pos, n_neg = len(positives), len(negatives)
    return float((ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _curve(
    positives: npt.NDArray[np.float64], negatives: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Precision and recall at every distinct threshold, highest first."""
    values = np.concatenate([positives, negatives])
    labels = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))])
    order = np.argsort(-values, kind="mergesort")
    values, labels = values[order], labels[order]
    tp, fp = np.cumsum(labels), np.cumsum(1 - labels)
    last = np.r_[values[1:] != values[:-1], True]  # thresholds between distinct values
    tp, fp = tp[last], fp[last]
    return tp / (tp + fp), tp / max(len(positives), 1)


def precision_at_recall(pos: npt.NDArray[np.float64], neg: npt.NDArray[np.float64],
                        recall: float) -> float:  # fmt: skip
    """Precision at the highest threshold whose recall reaches ``recall``."""
    precision, recalls = _curve(pos, neg)
    reached = np.nonzero(recalls >= recall)[0]
    return float(precision[reached[0]]) if len(reached) else 0.0


def recall_at_precision(pos: npt.NDArray[np.float64], neg: npt.NDArray[np.float64],
                        precision: float) -> float:  # fmt: skip
    """The largest recall at a threshold whose precision is at least ``precision``."""
    precisions, recalls = _curve(pos, neg)
    good = precisions >= precision
    return float(recalls[good].max()) if good.any() else 0.0


def top_k(scores: npt.NDArray[np.float64], k: int) -> float:
    """P(the true string, scores[0], is among the first k), ties broken at random."""
    greater = int((scores[1:] > scores[0]).sum())
    equal = int((scores[1:] == scores[0]).sum())
    return min(equal + 1, max(0, k - greater)) / (equal + 1)


def metrics(cases: Sequence[Case], scores: Sequence[npt.NDArray[np.float64]]) -> dict[str, Any]:
    """The three families of figures over some cases."""
    if not cases:
        return {"n_pairs": 0}
    pos = np.array([s[0] for s in scores])
    hard = [
        s[1 : 1 + min(AUC_NEGATIVES, hard_count(c))] for c, s in zip(cases, scores, strict=True)
    ]
    auc_neg = np.concatenate(hard) if hard else np.zeros(0)
    neg10 = np.concatenate([s[1 : 1 + HARD] for s in scores])
    return {
        "n_pairs": len(cases),
        "auc_negatives": len(auc_neg),
        "roc_auc": round(auc(pos, auc_neg), 4),
        "top1": round(float(np.mean([top_k(s, 1) for s in scores])), 4),
        "top5": round(float(np.mean([top_k(s, 5) for s in scores])), 4),
        "precision_at_recall_0.90": round(precision_at_recall(pos, neg10, 0.90), 4),
        "recall_at_precision_0.99": round(recall_at_precision(pos, neg10, 0.99), 4),
    }


SUBSETS: dict[str, Callable[[Case], bool]] = {
    "people": lambda c: c.kind == "people",
    "titles": lambda c: c.kind == "titles",
    "titles_transliterated": lambda c: c.transliteration,
}


def report(
    cases: Sequence[Case],
    model: Sequence[npt.NDArray[np.float64]],
    baseline: Sequence[npt.NDArray[np.float64]],
) -> dict[str, Any]:
    """Model and baseline figures for every subset."""
    out: dict[str, Any] = {}
    for name, keep in SUBSETS.items():
        index = [i for i, c in enumerate(cases) if keep(c)]
        chosen = [cases[i] for i in index]
        out[name] = {
            "model": metrics(chosen, [model[i] for i in index]),
            "baseline": metrics(chosen, [baseline[i] for i in index]),
        }
    return out


def table(results: dict[str, Any]) -> str:
    """A plain-text table: every figure with its baseline in brackets."""
    nan = float("nan")
    keys = ["roc_auc", "top1", "top5", "precision_at_recall_0.90", "recall_at_precision_0.99"]
    lines = [f"{'subset':<22}{'pairs':>6}  " + "  ".join(f"{k:>24}" for k in keys)]
    for name, figures in results.items():
        model, base = figures["model"], figures["baseline"]
        cells = [f"{model.get(k, nan):.3f} ({base.get(k, nan):.3f})" for k in keys]
        lines.append(f"{name:<22}{model['n_pairs']:>6}  " + "  ".join(f"{c:>24}" for c in cells))
    return "\n".join(lines)
