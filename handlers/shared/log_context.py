"""Per-update logging context (update id, chat id, flow) carried in context variables.

PTB handles one update inside one asyncio task, so values set when the update starts are seen
by every handler, the error handler and the log records they emit, and never leak to another
chat's task.
"""

from __future__ import annotations

from contextvars import ContextVar

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)
chat_id_var: ContextVar[int | None] = ContextVar("chat_id", default=None)
flow_var: ContextVar[str] = ContextVar("flow", default="-")


def set_flow(flow: str) -> None:
    """Name the conversation flow now handling the update (shows up in every log line)."""
    flow_var.set(flow)


def bind_update(update_id: int | None, chat_id: int | None) -> None:
    """Start the context of a new update."""
    update_id_var.set(update_id)
    chat_id_var.set(chat_id)
    flow_var.set("-")
