"""Fuzzy title scoring in a few milliseconds over ~100k titles: n-gram candidates, then rapidfuzz.

Scoring every title with rapidfuzz costs ~50 ms over the 86k ml-latest titles, so the work is
split in two:

1. **Candidates.** Every title's character trigrams (padded with a space at each end, so the
   first and last letters count) go into an inverted index. A query's trigrams pick the titles
   sharing most of them — by Dice overlap (the whole title is like the query) and by
   containment (the query is inside a longer title: a prefix, a fragment) — about 300 of them,
   in well under a millisecond with ``numpy.bincount``. Trigrams found in more than
   ``COMMON_SHARE`` of the titles ("the") carry no information and are skipped unless the query
   has nothing else.
2. **Scores** for those candidates only, each the best of:

   * ``ratio`` on the whole string — typos ("godfahter" → "godfather");
   * ``ratio`` on pre-sorted words, ×0.95 — word order ("samurai seven");
   * ``ratio`` with the spaces dropped — spacing ("oldboy" → "old boy", "spiderman");
   * ``ratio`` against the title's first ``len(query)`` characters, ×0.9 — the user typed the
     start of a longer title ("harry poter" → "Harry Potter and the …"), typos included
     (×0.85 for a query under 8 letters: too many titles start that way to be sure);
   * word coverage, ×0.9 — the length-weighted share of the query's words found (fuzzily) in
     the title: fragments ("empire strikes back"). For keys without spaces (Korean titles are
     compared without their spacing) ``partial_ratio`` plays this part.

   less ``MISSING_NUMBER_PENALTY`` for every number in the query that the title lacks: "toy
   story 3" and "back to the future 2" name a sequel.

Keys are plain strings: the catalogue gives normalised English titles and Korean titles as
Hangul letters (``titles.korean_key``), so one Hangul typo is one letter, not one syllable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

SORTED_WEIGHT = 0.95
PARTIAL_WEIGHT = 0.9  # a prefix or a fragment is a weaker match than the whole title
# A query of fewer letters than this is the start of too many titles ("태 구" → 태국의 야생 …,
# "star" → Star Wars, Star Trek …): as a prefix it is worth a button, never a direct answer.
SHORT_PREFIX, SHORT_PREFIX_WEIGHT = 8, 0.85
WORD_CUTOFF = 75.0  # a query word matches a title word this similar (one typo in five letters)
MAX_QUERY_WORDS = 8
MISSING_NUMBER_PENALTY = 10.0
CANDIDATES = 150  # per criterion (Dice, containment); the union is scored
COMMON_SHARE = 0.05  # trigrams in more titles than this share are skipped
GRAM = 3
MIN_FRAGMENT = 8  # letters: a shorter query is not searched for inside longer titles
INDEX_PARTS = ("grams", "gram_counts", "postings", "offsets")
_DIGITS = re.compile(r"\d+")

Scores = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int64]


def trigrams(key: str) -> set[str]:
    """The padded character trigrams of a key (" ma", "mat", …, "ix ")."""
    padded = f" {key} "
    return {padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1)}


class TitleIndex:
    """Normalised titles (several per owner allowed) and their n-gram postings."""

    def __init__(
        self,
        titles: Sequence[str],
        owners: Sequence[int],
        *,
        spaceless: bool = False,
        arrays: dict[str, npt.NDArray[Any]] | None = None,
    ) -> None:
        """``titles[i]`` belongs to owner ``owners[i]``; owners must be non-decreasing.

        ``spaceless`` keys (Korean titles) are compared word by word with ``partial_ratio``.
        ``arrays`` are the postings ``to_arrays`` wrote for the same titles, so a large index
        loads without recomputing them.
        """
        if any(b < a for a, b in pairwise(owners)):
            raise ValueError("titles must be grouped by owner")
        self._titles = list(titles)
        self._spaceless = spaceless
        owner_array = np.asarray(owners, dtype=np.int64)
        changes = owner_array[1:] != owner_array[:-1]
        starts = np.flatnonzero(np.r_[True, changes])
        #: owner of each position of the arrays ``search`` and ``scores`` return
        self.owners = owner_array[starts] if len(owner_array) else owner_array
        # Position (0 … len(owners) - 1) of each title's owner.
        self._owner_position = np.cumsum(np.r_[False, changes]) if len(owner_array) else owner_array
        if arrays is None:
            arrays = self._postings_of(self._titles)
        grams = bytes(arrays["grams"]).decode("utf-8").split("\n") if arrays["grams"].size else []
        self._gram_ids = {g: i for i, g in enumerate(grams)}
        self._gram_counts = arrays["gram_counts"]
        self._postings = arrays["postings"]
        self._offsets = arrays["offsets"]
        if len(self._gram_counts) != len(self._titles):
            raise ValueError("index arrays do not belong to these titles")
        self._common = max(50, int(COMMON_SHARE * max(1, len(self._titles))))
        self._numbers: dict[str, frozenset[int]] = {}

    @staticmethod
    def _postings_of(titles: list[str]) -> dict[str, npt.NDArray[Any]]:
        gram_ids: dict[str, int] = {}
        # Sorted, so the gram ids (and the stored arrays) do not depend on string hashing.
        key_grams = [[gram_ids.setdefault(g, len(gram_ids)) for g in sorted(trigrams(t))]
                     for t in titles]  # fmt: skip
        sizes = np.asarray([len(g) for g in key_grams], dtype=np.int64)
        flat = np.fromiter((g for grams in key_grams for g in grams), dtype=np.int64,
                           count=int(sizes.sum()))  # fmt: skip
        keys = np.repeat(np.arange(len(key_grams), dtype=np.int64), sizes)
        order = np.argsort(flat, kind="stable")
        return {
            "grams": np.frombuffer("\n".join(gram_ids).encode("utf-8"), np.uint8),
            "gram_counts": sizes.astype(np.int32),
            "postings": keys[order].astype(np.int32),
            "offsets": np.searchsorted(flat[order], np.arange(len(gram_ids) + 1)).astype(np.int64),
        }

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The postings as arrays, for ``TitleIndex(titles, owners, arrays=...)``."""
        return {
            "grams": np.frombuffer("\n".join(self._gram_ids).encode("utf-8"), np.uint8),
            "gram_counts": self._gram_counts,
            "postings": self._postings,
            "offsets": self._offsets,
        }

    def __len__(self) -> int:
        return len(self._titles)

    @property
    def titles(self) -> list[str]:
        """The keys, in index order."""
        return self._titles

    def owner_of_titles(self) -> list[int]:
        """The owner of every key, in index order."""
        return [int(self.owners[p]) for p in self._owner_position]

    def has_word(self, word: str) -> bool:
        """Whether any title contains ``word`` as a whole word."""
        return bool(self._titles_with_word(word))

    def _titles_with_word(self, word: str) -> frozenset[int]:
        """Titles containing ``word`` (a number) as a word, through its padded trigrams."""
        found = self._numbers.get(word)
        if found is None:
            ids = self._gram_ids.get(f" {word[:2]}" if len(word) >= 2 else f" {word} ")
            pool = (
                self._postings[self._offsets[ids] : self._offsets[ids + 1]]
                if ids is not None
                else np.zeros(0, dtype=np.int32)
            )
            found = frozenset(int(i) for i in pool if word in self._titles[int(i)].split())
            if len(self._numbers) < 4096:
                self._numbers[word] = found
        return found

    def candidates(self, query: str) -> Ids:
        """Titles worth scoring for ``query``: those sharing most of its trigrams (a title equal
        to the query shares all of them, so exact matches are always among them)."""
        grams = [self._gram_ids[g] for g in trigrams(query) if g in self._gram_ids]
        if not grams:
            return np.zeros(0, dtype=np.int64)
        lists = [self._postings[self._offsets[g] : self._offsets[g + 1]] for g in grams]
        rare = [p for p in lists if len(p) <= self._common]
        chosen = rare or [min(lists, key=len)]
        counts = np.bincount(np.concatenate(chosen), minlength=len(self._titles))
        hit = np.flatnonzero(counts)
        shared = counts[hit].astype(np.float64)
        dice = 2.0 * shared / (len(chosen) + self._gram_counts[hit])
        return np.unique(np.r_[hit[_top(dice, CANDIDATES)], hit[_top(shared, CANDIDATES)]])

    def search(self, query: str, pieces: Sequence[str] = ()) -> tuple[Ids, Scores]:
        """(owner positions, best score 0–100) for the candidates of a normalised query.

        For a spaceless index, ``pieces`` are the query's words as keys ("스타워즈", "제국의",
        "역습"): the share of them found anywhere in a title is its fragment score.
        """
        ids = self.candidates(query)
        if ids.size == 0:
            return ids, np.zeros(0, dtype=np.float64)
        choices = [self._titles[i] for i in ids]
        best = _ratio(query, choices)
        words = list(dict.fromkeys(query.split()))[:MAX_QUERY_WORDS]
        ordered = " ".join(sorted(words))
        best = np.maximum(best, _ratio(ordered, [" ".join(sorted(c.split())) for c in choices])
                          * SORTED_WEIGHT)  # fmt: skip
        if not self._spaceless and (" " in query or any(" " in c for c in choices)):
            # Spacing is not part of a name: "old boy" is Oldboy, "spider man" is Spider-Man.
            compact = query.replace(" ", "")
            best = np.maximum(best, _ratio(compact, [c.replace(" ", "") for c in choices]))
        width = len(query)
        if width >= 3:
            lengths = np.asarray([len(c) for c in choices])
            weight = SHORT_PREFIX_WEIGHT if width < SHORT_PREFIX else PARTIAL_WEIGHT
            prefix = _ratio(query, [c[:width] for c in choices]) * weight
            best = np.where(lengths > width, np.maximum(best, prefix), best)
            if not self._spaceless:
                # One word found in a longer title ("priscilla" in The Adventures of Priscilla,
                # Queen of the Desert) is a guess worth a button, like a short prefix.
                cover = PARTIAL_WEIGHT if len(words) > 1 else SHORT_PREFIX_WEIGHT
                best = np.maximum(best, _coverage(words, choices) * cover)
            elif width >= MIN_FRAGMENT:
                parts = [p for p in pieces if p] or [query]
                partial = _fragments(parts, choices) * PARTIAL_WEIGHT
                best = np.where(lengths <= width, best, np.maximum(best, partial))
        for number in self._numbers_of(query):
            if self._spaceless:
                has = np.asarray([number in _DIGITS.findall(c) for c in choices])
            else:
                has = np.asarray([number in c.split() for c in choices])
            best = np.where(has, best, best - MISSING_NUMBER_PENALTY)
        positions = self._owner_position[ids]
        order = np.lexsort((-best, positions))
        positions, best = positions[order], best[order]
        first = np.r_[True, positions[1:] != positions[:-1]]
        return positions[first], best[first]

    def _numbers_of(self, key: str) -> list[str]:
        """The numbers in a key that name a sequel or a part: whole words of a spaced key
        ("toy story 3"), digit runs of a spaceless one (베테랑2 → "2"); none when the key is
        only a number ("2012", "1917" are titles)."""
        if self._spaceless:
            numbers = _DIGITS.findall(key)
            return numbers if numbers and not key.isdigit() else []
        words = key.split()
        return [w for w in words if w.isdigit()] if len(words) > 1 else []

    def scores(self, query: str) -> Scores:
        """Best score per owner (in ``owners`` order); 0 for owners that were not candidates."""
        dense = np.zeros(len(self.owners), dtype=np.float64)
        positions, best = self.search(query)
        dense[positions] = best
        return dense


