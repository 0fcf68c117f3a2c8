"""How well a Hangul string matches a Latin one: 인터스텔라 ↔ Interstellar, 봉준호 ↔ Bong Joon-ho.

KOBIS names about 11,000 foreign films and most foreign people only in Hangul, and the Hangul is
a transliteration of the English (or the original) name, or for Korean people a romanisation
written the other way. Neither direction is a fixed table: ㅓ is "u" in 버스 (bus) and "o" in
퍼스트 (first), "ch" is ㅊ or ㅋ. So the match is a learned stochastic edit transducer (Ristad &
Yianilos 1998) trained by EM on thousands of known pairs (``models/transliteration/train.py``):

* both sides are turned into symbols here, by the one preprocessing training also calls:
  Hangul into jamo that keep their role (initial / vowel / final; a silent initial ㅇ dropped),
  Latin into lowercase letters (accents folded); spaces, punctuation and digits are dropped —
  numbers are the caller's to compare, and Korean spacing of loanwords rarely follows English;
* the transducer rewrites one Hangul symbol as nothing, one or two Latin letters, or inserts a
  Latin letter; the likelihood of the best-explained pair, summed over all alignments, is
  compared with a null model that draws both strings independently (a log-likelihood ratio);
* a logistic calibration on a few features (the ratio, its per-symbol value, both lengths and
  the plain Revised-Romanization similarity) turns that into a probability of "same name".

East-Asian names swap family and given name between the scripts (이노우에 다케히코 ↔ Takehiko
Inoue), and English titles carry articles that Korean drops (파벨만스 ↔ The Fabelmans), so a
Latin string is scored in up to three readings — as written, last word first, leading article
dropped — and the best one counts. Everything here is numpy; the arrays come from the
committed artifact, whose sha256 is checked before loading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from inference.catalogue.titles import fold, romanise
from inference.catalogue.transducer import (
    LATIN,
    NEG,
    Tables,
    log_joint,
    pad_latin,
    tables_from_arrays,
)
from inference.checksums import verified_metadata

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "transliteration" / "artifact"
ARRAYS = "model.npz"

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
# The Hangul-side alphabet: initials without the silent ㅇ, vowels, finals, and Latin letters
# that Korean titles keep as they are ("X-맨", "F1 더 무비").
HANGUL_ALPHABET: tuple[str, ...] = (
    *(f"<{c}" for c in INITIALS if c != "ㅇ"),
    *(f"{c}" for c in MEDIALS),
    *(f"{c}>" for c in FINALS),
    *(f"#{c}" for c in LATIN),
)
_INDEX = {symbol: i for i, symbol in enumerate(HANGUL_ALPHABET)}
H = len(HANGUL_ALPHABET)  # real symbols; index H is padding in batched tables
_INITIAL_ID = [_INDEX.get(f"<{c}", -1) for c in INITIALS]
_MEDIAL_ID = [_INDEX[c] for c in MEDIALS]
_FINAL_ID = [_INDEX[f"{c}>"] for c in FINALS]
_COMPAT = {c: _INDEX[f"<{c}"] for c in INITIALS if c != "ㅇ"} | {c: _INDEX[c] for c in MEDIALS}
_ARTICLES = frozenset({"the", "a", "an"})
_JOINERS = re.compile(r"(?<=\w)[-'’.](?=\w)")
_NOT_LETTERS = re.compile("[^a-z]+")


class TransliterationArtifactError(RuntimeError):
    """The artifact is missing, unreadable, tampered with or made for another alphabet."""


# ---------------------------------------------------------------- preprocessing (shared) ----


def hangul_symbols(text: str) -> tuple[int, ...]:
    """Symbol ids of a Hangul string: each syllable as initial, vowel, final (silent ㅇ dropped).

    Roles are kept apart because they sound apart: initial ㄹ is mostly "r", final ㄹ "l"; final
    ㅇ is "ng" while initial ㅇ is nothing. Latin letters inside the Hangul keep their letter;
    digits, spaces, punctuation and other scripts are dropped.
    """
    out: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            offset = code - _SYLLABLE_FIRST
            initial, rest = divmod(offset, 21 * 28)
            medial, final = divmod(rest, 28)
            if _INITIAL_ID[initial] >= 0:
                out.append(_INITIAL_ID[initial])
            out.append(_MEDIAL_ID[medial])
            if final:
                out.append(_FINAL_ID[final - 1])
        elif char in _COMPAT:
            out.append(_COMPAT[char])
        elif char.isascii():
            if char.isalpha():
                out.append(_INDEX[f"#{char.lower()}"])
        elif char.isalpha():
            out.extend(_INDEX[f"#{c}"] for c in latin_letters(char))
    return tuple(out)


def latin_words(text: str) -> list[str]:
    """The words of a Latin string as lowercase letters: punctuation inside a word joins it
    ("Joon-ho" → "joonho", "O'Connor" → "oconnor", so a hyphenated given name stays one word
    when the name's order is turned round), accents are folded (``titles.fold``), other
    punctuation separates words, and everything but a–z is dropped."""
    words = fold(_JOINERS.sub("", text)).split()
    return [w for w in (_NOT_LETTERS.sub("", w) for w in words) if w]


def latin_letters(text: str) -> str:
    """A Latin string as one run of lowercase letters ("Bong Joon-ho" → "bongjoonho")."""
    return "".join(latin_words(text))


def latin_variants(text: str) -> list[str]:
    """The readings of a Latin string that are scored, best one counting: as written; with the
    last word first when it has two or three words (Takehiko Inoue → Inoue Takehiko, as Korean
    writes East-Asian names); without a leading English article (Korean often drops it)."""
    return list(_variants(text))


@lru_cache(maxsize=1 << 16)
def _variants(text: str) -> tuple[str, ...]:
    """Cached: the build scores the same MovieLens candidates against thousands of queries."""
    words = latin_words(text)
    variants = ["".join(words)]
    if 2 <= len(words) <= 3:
        variants.append("".join([words[-1], *words[:-1]]))
    if len(words) >= 2 and words[0] in _ARTICLES:
        variants.append("".join(words[1:]))
    return tuple(dict.fromkeys(variants))


def hangul_words(text: str) -> list[str]:
    """The words of a Hangul string, split on spaces and title punctuation (for
    :meth:`Transliterator.word_probability`)."""
    for mark in ":,-·!?~()[]":
        text = text.replace(mark, " ")
    return [w for w in text.split() if hangul_symbols(w)]


# -------------------------------------------------------------- skeletons for prefiltering ----

_LATIN_CLASS = {
    **dict.fromkeys("bpfv", "P"), **dict.fromkeys("dt", "T"), **dict.fromkeys("kgq", "K"),
    "s": "S", **dict.fromkeys("jz", "J"), "l": "L", "m": "M", "n": "N",
}  # fmt: skip
_DIGRAPHS = {"ph": "P", "th": "T", "sh": "S", "ck": "K", "qu": "K", "gh": ""}
_VOWELS = frozenset("aeiouy")
_INITIAL_CLASS = dict(zip(INITIALS, "KKNTTLMPPSS" + "_JJJKTP_", strict=True))
_FINAL_CLASS = dict(
    zip(
        FINALS,
        ["K", "K", "KS", "N", "NJ", "N", "T", "L", "LK", "LM", "LP", "LS", "LT", "LP", "L", "M",
         "P", "PS", "T", "T", "NK", "T", "T", "K", "T", "P", ""],
        strict=True,
    )
)  # fmt: skip


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in "".join(classes):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _latin_word_skeleton(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        pair, c = word[i : i + 2], word[i]
        following = word[i + 1] if i + 1 < len(word) else ""
        if pair == "ch":
            out.append("K" if word[i + 2 : i + 3] in ("r", "l") else "J")
            i += 2
            continue
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        if c == "c":
            out.append("S" if following in ("e", "i", "y") else "K")
        elif c == "x":
            out.append("KS")
        elif c == "r":
            out.append("L" if following in _VOWELS else "")
        else:
            out.append(_LATIN_CLASS.get(c, ""))
        i += 1
    return out


def latin_skeleton(text: str) -> str:
    """Consonant classes of a Latin string (P T K S J L M N), vowels and h/w/y dropped, an r
    before a consonant or at a word's end dropped (Korean follows non-rhotic English), repeats
    collapsed: "Interstellar" → "NTSTL". A cheap key for prefiltering candidates with rapidfuzz
    before the model scores them; a hand table, not the model."""
    return _collapse([c for w in latin_words(text) for c in _latin_word_skeleton(w)])


def hangul_skeleton(text: str) -> str:
    """The same consonant classes for Hangul: 인터스텔라 → "NTSTL", final ㅇ → "NK" (as in
    "-ng"). Latin letters inside the Hangul go through :func:`latin_skeleton`'s table."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            initial, rest = divmod(code - _SYLLABLE_FIRST, 21 * 28)
            final = rest % 28
            out.append(_INITIAL_CLASS[INITIALS[initial]].strip("_"))
            if final:
                out.append(_FINAL_CLASS[FINALS[final - 1]])
        elif char in INITIALS:
            out.append(_INITIAL_CLASS[char].strip("_"))
        else:
            out.extend(_latin_word_skeleton(latin_letters(char)))
    return _collapse(out)


# ------------------------------------------------------------------ features and results ----

FEATURES = ("llr_per_symbol", "llr", "log_hangul_length", "log_latin_length", "romanised_ratio")


def romanised_ratios(hangul: str, latins: Sequence[str]) -> npt.NDArray[np.float64]:
    """The baseline similarity (0..1) against each Latin string: rapidfuzz ratio of the Revised
    Romanization of the Hangul and the Latin string, both lowercased. Reported beside every
    metric, and one input of the calibration, because it is strong for Korean names romanised
    by the book. The Hangul is romanised once (it costs ~40 µs)."""
    roman = romanise(hangul).lower()
    return np.array([fuzz.ratio(roman, latin.lower()) / 100.0 for latin in latins])


def pair_features(
    llr: npt.NDArray[np.float64],
    hangul_length: int,
    latin_lengths: npt.NDArray[np.int64],
    ratios: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The calibration's inputs, in the order of :data:`FEATURES` (training builds the same)."""
    total = hangul_length + latin_lengths
    return np.column_stack(
        [
            llr / np.maximum(total, 1),
            llr,
            np.full(len(llr), np.log1p(hangul_length)),
            np.log1p(latin_lengths),
            ratios,
        ]
    )


@dataclass(frozen=True, slots=True)
class PairScore:
    """The raw score of one pair: the best reading's log-likelihood ratio (nats), its letter
    count and the reading itself (letters only, maybe reordered or without an article)."""

    llr: float
    latin_length: int
    reading: str


def score_readings(
    tables: Tables, x: Sequence[int], latins: Sequence[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], list[str]]:
    """The best reading of each Latin string: its log-likelihood ratio, its length and the
    reading itself (NEG, 0 and "" for a string with no letters)."""
    readings: list[str] = []
    owner: list[int] = []
    for k, latin in enumerate(latins):
        for variant in latin_variants(latin):
            if variant:
                readings.append(variant)
                owner.append(k)
    best = np.full(len(latins), NEG)
    lengths = np.zeros(len(latins), dtype=np.int64)
    chosen = [""] * len(latins)
    if not x or not readings:
        return best, lengths, chosen
    ys, lens = pad_latin(readings)
    llr = log_joint(tables, x, ys, lens) - tables.null_hangul(x) - tables.null_latin(ys, lens)
    for i in np.argsort(-llr, kind="stable"):
        k = owner[i]
        if not chosen[k]:
            best[k], lengths[k], chosen[k] = llr[i], lens[i], readings[i]
    return best, lengths, chosen


class Transliterator:
    """Loaded once; every method only reads, so it is thread-safe."""

    def __init__(
        self,
        tables: Tables,
        coef: npt.NDArray[np.float64],
        intercept: float,
        mean: npt.NDArray[np.float64],
        scale: npt.NDArray[np.float64],
        *,
        version: str,
    ) -> None:
        self.tables = tables
        self._coef = coef
        self._intercept = intercept
        self._mean = mean
        self._scale = scale
        self.version = version

    @classmethod
    def load(cls, artifact_dir: Path | None = None) -> Transliterator:
        """Read ``model.npz`` after checking its sha256 against ``metadata.json``; refuse an
        artifact built for another symbol alphabet (the preprocessing would not match)."""
        directory = artifact_dir or DEFAULT_DIR
        metadata = verified_metadata(directory, [ARRAYS], TransliterationArtifactError)
        with np.load(directory / ARRAYS, allow_pickle=False) as arrays:
            if tuple(str(s) for s in arrays["hangul_alphabet"]) != HANGUL_ALPHABET:
                raise TransliterationArtifactError("artifact made for another Hangul alphabet")
            if str(arrays["latin_alphabet"].reshape(-1)[0]) != LATIN:
                raise TransliterationArtifactError("artifact made for another Latin alphabet")
            tables = tables_from_arrays({name: arrays[name] for name in arrays.files})
            return cls(
                tables,
                arrays["calibration_coef"].astype(np.float64),
                float(arrays["calibration_intercept"].reshape(-1)[0]),
                arrays["calibration_mean"].astype(np.float64),
                arrays["calibration_scale"].astype(np.float64),
                version=str(metadata["version"]),
            )

    def scores(self, hangul: str, latins: Sequence[str]) -> list[PairScore]:
        """The uncalibrated score of each candidate (for evaluation and debugging)."""
        llr, lengths, chosen = score_readings(self.tables, hangul_symbols(hangul), latins)
        return [
            PairScore(float(s), int(n), r) for s, n, r in zip(llr, lengths, chosen, strict=True)
        ]

    def probabilities(self, hangul: str, latins: Sequence[str]) -> npt.NDArray[np.float64]:
        """P(same name) of ``hangul`` against each Latin candidate, in one batched pass.

        Calibrated on held-out true pairs against candidates of similar length at 1 : 10, each
        pair on its own: a near-miss can be likely too (엘리멘탈 ↔ Elementary ≈ 0.86 beside
        Elemental ≈ 0.98), so a linker should take the best candidate and look at its margin.
        A side with no usable symbol (only digits, or another script) gives 0: there is
        nothing to compare, and the caller compares numbers itself.
        """
        x = hangul_symbols(hangul)
        result = np.zeros(len(latins))
        if not x or not latins:
            return result
        llr, lengths, _ = score_readings(self.tables, x, latins)
        ratios = romanised_ratios(hangul, latins)
        features = pair_features(llr, len(x), lengths, ratios)
        logits = ((features - self._mean) / self._scale) @ self._coef + self._intercept
        probabilities = 0.5 * (1.0 + np.tanh(0.5 * logits))  # the logistic, without overflow
        probabilities[lengths == 0] = 0.0
        return probabilities

    def probability(self, hangul: str, latin: str) -> float:
        """P(same name) of one pair, 0..1 (see :meth:`probabilities`)."""
        return float(self.probabilities(hangul, [latin])[0])

    def word_probability(self, hangul: str, latin: str) -> float:
        """How much of the Hangul side is transliterated from some words of the Latin side, 0..1.

        For partly translated titles (터미네이터: 미래전쟁의 시작 ↔ Terminator Salvation): runs of
        one to three Hangul words are matched to runs of Latin words, in order and without
        overlap, and the best such alignment scores the share of Hangul symbols it explains,
        each matched run weighted by its pair probability (unmatched words count 0).
        """
        hw = hangul_words(hangul)
        lw = latin_words(latin)
        if not hw or not lw:
            return 0.0
        sizes = [len(hangul_symbols(w)) for w in hw]
        spans = [(a, b) for a in range(len(lw)) for b in range(a + 1, min(len(lw), a + 4) + 1)]
        texts = [" ".join(lw[a:b]) for a, b in spans]
        gain: dict[tuple[int, int, int, int], float] = {}
        for i in range(len(hw)):
            for j in range(i + 1, min(len(hw), i + 3) + 1):
                probs = self.probabilities(" ".join(hw[i:j]), texts)
                for (a, b), p in zip(spans, probs, strict=True):
                    gain[(i, j, a, b)] = float(p) * sum(sizes[i:j])
        # best[i][a]: best explained mass of hangul words i.. with latin words a.. still free
        n, m = len(hw), len(lw)
        best = np.zeros((n + 1, m + 1))
        for i in range(n - 1, -1, -1):
            for a in range(m, -1, -1):
                value = max(best[i + 1, a], best[i, a + 1] if a < m else 0.0)
                for j in range(i + 1, min(n, i + 3) + 1):
                    for b in range(a + 1, min(m, a + 4) + 1):
                        value = max(value, gain[(i, j, a, b)] + best[j, b])
                best[i, a] = value
        return float(best[0, 0] / sum(sizes))
