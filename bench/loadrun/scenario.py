"""What the simulated chats do: who they are, what they send, in which order."""

from __future__ import annotations

import html
import io
import random
import re
import sys
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Light imports only at module level: the driver process needs no model, framework or database.
from bench.loadrun.matching import Expect, Reply, StepRecord  # noqa: E402
from bot.localapi import FaultKind, FaultRule  # noqa: E402
from bot.localapi.validation import strip_markup  # noqa: E402
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
# Asked as "where can I watch X?" / "X 어디서 봐?". Not "Heat": "where can I watch Heat?" is
# read as a question without a title (the bot answers "Which film?").
WHERE_POOL = (
    "Toy Story",
    "The Matrix",
    "Titanic",
    "Fargo",
    "Alien",
    "Pulp Fiction",
    "Inception",
    "Jaws",
    "Shrek",
)
# Lists asked in free text (the understanding step): the user's own picks, films like one
# film, films that match filters. Each is answered with the one-message list.
LIST_REQUESTS = {
    "en": (
        "recommend me a movie",
        "movies like Inception",
        "Korean thrillers on Netflix",
        "something like Parasite",
        "a comedy from the 90s",
    ),
    "ko": (
        "영화 추천해줘",
        "기생충 같은 영화",
        "넷플릭스에 있는 한국 스릴러",
        "인셉션 같은 영화",
        "90년대 코미디 영화 추천해줘",
    ),
}
# Questions about a film (the understanding step's film_info): the fact, then the film's card.
FILM_QUESTIONS = {
    "en": ("who directed Inception?", "when did Titanic come out?", "who is in The Matrix?"),
    "ko": ("기생충 감독 누구야?", "인셉션 언제 개봉했어?", "타이타닉 출연진 알려줘"),
}
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
# Feature episodes of a returning user; every one appears once before any repeats. A list is
# one message: ▶ shows the next film, 👍 👎 ✓ ➕ mark the film on show, 🔄 makes a new list —
# each edits that message.
EPISODES: dict[str, tuple[str, ...]] = {
    "rec": ("recommend", "like", "next", "dislike", "next", "watchlist", "renew"),
    "ask": ("ask_list", "watched", "next", "like"),
    "poster": ("poster",),
    "ost": ("ost",),
    "aud": ("audience", "kobis"),
    "where": ("where",),
    "info": ("info",),
    "help": ("help",),
    "profile": ("profile",),
}
MANDATORY_EPISODES = ("rec", "ask", "poster", "ost", "aud", "where", "info", "help", "profile")
FILLER_WEIGHTS = {"ask": 3, "where": 3, "poster": 2, "ost": 2, "aud": 1, "info": 1, "help": 1}

FLOWS = ("text", "poster", "recommendation", "ost", "audience", "button")
STEP_FLOW = {
    "start": "text",
    "age": "text",
    "titles": "text",
    "audience": "text",
    "where": "text",
    "info": "text",
    "help": "text",
    "profile": "text",
    "fallback": "text",
    "lang": "button",
    "gender": "button",
    "pick": "button",
    "fav_done": "button",
    "sub": "button",
    "sub_done": "button",
    "next": "button",
    "like": "button",
    "dislike": "button",
    "watched": "button",
    "watchlist": "button",
    "recommend": "recommendation",
    "ask_list": "recommendation",
    "renew": "recommendation",
    "poster": "poster",
    "ost": "ost",
    "kobis": "audience",
}
FEEDBACK_STEPS = ("like", "dislike", "watched", "watchlist")
FEEDBACK_CODES = {"like": "l", "dislike": "d", "watched": "w", "watchlist": "a"}
TARGET_P95_MS = {"text": 50.0, "poster": 200.0, "recommendation": 150.0}
GENERIC_ERRORS = frozenset(
    t(language, key) for language in LANGUAGES for key in ("error.generic", "error.storage_busy")
)


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
    cold: bool = False  # start the chats while the bot's background warm-up still runs
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
    asks: list[str]
    questions: list[str]
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
                asks=rng.sample(LIST_REQUESTS[language], len(LIST_REQUESTS[language])),
                questions=rng.sample(FILM_QUESTIONS[language], len(FILM_QUESTIONS[language])),
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
        asks=list(LIST_REQUESTS[language]),
        questions=list(FILM_QUESTIONS[language]),
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


