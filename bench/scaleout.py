"""Scale-out: one and two webhook processes on one PostgreSQL, with and without the shared budget.

    python bench/scaleout.py [--chats 60] [--updates 10] [--rate 30]
                             [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/cinemate_scaleout]

Three runs, one after the other, each on a fresh schema of its own database (created at the
start, dropped at the end; the tests own ``test``):

1. one ``python -m bot`` process in webhook mode, the shared send budget on (PostgreSQL's default);
2. two processes behind one webhook URL (the local Bot API server posts the updates to them in
   turn, as a load balancer would: consecutive updates of one chat reach different processes);
3. the same two processes with ``SHARED_RATE_LIMITS=false``: each keeps its own 30 a second,
   the behaviour before issue 24.3.

The chats are the load benchmark's (``bench/loadrun``): a realistic mix — newcomers onboarding,
returning users asking for lists in commands and free text and working through their buttons,
posters, OST lines, box-office forecasts, where-to-watch and film questions — every reply
checked against what today's bot answers. No think time: every chat sends its next update when
the previous one is answered (saturation), so the figure that matters is the throughput, and the
latency is mostly queueing for send slots.

Printed per run: throughput (updates/s), p50/p95 reply latency, Bot API requests to a chat per
second (what the budget counts: sends, edits, chat actions; button answers are not counted) and
the most seen in any one second at the server, requests beyond the budget (each request that was
the 31st or later within the second before it, as the local server received them: target 0),
updates lost (sent but never stored and marked handled, or never answered: target 0), the bots'
CPU time, this process's own loop lag (it timestamps the requests: a stall here would bunch
them), and each process's own account of its budget (shared slots booked, their mean
booking time, slots from the local share, time spent waiting for slots). Before the runs, the
cost of one booking on an idle database is measured alone (p50/p95 of 1,000).

Group chats are not exercised: CineMate serves private chats (the per-group budget is tested in
``tests/test_shared_limits.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import re
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun.botside import seed_returning_users  # noqa: E402
from bench.loadrun.driver import ChatRunner, LagProbe  # noqa: E402
from bench.loadrun.report import quantile  # noqa: E402
from bench.loadrun.scenario import LoadConfig, build_plan, poster_jpeg  # noqa: E402
from bot.localapi import CallRecord, LocalBotApiServer  # noqa: E402

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/cinemate_scaleout"
RESERVED_DATABASES = frozenset({"test"})  # the tests drop its schema
SECRET = "scaleout-webhook-secret"
START_TIMEOUT_S = 120.0
_BUDGET_LINE = re.compile(
    r"send budget: (\d+) shared slots \(([0-9.]+) ms to book each\), (\d+) from this "
    r"process's share; sends waited ([0-9.]+) s"
)


@dataclass
class RunResult:
    """What one configuration measured."""

    name: str
    processes: int
    updates: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    chat_calls: list[float] = field(default_factory=list)  # arrival times at the server
    lost: int = 0
    unanswered: int = 0
    problems: list[str] = field(default_factory=list)
    bot_cpu_s: float = 0.0
    driver_lags_ms: list[float] = field(default_factory=list)
    budgets: list[str] = field(default_factory=list)
    failed_posts: int = 0

    def over_budget(self, limit: int) -> tuple[int, int]:
        """(requests beyond ``limit`` within the second before them, most in any second)."""
        ordered = sorted(self.chat_calls)
        beyond, most, first = 0, 0, 0
        for last, at in enumerate(ordered):
            while ordered[first] <= at - 1.0:
                first += 1
            in_window = last - first + 1
            most = max(most, in_window)
            beyond += in_window > limit
        return beyond, most


# -- the database ------------------------------------------------------------------------------


async def create_database(url: str) -> None:
    """CREATE DATABASE (dropping a leftover of an interrupted run first)."""
    from sqlalchemy import make_url, text
    from sqlalchemy.ext.asyncio import create_async_engine

    parsed = make_url(url)
    if parsed.database in RESERVED_DATABASES:
        raise SystemExit(f"refusing to use database {parsed.database!r}: the tests own it")
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    await admin.dispose()


async def drop_database(url: str) -> None:
    """DROP DATABASE at the end (the processes are gone by then)."""
    from sqlalchemy import make_url, text
    from sqlalchemy.ext.asyncio import create_async_engine

    parsed = make_url(url)
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    await admin.dispose()


async def reset_schema(url: str) -> None:
    """An empty schema, migrated: every run starts from the same database."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from storage.database import Database

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()
    database = Database(url)
    await database.migrate()
    await database.dispose()


async def booking_cost(url: str, count: int = 1000) -> tuple[float, float]:
    """p50 / p95 ms of one slot booking (``RateWindows.reserve``) on the idle database."""
    from storage.rate_windows import RateWindows

    windows = RateWindows(url)
    took: list[float] = []
    try:
        for _ in range(count + 20):
            started = time.perf_counter()
            await windows.reserve("bench:probe", 1_000_000, 1.0)
            took.append((time.perf_counter() - started) * 1000)
    finally:
        await windows.dispose()
    took = took[20:]  # the first ones connect and prepare the statement
    return quantile(took, 0.5), quantile(took, 0.95)


