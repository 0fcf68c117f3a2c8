"""One spawned worker process that runs a model's work beside the bot, replaced when it dies.

Why processes (issue 24): work that holds the interpreter — librosa decoding a clip, torch
imported and running the poster network — stalls every chat while it runs in one of the bot's
threads; in a process of its own it runs on the other core. The worker also carries its own
libraries' memory (torch ~280 MB, librosa ~190 MB), so no process grows past the per-process
budget, and a decoder that crashes on a stranger's file takes down the worker, never the bot.

``spawn``: a fresh interpreter that imports only what the worker needs, not a fork of the bot
with its models, threads and sockets. The worker exits when the bot does, ``kill -9`` included.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

_LOG = logging.getLogger(__name__)
PARENT_CHECK_S = 1.0  # how often the worker checks that the bot still runs

Result = TypeVar("Result")


class WorkerFailed(RuntimeError):
    """The worker died or hung on a call; it has been replaced for the next one."""


class WorkerProcess:
    """``await call(fn, *args)`` runs ``fn`` (a module-level function) in one worker process.

    ``setup(*setup_args)`` runs in each new worker before its first call (loading a model);
    ``start`` launches the worker without waiting, ``wait_ready`` blocks until ``setup`` ended.
    """

    def __init__(
        self,
        name: str,
        *,
        timeout_s: float,
        setup: Callable[..., object] | None = None,
        setup_args: tuple[Any, ...] = (),
    ) -> None:
        self._name = name
        self._timeout_s = timeout_s
        self._setup = setup
        self._setup_args = setup_args
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> Future[None]:
        """Start the worker now (its ``setup`` runs in its own process: this returns at once);
        the future ends when the worker is ready. Idempotent."""
        return self._running_pool().submit(_ready)

    def wait_ready(self, timeout_s: float | None = None) -> None:
        """Block until the worker has set up (raises what ``setup`` raised)."""
        try:
            self.start().result(timeout_s)
        except BrokenProcessPool as error:
            raise WorkerFailed(f"the {self._name} worker could not start") from error

    def _running_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_initialise,
                    initargs=(os.getpid(), self._setup, self._setup_args),
                )
            return self._pool

    async def call(self, fn: Callable[..., Result], *args: Any) -> Result:
        """``fn(*args)`` in the worker. Its own exceptions come back as they are; a worker
        that dies or exceeds the timeout is replaced and ``WorkerFailed`` raised."""
        pool = self._running_pool()
        try:
            future = asyncio.wrap_future(pool.submit(_run, fn, args))
            return await asyncio.wait_for(future, self._timeout_s)
        except (BrokenProcessPool, TimeoutError) as error:
            how = "timed out" if isinstance(error, TimeoutError) else "died"
            _LOG.warning("the %s worker %s; starting a new one", self._name, how)
            self._replace(pool)
            raise WorkerFailed(f"the {self._name} worker {how}") from error

    def pid(self) -> int | None:
        """The worker's process id, once it runs (for measurements and tests)."""
        with self._lock:
            processes = list((self._pool._processes or {}).values()) if self._pool else []
        return processes[0].pid if processes else None

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


# In the worker: what its ``setup`` raised, raised again by every call (a pool's initializer
# that raises only breaks the pool, and the reason would be lost).
_setup_error: BaseException | None = None


def _ready() -> None:
    """Submitted by ``start``: returns once the worker's initializer (its ``setup``) ran."""
    if _setup_error is not None:
        raise _setup_error


def _run(fn: Callable[..., Result], args: tuple[Any, ...]) -> Result:
    _ready()
    return fn(*args)


def _initialise(
    parent: int, setup: Callable[..., object] | None, setup_args: tuple[Any, ...]
) -> None:
    """In the worker: exit when the bot does, even when it is killed (SIGKILL leaves the
    worker waiting on a queue nobody writes to any more); then set up."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if setup is not None:
        global _setup_error
        try:
            setup(*setup_args)
        except Exception as error:  # raised again by every call (``_ready``)
            _setup_error = error


def _kill(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for a call it may be stuck on."""
    processes = list((pool._processes or {}).values())  # (the pool has no public handle)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()


__all__ = ["PARENT_CHECK_S", "WorkerFailed", "WorkerProcess"]
