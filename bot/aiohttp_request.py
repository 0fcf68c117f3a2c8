"""Bot API calls over aiohttp instead of python-telegram-bot's default httpx transport.

Why: under load the bot spent about a third of its CPU inside httpx, httpcore and anyio
(profiled in ``bench/load.py``: per-request cancel scopes, ``sniffio`` look-ups, and a scan
of every pooled connection's socket before each request). aiohttp parses HTTP in C and keeps
its pool in a dict, so the same call costs a fraction of that; aiohttp is already a dependency
(the webhook and the local Bot API server). python-telegram-bot supports this officially:
:class:`telegram.request.BaseRequest` is the documented extension point.

Behaviour kept from ``HTTPXRequest``: the same default time-outs, ``TimedOut`` for a time-out
(pool, connect or read), ``NetworkError`` for any other transport failure (refused, dropped,
truncated), form-encoded parameters, multipart only when a file is uploaded, and the
``media_write_timeout`` for uploads. aiohttp has no per-write time-out, so a stalled upload is
bounded by a total budget of connect + write + read time.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.update_gate import ConfirmationGate

# Bot API paths carry the token (/bot<token>/method, /file/bot<token>/path): never in a message.
_TOKEN_IN_PATH = re.compile(r"/bot[^/\s]+")
# A lone UTF-16 surrogate (JSON can carry one, e.g. "\\ud800" in an update) cannot be encoded
# as UTF-8; echoed back in a reply it would fail the call, so it is sent as U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _redacted(text: str) -> str:
    return _TOKEN_IN_PATH.sub("/bot<token>", text)


def _seconds(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


class AiohttpRequest(BaseRequest):
    """A :class:`BaseRequest` on one ``aiohttp.ClientSession`` with a keep-alive pool.

    The session is created in :meth:`initialize` (it must belong to the running event loop) and
    closed in :meth:`shutdown`; python-telegram-bot calls both through ``Application``.
    """

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read time-out (PTB adds the long-poll time to it for getUpdates)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session and its connection pool (idempotent)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                # Telegram answers JSON whatever the status; PTB parses errors itself.
                raise_for_status=False,
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        """Close the pool (idempotent)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; return the status code and the body."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        uploads = request_data.multipart_data if request_data else None
        body = self._body(request_data, uploads)
        timeout = self._timeout(
            read=_seconds(read_timeout, self._read_timeout),
            write=_seconds(
                write_timeout, self._media_write_timeout if uploads else self._write_timeout
            ),
            connect=_seconds(connect_timeout, self._connect_timeout),
            pool=_seconds(pool_timeout, self._pool_timeout),
        )
        try:
            async with session.request(method, url, data=body, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp.ServerTimeoutError is one too
            raise TimedOut(f"Timed out ({type(exc).__name__})") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(_redacted(f"aiohttp.{type(exc).__name__}: {exc}")) from exc

    @staticmethod
    def _body(request_data: RequestData | None, uploads: dict[str, Any] | None) -> Any:
        """Form-encoded parameters, or multipart with the files when something is uploaded."""
        if request_data is None:
            return None
        parameters = {
            name: _LONE_SURROGATE.sub("\ufffd", value)
            for name, value in request_data.json_parameters.items()
        }
        if not uploads:
            return parameters or None
        form = aiohttp.FormData()
        for name, value in parameters.items():
            form.add_field(name, value)
        for name, part in uploads.items():
            if isinstance(part, tuple):
                filename, content, mime_type = part
                form.add_field(name, content, filename=filename, content_type=mime_type)
            else:  # a bare payload without a file name
                form.add_field(name, part)
        return form

    @staticmethod
    def _timeout(
        *, read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """Map PTB's four time-outs onto aiohttp's (see the module docstring)."""
        parts = (read, write, connect, pool)
        total = None if any(part is None for part in parts) else sum(p or 0.0 for p in parts)
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=acquire, sock_connect=connect, sock_read=read
        )


_UPDATE_ID = re.compile(rb'"update_id"\s*:\s*(\d+)')


class PollingRequest(AiohttpRequest):
    """The ``getUpdates`` transport: the next batch is asked for (which confirms the last one
    to Telegram) only once every update of the last one is stored (``bot/update_gate.py``)."""

    __slots__ = ("_gate",)

    def __init__(self, gate: ConfirmationGate, **options: Any) -> None:
        super().__init__(**options)
        self._gate = gate

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """``getUpdates``: wait for the gate, ask, and tell the gate which updates came."""
        polling = url.endswith("/getUpdates")
        if polling:
            await self._gate.wait()
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if polling and status == 200:
            # Only the ids: python-telegram-bot parses the updates themselves.
            self._gate.fetched(int(found) for found in _UPDATE_ID.findall(body))
        return status, body
