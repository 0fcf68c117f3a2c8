"""Classify database exceptions for callers that must not import SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError


def is_storage_unavailable(error: BaseException) -> bool:
    """True for "locked", "unreachable" and pool time-outs: the action is safe to retry."""
    if isinstance(error, OperationalError | PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, ConnectionError | OSError) and not isinstance(error, FileNotFoundError)
