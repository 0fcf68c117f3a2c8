"""The bot side: CineMate in this process, the probes and counters around it, the run."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun.checks import read_database  # noqa: E402
from bench.loadrun.driver import LagProbe  # noqa: E402
from bench.loadrun.report import print_report  # noqa: E402
from bench.loadrun.scenario import ChatPlan, LoadConfig, build_plan  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/cinemate_bench"
# The tests drop this database's schema; the benchmark must never share it.
RESERVED_DATABASES = frozenset({"test"})
WARM_UP_WAIT_S = 60.0  # at most, for the bot's background warm-up before the chats start


class LogCounter(logging.Handler):
    """Counts the bot's WARNING and ERROR records and keeps a few for the report; also
    collects asyncio's "Executing … took" warnings when the slow-callback check is on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.levels: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.slow_callbacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.levels[record.levelname] += 1
        message = record.getMessage()
        if record.name == "asyncio" and message.startswith("Executing"):
            took = re.search(r"took ([0-9.]+) seconds", message)
            what = re.search(r"(?:coro|cb)=<?([^ >(]+)", message)
            self.slow_callbacks.append(
                f"{float(took.group(1)) * 1000 if took else 0:6.1f} ms "
                f"{what.group(1) if what else message[:120]}"
            )
        if record.levelno >= logging.ERROR:
            error = record.exc_info[1] if record.exc_info else None
            detail = f"{type(error).__name__}: {error}"[:90] if error is not None else ""
            self.errors[f"{record.name}: {message[:70]} {detail}".strip()] += 1


