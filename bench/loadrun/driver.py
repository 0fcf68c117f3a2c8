"""The driver process: the local Bot API server and the simulated chats.

It stands in for Telegram and the users' phones, in a child process of the benchmark so that
its CPU work never shows up as the bot's loop lag.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun.matching import (  # noqa: E402
    ERROR,
    Attribution,
    ReplyMatcher,
    StepRecord,
    describe_event,
)
from bench.loadrun.scenario import (  # noqa: E402
    GENERIC_ERRORS,
    STEP_FLOW,
    ChatPlan,
    ChatScript,
    LoadConfig,
    build_plan,
    fault_rules,
    poster_jpeg,
)
from bot.localapi import BotEvent, FaultInjector, FaultRule, LocalBotApiServer  # noqa: E402

DUPLICATE = "duplicate"
MAX_PROBLEMS = 8  # per chat, in the result


class ChatRunner:
    """Plays one chat: sends each update of its plan, waits until every reply it expects has
    come (``bench.loadrun.matching``), and reads from them what to press next."""

    def __init__(
        self,
        server: LocalBotApiServer,
        plan: ChatPlan,
        config: LoadConfig,
        posters: list[bytes],
    ) -> None:
        self.plan = plan
        self.config = config
        self.user = server.user(plan.user_id, language_code=plan.language, first_name="Bench")
        self.server = server
        self.script = ChatScript(plan, posters)
        self.matcher = ReplyMatcher(is_error=lambda event: event.text in GENERIC_ERRORS)
        self.duplicates = 0
        self.late_events = 0
        self.problems: list[str] = []
        self.notes: list[str] = []
        self._duplicate_notes: list[str] = []
        self._seen: dict[tuple[str, str, str], int] = {}

    @property
    def steps(self) -> list[StepRecord]:
        """Every update sent so far, with what came of it."""
        return self.matcher.steps

    async def run(self) -> None:
        """The whole script, closed loop."""
        await asyncio.sleep(self.plan.start_delay_s)
        think = random.Random(self.plan.user_id)
        for index, name in enumerate(self.plan.steps):
            if index and self.config.think_s:
                await asyncio.sleep(self.config.think_s * think.uniform(0.5, 1.5))
            await self._step(index, name)
        self._note_problems()

    async def _step(self, index: int, planned: str) -> None:
        sent_at = time.monotonic()
        outgoing = self.script.outgoing(planned)
        if outgoing is None:  # what this step needed never arrived (only after a failure)
            outgoing = self.script.outgoing("fallback")
            assert outgoing is not None
            self.notes.append(f"step {index} {planned}: nothing to press, sent /help")
        elif outgoing.note:
            self.notes.append(f"step {index} {outgoing.note}")
        update_id = outgoing.send(self.user)
        record = StepRecord(
            outgoing.name,
            STEP_FLOW[outgoing.name.split(":")[0]],
            update_id,
            sent_at,
            effects=outgoing.effects,
            expect=outgoing.expect,
        )
        self.matcher.add(record)
        deadline = sent_at + self.config.answer_timeout_s
        while not record.complete and (remaining := deadline - time.monotonic()) > 0:
            try:
                event = await self.user.next_event(timeout=remaining)
            except TimeoutError:
                break
            attribution = self._feed(event, index)
            if attribution.outcome == ERROR and attribution.step == index:
                # The bot gave up on this update; only a late original may still come.
                deadline = min(deadline, time.monotonic() + self.config.error_grace_s)
        if record.complete:
            self.script.learn(record)
        else:
            record.gave_up = True

    def _feed(self, event: BotEvent, step: int) -> Attribution:
        """Give ``event`` to its step, unless it is a copy of an answer already seen."""
        if self._is_duplicate(event, step):
            return Attribution(DUPLICATE)
        return self.matcher.feed(event)

    def _is_duplicate(self, event: BotEvent, step: int) -> bool:
        """A message identical to one earlier in this step, or in the previous step, is a
        duplicate — one update never gets the same message twice — unless both steps asked the
        same thing (/help after /help has the same answer). Checked before the message may
        complete a step, so that a retry's late copy of the previous answer is not taken for
        this step's answer."""
        if event.kind != "message" or event.text in GENERIC_ERRORS:
            return False
        key = (event.method, event.text, json.dumps(event.buttons))
        earlier = self._seen.get(key)
        self._seen[key] = step
        if earlier is None or earlier < step - 1:
            return False
        if earlier == step - 1 and self._same_request(step):
            return False
        self.duplicates += 1
        self._duplicate_notes.append(f"step {step}: duplicate {describe_event(event)}")
        return True

    def _same_request(self, step: int) -> bool:
        names = {s.name for s in self.steps[max(0, step - 1) : step + 1]}
        return names <= {"help", "fallback"}

    async def drain(self) -> None:
        """Events that arrived after the chat's last step (late or duplicate answers)."""
        after_last = len(self.plan.steps)
        while self.server.pending_events(self.user.id):
            event = await self.user.next_event(timeout=0.1)
            self.late_events += event.kind == "message"
            self._feed(event, after_last)
        self._note_problems()

    def _note_problems(self) -> None:
        """Every step's problem in words, once all its replies could have come."""
        self.problems = list(self._duplicate_notes)
        for index, record in enumerate(self.steps):
            problem = record.problem()
            if problem:
                self.problems.append(f"step {index} {record.name}: {problem}")
        self.problems += [f"before any update: unexpected {o}" for o in self.matcher.orphans]

    def result(self) -> dict[str, Any]:
        """JSON for the bot side."""
        steps = [
            {
                "name": s.name,
                "flow": s.flow,
                "update_id": s.update_id,
                "sent_at": s.sent_at,
                "done_at": s.done_at,
                "late": s.late_at is not None,
                "error_replies": s.error_replies,
                "unexpected": len(s.unexpected),
                "extras": s.extras,
                "effects": s.effects,
                "status": s.status,
            }
            for s in self.steps
        ]
        return {
            "user_id": self.plan.user_id,
            "steps": steps,
            "duplicates": self.duplicates,
            "late_events": self.late_events,
            "problems": self.problems[:MAX_PROBLEMS],
            "problem_count": len(self.problems),
            "notes": self.notes,
        }


