"""Load benchmark: many chats, each a realistic session, through the local Bot API server.

    python -m bench.load [--database sqlite|postgres|both] [--chats 100] [--updates 20]
                         [--faults 0.0] [--seed 7] [--postgres-url URL] [--think 0]
                         [--slow-callback-ms 0]

What it does. ``--chats`` simulated users each send ``--updates`` updates, closed loop (a chat
sends its next update when the answer to the previous one has arrived), chats starting
staggered over ``--ramp`` seconds. Onboarding alone is 20 updates (language, age, gender,
ten favourites typed three or four titles per message and each picked from its buttons,
Done, a subscription, Done), so one chat cannot also try every feature within 20 updates:
``--new-users`` of the chats (30 % by default) are newcomers who onboard; the others are
returning users (profile, ten favourites and a subscription written through the bot's own
repository before the run, as if they had onboarded yesterday) who use the features in a
seeded random order: /recommend with 👍 👎 ✓ ➕ and ➡ More, a 600×900 poster photo, a line
of OST audio features, /audience with a KOBIS title, where-to-watch questions, /help and
/profile — in English or Korean.

Why two processes. The bot runs in this process (exactly ``build_application`` and
``start_application`` as ``python -m bot --mode polling`` runs them, ``gc.freeze`` included),
with a probe task on its event loop that sleeps 10 ms again and again and records how late it
wakes up: if inference or anything else blocked the loop, the probe sees it. The local Bot API
server and the simulated chats run in a child process (``--driver``), so the driver's own CPU
work does not show up as the bot's loop lag.

What it prints: total time and throughput; p50/p95/p99 reply latency per flow (text, poster,
recommendation, OST, audience, button) with the targets; the loop lag; errors (any update
without its expected answer within the time-out, any ERROR log record of the bot, any generic
error reply); and then the database, checked against what the chats did: every update_id sent
stored exactly once in ``inbound_messages``, and profiles, favourites, subscriptions, feedback,
watchlist and prediction rows equal to what the chats did.

``--faults F`` makes the server fail a fraction F of the bot's Bot API calls (getUpdates
excepted), an even mix of 429 (retry_after 1 s), 500, answers later than the bot's read
time-out (``FaultKind.LATE``: the server carries the call out at once and answers after the
time-out, so the message is delivered although the bot sees a time-out — the case in which a
retry shows the user a message twice) and dropped connections. The bot's read time-out is then
3 s (``--read-timeout``), so a late answer costs seconds, not tens of seconds. The report says
how many answers were delivered of those expected, how many answers users saw twice, which
rows were stored twice, and how often the bot retried a call (counted on every attempt that
passes through the bot's rate limiter, where PTB and CineMate retry).

``--think S`` paces each chat like a person (a pause of 0.5–1.5 S after each answer: reading,
typing, picking a photo) and spreads the chats' first messages over S seconds, as users arrive
at a steady state; that is the mode the latency targets are judged in. By default the loop is
closed with no pause and the chats start within 2 s (a flash crowd), so with 100 chats the
latency is mostly queueing (mean latency = chats / throughput) and the figure that matters is
the throughput. Besides the per-flow table the report gives p50/p95 per step (which step makes
a flow's tail) and how long the bot's Bot API calls took, and the driver's own loop lag: the
driver stands in for Telegram, so it must never be the slow side (it does not collect garbage
during the run; a 200 ms collector pause there once showed up as bot latency).
``--slow-callback-ms N`` turns on asyncio's debug mode and lists the callbacks that held the
bot's loop longer than N ms (diagnosis only: debug mode slows the bot). Logs go to ``var/bench/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import json
import logging
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Light imports only at module level: the driver process needs no model, framework or database.
from bot.localapi import (  # noqa: E402
    BotEvent,
    FaultInjector,
    FaultKind,
    FaultRule,
    LocalBotApiServer,
)
from handlers.shared.i18n import LANGUAGES, t  # noqa: E402
from tests.conftest import FAVOURITE_TITLES  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/cinemate_bench"
# The tests drop this database's schema; the benchmark must never share it.
RESERVED_DATABASES = frozenset({"test"})

# -- what the simulated users say ---------------------------------------------------------------

FAVOURITE_POOL = (
    *FAVOURITE_TITLES,  # the tests' ten, whose first search candidate is the intended film
    "Amelie",
    "Heat",
    "Alien",
    "Fargo",
    "Gladiator",
    "Braveheart",
    "Goodfellas",
    "Casablanca",
    "Jaws",
    "Memento",
)
WHERE_POOL = (
    "Toy Story",
    "The Matrix",
    "Heat",
    "Titanic",
    "Fargo",
    "Alien",
    "Pulp Fiction",
    "Inception",
    "Jaws",
    "Shrek",
)
KOBIS_TITLES = ("범죄도시2", "기생충", "극한직업")
OST_LINES = {
    "en": (
        "energy 0.8 valence 0.3 tempo 120 danceability 0.5 loudness -6 acousticness 0.1",
        "danceability 0.7 energy 0.6 loudness -8 acousticness 0.3 valence 0.8 tempo 100",
        "tempo 80 energy 0.2 valence 0.2 acousticness 0.9 danceability 0.3 loudness -14",
    ),
    "ko": (
        "댄스 70 에너지 80 음량 -7 어쿠스틱 20 밝기 40 템포 120",
        "에너지 30 밝기 20 템포 75 어쿠스틱 85 댄스 35 음량 -12",
        "템포 128 에너지 90 댄스 80 밝기 70 음량 -5 어쿠스틱 5",
    ),
}
SEED_PLATFORMS = ("netflix", "disney_plus", "watcha", "tving", "prime_video", "wavve")
GENDERS = ("female", "male", "other")

# Onboarding in exactly 20 updates: /start, language, age, gender, then ten favourites typed
# 4 + 3 + 3 titles per message, each list answered by pressing one candidate, Done, one
# subscription, Done.
ONBOARDING = (
    "start",
    "lang",
    "age",
    "gender",
    "titles:4",
    *("pick",) * 4,
    "titles:3",
    *("pick",) * 3,
    "titles:3",
    *("pick",) * 3,
    "fav_done",
    "sub",
    "sub_done",
)
# Feature episodes of a returning user; every one appears once before any repeats.
EPISODES: dict[str, tuple[str, ...]] = {
    "rec": ("recommend", "like", "dislike", "watchlist", "more"),
    "rec_short": ("recommend", "watched", "like"),
    "poster": ("poster",),
    "ost": ("ost",),
    "aud": ("audience", "kobis"),
    "where": ("where",),
    "help": ("help",),
    "profile": ("profile",),
}
MANDATORY_EPISODES = ("rec", "poster", "ost", "aud", "where", "help", "profile")
FILLER_WEIGHTS = {"rec_short": 3, "where": 3, "poster": 2, "ost": 2, "aud": 1, "help": 1}

FLOWS = ("text", "poster", "recommendation", "ost", "audience", "button")
STEP_FLOW = {
    "start": "text",
    "age": "text",
    "titles": "text",
    "audience": "text",
    "where": "text",
    "help": "text",
    "profile": "text",
    "fallback": "text",
    "lang": "button",
    "gender": "button",
    "pick": "button",
    "fav_done": "button",
    "sub": "button",
    "sub_done": "button",
    "like": "button",
    "dislike": "button",
    "watched": "button",
    "watchlist": "button",
    "recommend": "recommendation",
    "more": "recommendation",
    "poster": "poster",
    "ost": "ost",
    "kobis": "audience",
}
FEEDBACK_STEPS = ("like", "dislike", "watched", "watchlist")
TARGET_P95_MS = {"text": 50.0, "poster": 200.0, "recommendation": 150.0}
GENERIC_ERRORS = frozenset(
    t(language, key) for language in LANGUAGES for key in ("error.generic", "error.storage_busy")
)

# Verdicts on one bot event, for the step being waited on.
DONE, PART, OTHER, IGNORE = "done", "part", "other", "ignore"


# -- configuration and the plan (computed identically in both processes) ------------------------


@dataclass
class LoadConfig:
    """Everything both processes need; passed to the driver as JSON."""

    database: str
    database_url: str
    chats: int
    updates: int
    faults: float
    seed: int
    new_share: float
    ramp_s: float
    answer_timeout_s: float
    read_timeout_s: float
    think_s: float = 0.0
    slow_callback_ms: float = 0.0
    result_path: str = ""

    @property
    def slow_delay_s(self) -> float:
        """A "slow" (LATE) fault answers this late: beyond the bot's read time-out."""
        return self.read_timeout_s + 1.0

    @property
    def error_grace_s(self) -> float:
        """After an error reply, how long a late expected answer may still arrive."""
        return self.slow_delay_s + 1.0 if self.faults else 1.0


