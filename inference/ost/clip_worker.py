"""Clips are decoded and measured in a worker process of their own, not in the bot's.

Why a process and not a thread (``inference.worker_process``):

- **No stalls.** librosa and the numba kernels it compiles take ~1.8 s to load and warm, most
  of it holding the GIL; warmed in a thread of the bot, they slowed every chat answered
  meanwhile (20 chats right after a restart: p95 of a list 364 ms instead of 76 ms, issue 24).
  A separate interpreter warms on the other core and never holds the bot's GIL.
- **Memory.** librosa, numba and LLVM are ~190 MB that the bot's process no longer carries
  (issue 24's 1 GB per process); the worker is a small process of its own.
- **Isolation.** The clips are files strangers send: a decoder that crashes or hangs on one
  takes down the worker, which is replaced, never the bot.

What the worker runs is ``inference.ost.audio.analyse`` itself, so the measurement is the one
the tests and benchmarks check; its ``InvalidAudio`` comes back as the same exception. The OST
genre model stays in the bot's process: only the signal processing moves.
"""

from __future__ import annotations

from inference.ost.audio import ClipMeasurement, InvalidAudio, analyse, warm
from inference.worker_process import WorkerFailed, WorkerProcess

# A 60-second clip takes ~0.3 s to measure; far beyond that the decoder is stuck on it.
TIMEOUT_S = 20.0


class ClipAnalyser:
    """``await analyse(data)`` → ``ClipMeasurement`` (or ``InvalidAudio``), measured in one
    worker process that is started once (``start``) and replaced when it dies."""

    def __init__(self, *, timeout_s: float = TIMEOUT_S) -> None:
        self._worker = WorkerProcess("clip", timeout_s=timeout_s, setup=warm)

    def start(self) -> None:
        """Start the worker now and let it warm librosa (in its own process: this returns at
        once), so the first clip does not wait for either. Idempotent."""
        self._worker.start()

    def wait_ready(self, timeout_s: float | None = None) -> None:
        """Block until the worker has started and warmed librosa."""
        self._worker.wait_ready(timeout_s)

    async def analyse(self, data: bytes) -> ClipMeasurement:
        """Measure ``data`` in the worker; ``InvalidAudio("damaged")`` when the worker died or
        hung on it (the worker is then replaced for the next clip)."""
        try:
            return await self._worker.call(analyse, data)
        except WorkerFailed as error:
            raise InvalidAudio("damaged", "the decoder failed on it") from error

    def pid(self) -> int | None:
        """The worker's process id, once it runs."""
        return self._worker.pid()

    def close(self) -> None:
        """Stop the worker (the bot is stopping)."""
        self._worker.close()


__all__ = ["TIMEOUT_S", "ClipAnalyser"]
