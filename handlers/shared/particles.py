"""Korean particles that agree with the word before them, inside message templates.

A template names the particle pair after a placeholder, ``“{raw}”{raw:은/는}``, and the
formatter chooses by the last sound of the value (``inference.understanding.korean.particle``:
기생충은, 매트릭스는, “400”은, Netflix는). Every Korean text goes through it, so no message
shows both forms of a pair in brackets.
"""

from __future__ import annotations

import string

from inference.understanding.korean import PAIRS, final_consonant, particle

__all__ = ["PAIRS", "ParticleFormatter", "final_consonant", "particle"]


class ParticleFormatter(string.Formatter):
    """``str.format`` plus ``{name:은/는}``: the particle for the value of ``name``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PAIRS:
            return particle(str(value), format_spec)
        return str(super().format_field(value, format_spec))