@dataclass
class ChatPlan:
    """One simulated user: who they are and the updates they will send, in order."""

    index: int
    user_id: int
    language: str
    new: bool
    start_delay_s: float
    steps: list[str]
    age: int
    gender: str
    platform: str
    titles: list[str]
    seed_titles: list[str]
    seed_platforms: list[str]
    where: list[str]
    kobis: list[str]
    ost: list[str]
    poster: int


def _feature_steps(rng: random.Random, budget: int) -> list[str]:
    """Episodes in random order, never the same kind twice in a row (so that two identical
    answers in adjacent steps can only be a duplicate), cut to ``budget`` updates."""
    if budget <= 0:
        return []
    episodes = list(MANDATORY_EPISODES)
    rng.shuffle(episodes)
    steps: list[str] = []
    previous = ""
    for episode in episodes:
        steps += EPISODES[episode]
        previous = episode
    names = list(FILLER_WEIGHTS)
    weights = [FILLER_WEIGHTS[n] for n in names]
    while len(steps) < budget:
        episode = rng.choices(names, weights)[0]
        if episode.split("_")[0] == previous.split("_")[0]:
            continue
        steps += EPISODES[episode]
        previous = episode
    return steps[:budget]


def build_plan(config: LoadConfig) -> list[ChatPlan]:
    """Every chat's script, from the seed alone (the bot side re-computes it to seed users)."""
    rng = random.Random(config.seed)
    newcomers = round(config.chats * config.new_share)
    flags = [i < newcomers for i in range(config.chats)]
    rng.shuffle(flags)
    plans = []
    for index, new in enumerate(flags):
        language = "ko" if rng.random() < 0.4 else "en"
        onboarding = list(ONBOARDING[: config.updates]) if new else []
        steps = onboarding + _feature_steps(rng, config.updates - len(onboarding))
        titles = rng.sample(FAVOURITE_POOL, 10)
        plans.append(
            ChatPlan(
                index=index,
                user_id=900_000 + index,
                language=language,
                new=new,
                start_delay_s=rng.uniform(0.0, config.ramp_s),
                steps=steps,
                age=rng.randint(16, 70),
                gender=rng.choice(GENDERS),
                platform=rng.choice(SEED_PLATFORMS),
                titles=titles,
                seed_titles=rng.sample(FAVOURITE_POOL, len(FAVOURITE_POOL)),
                seed_platforms=sorted(rng.sample(SEED_PLATFORMS, rng.randint(1, 2))),
                where=rng.sample(WHERE_POOL, len(WHERE_POOL)),
                kobis=rng.sample(KOBIS_TITLES, len(KOBIS_TITLES)),
                ost=rng.sample(OST_LINES[language], len(OST_LINES[language])),
                poster=rng.randrange(3),
            )
        )
    return plans