# -- what each update must get, and what the chat presses next ----------------------------------


def shown(language: str, key: str, **values: object) -> str:
    """A text of the bot's as the user sees it (HTML removed)."""
    return strip_markup(t(language, key, **values), "HTML")


def _data(event: Any) -> list[str]:
    return [data for _, data in event.buttons]


def _has(prefix: str) -> Callable[[Any], bool]:
    return lambda event: any(d.startswith(prefix) for d in _data(event))


def _no_buttons(event: Any) -> bool:
    return not event.buttons


def _message(what: str, test: Callable[[Any], bool], key: str = "") -> Reply:
    return Reply("message", what, test, key)


def _edit(message_id: int, what: str, test: Callable[[Any], bool] = _no_buttons) -> Reply:
    return Reply(
        "edit", f"{what} (message {message_id})", lambda e: e.message_id == message_id and test(e)
    )


def _toast(text: str = "") -> Reply:
    """The answer to a button press: a toast with ``text``, or none."""
    what = f"with the toast {text!r}" if text else "without a toast"
    return Reply(
        "callback_answer", what, lambda e: str(e.params.get("text") or "") == text, "toast"
    )


def _says(text: str, what: str, test: Callable[[Any], bool] = _no_buttons, key: str = "") -> Reply:
    return _message(f"{what} {text[:40]!r}…", lambda e: e.text == text and test(e), key)


