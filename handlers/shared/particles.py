"""Korean particles that agree with the word before them, inside message templates.

A template names the particle pair after a placeholder, ``“{raw}”{raw:은/는}``, and the
formatter chooses by the last sound of the value (``inference.understanding.korean.particle``:
기생충은, 매트릭스는, “400”은, Netflix는). Every Korean text goes through it, so no message
shows both forms of a pair in brackets.

English counts agree the same way: ``{count:film|films}`` writes "1 film", "2 films",
"1,234 films" (the value may come formatted with thousands separators), so no English text
says "1 films".
"""

from __future__ import annotations

import string

from inference.understanding.korean import PAIRS, final_consonant, particle

__all__ = ["PAIRS", "ParticleFormatter", "final_consonant", "particle"]


class ParticleFormatter(string.Formatter):
    """``str.format`` plus ``{name:은/는}`` (the particle for the value of ``name``) and
    ``{name:film|films}`` (the count with its noun, singular for one)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PAIRS:
            return particle(str(value), format_spec)
        if "|" in format_spec:
            return counted(value, *format_spec.split("|", 1))
        return str(super().format_field(value, format_spec))


def counted(value: object, one: str, many: str) -> str:
    """"1 film" / "12 films" / "1,234 films": the noun agrees with the count."""
    number = str(value)
    single = number.replace(",", "").strip() in ("1", "1.0")
    return f"{number} {one if single else many}"