def scripted_chat(user_id: int, steps: list[str], language: str = "en") -> ChatPlan:
    """One chat with a fixed script and no start delay (for other benchmarks)."""
    return ChatPlan(
        index=0,
        user_id=user_id,
        language=language,
        new=True,
        start_delay_s=0.0,
        steps=steps,
        age=27,
        gender="female",
        platform="netflix",
        titles=list(FAVOURITE_POOL[:10]),
        seed_titles=[],
        seed_platforms=[],
        where=list(WHERE_POOL),
        kobis=list(KOBIS_TITLES),
        ost=list(OST_LINES[language]),
        poster=0,
    )


def fault_rules(fraction: float, slow_delay_s: float) -> list[FaultRule]:
    """An even mix of the four faults adding up to ``fraction`` of the calls.

    The injector tries rules in order, so each rule's rate is conditional on the earlier ones
    not having fired: share / (1 - shares before it). "Slow beyond the time-out" is LATE (the
    server acts on the call at once and answers after the bot's read time-out), because that is
    the case where Telegram did send the message and a retry sends it again; SLOW past the
    time-out is never carried out (the client is gone before the body is read), the same as a
    dropped connection.
    """
    kinds = (FaultKind.RATE_LIMIT, FaultKind.SERVER_ERROR, FaultKind.LATE, FaultKind.DROP)
    share = fraction / len(kinds)
    rules = []
    for position, kind in enumerate(kinds):
        rate = share / (1.0 - position * share)
        rules.append(FaultRule(kind, rate=rate, retry_after=1, delay_s=slow_delay_s))
    return rules


