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
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun.scenario import (  # noqa: E402
    FEEDBACK_STEPS,
    GENERIC_ERRORS,
    STEP_FLOW,
    ChatPlan,
    LoadConfig,
    build_plan,
    fault_rules,
    poster_jpeg,
)
from bot.localapi import BotEvent, FaultInjector, FaultRule, LocalBotApiServer  # noqa: E402

# Verdicts on one bot event, for the step being waited on.
DONE, PART, OTHER, IGNORE = "done", "part", "other", "ignore"


@dataclass
class StepRecord:
    """One update a chat sent and what came of it."""

    name: str
    flow: str
    update_id: int
    sent_at: float
    done_at: float | None = None
    error_replies: int = 0
    unexpected: int = 0
    effects: list[list[Any]] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.done_at is not None

    @property
    def status(self) -> str:
        """ok, ok+error (answer and an error reply), error (error reply only), or lost."""
        if self.answered:
            return "ok+error" if self.error_replies else "ok"
        return "error" if self.error_replies else "lost"


class ChatRunner:
    """Plays one chat: sends each update, waits for its answer, remembers what it changed."""

    def __init__(
        self,
        server: LocalBotApiServer,
        plan: ChatPlan,
        config: LoadConfig,
        posters: list[bytes],
    ) -> None:
        self.plan = plan
        self.config = config
        self.posters = posters
        self.user = server.user(plan.user_id, language_code=plan.language, first_name="Bench")
        self.server = server
        self.steps: list[StepRecord] = []
        self.duplicates = 0
        self.late_events = 0
        self.problems: list[str] = []
        self._seen: dict[tuple[str, str, str], int] = {}
        # What earlier answers gave us to press next.
        self._lang_msg: int | None = None
        self._gender_msg: int | None = None
        self._candidates: deque[BotEvent] = deque()
        self._titles = deque(plan.titles)
        self._favourites: set[int] = set()
        self._progress_msg: int | None = None
        self._subs_msg: int | None = None
        self._cards: list[tuple[int, int]] = []
        self._footer: tuple[int, str] | None = None
        self._used_movies: set[int] = set()
        self._target: int | None = None
        self._expected_titles = 0
        self._titles_seen = 0
        self._counters: Counter[str] = Counter()

    async def run(self) -> None:
        """The whole script, closed loop."""
        await asyncio.sleep(self.plan.start_delay_s)
        think = random.Random(self.plan.user_id)
        for index, name in enumerate(self.plan.steps):
            if index and self.config.think_s:
                await asyncio.sleep(self.config.think_s * think.uniform(0.5, 1.5))
            await self._step(index, name)

    def _next(self, key: str, pool: list[str]) -> str:
        value = pool[self._counters[key] % len(pool)]
        self._counters[key] += 1
        return value

    def _send(self, name: str) -> tuple[str, int, list[list[Any]]] | None:
        """Send the update for step ``name``: (name, update_id, effects), None if impossible."""
        user, plan = self.user, self.plan
        if name == "start":
            return name, user.send("/start"), []
        if name == "lang" and self._lang_msg is not None:
            update = user.press_data(self._lang_msg, f"onb:lang:{plan.language}")
            return name, update, [["language", plan.language]]
        if name == "age":
            return name, user.send(str(plan.age)), [["age", plan.age]]
        if name == "gender" and self._gender_msg is not None:
            update = user.press_data(self._gender_msg, f"onb:gender:{plan.gender}")
            return name, update, [["gender", plan.gender]]
        if name.startswith("titles:"):
            count = int(name.split(":")[1])
            titles = [self._titles.popleft() for _ in range(min(count, len(self._titles)))]
            self._expected_titles, self._titles_seen = len(titles), 0
            return name, user.send("\n".join(titles)), []
        if name == "pick" and self._candidates:
            event = self._candidates.popleft()
            for label, data in event.buttons:
                movie = int(data.rsplit(":", 1)[1])
                if not label.startswith("⭐") and movie not in self._favourites:
                    self._favourites.add(movie)
                    update = user.press_data(event.message_id or 0, data)
                    return name, update, [["favourite", movie]]
            return None
        if name == "fav_done" and self._progress_msg is not None:
            return name, user.press_data(self._progress_msg, "onb:fav:done"), []
        if name == "sub" and self._subs_msg is not None:
            update = user.press_data(self._subs_msg, f"onb:sub:{plan.platform}")
            return name, update, [["subscription", plan.platform]]
        if name == "sub_done" and self._subs_msg is not None:
            return name, user.press_data(self._subs_msg, "onb:sub:done"), [["onboarded", True]]
        if name == "recommend":
            self._cards, self._footer = [], None
            return name, user.send("/recommend"), [["prediction", "recommend"]]
        if name in FEEDBACK_STEPS:
            for message_id, movie in self._cards:
                if movie not in self._used_movies:
                    self._used_movies.add(movie)
                    self._target = message_id
                    if name == "watchlist":
                        update = user.press_data(message_id, f"rec:wl:{movie}")
                        return name, update, [["watchlist", movie]]
                    update = user.press_data(message_id, f"rec:fb:{name}:{movie}")
                    return name, update, [["feedback", [movie, name]]]
            return None
        if name == "more" and self._footer is not None:
            message_id, data = self._footer
            self._cards, self._footer = [], None
            return name, user.press_data(message_id, data), [["prediction", "recommend"]]
        if name == "poster":
            data = self.posters[(plan.poster + self._counters["poster"]) % len(self.posters)]
            self._counters["poster"] += 1
            update = user.send_photo(data, width=600, height=900)
            return name, update, [["prediction", "poster"]]
        if name == "ost":
            return name, user.send(self._next("ost", plan.ost)), [["prediction", "ost"]]
        if name == "audience":
            return name, user.send("/audience"), []
        if name == "kobis":
            title = self._next("kobis", plan.kobis)
            return name, user.send(title), [["prediction", "audience"]]
        if name == "where":
            title = self._next("where", plan.where)
            question = (
                f"{title} 어디서 봐?" if plan.language == "ko" else (f"where can I watch {title}?")
            )
            return name, user.send(question), []
        if name == "help":
            return name, user.send("/help"), []
        if name == "profile":
            return name, user.send("/profile"), []
        return None

    async def _step(self, index: int, planned: str) -> None:
        sent_at = time.monotonic()
        sent = self._send(planned)
        if sent is None:  # what this step needed never arrived (only after a failure)
            sent = "fallback", self.user.send("/help"), []
            self.problems.append(f"step {index} {planned}: nothing to press, sent /help")
        name, update_id, effects = sent
        flow = STEP_FLOW[name.split(":")[0]]
        record = StepRecord(name, flow, update_id, sent_at, effects=effects)
        self.steps.append(record)
        deadline = sent_at + self.config.answer_timeout_s
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                event = await self.user.next_event(timeout=remaining)
            except TimeoutError:
                break
            if event.kind == "message" and event.text in GENERIC_ERRORS:
                # The bot gave up on this update; only a late original may still come.
                record.error_replies += 1
                deadline = min(deadline, time.monotonic() + self.config.error_grace_s)
                continue
            if self._is_duplicate(event, index, name):
                continue  # a retry's copy of an answer already seen: never this step's answer
            verdict = self._judge(name, event)
            if verdict == DONE:
                record.done_at = event.at
                break
            if verdict == OTHER:
                record.unexpected += 1
                if len(self.problems) < 5:
                    self.problems.append(
                        f"step {index} {name}: unexpected {event.method} {event.text[:80]!r}"
                    )
        if record.done_at is None and len(self.problems) < 5:
            self.problems.append(f"step {index} {name}: {record.status}")

    def _is_duplicate(self, event: BotEvent, step: int, name: str) -> bool:
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
        if earlier == step - 1 and self._same_request(step, name):
            return False
        self.duplicates += 1
        if len(self.problems) < 5:
            self.problems.append(f"step {step}: duplicate {event.method} {event.text[:60]!r}")
        return True

    def _same_request(self, step: int, name: str) -> bool:
        previous = self.steps[step - 1].name if 0 < step <= len(self.steps) else ""
        return {previous, name} <= {"help", "fallback"}

    def _judge(self, name: str, event: BotEvent) -> str:
        """Does ``event`` complete step ``name`` (DONE), belong to it (PART), or neither?"""
        kind = event.kind
        if kind in ("chat_action", "callback_answer", "delete"):
            return IGNORE
        data = [d for _, d in event.buttons]
        message = kind == "message"
        if name == "start" and message and any(d.startswith("onb:lang:") for d in data):
            self._lang_msg = event.message_id
            return DONE
        if name == "age" and message and any(d.startswith("onb:gender:") for d in data):
            self._gender_msg = event.message_id
            return DONE
        if name in ("lang", "gender", "pick", "sub_done") and message:
            if "onb:fav:done" in data:
                self._progress_msg = event.message_id
            return DONE
        if name == "fav_done" and message and "onb:sub:done" in data:
            self._subs_msg = event.message_id
            return DONE
        if name.startswith("titles:") and message:
            self._titles_seen += 1
            if any(d.startswith("onb:fav:add:") for d in data):
                self._candidates.append(event)
            return DONE if self._titles_seen >= self._expected_titles else PART
        if name == "sub" and kind == "edit" and event.message_id == self._subs_msg:
            return DONE
        if name in ("recommend", "more") and message:
            if "rec:new" in data:
                more = next((d for d in data if d.startswith("rec:more:")), None)
                self._footer = (event.message_id or 0, more) if more else None
                return DONE
            like = next((d for d in data if d.startswith("rec:fb:like:")), None)
            if like is not None:
                self._cards.append((event.message_id or 0, int(like.rsplit(":", 1)[1])))
                return PART
            if any(d.startswith("rec:only:") for d in data):
                return PART
        if name in FEEDBACK_STEPS and kind == "edit" and event.message_id == self._target:
            return DONE
        if name in ("poster", "ost", "kobis") and message and event.method == "sendPhoto":
            return DONE
        if name == "audience" and message and any(d.startswith("aud:") for d in data):
            return DONE
        if name == "profile" and message and any(d.startswith("prof:edit:") for d in data):
            return DONE
        if name in ("where", "help", "fallback") and message:
            return DONE
        return PART if kind == "edit" else OTHER

    async def drain(self) -> None:
        """Events that arrived after the chat's last step (late or duplicate answers)."""
        last = len(self.plan.steps) - 1
        while self.server.pending_events(self.user.id):
            event = await self.user.next_event(timeout=0.1)
            self.late_events += event.kind == "message"
            if event.kind == "message" and event.text in GENERIC_ERRORS and self.steps:
                self.steps[-1].error_replies += 1
            self._is_duplicate(event, last + 1, "")

    def result(self) -> dict[str, Any]:
        """JSON for the bot side."""
        return {
            "user_id": self.plan.user_id,
            "steps": [{**asdict(s), "status": s.status} for s in self.steps],
            "duplicates": self.duplicates,
            "late_events": self.late_events,
            "problems": self.problems,
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
