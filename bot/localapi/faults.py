"""Fault injection for the local Bot API server: what Telegram does on a bad day.

Rules match a method name (or ``*``) and fire with a probability drawn from a seeded RNG, so a
failing test run can be replayed exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    """What goes wrong."""

    RATE_LIMIT = "429"  # 429 Too Many Requests with parameters.retry_after
    SERVER_ERROR = "500"  # 500 Internal Server Error
    SLOW = "slow"  # the answer comes after ``delay_s`` (the call is read and carried out then)
    DROP = "drop"  # the connection is closed without an answer
    # Carried out at once, answered after ``delay_s``: past the client's time-out, the bot never
    # learns that Telegram acted, so a retry sends the message twice. (A SLOW call past the
    # time-out is never carried out: the client has gone before its body is read.)
    LATE = "late"


@dataclass(frozen=True, slots=True)
class FaultRule:
    """Fail calls of ``method`` ("*" = any except getUpdates) with probability ``rate``."""

    kind: FaultKind
    method: str = "*"
    rate: float = 1.0
    retry_after: int = 1
    delay_s: float = 0.5
    include_get_updates: bool = False

    def matches(self, method: str) -> bool:
        """True if this rule applies to ``method``."""
        if method.lower() == "getupdates" and not self.include_get_updates:
            return self.method.lower() == "getupdates"
        return self.method == "*" or self.method.lower() == method.lower()


class FaultInjector:
    """Holds the active rules and decides, per call, which fault (if any) fires."""

    def __init__(self, seed: int = 0) -> None:
        self._rules: list[FaultRule] = []
        self._rng = random.Random(seed)
        self.fired: dict[FaultKind, int] = {kind: 0 for kind in FaultKind}

    def add(self, rule: FaultRule) -> None:
        """Activate a rule."""
        self._rules.append(rule)

    def clear(self) -> None:
        """Remove every rule (counters are kept)."""
        self._rules.clear()

    def pick(self, method: str) -> FaultRule | None:
        """The rule that fires for this call, or None."""
        for rule in self._rules:
            if rule.matches(method) and self._rng.random() < rule.rate:
                self.fired[rule.kind] += 1
                return rule
        return None
