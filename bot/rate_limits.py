"""Every rate limit of one process, built from the settings: the Bot API limiter with its send
budget, and the per-user throttles, shared through PostgreSQL when ``SHARED_RATE_LIMITS`` is on.

One place decides shared or local, so the limiter, the three throttles and the windows they
share are built (and closed) together.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.retrying_limiter import RetryingRateLimiter
from bot.send_budget import Rate, SharedSendBudget
from bot.settings import Settings
from handlers.shared.throttle import Throttle
from storage.database import Database
from storage.rate_windows import RateWindows


@dataclass(slots=True)
class RateLimits:
    """The limiter for ``ApplicationBuilder.rate_limiter`` and a factory of throttles."""

    limiter: RetryingRateLimiter
    windows: RateWindows | None  # None: every limit in this process's memory

    def throttle(self, per_minute: int, flow: str) -> Throttle:
        """A per-user limit on ``flow``, shared like the send budget."""
        return Throttle(per_minute, flow=flow, store=self.windows)

    async def close(self) -> None:
        """Close the shared windows' connections (after the Application has shut down)."""
        if self.windows is not None:
            await self.windows.dispose()


def build_rate_limits(settings: Settings, database: Database) -> RateLimits:
    """Shared windows on PostgreSQL unless ``SHARED_RATE_LIMITS=false``; a shared send budget
    when there is a send rate at all (``RATE_LIMIT_PER_SECOND`` > 0)."""
    windows = RateWindows(database.url) if settings.shares_rate_limits(database.is_sqlite) else None
    budget = None
    if windows is not None and settings.rate_limit_per_second > 0:
        per_group = settings.rate_limit_per_group_per_minute
        budget = SharedSendBudget(
            windows,
            windows,
            overall=Rate.per_second(settings.rate_limit_per_second),
            per_group=Rate(per_group, 60.0) if per_group > 0 else None,
        )
    limiter = RetryingRateLimiter(
        overall_max_rate=settings.rate_limit_per_second,
        max_retries=settings.rate_limit_max_retries,
        group_max_rate=settings.rate_limit_per_group_per_minute,
        network_retries=settings.network_max_retries,
        budget=budget,
    )
    return RateLimits(limiter, windows)
