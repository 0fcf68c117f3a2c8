"""Logging that carries update context and can never print a secret.

Bot API URLs contain the token, and HTTP clients put URLs into log lines and exception texts
(httpx logs every request; aiohttp names the URL in some errors), so the formatter redacts
every configured secret from the final text (message, arguments and tracebacks alike), and the
HTTP clients' chatty loggers are lowered to WARNING so those lines are not produced at all.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable

from handlers.shared.log_context import chat_id_var, flow_var, update_id_var

REDACTED = "<redacted>"
_TOKEN_SHAPE = re.compile(r"\b\d{5,12}:[A-Za-z0-9_-]{30,}\b")
_NOISY_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiohttp.access", "alembic")


class ContextFilter(logging.Filter):
    """Adds ``update_id``, ``chat_id`` and ``flow`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id_var.get()
        record.chat_id = chat_id_var.get()
        record.flow = flow_var.get()
        return True


class RedactingFormatter(logging.Formatter):
    """Formats, then removes secrets and anything shaped like a bot token."""

    def __init__(self, fmt: str, secrets: Iterable[str], *, as_json: bool = False) -> None:
        super().__init__(fmt)
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        if self._as_json:
            payload = {
                "time": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "update_id": getattr(record, "update_id", None),
                "chat_id": getattr(record, "chat_id", None),
                "flow": getattr(record, "flow", "-"),
                "message": record.getMessage(),
            }
            if record.exc_info:
                payload["exc"] = self.formatException(record.exc_info)
            text = json.dumps(payload, ensure_ascii=False)
        else:
            text = super().format(record)
        return self.redact(text)

    def redact(self, text: str) -> str:
        """Remove configured secrets and token-shaped strings."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_SHAPE.sub(REDACTED, text)


LOG_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [update=%(update_id)s chat=%(chat_id)s flow=%(flow)s] "
    "%(message)s"
)


def configure_logging(
    level: str, secrets: Iterable[str], *, as_json: bool = False, stream: object = None
) -> logging.Handler:
    """Install one redacting, context-aware handler on the root logger and return it."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.addFilter(ContextFilter())
    handler.setFormatter(RedactingFormatter(LOG_FORMAT, secrets, as_json=as_json))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
