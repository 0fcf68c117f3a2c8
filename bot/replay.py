"""Updates a killed process was handling are handled again at the next start (polling mode).

In polling mode python-telegram-bot confirms a batch of updates to Telegram (the next
``getUpdates`` offset) as soon as it has queued them, before they are handled; a process killed
in between would lose them, and the user would wait for an answer that never comes. Every
update is stored with its whole JSON before any flow runs (``handlers/middleware.py``) and that
JSON is dropped once the update is answered, so what is still there at start-up is exactly
what was in flight. Replayed updates go through the normal path, in their original order and
before anything new is fetched; the message log keeps each ``update_id`` once, and an update
that Telegram delivers again as well is skipped as already answered.

Webhook mode needs none of this: the webhook acknowledges an update only after handling it, so
Telegram (or the load balancer) delivers an unanswered one again.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from telegram import Update

_LOG = logging.getLogger(__name__)

#: A restart normally follows a crash within seconds (systemd, a container runtime); an answer
#: much later than this would only confuse the user, so older updates are not replayed.
REPLAY_MAX_AGE = timedelta(minutes=15)


async def replay_unanswered(application: Any, max_age: timedelta = REPLAY_MAX_AGE) -> int:
    """Queue every stored, unanswered update younger than ``max_age``; return how many."""
    repo = application.bot_data.repo
    replayed = 0
    for update_id, raw in await repo.unanswered_updates(max_age):
        try:
            update = Update.de_json(json.loads(raw), application.bot)
        except (ValueError, TypeError, KeyError) as exc:  # never let one bad row stop a start
            _LOG.warning(
                "stored update %s could not be read back (%s): dropped",
                update_id,
                type(exc).__name__,
            )
            await repo.mark_handled(update_id)  # so that no later start tries it again
            continue
        await application.update_queue.put(update)
        replayed += 1
    if replayed:
        _LOG.warning("replaying %d update(s) left unanswered by the previous process", replayed)
    return replayed