async def stored_updates(url: str) -> tuple[set[int], set[int]]:
    """(update ids stored, update ids marked handled) in ``inbound_messages``."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.connect() as conn:
        query = text("SELECT update_id, handled_at FROM inbound_messages")
        rows = (await conn.execute(query)).all()
    await engine.dispose()
    return {r[0] for r in rows}, {r[0] for r in rows if r[1] is not None}


# -- the processes -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _wait_healthy(port: int) -> None:
    import aiohttp

    deadline = time.monotonic() + START_TIMEOUT_S
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.25)
    raise RuntimeError(f"the bot on port {port} never became healthy")


async def _wait_idle(pids: Iterable[int], timeout_s: float = 30.0) -> None:
    """Until the processes' background warm-up is over: under 10 % of a core for 1 s."""
    pids = list(pids)
    deadline = time.monotonic() + timeout_s
    quiet = 0
    before = sum(_cpu_s(p) for p in pids)
    while time.monotonic() < deadline and quiet < 2:
        await asyncio.sleep(0.5)
        now = sum(_cpu_s(p) for p in pids)
        quiet = quiet + 1 if now - before < 0.05 * len(pids) else 0
        before = now


class Bots:
    """``python -m bot`` webhook processes against the local server (a deployment's start)."""

    def __init__(self, api: LocalBotApiServer, url: str, workdir: Path) -> None:
        self.api = api
        self.url = url
        self.workdir = workdir
        self.processes: list[asyncio.subprocess.Process] = []
        self.logs: list[Path] = []
        self.ports: list[int] = []

    async def start(self, count: int, rate: float, shared: bool) -> None:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_", "RATE_LIMIT", "SHARED_"))
        }
        for index in range(count):
            port = _free_port()
            log = self.workdir / f"bot-{len(self.logs)}.log"
            env = {
                **base,
                "TELEGRAM_BOT_TOKEN": self.api.token,
                "TELEGRAM_API_BASE_URL": f"http://{self.api.host}:{self.api.port}",
                "DATABASE_URL": self.url,
                "RUN_MODE": "webhook",
                "WEBHOOK_PUBLIC_URL": "https://cinemate.example",
                "WEBHOOK_SECRET_TOKEN": SECRET,
                "WEBHOOK_LISTEN_PORT": str(port),
                "RATE_LIMIT_PER_SECOND": str(rate),
                "SHARED_RATE_LIMITS": "true" if shared else "false",
                "LOG_LEVEL": "INFO",  # the budget's summary at shutdown is an INFO line
                "PYTHONPATH": str(ROOT),
            }
            with log.open("wb") as out:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", cwd=self.workdir, env=env, stdout=out, stderr=out
                )
            self.processes.append(process)
            self.logs.append(log)
            self.ports.append(port)
            if index == 0 and count > 1:
                await _wait_healthy(port)  # started one after the other, as a rollout would
        for port in self.ports:
            await _wait_healthy(port)
        await _wait_idle(p.pid for p in self.processes)

    def cpu_s(self) -> float:
        return sum(_cpu_s(p.pid) for p in self.processes if p.returncode is None)

    async def stop(self) -> list[str]:
        """SIGTERM (a clean shutdown), then each process's budget summary from its log."""
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 60)
            except TimeoutError:
                process.kill()
                await process.wait()
        summaries = []
        for log in self.logs:
            found = _BUDGET_LINE.search(log.read_text(encoding="utf-8", errors="replace"))
            summaries.append(found.group(0) if found else "no budget summary (sharing off)")
        return summaries

    def errors(self) -> list[str]:
        """ERROR and CRITICAL lines of the processes' logs."""
        found = []
        for log in self.logs:
            text = log.read_text(encoding="utf-8", errors="replace")
            found += [line for line in text.splitlines() if " ERROR " in line or "CRITICAL" in line]
        return found


# -- one run -----------------------------------------------------------------------------------