class RecordingInjector(FaultInjector):
    """The server's fault injector, also counting which methods each fault hit (a duplicate
    answer can only come from a late answer to a send)."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.by_method: Counter[str] = Counter()

    def pick(self, method: str) -> FaultRule | None:
        rule = super().pick(method)
        if rule is not None:
            self.by_method[f"{rule.kind} {method}"] += 1
        return rule


async def _command(expected: str) -> None:
    """Wait for a line from the bot side (the two processes' only handshake)."""
    line = (await asyncio.to_thread(sys.stdin.readline)).strip()
    if line != expected:
        raise SystemExit(f"driver: expected {expected!r} from the bot side, got {line!r}")


async def drive(config: LoadConfig) -> None:
    """The driver process: serve the Bot API, play every chat, write the results as JSON."""
    plans = build_plan(config)
    posters = [poster_jpeg(variant) for variant in range(3)]
    async with LocalBotApiServer(fault_seed=config.seed) as server:
        ready = {
            "token": server.token,
            "base_url": server.base_url,
            "base_file_url": server.base_file_url,
        }
        print("READY " + json.dumps(ready), flush=True)
        await _command("go")
        injector = RecordingInjector(config.seed)
        server.faults = injector
        for rule in fault_rules(config.faults, config.slow_delay_s) if config.faults else []:
            server.faults.add(rule)
        calls_before = dict(server.method_calls)
        runners = [ChatRunner(server, plan, config, posters) for plan in plans]
        # The driver stands in for Telegram's servers and the users' phones. Its own garbage
        # collector walks every message it has stored (a 200 ms pause was seen), which would
        # be charged to the bot as latency; so it does not collect during the run, and its
        # loop lag is reported to show that the stand-in was never the bottleneck.
        gc.freeze()
        gc.disable()
        probe = LagProbe()
        probe.start()
        cpu_before, started = os.times(), time.monotonic()
        await asyncio.gather(*(runner.run() for runner in runners))
        finished, cpu_after = time.monotonic(), os.times()
        await probe.stop()
        gc.enable()
        server.faults.clear()
        # Let late answers (a slow call the server still carried out) arrive before counting.
        await asyncio.sleep(config.slow_delay_s + 1.0 if config.faults else 0.5)
        for runner in runners:
            await runner.drain()
        calls = {
            method: count - calls_before.get(method, 0)
            for method, count in server.method_calls.items()
            if method != "getUpdates" and count - calls_before.get(method, 0)
        }
        result = {
            "seconds": finished - started,
            "started_at": started,
            "driver_cpu_s": (cpu_after.user + cpu_after.system)
            - (cpu_before.user + cpu_before.system),
            "driver_lags_ms": probe.lags_ms,
            "server_calls": calls,
            "faults_fired": {str(kind): n for kind, n in server.faults.fired.items()},
            "faults_by_method": dict(injector.by_method),
            "chats": [runner.result() for runner in runners],
        }
        Path(config.result_path).write_text(json.dumps(result), encoding="utf-8")
        print("DONE", flush=True)
        await _command("release")
        await server.release_pollers()
        print("RELEASED", flush=True)
        await _command("quit")


class LagProbe:
    """Sleeps 10 ms over and over on the bot's loop and records how late each wake-up is."""

    def __init__(self, interval_s: float = 0.010) -> None:
        self.interval_s = interval_s
        self.lags_ms: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval_s)
            self.lags_ms.append((time.perf_counter() - before - self.interval_s) * 1000)

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
