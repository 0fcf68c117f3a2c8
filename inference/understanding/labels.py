"""The intents CineMate understands, and which of them ask for something.

``bare`` is a value on its own — a title, a name, a number, a date — with no request around it:
inside a step-by-step flow it is the answer to the question asked; outside one, a film title is
looked up. ``out_of_scope`` is anything CineMate cannot do (the weather, stocks, books).
"""

from __future__ import annotations

INTENTS: tuple[str, ...] = (
    "greet",
    "thanks",
    "help",
    "where_to_watch",
    "recommend",
    "film_info",
    "poster",
    "song",
    "box_office",
    "bare",
    "out_of_scope",
)

# Intents that ask CineMate for something other than the answer a flow waits for: a flow lets
# such a message go to the capability that answers it, then asks its question again.
REQUEST_INTENTS: frozenset[str] = frozenset(INTENTS) - {"bare", "out_of_scope"}
