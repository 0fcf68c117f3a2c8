"""The intents CineMate understands, and which of them ask for something.

``bare`` is a value on its own — a title, a name, a number, a date — with no request around it:
inside a step-by-step flow it is the answer to the question asked; outside one, a film title is
looked up. ``person`` asks for a director's or an actor's films ("봉준호 감독 영화"); ``about_bot``
is small talk about CineMate itself ("너 누구야?", "are you a bot"). ``out_of_scope`` is anything
CineMate cannot do (the weather, stocks, books, song recommendations), gibberish and insults.
"""

from __future__ import annotations

INTENTS: tuple[str, ...] = (
    "greet",
    "thanks",
    "help",
    "about_bot",
    "where_to_watch",
    "recommend",
    "film_info",
    "person",
    "poster",
    "song",
    "box_office",
    "bare",
    "out_of_scope",
)

# Intents that ask CineMate for something other than the answer a flow waits for: a flow lets
# such a message go to the capability that answers it, then asks its question again.
REQUEST_INTENTS: frozenset[str] = frozenset(INTENTS) - {"bare", "out_of_scope"}
