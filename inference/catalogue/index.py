"""Fuzzy scoring of one normalised query against every normalised title, in a few milliseconds.

rapidfuzz's WRatio does what a title search needs but costs ~25 ms over 10k titles, because its
token and partial scorers re-tokenise every title on every call; it also rates "Go" 90 for
"godfahter" (a short title inside a long query). This index keeps the useful parts and does the
per-title work once, at load:

* ``ratio`` on the whole string — typos ("godfahter" → "godfather");
* ``ratio`` on pre-sorted words, ×0.95 — word order ("samurai seven");
* ``ratio`` against the title's first ``len(query)`` characters, ×0.9 — the user typed the start
  of a longer title ("harry poter" → "Harry Potter and the …"), typos included;
* word coverage, ×0.9 — the share of the query's words (fuzzily, via an inverted index over the
  title vocabulary) found in the title: fragments ("empire strikes back").

Each title gets the best of the four, 0–100, less ``MISSING_NUMBER_PENALTY`` for every number in
the query that the title lacks: "toy story 3" and "back to the future 2" name a sequel, and a
one-character difference would otherwise leave the first film on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

SORTED_WEIGHT = 0.95
PARTIAL_WEIGHT = 0.9  # a prefix or a fragment is a weaker match than the whole title
WORD_CUTOFF = 75.0  # a query word matches a title word this similar (one typo in five letters)
MAX_QUERY_WORDS = 8
MISSING_NUMBER_PENALTY = 10.0
HITS_CACHE_SIZE = 4096  # words; a few MB at most

Scores = npt.NDArray[np.float64]


class TitleIndex:
    """Normalised titles (several per film allowed) and their per-title precomputations."""

    def __init__(self, titles: Sequence[str], owners: Sequence[int]) -> None:
        """``titles[i]`` belongs to film ``owners[i]``; owners must be non-decreasing."""
        if any(b < a for a, b in pairwise(owners)):
            raise ValueError("titles must be grouped by owner")
        self._titles = list(titles)
        self._sorted = [" ".join(sorted(t.split())) for t in self._titles]
        self._lengths = np.asarray([len(t) for t in self._titles], dtype=np.int64)
        owner_array = np.asarray(owners, dtype=np.int64)
        self._group_starts = np.flatnonzero(np.r_[True, owner_array[1:] != owner_array[:-1]])
        self.owners = owner_array[self._group_starts]
        postings: dict[str, list[int]] = {}
        for index, title in enumerate(self._titles):
            for word in set(title.split()):
                postings.setdefault(word, []).append(index)
        self._vocabulary = list(postings)
        self._postings = [np.asarray(postings[w], dtype=np.int64) for w in self._vocabulary]
        self._word_ids = {w: i for i, w in enumerate(self._vocabulary)}
        self._hits_cache: dict[str, tuple[npt.NDArray[np.int64], Scores]] = {}

    def has_word(self, word: str) -> bool:
        """Whether any title contains ``word`` as a whole word."""
        return word in self._word_ids

    def _ratio(self, query: str, choices: list[str]) -> Scores:
        matrix = process.cdist([query], choices, scorer=fuzz.ratio, processor=None)
        row: Scores = np.asarray(matrix[0], dtype=np.float64)
        return row

    def _word_hits(self, word: str) -> tuple[npt.NDArray[np.int64], Scores]:
        """Titles containing ``word`` or a near spelling of it, with the similarity; cached,
        since "the", "of" and "love" come back in query after query."""
        cached = self._hits_cache.get(word)
        if cached is not None:
            return cached
        if len(word) <= 2:  # too short to fuzz: "up", "of"
            word_id = self._word_ids.get(word)
            ids = np.asarray([] if word_id is None else [word_id], dtype=np.int64)
            similarity = np.full(len(self._vocabulary), 100.0)
        else:
            similarity = self._ratio(word, self._vocabulary)
            ids = np.flatnonzero(similarity >= WORD_CUTOFF)
        titles = [self._postings[i] for i in ids]
        hits = (
            np.concatenate(titles) if titles else np.zeros(0, dtype=np.int64),
            np.repeat(similarity[ids], [len(t) for t in titles]).astype(np.float64),
        )
        if len(self._hits_cache) >= HITS_CACHE_SIZE:
            self._hits_cache.clear()
        self._hits_cache[word] = hits
        return hits

    def _coverage(self, words: list[str]) -> Scores:
        """Per title, the length-weighted share of query words it contains (fuzzily), 0–100."""
        total = np.zeros(len(self._titles), dtype=np.float64)
        weight = 0
        for word in words:
            found = np.zeros(len(self._titles), dtype=np.float64)
            titles, similarity = self._word_hits(word)
            np.maximum.at(found, titles, similarity)
            total += found * len(word)
            weight += len(word)
        return total / weight if weight else total

    def scores(self, query: str) -> Scores:
        """Best score per film (in owner order, see ``owners``) for a normalised query."""
        width = len(query)
        whole = self._ratio(query, self._titles)
        ordered = self._ratio(" ".join(sorted(query.split())), self._sorted) * SORTED_WEIGHT
        best = np.maximum(whole, ordered)
        words = list(dict.fromkeys(query.split()))[:MAX_QUERY_WORDS]
        if width >= 3:
            prefix = self._ratio(query, [t[:width] for t in self._titles]) * PARTIAL_WEIGHT
            longer = self._lengths > width
            best = np.where(longer, np.maximum(best, prefix), best)
            best = np.maximum(best, self._coverage(words) * PARTIAL_WEIGHT)
        for word in words:
            if word.isdigit() and len(words) > 1:
                has = np.zeros(len(self._titles), dtype=bool)
                word_id = self._word_ids.get(word)
                if word_id is not None:
                    has[self._postings[word_id]] = True
                best = np.where(has, best, best - MISSING_NUMBER_PENALTY)
        reduced: Scores = np.maximum.reduceat(best, self._group_starts)
        return reduced
