"""The one exception a caller of the poster service has to handle for bad uploads."""

from __future__ import annotations


class InvalidImage(ValueError):
    """An upload the service refuses; ``key`` is the message key the bot shows the user.

    Keys: ``poster.too_large``, ``poster.too_many_pixels``, ``poster.unsupported``,
    ``poster.corrupt``, ``poster.too_small``. ``details`` carries numbers for the message
    (``limit_mb``, ``width``, ``height`` …) so the handler never parses error text.
    """

    key: str
    details: dict[str, object]

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(key if not details else f"{key} {details}")
        self.key = key
        self.details = dict(details)

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in the poster worker (``worker.py``) and pickled back to the bot: rebuilt from
        # the key and details, not from the joined message.
        return (_rebuild, (self.key, self.details))


def _rebuild(key: str, details: dict[str, object]) -> InvalidImage:
    return InvalidImage(key, **details)
