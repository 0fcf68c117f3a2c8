"""Clips are decoded and measured in a worker process of their own, not in the bot's.

Why a process and not a thread:

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

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from inference.ost.audio import ClipMeasurement, InvalidAudio, analyse, warm

_LOG = logging.getLogger(__name__)
# A 60-second clip takes ~0.3 s to measure; far beyond that the decoder is stuck on it.
TIMEOUT_S = 20.0
PARENT_CHECK_S = 1.0  # how often the worker checks that the bot still runs


class ClipAnalyser:
    """``await analyse(data)`` → ``ClipMeasurement`` (or ``InvalidAudio``), measured in one
    worker process that is started once (``start``) and replaced when it dies."""

    def __init__(self, *, timeout_s: float = TIMEOUT_S) -> None:
        self._timeout_s = timeout_s
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming: object | None = None  # the pool whose warm-up was asked for

    def start(self) -> None:
        """Start the worker now and let it warm librosa (in its own process: this returns at
        once), so the first clip does not wait for either. Idempotent."""
        pool = self._running_pool()
        if self._warming is not pool:
            self._warming = pool
            pool.submit(warm)

    def _running_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # "spawn": a fresh interpreter that imports only the audio code, not a fork of
                # the bot with its models, threads and sockets.
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_exit_with_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    async def analyse(self, data: bytes) -> ClipMeasurement:
        """Measure ``data`` in the worker; ``InvalidAudio("damaged")`` when the worker died or
        hung on it (the worker is then replaced for the next clip)."""
        pool = self._running_pool()
        try:
            future = asyncio.wrap_future(pool.submit(analyse, data))
            return await asyncio.wait_for(future, self._timeout_s)
        except InvalidAudio:
            raise
        except (BrokenProcessPool, TimeoutError) as error:
            _LOG.warning("the clip worker %s (%d bytes); starting a new one",
                         "timed out" if isinstance(error, TimeoutError) else "died",
                         len(data))  # fmt: skip
            self._replace(pool)
            raise InvalidAudio("damaged", "the decoder failed on it") from error

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        _kill(broken)

    def close(self) -> None:
        """Stop the worker (the bot is stopping)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            _kill(pool)


def _exit_with_parent(parent: int) -> None:
    """In the worker: exit when the bot does, even when it is killed (SIGKILL leaves the
    worker waiting on a queue nobody writes to any more)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _kill(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for a clip it may be stuck on."""
    processes = list((pool._processes or {}).values())  # (the pool has no public handle)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()


__all__ = ["TIMEOUT_S", "ClipAnalyser"]
