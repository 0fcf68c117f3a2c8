"""Local Telegram Bot API server: tests, console chat and load benchmarks talk to it."""

from bot.localapi.faults import FaultInjector, FaultKind, FaultRule
from bot.localapi.server import (
    DEFAULT_TOKEN,
    BotEvent,
    CallRecord,
    LocalBotApiServer,
    SimulatedUser,
)

__all__ = [
    "DEFAULT_TOKEN",
    "BotEvent",
    "CallRecord",
    "FaultInjector",
    "FaultKind",
    "FaultRule",
    "LocalBotApiServer",
    "SimulatedUser",
]