def poster_jpeg(variant: int, size: tuple[int, int] = (600, 900)) -> bytes:
    """A poster-like JPEG: sky gradient, film grain, silhouettes, a title block and credits."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(1000 + variant)
    width, height = size
    top = tuple(rng.randrange(0, 90) for _ in range(3))
    bottom = tuple(rng.randrange(120, 255) for _ in range(3))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([(width * 0.55, 80), (width * 0.85, 80 + width * 0.3)], fill=(250, 230, 170))
    for _ in range(5):  # skyline / figures
        x = rng.randrange(0, width - 120)
        w, h = rng.randrange(60, 160), rng.randrange(200, 520)
        draw.rectangle([(x, height - h), (x + w, height)], fill=(15, 15, 25))
    draw.ellipse([(width * 0.35, height * 0.45), (width * 0.6, height * 0.62)], fill=(30, 20, 20))
    draw.polygon(
        [(width * 0.3, height), (width * 0.47, height * 0.6), (width * 0.65, height)],
        fill=(30, 20, 20),
    )
    grain = Image.effect_noise(size, 48).convert("RGB")
    image = Image.blend(image, grain, 0.12).filter(ImageFilter.GaussianBlur(0.7))
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=68)
    small_font = ImageFont.load_default(size=20)
    draw.text((40, 40), ("NIGHT", "RIVER", "ECHOES")[variant % 3], font=title_font, fill="white")
    draw.text((40, 120), "A FILM BY JANE DOE", font=small_font, fill=(230, 230, 230))
    draw.text((40, height - 60), "IN CINEMAS THIS SUMMER", font=small_font, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


# -- driver: the local server and the simulated chats (child process) --------------------------


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


# -- bot side: the bot in this process, the loop-lag probe, call and log counters ----------------


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
            "bench.load",
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
    seeds = await seed_returning_users(application, plans)
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
    return {
        "startup_s": startup_s,
        "seeds": seeds,
        "lags_ms": probe.lags_ms,
        "bot_cpu_s": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "bot_wall_s": wall,
        "calls": calls if has_limiter else None,
        "inner_network_retries": inner_retries,
        "log": counter,
    }


# -- the database after the run ----------------------------------------------------------------


async def read_database(url: str) -> dict[str, Any]:
    """The rows the checks compare, keyed by Telegram user id."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    rows: dict[str, Any] = {}
    async with engine.connect() as conn:

        async def query(sql: str) -> list[Any]:
            return list((await conn.execute(text(sql))).all())

        owner = "JOIN users u ON u.id = x.user_id"
        rows["inbound"] = await query(
            "SELECT update_id, count(*) FROM inbound_messages GROUP BY update_id"
        )
        rows["profile"] = await query(
            "SELECT u.telegram_id, u.language, p.age, p.gender, p.onboarded_at IS NOT NULL "
            "FROM users u LEFT JOIN profiles p ON p.user_id = u.id"
        )
        rows["favourite"] = await query(
            f"SELECT u.telegram_id, x.movie_id FROM favourites x {owner}"
        )
        rows["subscription"] = await query(
            f"SELECT u.telegram_id, x.platform FROM subscriptions x {owner}"
        )
        rows["feedback"] = await query(
            f"SELECT u.telegram_id, x.movie_id, x.kind FROM feedback x {owner}"
        )
        rows["watchlist"] = await query(
            f"SELECT u.telegram_id, x.movie_id FROM watchlist x {owner}"
        )
        rows["prediction"] = await query(
            f"SELECT u.telegram_id, x.capability, count(*) FROM predictions x {owner} "
            "GROUP BY u.telegram_id, x.capability"
        )
    await engine.dispose()
    return rows


@dataclass
class TableCheck:
    """One table compared with what the chats did (confirmed ⊆ stored ⊆ attempted)."""

    name: str
    rows: int = 0
    chats_ok: int = 0
    chats: int = 0
    missing: int = 0  # confirmed to the user but not stored
    unexpected: int = 0  # stored but never asked for (or stored more often than asked)
    unconfirmed_stored: int = 0  # asked for, stored, but the user got no confirmation

    def line(self) -> str:
        verdict = "✓" if self.missing == 0 and self.unexpected == 0 else "✗"
        extra = (
            f", stored without the user seeing the answer {self.unconfirmed_stored}"
            if self.unconfirmed_stored
            else ""
        )
        return (
            f"  {self.name:<14} {self.rows:>6} rows  chats matching {self.chats_ok}/{self.chats}  "
            f"missing {self.missing}  unexpected/extra {self.unexpected}{extra}  {verdict}"
        )


