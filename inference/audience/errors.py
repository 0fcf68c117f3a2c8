"""Errors a user (or a bad artifact) can cause, each with a stable ``reason`` key.

Handlers turn ``reason`` into a reply in the user's language, so the keys are part of the API:
never rename one without updating the bot's text catalogue.
"""

from __future__ import annotations


class ArtifactError(RuntimeError):
    """The model artifact or runtime tables are missing, or a file's sha256 does not match."""


class AudienceInputError(ValueError):
    """Base class of the user-input errors below; ``reason`` is a message key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class InvalidReleaseDate(AudienceInputError):
    """Reasons: ``empty``, ``format``, ``impossible`` (2023-02-30), ``too_early`` (before
    2008, the data's first screen counts), ``too_late``."""


class InvalidScreens(AudienceInputError):
    """Reasons: ``empty``, ``not_a_number``, ``not_positive``, ``too_many``,
    ``below_population`` (50 or fewer: outside what the model learnt from)."""


class InvalidCategory(AudienceInputError):
    """Reasons: ``genre``, ``rating`` (not one of the canonical KOBIS values)."""


class InvalidName(AudienceInputError):
    """Reasons: ``empty`` (a blank director/actor/distributor/title), ``role``."""