LIST_LINE = re.compile(r"^(\d+)/(\d+) · (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class FilmList:
    """The one-message list as a message (or its latest edit) shows it."""

    message_id: int
    list_id: int
    index: int  # of the film on show, from 0
    count: int
    film: str  # its card's first line: "Heat (1995)"
    buttons: dict[str, str]  # callback data → label

    def feedback(self, code: str) -> str:
        return f"ff:{self.list_id}:{self.index}:{code}"

    @property
    def rated(self) -> bool:
        """Whether a 👍 👎 ✓ ➕ of the film on show is already marked (✔)."""
        return any(
            data.startswith("ff:") and label.endswith("✔") for data, label in self.buttons.items()
        )


def read_list(event: Any) -> FilmList | None:
    """The list a message shows: a header, "n/N · film", its buttons (◀ n/N ▶ when there is
    more than one film, 👍 👎 ✓ ➕ naming film n, and 🔄); None if it is not one."""
    buttons = {data: label for label, data in event.buttons}
    line = LIST_LINE.search(event.text)
    ids = {d.split(":")[1] for d in buttons if d.startswith(("fl:", "ff:", "fo:", "fn:"))}
    if line is None or len(ids) != 1 or event.message_id is None:
        return None
    list_id, index, count = int(ids.pop()), int(line.group(1)) - 1, int(line.group(2))
    shown_film = {d.split(":")[2] for d in buttons if d.startswith("ff:")}
    if shown_film != {str(index)} or not any(d.startswith(("fn:", "pp:")) for d in buttons):
        return None
    if count > 1 and f"fl:{list_id}:{(index + 1) % count}" not in buttons:
        return None
    return FilmList(event.message_id, list_id, index, count, line.group(3), buttons)


def _is_list(
    *, index: int = 0, same: int | None = None, new_than: int | None = None, marked: str = ""
) -> Callable[[Any], bool]:
    def test(event: Any) -> bool:
        shown_list = read_list(event)
        return (
            shown_list is not None
            and shown_list.index == index
            and (same is None or shown_list.list_id == same)
            and (new_than is None or shown_list.list_id != new_than)
            and (not marked or shown_list.buttons.get(marked, "").endswith("✔"))
        )

    return test


LIST_WHAT = "the film list (n/N · film, ◀ ▶, 👍 👎 ✓ ➕, 🔄)"


@dataclass
class Outgoing:
    """An update ready to go: its step name, how to send it, what it changes, what it must get."""

    name: str
    send: Callable[[Any], int]  # the simulated user → the update id
    expect: Expect
    effects: list[list[Any]] = field(default_factory=list)
    note: str = ""  # why the chat sent something else than planned


class ChatScript:
    """What one chat sends for each step of its plan, and which replies each must get; it reads
    what it may press next from the answers (``learn``).

    Effects name what the database must hold once the answer came: a feedback on a list names
    the list (the bot's prediction row) and the place of the film in it, which the checks turn
    into the film.
    """

    def __init__(self, plan: ChatPlan, posters: list[bytes]) -> None:
        self.plan = plan
        self.language = plan.language
        self.posters = posters
        self._counters: Counter[str] = Counter()
        self._lang_msg: int | None = None
        self._gender_msg: int | None = None
        self._candidates: deque[tuple[int, list[tuple[str, str]]]] = deque()
        self._titles = deque(plan.titles)
        self._typed: list[str] = []
        self._favourites: set[int] = set()
        self._progress_msg: int | None = None
        self._subs_msg: int | None = None
        self._list: FilmList | None = None
        self._rated: set[str] = set()  # films this chat marked (their card line)

    def _next(self, key: str, pool: list[str]) -> str:
        value = pool[self._counters[key] % len(pool)]
        self._counters[key] += 1
        return value

    def outgoing(self, name: str) -> Outgoing | None:
        """The update for step ``name``; None when an earlier answer it needs is missing."""
        onboarding = self._onboarding(name)
        if onboarding is not None or name in ONBOARDING or name.startswith("titles:"):
            return onboarding
        if name in ("recommend", "ask_list", "next", "renew", *FEEDBACK_STEPS):
            return self._film_list(name)
        return self._feature(name)

    # onboarding ------------------------------------------------------------------------------

    def _onboarding(self, name: str) -> Outgoing | None:
        plan, language = self.plan, self.language
        if name == "start":
            question = _message("the language question (onb:lang buttons)", _has("onb:lang:"), "q")
            return Outgoing(name, lambda u: u.send("/start"), Expect((question,)))
        if name == "lang" and self._lang_msg is not None:
            message, choice = self._lang_msg, plan.language
            expect = Expect(
                (
                    _toast(),
                    _edit(
                        message,
                        "“language set”",
                        lambda e: e.text == shown(choice, "start.language_set"),
                    ),
                    _says(shown(choice, "onboarding.ask_age"), "the age question"),
                )
            )
            return Outgoing(
                name,
                lambda u: u.press_data(message, f"onb:lang:{choice}"),
                expect,
                [["language", choice]],
            )
        if name == "age":
            question = _says(
                shown(language, "onboarding.ask_gender"),
                "the gender question (onb:gender buttons)",
                _has("onb:gender:"),
                "q",
            )
            age = plan.age
            return Outgoing(name, lambda u: u.send(str(age)), Expect((question,)), [["age", age]])
        if name == "gender" and self._gender_msg is not None:
            message, gender = self._gender_msg, plan.gender
            ask = shown(
                language, "onboarding.ask_favourites", needed=10, count=len(self._favourites)
            )
            expect = Expect(
                (
                    _toast(),
                    _edit(message, "the gender chosen"),
                    _says(ask, "the favourites question"),
                )
            )
            return Outgoing(
                name,
                lambda u: u.press_data(message, f"onb:gender:{gender}"),
                expect,
                [["gender", gender]],
            )
        if name.startswith("titles:"):
            count = int(name.split(":")[1])
            titles = [self._titles.popleft() for _ in range(min(count, len(self._titles)))]
            self._typed = titles
            replies = tuple(
                _says(
                    shown(language, "fav.candidates", query=html.escape(title)),
                    "candidates (onb:fav:add buttons) for",
                    _has("onb:fav:add:"),
                    f"title{position}",
                )
                for position, title in enumerate(titles)
            )
            text = "\n".join(titles)
            return Outgoing(name, lambda u: u.send(text), Expect(replies))
        if name == "pick" and self._candidates:
            message, buttons = self._candidates.popleft()
            for label, data in buttons:
                movie = int(data.rsplit(":", 1)[1])
                if label.startswith("⭐") or movie in self._favourites:
                    continue
                self._favourites.add(movie)
                count = len(self._favourites)
                key = "fav.progress_more" if count < 10 else "fav.progress_enough"
                progress = shown(language, key, count=count, remaining=max(0, 10 - count))
                done = count >= 10
                expect = Expect(
                    (
                        _toast(t(language, "fav.added_toast")),
                        _edit(message, "“added” with ↩ Undo", _has(f"onb:fav:del:{movie}")),
                        _says(
                            progress,
                            "the progress" + (" with Done" if done else ""),
                            lambda e, done=done: ("onb:fav:done" in _data(e)) == done,
                            "progress",
                        ),
                    )
                )
                return Outgoing(
                    name,
                    lambda u, data=data: u.press_data(message, data),
                    expect,
                    [["favourite", movie]],
                )
            return None
        if name == "fav_done" and self._progress_msg is not None:
            message = self._progress_msg
            expect = Expect(
                (
                    _toast(),
                    _edit(message, "the progress without Done"),
                    _says(
                        shown(language, "onboarding.ask_subscriptions"),
                        "the services question (onb:sub buttons)",
                        _has("onb:sub:done"),
                        "q",
                    ),
                )
            )
            return Outgoing(name, lambda u: u.press_data(message, "onb:fav:done"), expect)
        if name == "sub" and self._subs_msg is not None:
            message, platform = self._subs_msg, plan.platform
            expect = Expect((_toast(), _edit(message, "the services", _has("onb:sub:done"))))
            return Outgoing(
                name,
                lambda u: u.press_data(message, f"onb:sub:{platform}"),
                expect,
                [["subscription", platform]],
            )
        if name == "sub_done" and self._subs_msg is not None:
            message = self._subs_msg
            done = shown(language, "onboarding.done", summary="\0").split("\0")[0]
            expect = Expect(
                (
                    _toast(),
                    _edit(message, "the services without buttons"),
                    _message(f"the summary {done!r}…", lambda e: e.text.startswith(done)),
                )
            )
            return Outgoing(
                name,
                lambda u: u.press_data(message, "onb:sub:done"),
                expect,
                [["onboarded", True]],
            )
        return None

    # the one-message list ---------------------------------------------------------------------

    def _film_list(self, name: str) -> Outgoing | None:
        language = self.language
        if name in ("recommend", "ask_list"):
            text = "/recommend" if name == "recommend" else self._next("ask", self.plan.asks)
            expect = Expect((_message(LIST_WHAT, _is_list(), "list"),))
            return Outgoing(name, lambda u: u.send(text), expect, [["prediction", "recommend"]])
        shown_list = self._list
        if shown_list is None:
            return None
        message = shown_list.message_id
        if name in FEEDBACK_STEPS:
            if shown_list.rated or shown_list.film in self._rated:
                # A film this user already marked: pressing again would take it back. A person
                # would look at the next film instead.
                step = self._film_list("next")
                if step is not None:
                    step.note = f"{name}: the film on show was marked already, ▶ instead"
                return step
            self._rated.add(shown_list.film)
            data = shown_list.feedback(FEEDBACK_CODES[name])
            reference = [shown_list.list_id, shown_list.index]
            effect: list[Any] = (
                ["watchlist", reference]
                if name == "watchlist"
                else ["feedback", [*reference, name]]
            )
            marked = _is_list(index=shown_list.index, same=shown_list.list_id, marked=data)
            expect = Expect(
                (
                    _toast(t(language, f"rec.noted_{name}")),
                    _edit(message, f"the list, same film, {name} marked ✔", marked),
                )
            )
            return Outgoing(name, lambda u: u.press_data(message, data), expect, [effect])
        if name == "next":
            if shown_list.count < 2:
                return None
            index = (shown_list.index + 1) % shown_list.count
            data = f"fl:{shown_list.list_id}:{index}"
            moved = _is_list(index=index, same=shown_list.list_id)
            expect = Expect(
                (
                    _toast(),
                    _edit(message, f"the list at film {index + 1}/{shown_list.count}", moved),
                )
            )
            return Outgoing(name, lambda u: u.press_data(message, data), expect)
        if name == "renew":
            data = f"fn:{shown_list.list_id}"
            if data not in shown_list.buttons:
                return None
            renewed = _is_list(new_than=shown_list.list_id)
            expect = Expect((_toast(), _edit(message, "a new list (new id), film 1", renewed)))
            return Outgoing(
                name, lambda u: u.press_data(message, data), expect, [["prediction", "recommend"]]
            )
        return None

    # the other features -----------------------------------------------------------------------

    def _feature(self, name: str) -> Outgoing | None:
        plan, language = self.plan, self.language
        if name == "poster":
            data = self.posters[(plan.poster + self._counters["poster"]) % len(self.posters)]
            self._counters["poster"] += 1
            chart = Reply(
                "message", "the genre chart (sendPhoto)", lambda e: e.method == "sendPhoto"
            )
            return Outgoing(
                name,
                lambda u: u.send_photo(data, width=600, height=900),
                Expect((chart,)),
                [["prediction", "poster"]],
            )
        if name == "ost":
            line = self._next("ost", plan.ost)
            chart = _message(
                "the genre chart (sendPhoto, ost:again)",
                lambda e: e.method == "sendPhoto" and "ost:again" in _data(e),
            )
            return Outgoing(name, lambda u: u.send(line), Expect((chart,)), [["prediction", "ost"]])
        if name == "audience":
            form = _message("the box-office intro (aud:new)", lambda e: "aud:new" in _data(e))
            return Outgoing(name, lambda u: u.send("/audience"), Expect((form,)))
        if name == "kobis":
            title = self._next("kobis", plan.kobis)
            chart = _message(
                "the forecast (sendPhoto, aud:again)",
                lambda e: e.method == "sendPhoto" and "aud:again" in _data(e),
            )
            return Outgoing(
                name, lambda u: u.send(title), Expect((chart,)), [["prediction", "audience"]]
            )
        if name == "where":
            title = self._next("where", plan.where)
            question = f"{title} 어디서 봐?" if language == "ko" else f"where can I watch {title}?"

            def where_answer(event: Any) -> bool:
                data = _data(event)
                answer = event.text.startswith("📺") and any(d.startswith("rec:wl:") for d in data)
                return answer or any(d.startswith("wtw:") for d in data)

            answer = _message(
                "the where-to-watch answer (📺 film, ➕ rec:wl) or “which one?” (wtw: buttons)",
                where_answer,
            )
            return Outgoing(name, lambda u: u.send(question), Expect((answer,)))
        if name == "info":
            question = self._next("info", plan.questions)
            fact = _message("the fact (no buttons)", lambda e: _no_buttons(e) and bool(e.text))
            card = _message(
                "the film's card (📺 film, rec:fb buttons)",
                lambda e: e.text.startswith("📺") and _has("rec:fb:")(e),
            )
            return Outgoing(name, lambda u: u.send(question), Expect((fact, card)))
        if name in ("help", "fallback"):
            first = shown(language, "help.text", bot="-").split("\n", 1)[0]
            help_text = _message(f"the help {first[:40]!r}…", lambda e: e.text.startswith(first))
            return Outgoing(name, lambda u: u.send("/help"), Expect((help_text,)))
        if name == "profile":
            profile = _message("the profile (prof:edit buttons)", _has("prof:edit:"))
            return Outgoing(name, lambda u: u.send("/profile"), Expect((profile,)))
        return None

    # reading the answers ----------------------------------------------------------------------

    def learn(self, record: StepRecord) -> None:
        """Remember what an answered step gave the chat to press next."""
        got, name = record.got, record.name
        if name == "start":
            self._lang_msg = got["q"].message_id
        elif name == "age":
            self._gender_msg = got["q"].message_id
        elif name.startswith("titles:"):
            for position in range(len(self._typed)):
                event = got[f"title{position}"]
                self._candidates.append((event.message_id, event.buttons))
        elif name == "pick":
            self._progress_msg = got["progress"].message_id
        elif name == "fav_done":
            self._subs_msg = got["q"].message_id
        for event in record.events:  # the list, as the latest message or edit shows it
            shown_list = read_list(event)
            if shown_list is not None:
                self._list = shown_list
