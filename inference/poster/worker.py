"""Posters are classified in a worker process of their own, not in the bot's.

Why (issue 24, ``inference.worker_process``): importing torch and loading the network take
~1.3 s and ~280 MB. In the bot's process they lengthened every start-up by that much and kept
its memory over the 1 GB budget; in a worker spawned first thing at start-up they load on the
other core while the bot loads everything else, and the forward pass never holds the bot's
interpreter while other chats wait. An image that crashes the decoder takes down the worker,
which is replaced, never the bot.

What the worker runs is ``PosterClassifier.predict`` itself, so the answer is the one the tests
and benchmarks check; ``InvalidImage`` comes back as the same exception with its key.
"""

from __future__ import annotations

from pathlib import Path

from inference.poster.errors import InvalidImage
from inference.poster.prediction import PosterPrediction
from inference.worker_process import WorkerFailed, WorkerProcess

# One poster takes ~0.1 s; far beyond that the decoder is stuck on the file.
TIMEOUT_S = 20.0
# Starting a worker: importing torch and loading the network (~1.5 s, more on a busy machine).
START_TIMEOUT_S = 120.0

_classifier = None  # in the worker: the loaded PosterClassifier


def _load(artifact_dir: Path | None, threads: int | None) -> None:
    """In a new worker: import torch and load the verified artifact."""
    from inference.poster.classifier import PosterClassifier

    global _classifier
    _classifier = PosterClassifier.load(artifact_dir, num_threads=threads)


def _predict(data: bytes) -> PosterPrediction:
    assert _classifier is not None  # loaded by ``_load`` before any call
    prediction: PosterPrediction = _classifier.predict(data)
    return prediction


class PosterWorker:
    """``await predict(data)`` → ``PosterPrediction`` (or ``InvalidImage``), classified in one
    worker process that starts with ``start`` and is replaced when it dies."""

    def __init__(
        self,
        artifact_dir: Path | None = None,
        threads: int | None = None,
        *,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        self._worker = WorkerProcess(
            "poster", timeout_s=timeout_s, setup=_load, setup_args=(artifact_dir, threads)
        )

    def start(self) -> None:
        """Start the worker; it loads the network in its own process (this returns at once)."""
        self._worker.start()

    def wait_ready(self, timeout_s: float | None = START_TIMEOUT_S) -> None:
        """Block until the network is loaded; raises what loading it raised (a missing or
        tampered artifact stops the bot's start, as it did when the network loaded here)."""
        self._worker.wait_ready(timeout_s)

    async def predict(self, data: bytes) -> PosterPrediction:
        """Validate, decode and classify an upload in the worker. ``InvalidImage`` for a file
        the service refuses, and ``poster.corrupt`` when the worker died or hung on it."""
        try:
            return await self._worker.call(_predict, data)
        except WorkerFailed as error:
            raise InvalidImage("poster.corrupt") from error

    def pid(self) -> int | None:
        """The worker's process id, once it runs."""
        return self._worker.pid()

    def close(self) -> None:
        """Stop the worker (the bot is stopping)."""
        self._worker.close()


__all__ = ["TIMEOUT_S", "PosterWorker"]
