"""What the simulated chats do: who they are, what they send, in which order."""

from __future__ import annotations

import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Light imports only at module level: the driver process needs no model, framework or database.
from bot.localapi import FaultKind, FaultRule  # noqa: E402
from handlers.shared.i18n import LANGUAGES, t  # noqa: E402
from tests.conftest import FAVOURITE_TITLES  # noqa: E402

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
