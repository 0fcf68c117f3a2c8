"""Fuzzy matching of typed names to known ones (rapidfuzz): exact → known, close → suggestions.

A name equal to a known one after normalisation (NFKC, case, spaces) is that person; anything
else is treated as a newcomer with no track record — the bot says so and offers the (up to
three) closest known names, so a typo never silently becomes somebody else. Companies
(``CompanyIndex``) are matched the same way after their legal forms are folded, and a typed
beginning ("에이비오") or a part of the name ("쇼박") offers the full names that have it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from inference.audience.features import normalise_distributor, normalise_key

SUGGESTIONS = 3
PERSON_CUTOFF = 60.0  # fuzz.ratio: "봉준후" → "봉준호" is 66.7
TITLE_CUTOFF = 75.0  # fuzz.WRatio: also finds a title typed without its subtitle
COMPANY_CUTOFF = 70.0  # fuzz.ratio on the folded key
MIN_PART = 2  # characters a typed part of a company name needs


@dataclass(frozen=True)
class NameMatch:
    """``known``: the canonical name, or None (treated as new); ``suggestions``: close names."""

    query: str
    known: str | None
    suggestions: tuple[str, ...]

    @property
    def is_new(self) -> bool:
        return self.known is None


class NameIndex:
    """Known names of one kind (directors, actors or titles); read-only."""

    def __init__(
        self,
        names: Iterable[str],
        key: Callable[[str], str | None] = normalise_key,
        scorer: Callable[..., Any] = fuzz.ratio,
        cutoff: float = PERSON_CUTOFF,
    ) -> None:
        self._key = key
        self._scorer = scorer
        self._cutoff = cutoff
        self._by_key: dict[str, str] = {}
        for name in names:
            k = key(name)
            if k:
                self._by_key.setdefault(k, name)
        self._keys = list(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def exact(self, query: str) -> str | None:
        """The canonical name equal to ``query`` after normalisation, else None."""
        k = self._key(query)
        return self._by_key.get(k) if k else None

    def close(self, query: str, limit: int = SUGGESTIONS) -> tuple[str, ...]:
        """Up to ``limit`` known names scoring at least the cutoff, best first."""
        k = self._key(query)
        if not k:
            return ()
        found = process.extract(
            k, self._keys, scorer=self._scorer, limit=limit, score_cutoff=self._cutoff
        )
        return tuple(self._by_key[hit[0]] for hit in found)

    def match(self, query: str) -> NameMatch:
        known = self.exact(query)
        suggestions = () if known else self.close(query)
        return NameMatch(query, known, suggestions)


class CompanyIndex(NameIndex):
    """Distributors by folded key (``features.normalise_distributor``): exact, else the names
    that begin with or contain what was typed (shortest first), then close spellings."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(names, key=normalise_distributor, cutoff=COMPANY_CUTOFF)

    def close(self, query: str, limit: int = SUGGESTIONS) -> tuple[str, ...]:
        k = self._key(query)
        if not k:
            return ()
        found: list[str] = []
        if len(k) >= MIN_PART:
            starts = sorted((key for key in self._keys if key.startswith(k)), key=len)
            inside = sorted((key for key in self._keys if k in key and key not in starts), key=len)
            found = (starts + inside)[:limit]
        for name in super().close(query, limit):
            key = self._key(name)
            if key and key not in found and len(found) < limit:
                found.append(key)
        return tuple(self._by_key[key] for key in found)
