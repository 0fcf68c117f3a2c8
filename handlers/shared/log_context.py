"""Per-update logging context (update id, chat id, flow) carried in context variables.

PTB handles one update inside one asyncio task, so values set when the update starts are seen
by every handler, the error handler and the log records they emit, and never leak to another
chat's task. The same task also collects what the one summary line per update reports
(``bot/update_processor.py``): the intent the understanding step read and how sure it was, the
handler that answered, and the outcome.
"""

from __future__ import annotations

from contextvars import ContextVar

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)
chat_id_var: ContextVar[int | None] = ContextVar("chat_id", default=None)
flow_var: ContextVar[str] = ContextVar("flow", default="-")
intent_var: ContextVar[tuple[str, float] | None] = ContextVar("intent", default=None)
handler_var: ContextVar[str] = ContextVar("handler", default="-")
outcome_var: ContextVar[str] = ContextVar("outcome", default="ok")

# Outcomes other than "ok": what an operator filters the summary lines by.
ERROR = "error"  # an exception reached the error handler (the user got the generic apology)
REFUSED = "refused"  # a limit or a check turned the update down (the user was told why)
INVALID = "invalid"  # input the service could not use (a damaged image, not audio, …)
DUPLICATE = "duplicate"  # Telegram delivered it again after it was answered: skipped


def set_flow(flow: str) -> None:
    """Name the conversation flow now handling the update (shows up in every log line)."""
    flow_var.set(flow)


def set_intent(intent: str, confidence: float) -> None:
    """The intent the understanding step read in this update's text, and its probability."""
    intent_var.set((intent, confidence))


def set_handler(name: str) -> None:
    """The handler answering this update (``handlers/registry.py`` names the first to run)."""
    handler_var.set(name)


def set_outcome(outcome: str) -> None:
    """How the update ended when it was not simply answered (``ERROR``, ``REFUSED``, …)."""
    outcome_var.set(outcome)


def bind_update(update_id: int | None, chat_id: int | None) -> None:
    """Start the context of a new update."""
    update_id_var.set(update_id)
    chat_id_var.set(chat_id)
    flow_var.set("-")
    intent_var.set(None)
    handler_var.set("-")
    outcome_var.set("ok")
