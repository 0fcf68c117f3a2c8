"""One HTTP client for the film APIs whose key travels in the query string (TMDB v3, KOBIS).

aiohttp's errors quote the request URL, key included, so a key could reach a log line through
any exception text. Every request here therefore ends as a body or as a reason already free of
the key (plain and URL-encoded), and callers raise their own error from that reason *outside*
any ``except`` block, so no aiohttp exception rides along as ``__context__``. There are no
retries: a live answer is either on time or not wanted (where-to-watch falls back offline), and
the daily refresh simply runs again tomorrow.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import aiohttp

REDACTED = "***"


class KeyedApiClient:
    """One aiohttp session, one time-out per request, the key added to every query."""

    def __init__(self, api_key: str, *, base_url: str, timeout_s: float, key_param: str) -> None:
        self._api_key = api_key
        self._key_param = key_param
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    def _redact(self, text: str) -> str:
        """Remove the key, also in its URL-encoded form, from a message."""
        for secret in {self._api_key, quote(self._api_key, safe="")} - {""}:
            text = text.replace(secret, REDACTED)
        return text

    async def _get(self, path: str, params: dict[str, str]) -> tuple[bytes | None, str | None]:
        """The response body, or None and why not (already free of the key)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        url = f"{self._base_url}/{path}"
        try:
            query = {**params, self._key_param: self._api_key}
            async with self._session.get(url, params=query) as response:
                if response.status != 200:
                    return None, f"HTTP {response.status}"
                return await response.read(), None
        except TimeoutError:
            return None, "timed out"
        except aiohttp.ClientError as error:
            return None, self._redact(f"{type(error).__name__}: {error}")

    async def _get_json(self, path: str, params: dict[str, str]) -> tuple[Any, str | None]:
        """The parsed JSON body, or None and why not (already free of the key)."""
        body, failure = await self._get(path, params)
        if failure is not None or body is None:
            return None, failure or "empty answer"
        try:
            return json.loads(body), None
        except ValueError:  # UnicodeDecodeError included
            return None, "malformed JSON"

    async def close(self) -> None:
        """Close the HTTP session; the next request opens a new one."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        await asyncio.sleep(0)  # let aiohttp close its transports before the loop goes