def _top(values: npt.NDArray[np.float64], k: int) -> Ids:
    if values.size <= k:
        return np.arange(values.size)
    return np.argpartition(-values, k)[:k]


def _ratio(query: str, choices: list[str]) -> Scores:
    matrix = process.cdist([query], choices, scorer=fuzz.ratio, processor=None)
    return np.asarray(matrix[0], dtype=np.float64)


def _fragments(pieces: Sequence[str], choices: list[str]) -> Scores:
    """Per title, the length-weighted share of the pieces found in it (``partial_ratio``)."""
    similarity = np.asarray(
        process.cdist(list(pieces), choices, scorer=fuzz.partial_ratio, processor=None),
        dtype=np.float64,
    )
    similarity[similarity < WORD_CUTOFF] = 0.0
    weights = np.asarray([len(p) for p in pieces], dtype=np.float64)
    return np.asarray(weights @ similarity / weights.sum(), dtype=np.float64)


def _coverage(words: list[str], choices: list[str]) -> Scores:
    """Per title, the length-weighted share of the query's words it contains (fuzzily)."""
    title_words = [c.split() for c in choices]
    vocabulary = list(dict.fromkeys(w for ws in title_words for w in ws))
    if not vocabulary or not words:
        return np.zeros(len(choices), dtype=np.float64)
    similarity = np.asarray(
        process.cdist(words, vocabulary, scorer=fuzz.ratio, processor=None), dtype=np.float64
    )
    short = np.asarray([len(w) <= 2 for w in words])
    # Words of one or two letters ("up", "of") must match exactly.
    similarity[short] = np.where(similarity[short] == 100.0, 100.0, 0.0)
    similarity[similarity < WORD_CUTOFF] = 0.0
    position = {w: i for i, w in enumerate(vocabulary)}
    weights = np.asarray([len(w) for w in words], dtype=np.float64)
    total = np.zeros(len(choices), dtype=np.float64)
    for index, ws in enumerate(title_words):
        columns = [position[w] for w in ws]
        total[index] = float(weights @ similarity[:, columns].max(axis=1)) if columns else 0.0
    share: Scores = total / weights.sum()
    return share