def check_rows(
    plans: list[ChatPlan], result: dict[str, Any], rows: dict[str, Any], seeds: dict[int, Any]
) -> tuple[list[TableCheck], dict[str, int]]:
    """Compare every table with what each chat did; and the message log with the update ids."""
    sent = [s["update_id"] for chat in result["chats"] for s in chat["steps"]]
    stored = {int(update_id): int(n) for update_id, n in rows["inbound"]}
    inbound = {
        "sent": len(sent),
        "stored": sum(stored.values()),
        "missing": len(set(sent) - stored.keys()),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "extra": len(stored.keys() - set(sent)),
        "sent_twice": len(sent) - len(set(sent)),
    }
    confirmed: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(set))
    attempted: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(set))
    predictions_ok: dict[int, Counter[str]] = defaultdict(Counter)
    predictions_sent: dict[int, Counter[str]] = defaultdict(Counter)
    for chat in result["chats"]:
        user = chat["user_id"]
        for key, value in seeds.get(user, {}).items():
            for target in (confirmed[user], attempted[user]):
                target[key] = set(value) if isinstance(value, set) else {value}
        for step in chat["steps"]:
            answered = step["done_at"] is not None
            for key, value in step["effects"]:
                value = tuple(value) if isinstance(value, list) else value
                if key == "prediction":
                    predictions_sent[user][value] += 1
                    predictions_ok[user][value] += answered
                    continue
                scalar = key in ("language", "age", "gender", "onboarded")
                if scalar:  # the latest answer replaces the earlier one
                    attempted[user][key] = {*attempted[user][key], value}
                    if answered:
                        confirmed[user][key] = {value}
                else:
                    attempted[user][key].add(value)
                    if answered:
                        confirmed[user][key].add(value)

    users = [plan.user_id for plan in plans]
    actual: dict[int, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for telegram_id, language, age, gender, onboarded in rows["profile"]:
        for key, value in (
            ("language", language),
            ("age", age),
            ("gender", gender),
            ("onboarded", bool(onboarded) or None),
        ):
            if value is not None:
                actual[int(telegram_id)][key] = {value}
    for telegram_id, movie in rows["favourite"]:
        actual[int(telegram_id)]["favourite"].add(int(movie))
    for telegram_id, platform in rows["subscription"]:
        actual[int(telegram_id)]["subscription"].add(platform)
    for telegram_id, movie, kind in rows["feedback"]:
        actual[int(telegram_id)]["feedback"].add((int(movie), kind))
    for telegram_id, movie in rows["watchlist"]:
        actual[int(telegram_id)]["watchlist"].add(int(movie))

    checks = []
    groups = {
        "profile": ("language", "age", "gender", "onboarded"),
        "favourites": ("favourite",),
        "subscriptions": ("subscription",),
        "feedback": ("feedback",),
        "watchlist": ("watchlist",),
    }
    for name, keys in groups.items():
        check = TableCheck(name, chats=len(users))
        for user in users:
            good = True
            if name == "profile":
                check.rows += any(actual[user][key] for key in keys)
            for key in keys:
                have, sure, tried = actual[user][key], confirmed[user][key], attempted[user][key]
                if name == "profile":
                    # A scalar holds the value the user saw confirmed, or (after a failure) one
                    # the user sent without seeing its confirmation.
                    if have == sure:
                        continue
                    if not have:
                        check.missing += 1
                    elif have <= tried:
                        check.unconfirmed_stored += 1
                        continue
                    else:
                        check.unexpected += 1
                    good = False
                    continue
                check.rows += len(have)
                check.missing += len(sure - have)
                check.unexpected += len(have - tried)
                check.unconfirmed_stored += len((have & tried) - sure)
                good &= sure <= have <= tried
            check.chats_ok += good
        checks.append(check)

    predictions = TableCheck("predictions", chats=len(users))
    stored_predictions: dict[int, Counter[str]] = defaultdict(Counter)
    for telegram_id, capability, count in rows["prediction"]:
        stored_predictions[int(telegram_id)][capability] = int(count)
    for user in users:
        have, sure, tried = stored_predictions[user], predictions_ok[user], predictions_sent[user]
        good = True
        for capability in set(have) | set(tried):
            predictions.rows += have[capability]
            predictions.missing += max(0, sure[capability] - have[capability])
            predictions.unexpected += max(0, have[capability] - tried[capability])
            predictions.unconfirmed_stored += max(
                0, min(have[capability], tried[capability]) - sure[capability]
            )
            good &= sure[capability] <= have[capability] <= tried[capability]
        predictions.chats_ok += good
    checks.append(predictions)
    return checks, inbound


# -- the report --------------------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (no interpolation: every figure is a latency that happened)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))]


def print_report(
    config: LoadConfig,
    plans: list[ChatPlan],
    result: dict[str, Any],
    rows: dict[str, Any],
    bot: dict[str, Any],
    bot_log: Path,
) -> None:
    """Everything on stdout, targets beside the figures."""
    chats = result["chats"]
    steps = [s for chat in chats for s in chat["steps"]]
    newcomers = sum(plan.new for plan in plans)
    print()
    print(
        f"== CineMate load: {config.chats} chats × {config.updates} updates, "
        f"{config.database}, faults {config.faults:.0%}, seed {config.seed}, "
        f"{os.cpu_count()} CPUs =="
    )
    print(
        f"chats: {newcomers} newcomers onboarding, {config.chats - newcomers} returning users "
        f"(onboarded before the run); start staggered over {config.ramp_s:g} s; "
        + (f"think {config.think_s:g} s; " if config.think_s else "closed loop, no think time; ")
        + f"answer time-out {config.answer_timeout_s:g} s; bot read time-out "
        f"{config.read_timeout_s:g} s"
    )
    print(
        f"bot start-up in this process (migrations, every model and table): "
        f"{bot['startup_s']:.2f} s"
    )
    seconds = result["seconds"]
    print(
        f"total {len(steps)} updates in {seconds:.1f} s → {len(steps) / seconds:.1f} updates/s  "
        f"(bot CPU {bot['bot_cpu_s']:.1f} s = {bot['bot_cpu_s'] / bot['bot_wall_s']:.2f} cores; "
        f"driver CPU {result['driver_cpu_s']:.1f} s)"
    )
    if not config.think_s:
        # Closed loop: every chat always has one update in flight, so the mean latency is the
        # number of chats over the throughput (Little's law), whatever the per-update cost.
        print(
            f"closed loop at saturation: mean latency ≈ chats / throughput = "
            f"{config.chats / (len(steps) / seconds) * 1000:.0f} ms"
        )
    mix = Counter(s["name"].split(":")[0] for s in steps)
    print("mix: " + ", ".join(f"{name} {n}" for name, n in mix.most_common()))

    print()
    by_flow: dict[str, list[float]] = defaultdict(list)
    by_step: dict[str, list[float]] = defaultdict(list)
    for s in steps:
        if s["done_at"] is not None:
            latency = (s["done_at"] - s["sent_at"]) * 1000
            by_flow[s["flow"]].append(latency)
            by_step[s["name"].split(":")[0]].append(latency)
    print("reply latency per flow, ms (answered updates; send → the answer's last message)")
    print(f"  {'flow':<15}{'n':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}   target p95")
    for flow in FLOWS:
        latencies = by_flow[flow]
        if not latencies:
            print(f"  {flow:<15}{0:>6}")
            continue
        p95 = quantile(latencies, 0.95)
        target = TARGET_P95_MS.get(flow)
        verdict = "" if target is None else f"≤ {target:g} {'✓' if p95 <= target else '✗'}"
        print(
            f"  {flow:<15}{len(latencies):>6}{quantile(latencies, 0.5):>9.1f}{p95:>9.1f}"
            f"{quantile(latencies, 0.99):>9.1f}{max(latencies):>9.1f}   {verdict}"
        )

    print(
        "  by step, p50/p95: "
        + ", ".join(
            f"{name} {quantile(v, 0.5):.0f}/{quantile(v, 0.95):.0f}"
            for name, v in sorted(by_step.items(), key=lambda kv: -quantile(kv[1], 0.95))
        )
    )
    calls: CallCounter | None = bot["calls"]
    if calls is not None and calls.durations_ms:
        print(
            "  Bot API calls seen from the bot (limiter + retries + HTTP + parsing), p50/p99 ms: "
            + ", ".join(
                f"{endpoint} {quantile(v, 0.5):.1f}/{quantile(v, 0.99):.1f}"
                for endpoint, v in sorted(calls.durations_ms.items(), key=lambda kv: -len(kv[1]))
                if len(v) >= 20
            )
        )

    lags = bot["lags_ms"]
    if lags:
        print()
        print(
            f"bot event-loop lag (10 ms sleeps, n={len(lags)}): p50 {quantile(lags, 0.5):.1f} ms, "
            f"p99 {quantile(lags, 0.99):.1f} ms, max {max(lags):.1f} ms; "
            f"wake-ups > 50 ms late: {sum(lag > 50 for lag in lags)}, "
            f"> 100 ms: {sum(lag > 100 for lag in lags)}"
        )
    driver_lags = result.get("driver_lags_ms") or []
    if driver_lags:
        print(
            f"driver (local Bot API server + chats) loop lag: p99 "
            f"{quantile(driver_lags, 0.99):.1f} ms, max {max(driver_lags):.1f} ms"
        )
    log: LogCounter = bot["log"]
    if config.slow_callback_ms:
        print(
            f"callbacks that held the loop > {config.slow_callback_ms:g} ms (asyncio debug): "
            f"{len(log.slow_callbacks)}"
        )
        for line in sorted(log.slow_callbacks, reverse=True)[:8]:
            print(f"    {line}")

    statuses = Counter(s["status"] for s in steps)
    unanswered = statuses["lost"] + statuses["error"]
    error_replies = sum(s["error_replies"] for s in steps)
    unexpected = sum(s["unexpected"] for s in steps)
    fallbacks = sum(s["name"] == "fallback" for s in steps)
    duplicates = sum(chat["duplicates"] for chat in chats)
    error_records = log.levels["ERROR"] + log.levels["CRITICAL"]
    errors = unanswered + error_replies + error_records + unexpected + duplicates
    print()
    if not config.faults:
        print(
            f"errors: {errors} (target 0) {'✓' if errors == 0 else '✗'} — updates without their "
            f"answer {unanswered}, generic error replies {error_replies}, ERROR log records "
            f"{error_records}, unexpected replies {unexpected}, duplicate answers {duplicates}; "
            f"also steps that had nothing to press {fallbacks}, WARNING records "
            f"{log.levels['WARNING']}"
        )
    else:
        _print_fault_report(config, result, bot, steps, statuses, duplicates, unexpected)
        print(
            f"  generic error replies {error_replies}, ERROR log records {error_records}, "
            f"steps that had nothing to press (an earlier answer missing) {fallbacks}"
        )
    if log.errors:
        print("  ERROR records (most frequent):")
        for message, n in log.errors.most_common(6):
            print(f"    {n:>5} × {message}")
    problems = [
        f"chat {chat['user_id']}: {problem}" for chat in chats for problem in chat["problems"]
    ]
    if problems:
        print(f"  first problems seen by the chats ({len(problems)} noted):")
        for problem in problems[:8]:
            print(f"    {problem}")
    print(f"  bot log: {bot_log}")

    checks, inbound = check_rows(plans, result, rows, bot["seeds"])
    print()
    ok_inbound = inbound["missing"] == 0 and inbound["duplicated"] == 0 and inbound["extra"] == 0
    print(
        f"database: message log — {inbound['sent']} update_ids sent, {inbound['stored']} rows; "
        f"missing {inbound['missing']}, stored twice {inbound['duplicated']}, extra "
        f"{inbound['extra']} (target 0 / 0 / 0) {'✓' if ok_inbound else '✗'}"
    )
    print("database: rows vs what the chats did (stored ⊇ confirmed to the user, ⊆ asked for)")
    for check in checks:
        print(check.line())
    lost_rows = sum(c.missing for c in checks) + inbound["missing"]
    twice = inbound["duplicated"] + sum(c.unexpected for c in checks)
    print(
        f"lost rows {lost_rows}, rows stored twice or unasked {twice} (target 0, 0) "
        f"{'✓' if lost_rows == 0 and twice == 0 else '✗'}"
    )


def _print_fault_report(
    config: LoadConfig,
    result: dict[str, Any],
    bot: dict[str, Any],
    steps: list[dict[str, Any]],
    statuses: Counter[str],
    duplicates: int,
    unexpected: int,
) -> None:
    fired = result["faults_fired"]
    calls = sum(result["server_calls"].values())
    print(
        f"fault bench: {sum(fired.values())} of {calls} Bot API calls failed on purpose "
        f"(getUpdates excepted): 429 ×{fired.get('429', 0)}, 500 ×{fired.get('500', 0)}, "
        f"carried out but answered {config.slow_delay_s:g} s late (> {config.read_timeout_s:g} s "
        f"time-out) ×{fired.get('late', 0)}, dropped ×{fired.get('drop', 0)}"
    )
    delivered = statuses["ok"] + statuses["ok+error"]
    print(
        f"answers delivered: {delivered} of {len(steps)} expected ({delivered / len(steps):.1%}); "
        f"of those, with an error reply as well {statuses['ok+error']}; undelivered: "
        f"error reply only {statuses['error']}, nothing at all {statuses['lost']}"
    )
    by_flow = defaultdict(lambda: [0, 0])
    for step in steps:
        by_flow[step["flow"]][0] += step["done_at"] is not None
        by_flow[step["flow"]][1] += 1
    print(
        "  delivered per flow: "
        + ", ".join(f"{flow} {ok}/{n}" for flow, (ok, n) in sorted(by_flow.items()))
    )
    by_method = result.get("faults_by_method", {})
    late_sends = sum(
        n
        for key, n in by_method.items()
        if key in ("late sendMessage", "late sendPhoto", "late sendDocument")
    )
    print(
        f"duplicate answers seen by users: {duplicates} (late answers to a send: {late_sends}, "
        f"each shows the user its message twice once the bot sends it again); unexpected "
        f"replies (a late original arriving during the next step): {unexpected}"
    )
    print(
        "  faults by method: "
        + ", ".join(f"{key} {n}" for key, n in sorted(by_method.items(), key=lambda kv: -kv[1]))
    )
    calls_counter: CallCounter | None = bot["calls"]
    if calls_counter is None:
        print("retries: the bot has no rate limiter to count them in")
        return
    retries = sum(calls_counter.retried_after.values())
    after = ", ".join(f"{k} {n}" for k, n in calls_counter.retried_after.most_common()) or "none"
    gave_up = ", ".join(f"{k} {n}" for k, n in calls_counter.gave_up_after.most_common()) or "none"
    inner = bot["inner_network_retries"]
    print(
        f"retries: {calls_counter.calls} Bot API calls, {calls_counter.attempts} attempts → "
        f"{retries} retries (after {after})"
        + ("" if inner is None else f"; the retry layer's own count of network retries: {inner}")
    )
    print(
        f"  calls that failed for good (the exception reached CineMate's code, which may "
        f"tolerate it): {sum(calls_counter.failed_calls.values())} (last failure: {gave_up})"
    )
    if calls_counter.absorbed:
        print(
            "  retries that found the first attempt already carried out, taken as done: "
            + ", ".join(f"{k} {n}" for k, n in calls_counter.absorbed.most_common())
        )
    if calls_counter.failed_after_retry:
        print(
            "  of which failed on a retry: "
            + ", ".join(f"{k} {n}" for k, n in calls_counter.failed_after_retry.most_common())
            + "  (a retry of a call the server had carried out)"
        )


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


# -- command line ------------------------------------------------------------------------------


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default=None,
        help="default: both when PostgreSQL answers, else sqlite",
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--updates", type=int, default=20, help="updates per chat")
    parser.add_argument(
        "--faults",
        type=float,
        default=0.0,
        help="fraction of the bot's Bot API calls the server fails",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--new-users",
        type=float,
        default=0.3,
        help="fraction of chats that are newcomers and onboard",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="chats start at random times within this many seconds (default: 2 s closed "
        "loop, a flash crowd; with --think, the think time, as users arrive at a steady state)",
    )
    parser.add_argument(
        "--answer-timeout",
        type=float,
        default=30.0,
        help="seconds an update may wait for its answer (100 saturating chats queue for seconds)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a chat waits after an answer before its next update (0: closed "
        "loop at saturation; 5: people reading and typing, where the latency targets apply)",
    )
    parser.add_argument(
        "--read-timeout",
        type=float,
        default=None,
        help="the bot's READ_TIMEOUT_S (default 10; 3 with faults, so that "
        "'slow' faults cost seconds rather than tens of seconds)",
    )
    parser.add_argument(
        "--slow-callback-ms",
        type=float,
        default=0.0,
        help="asyncio debug mode: list callbacks that hold the loop longer "
        "(slows the bot; for diagnosis only)",
    )
    parser.add_argument("--driver", default=None, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark on the chosen database(s)."""
    args = _arguments().parse_args(argv)
    if args.driver:
        asyncio.run(drive(LoadConfig(**json.loads(args.driver))))
        return
    databases = [args.database] if args.database in ("sqlite", "postgres") else []
    if not databases:
        reason = asyncio.run(prepare_postgres(args.postgres_url))
        if reason is not None and args.database == "both":
            raise SystemExit(f"PostgreSQL is not usable: {reason}")
        if reason is not None:
            print(f"PostgreSQL does not answer ({reason}): SQLite only")
        databases = ["sqlite"] if reason else ["sqlite", "postgres"]
    if len(databases) > 1:
        # One fresh process per database, so the second run inherits nothing from the first.
        forwarded = list(argv if argv is not None else sys.argv[1:])
        if "--database" in forwarded:
            position = forwarded.index("--database")
            del forwarded[position : position + 2]
        forwarded = [a for a in forwarded if not a.startswith("--database=")]
        for database in databases:
            subprocess.run(
                [sys.executable, "-m", "bench.load", *forwarded, "--database", database],
                cwd=ROOT,
                check=False,
            )
        return
    database = databases[0]
    faults = args.faults
    read_timeout = args.read_timeout or (3.0 if faults else 10.0)
    config = LoadConfig(
        database=database,
        database_url="",
        chats=args.chats,
        updates=args.updates,
        faults=faults,
        seed=args.seed,
        new_share=args.new_users,
        ramp_s=args.ramp if args.ramp is not None else (args.think or 2.0),
        answer_timeout_s=args.answer_timeout,
        think_s=args.think,
        read_timeout_s=read_timeout,
        slow_callback_ms=args.slow_callback_ms,
    )
    log_dir = ROOT / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    if database == "postgres":
        reason = asyncio.run(prepare_postgres(args.postgres_url))
        if reason is not None:
            raise SystemExit(f"PostgreSQL is not usable: {reason}")
        config.database_url = args.postgres_url
        asyncio.run(run_bot_side(config, log_dir))
        return
    with tempfile.TemporaryDirectory() as folder:
        config.database_url = f"sqlite+aiosqlite:///{Path(folder) / 'load.db'}"
        asyncio.run(run_bot_side(config, log_dir))


if __name__ == "__main__":
    main()
