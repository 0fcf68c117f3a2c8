"""Webhook delivery for the local Bot API server: POST each update to one of several URLs.

It plays Telegram plus a load balancer in front of several bot processes: updates go to the
URLs in turn, so consecutive updates of one user reach different processes, and several may be
in flight at once. Like Telegram, an update that does not get a 2xx is sent again (to the next
URL) after a short wait, up to ``attempts`` times.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp

_LOG = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """Round-robin POSTs with Telegram's secret header and retries."""

    def __init__(
        self, urls: Sequence[str], secret: str, *, attempts: int = 20, retry_wait_s: float = 0.25
    ) -> None:
        if not urls:
            raise ValueError("webhook delivery needs at least one URL")
        self._next_url = itertools.cycle(list(urls))
        self._secret = secret
        self._attempts = attempts
        self._retry_wait_s = retry_wait_s
        self._session: aiohttp.ClientSession | None = None
        self.delivered = 0
        self.failed_posts = 0  # answers other than 2xx, refused or dropped connections

    async def deliver(self, update: dict[str, Any]) -> None:
        """POST ``update`` until a URL answers 2xx (or the attempts run out)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        for _ in range(self._attempts):
            url = next(self._next_url)
            try:
                async with self._session.post(
                    url, json=update, headers={SECRET_HEADER: self._secret}
                ) as response:
                    if 200 <= response.status < 300:
                        self.delivered += 1
                        return
            except (TimeoutError, aiohttp.ClientError, OSError):
                pass
            self.failed_posts += 1
            await asyncio.sleep(self._retry_wait_s)
        _LOG.warning("update %s was never accepted by a webhook", update.get("update_id"))

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
