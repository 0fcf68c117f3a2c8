"""Every Bot API call is rate limited and retried when the network or Telegram fails briefly.

PTB's ``AIORateLimiter`` retries only ``RetryAfter`` (429). A 5xx answer, a dropped connection
or a timed-out call otherwise reaches the handler as an exception and the user never gets the
answer. This limiter also retries those, with exponential backoff, so one bad call among many
does not lose a reply.

Semantics are at-least-once: a call that timed out *after* Telegram acted on it is sent again
(the user may see that message twice); a call that failed before Telegram acted on it (429,
5xx, refused or dropped connection) is sent exactly once in effect. A 4xx other than 429
(``BadRequest``, ``Forbidden``) is never retried: sending it again cannot succeed.

Send rates: by default PTB's in-memory limits of this process (the bot's rate, 20 a minute
per group). With a budget (:class:`~bot.send_budget.SharedSendBudget`: several processes on one
PostgreSQL) those are off and every attempt of a call to a chat waits for its slot in the
shared budget instead, retries included: each attempt is a request Telegram counts.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from bot.send_budget import SendBudget

_LOG = logging.getLogger(__name__)

_Result = bool | dict[str, Any] | list[dict[str, Any]]
_Call = Callable[..., Coroutine[Any, Any, _Result]]
# What Telegram answers when a retried call finds its first attempt already carried out.
_ALREADY_DONE = ("query is too old", "query id is invalid", "message is not modified")


def _already_done(error: BadRequest) -> bool:
    return any(marker in error.message.lower() for marker in _ALREADY_DONE)


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` (429 handling, send rates) plus retries of transient failures."""

    def __init__(
        self,
        *,
        overall_max_rate: float,
        max_retries: int,
        group_max_rate: float = 20,
        network_retries: int = 4,
        first_backoff_s: float = 0.2,
        max_backoff_s: float = 3.0,
        seed: int | None = None,
        budget: SendBudget | None = None,
    ) -> None:
        local = budget is None  # a shared budget replaces PTB's per-process limits
        super().__init__(
            overall_max_rate=overall_max_rate if local else 0,
            overall_time_period=1,
            group_max_rate=group_max_rate if local else 0,
            group_time_period=60,
            max_retries=max_retries,
        )
        self.budget = budget
        self._network_retries = network_retries
        self._first_backoff_s = first_backoff_s
        self._max_backoff_s = max_backoff_s
        self._jitter = random.Random(seed)
        self.network_retries_done = 0  # read by benchmarks and tests

    async def initialize(self) -> None:
        """Start the shared budget's heartbeat (``Bot.initialize`` calls this)."""
        if self.budget is not None:
            await self.budget.start()

    async def shutdown(self) -> None:
        """Stop the shared budget's heartbeat (``Bot.shutdown`` calls this)."""
        if self.budget is not None:
            await self.budget.close()

    async def process_request(
        self,
        callback: _Call,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        """Run the call through the 429-aware limiter; retry transient network failures."""
        chat_id = data.get("chat_id")
        if self.budget is not None and chat_id is not None:
            callback = _within_budget(self.budget, chat_id, callback)
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest as exc:
                if attempt > 0 and _already_done(exc):
                    # The timed-out attempt before this one did reach Telegram.
                    _LOG.info("%s had taken effect before its retry: %s", endpoint, exc.message)
                    return True
                raise
            except NetworkError as exc:  # 5xx, dropped connection, timeout (TimedOut)
                if attempt >= self._network_retries:
                    _LOG.warning(
                        "%s failed %d times (%s); giving up", endpoint, attempt + 1, exc.message
                    )
                    raise
                delay = min(self._first_backoff_s * 2**attempt, self._max_backoff_s)
                delay *= 0.5 + self._jitter.random()  # spread retries of many chats apart
                attempt += 1
                self.network_retries_done += 1
                _LOG.info(
                    "%s failed (%s); retry %d in %.2f s", endpoint, exc.message, attempt, delay
                )
                await asyncio.sleep(delay)


def _within_budget(budget: SendBudget, chat_id: Any, callback: _Call) -> _Call:
    """``callback`` that waits for its slot first: every attempt (PTB's 429 retries and this
    module's network retries call it again) is a request Telegram counts."""

    async def send(*args: Any, **kwargs: Any) -> _Result:
        await budget.acquire(chat_id if isinstance(chat_id, int | str) else str(chat_id))
        return await callback(*args, **kwargs)

    return send