async def run_once(
    name: str, processes: int, shared: bool, args: argparse.Namespace, catalogue: Any
) -> RunResult:
    from storage.database import Database
    from storage.repository import Repository

    url = args.postgres_url
    await reset_schema(url)
    config = LoadConfig(
        database="postgres",
        database_url=url,
        chats=args.chats,
        updates=args.updates,
        faults=0.0,
        seed=args.seed,
        new_share=0.3,
        ramp_s=2.0,
        answer_timeout_s=args.answer_timeout,
        read_timeout_s=10.0,
    )
    plans = build_plan(config)
    database = Database(url)
    seeding = SimpleNamespace(
        bot_data=SimpleNamespace(catalogue=catalogue, repo=Repository(database))
    )
    await seed_returning_users(seeding, plans)
    await database.dispose()
    posters = [poster_jpeg(variant) for variant in range(3)]
    result = RunResult(name, processes)
    with tempfile.TemporaryDirectory() as folder:
        async with LocalBotApiServer() as api:
            bots = Bots(api, url, Path(folder))
            try:
                await bots.start(processes, args.rate, shared)
                urls = [f"http://127.0.0.1:{port}/telegram/webhook" for port in bots.ports]
                delivery = api.deliver_by_webhook(urls, SECRET)
                runners = [ChatRunner(api, plan, config, posters) for plan in plans]
                logged_before = len(api.call_log)
                # This process stands in for Telegram: a collector pause here would bunch the
                # requests that arrived meanwhile into one instant and count them as a burst,
                # so it does not collect during the run, and its own loop lag is reported.
                gc.freeze()
                gc.disable()
                probe = LagProbe()
                probe.start()
                cpu_before, started = bots.cpu_s(), time.monotonic()
                await asyncio.gather(*(runner.run() for runner in runners))
                result.seconds = time.monotonic() - started
                result.bot_cpu_s = bots.cpu_s() - cpu_before
                await probe.stop()
                gc.enable()
                result.driver_lags_ms = probe.lags_ms
                await asyncio.sleep(1.0)  # late answers
                for runner in runners:
                    await runner.drain()
                calls: list[CallRecord] = list(api.call_log)[logged_before:]
                result.chat_calls = [c.at for c in calls if c.chat_id is not None]
                result.failed_posts = delivery.failed_posts
                stored, handled = await stored_updates(url)
                sent = [step for runner in runners for step in runner.steps]
                result.updates = len(sent)
                result.latencies_ms = [
                    (s.done_at - s.sent_at) * 1000 for s in sent if s.done_at is not None
                ]
                result.unanswered = sum(s.done_at is None for s in sent)
                result.lost = sum(s.update_id not in handled for s in sent)
                result.problems = [p for runner in runners for p in runner.problems]
                missing = [s.update_id for s in sent if s.update_id not in stored]
                result.problems += [f"not stored: {update_id}" for update_id in missing[:5]]
                result.problems += bots.errors()[:5]
            finally:
                result.budgets = await bots.stop()
    return result


def print_results(results: list[RunResult], rate: float, booking: tuple[float, float]) -> None:
    limit = max(1, int(rate))
    print(f"\nOne slot booking on the idle database (1,000 in a row): "
          f"p50 {booking[0]:.2f} ms, p95 {booking[1]:.2f} ms")  # fmt: skip
    header = (
        f"{'run':<34} {'upd/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>6} "
        f"{'max/1s':>6} {'over':>5} {'lost':>5} {'CPU s':>6}"
    )
    print(f"\nBudget {rate:g} requests/s to chats; saturation, every reply checked.\n")
    print(header)
    print("-" * len(header))
    for r in results:
        beyond, most = r.over_budget(limit)
        p50 = quantile(r.latencies_ms, 0.5) if r.latencies_ms else float("nan")
        p95 = quantile(r.latencies_ms, 0.95) if r.latencies_ms else float("nan")
        print(
            f"{r.name:<34} {r.updates / r.seconds:6.1f} {p50:8.0f} {p95:8.0f} "
            f"{len(r.chat_calls) / r.seconds:6.1f} {most:6d} {beyond:5d} "
            f"{r.lost + r.unanswered:5d} {r.bot_cpu_s:6.1f}"
        )
    print()
    for r in results:
        lags = r.driver_lags_ms or [0.0]
        print(f"{r.name}: {r.updates} updates in {r.seconds:.1f} s; {len(r.chat_calls)} "
              f"requests to chats; {r.unanswered} unanswered, {r.lost} not handled; "
              f"{len(r.problems)} problems; {r.failed_posts} webhook posts refused; "
              f"this process's loop lag p99 {quantile(lags, 0.99):.0f} / max "
              f"{max(lags):.0f} ms")  # fmt: skip
        for summary in r.budgets:
            print(f"    {summary}")
        for problem in r.problems[:5]:
            print(f"    problem: {problem[:160]}")


async def main_async(args: argparse.Namespace) -> None:
    from inference.catalogue import Catalogue

    catalogue = await asyncio.to_thread(Catalogue.load, None)
    await create_database(args.postgres_url)
    try:
        await reset_schema(args.postgres_url)
        booking = await booking_cost(args.postgres_url)
        runs = [
            ("1 process, shared budget", 1, True),
            ("2 processes, shared budget", 2, True),
            ("2 processes, per-process limits", 2, False),
        ]
        results = []
        for name, processes, shared in runs:
            print(f"running: {name} …", flush=True)
            results.append(await run_once(name, processes, shared, args, catalogue))
    finally:
        await drop_database(args.postgres_url)
    print_results(results, args.rate, booking)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postgres-url", default=DEFAULT_URL)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--updates", type=int, default=10, help="updates per chat")
    parser.add_argument("--rate", type=float, default=30.0, help="RATE_LIMIT_PER_SECOND")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--answer-timeout", type=float, default=90.0)
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