class CallCounter:
    """Wraps the bot's rate limiter so every attempt of every Bot API call is counted.

    The limiter is where PTB (429) and CineMate's retry layer (5xx, drops, time-outs) retry, so
    the attempts of one call show each retry and what it followed, however retrying is
    implemented inside. getUpdates never passes through it.
    """

    def __init__(self) -> None:
        self.inner: Any = None
        self.calls = 0
        self.attempts = 0
        self.retried_after: Counter[str] = Counter()
        self.gave_up_after: Counter[str] = Counter()
        self.failed_calls: Counter[str] = Counter()
        self.failed_after_retry: Counter[str] = Counter()  # "TimedOut → BadRequest" and such
        # A failed last attempt that the limiter nevertheless reported as success (CineMate's
        # retry layer takes "query is too old" after a timed-out attempt as done).
        self.absorbed: Counter[str] = Counter()
        self.durations_ms: dict[str, list[float]] = defaultdict(list)

    def install(self, application: Any) -> bool:
        """Put the counting proxy in front of the bot's limiter (False when it has none)."""
        from telegram.ext import BaseRateLimiter

        bot = application.bot
        inner = bot.rate_limiter
        if inner is None:
            return False
        counter = self
        self.inner = inner

        class Counting(BaseRateLimiter[int]):
            async def initialize(self) -> None:
                await inner.initialize()

            async def shutdown(self) -> None:
                await inner.shutdown()

            async def process_request(
                self,
                callback: Callable[..., Coroutine[Any, Any, Any]],
                args: Any,
                kwargs: dict[str, Any],
                endpoint: str,
                data: dict[str, Any],
                rate_limit_args: int | None,
            ) -> Any:
                return await counter._process(
                    inner, callback, args, kwargs, endpoint, data, rate_limit_args
                )

        bot._rate_limiter = Counting()
        return True

    async def _process(
        self,
        inner: Any,
        callback: Callable[..., Awaitable[Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        failures: list[str] = []
        invocations = 0

        async def attempt(*a: Any, **k: Any) -> Any:
            nonlocal invocations
            invocations += 1
            try:
                return await callback(*a, **k)
            except Exception as exc:
                failures.append(type(exc).__name__)
                raise

        succeeded = False
        started = time.monotonic()
        try:
            result = await inner.process_request(
                attempt, args, kwargs, endpoint, data, rate_limit_args
            )
            succeeded = True
            return result
        finally:
            self.durations_ms[endpoint].append((time.monotonic() - started) * 1000)
            self.calls += 1
            self.attempts += invocations
            absorbed = succeeded and len(failures) == invocations and bool(failures)
            if absorbed:
                self.absorbed[f"{failures[-2] if len(failures) > 1 else '-'} → {failures[-1]}"] += 1
            retried = failures if succeeded and not absorbed else failures[:-1]
            self.retried_after.update(retried)
            if not succeeded:
                self.failed_calls[endpoint] += 1
                if failures:
                    self.gave_up_after[failures[-1]] += 1
                if len(failures) > 1:
                    self.failed_after_retry[f"{failures[-2]} → {failures[-1]}"] += 1


async def seed_returning_users(application: Any, plans: list[ChatPlan]) -> dict[int, Any]:
    """Write the returning users' onboarding through the bot's repository (yesterday's work)."""
    catalogue, repo = application.bot_data.catalogue, application.bot_data.repo
    resolved: dict[str, int] = {}
    seeds: dict[int, Any] = {}
    for plan in plans:
        if plan.new:
            continue
        favourites: list[int] = []
        for title in plan.seed_titles:
            if title not in resolved:
                resolved[title] = catalogue.search(title, 1)[0].movie.movie_id
            if resolved[title] not in favourites:
                favourites.append(resolved[title])
            if len(favourites) == 10:
                break
        await repo.set_language(plan.user_id, plan.language)
        await repo.set_age(plan.user_id, plan.age)
        await repo.set_gender(plan.user_id, plan.gender)
        for movie in favourites:
            await repo.add_favourite(plan.user_id, movie)
        await repo.set_subscriptions(plan.user_id, plan.seed_platforms)
        await repo.mark_onboarded(plan.user_id)
        seeds[plan.user_id] = {
            "language": plan.language,
            "age": plan.age,
            "gender": plan.gender,
            "onboarded": True,
            "favourite": set(favourites),
            "subscription": set(plan.seed_platforms),
        }
    return seeds


async def _warm_up_finished() -> float | None:
    """When the bot's background warm-up (``Services.warm_up``: a thread named "warm-up",
    started ``WARM_UP_DELAY_S`` after polling starts) ended, on the clock both processes share
    (``time.monotonic``); None if it was not seen."""
    from bot.application import WARM_UP_DELAY_S

    deadline = time.monotonic() + WARM_UP_DELAY_S + 5.0
    while time.monotonic() < deadline:
        thread = next((t for t in threading.enumerate() if t.name == "warm-up"), None)
        if thread is not None:
            await asyncio.to_thread(thread.join)
            return time.monotonic()
        await asyncio.sleep(0.05)
    return None


async def _line(process: asyncio.subprocess.Process, prefix: str, log: Path) -> str:
    assert process.stdout is not None
    while True:
        raw = await process.stdout.readline()
        if not raw:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the driver exited before {prefix!r}:\n{tail}")
        line = raw.decode().rstrip("\n")
        if line.startswith(prefix):
            return line[len(prefix) :].strip()


async def _tell(process: asyncio.subprocess.Process, command: str) -> None:
    assert process.stdin is not None
    process.stdin.write(f"{command}\n".encode())
    await process.stdin.drain()


async def run_bot_side(config: LoadConfig, log_dir: Path) -> None:
    """Start the driver, the bot (in this process) and the probes; run; check; report."""
    from bot.application import build_application, start_application, stop_application
    from bot.logging_setup import configure_logging
    from bot.settings import Settings

    plans = build_plan(config)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tag = f"{config.database}-faults{config.faults:g}-{stamp}"
    bot_log, driver_log = log_dir / f"load-{tag}-bot.log", log_dir / f"load-{tag}-driver.log"
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=config.database_url,
        telegram_bot_token=None,
        rate_limit_per_second=0,  # the local server has no flood limits to respect
        read_timeout_s=config.read_timeout_s,
        log_level="WARNING",
    )
    root = logging.getLogger()
    with (
        tempfile.TemporaryDirectory() as folder,
        driver_log.open("w", encoding="utf-8") as driver_err,
        bot_log.open("w", encoding="utf-8") as log_stream,
    ):
        # The bot's log goes to a file (a fault run logs thousands of tracebacks); the counter
        # sees every record for the report.
        configure_logging("WARNING", settings.secrets(), stream=log_stream)
        counter = LogCounter()
        root.addHandler(counter)
        config.result_path = str(Path(folder) / "result.json")
        driver = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.loadrun",
            "--driver",
            json.dumps(asdict(config)),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=driver_err,
        )
        try:
            ready = json.loads(await _line(driver, "READY", driver_log))
            report = await _run_bot(
                config,
                plans,
                settings,
                ready,
                driver,
                driver_log,
                counter,
                (build_application, start_application, stop_application),
            )
            await driver.wait()
        finally:
            if driver.returncode is None:
                driver.kill()
                await driver.wait()
            for handler in list(root.handlers):
                root.removeHandler(handler)
        result = json.loads(Path(config.result_path).read_text(encoding="utf-8"))
    rows = await read_database(config.database_url)
    print_report(config, plans, result, rows, report, bot_log)


async def _run_bot(
    config: LoadConfig,
    plans: list[ChatPlan],
    settings: Any,
    ready: dict[str, str],
    driver: asyncio.subprocess.Process,
    driver_log: Path,
    counter: LogCounter,
    lifecycle: tuple[Any, Any, Any],
) -> dict[str, Any]:
    build_application, start_application, stop_application = lifecycle
    application = build_application(
        settings,
        token=ready["token"],
        base_url=ready["base_url"],
        base_file_url=ready["base_file_url"],
    )
    calls = CallCounter()
    has_limiter = calls.install(application)
    started = time.perf_counter()
    await start_application(application, polling=True, freeze_heap=True)
    startup_s = time.perf_counter() - started
    warm_up = asyncio.get_running_loop().create_task(_warm_up_finished())
    seeds = await seed_returning_users(application, plans)
    waited_s = None
    if not config.cold:
        # The latency targets are for a bot at work, not one finishing its start-up: the chats
        # start once the background warm-up has ended (``--cold`` starts them at once).
        before = time.perf_counter()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(warm_up), WARM_UP_WAIT_S)
        waited_s = time.perf_counter() - before
    loop = asyncio.get_running_loop()
    if config.slow_callback_ms:
        loop.set_debug(True)
        loop.slow_callback_duration = config.slow_callback_ms / 1000
    probe = LagProbe()
    probe.start()
    cpu_before, wall_before = os.times(), time.perf_counter()
    await _tell(driver, "go")
    await _line(driver, "DONE", driver_log)
    cpu_after, wall = os.times(), time.perf_counter() - wall_before
    await probe.stop()
    loop.set_debug(False)
    # CineMate's retrying limiter counts its own network retries: a cross-check of CallCounter.
    inner_retries = getattr(calls.inner, "network_retries_done", None)
    await _tell(driver, "release")
    await _line(driver, "RELEASED", driver_log)
    await stop_application(application)
    await _tell(driver, "quit")
    warm_up_done = await warm_up if warm_up.done() else None
    warm_up.cancel()
    return {
        "startup_s": startup_s,
        "warm_up_done": warm_up_done,
        "warm_up_waited_s": waited_s,
        "seeds": seeds,
        "lags_ms": probe.lags_ms,
        "bot_cpu_s": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "bot_wall_s": wall,
        "calls": calls if has_limiter else None,
        "inner_network_retries": inner_retries,
        "log": counter,
    }


# -- databases ---------------------------------------------------------------------------------


async def prepare_postgres(url: str) -> str | None:
    """Create the benchmark database if needed and empty its schema; None, or why not."""
    from sqlalchemy import make_url, text
    from sqlalchemy.ext.asyncio import create_async_engine

    parsed = make_url(url)
    if parsed.database in RESERVED_DATABASES:
        return f"refusing to reset database {parsed.database!r}: the tests own it"
    try:
        admin = create_async_engine(
            parsed.set(database="postgres"),
            isolation_level="AUTOCOMMIT",
            connect_args={"timeout": 3},
        )
        async with admin.connect() as conn:
            exists = (
                await conn.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"),
                    {"name": parsed.database},
                )
            ).first()
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        await admin.dispose()
        engine = create_async_engine(url, connect_args={"timeout": 3})
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await conn.exec_driver_sql("CREATE SCHEMA public")
        await engine.dispose()
    except Exception as exc:  # no server, auth, …: PostgreSQL is just not there
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    return None
