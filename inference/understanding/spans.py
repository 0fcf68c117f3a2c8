"""Which words of a message name a film: candidate spans looked up in the catalogue, then scored.

Phrase rules ("X 어디서 봐", "where can I watch X") cut titles well only when a message has the
shape they expect. Here every stretch of the message is a candidate: each run of up to
``MAX_WORDS`` words, and — for Korean, typed with or without spaces and with particles glued
on — each stretch of syllables inside and across words ("헤어질결심너무좋았는데" holds 헤어질결심).
A stretch that is exactly a catalogue title (compared without spaces and punctuation) is a
candidate; so are the readings the phrase rules offer (``slots.py``), which may carry a typo and
are matched by the catalogue's fuzzy search. A trained logistic regression
(``models/spans/train.py``) scores each candidate from what a person would weigh: how well it
matches, how well known the film is, how common the words are in ordinary text ("her", "up",
"너", "사랑"), whether it is the whole message, where it stands, whether a particle or a cue
("영화", "같은", "on netflix", "directed") follows or precedes it, and how it is written (Title
Case, quotes). The best candidate over the floor chosen on the realistic development messages is
the film the message names; a common word is taken for a film only when the message is about
one.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.catalogue.search import Catalogue
from inference.catalogue.titles import compact, fold, has_hangul, normalize_title
from inference.checksums import verified_metadata
from inference.understanding.lexicon import COUNTRY_PATTERNS, GENRE_PATTERNS, MOOD_PATTERNS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "models" / "spans" / "artifact"
COMMON_WORDS = ROOT / "data" / "understanding" / "common_words.tsv.gz"
WEIGHTS = "weights.json"
MAX_WORDS = 7
MAX_SYLLABLES = 16
MIN_SYLLABLES = 2
FUZZY_READINGS = 3
MAX_SEARCHES = 4  # fuzzy catalogue searches per message (~2 ms each): part numbers first
CONFIDENT = 0.9  # an exact title this likely needs no fuzzy search beside it

_TOKEN = re.compile(r"[^\s]+")
_EDGE = re.compile(r"^[\"'“”‘’«»「」『』(\[<]+|[\"'“”‘’«»「」『』)\]>?!.,~…:;]+$")
_PARTICLES = (
    "은", "는", "이", "가", "을", "를", "도", "랑", "이랑", "하고", "과", "와", "에", "에서", "엔",
    "에는", "의", "로", "으로", "만", "까지", "부터", "처럼", "같은", "같이", "보다", "이야",
    "야", "임", "이에요", "예요", "인가", "인데", "는데", "이나", "나", "요", "이지", "지",
)  # fmt: skip
_NEXT_CUES = re.compile(
    r"^\s*(?:영화|같은|같이|비슷|처럼|봤|보고|볼|어디|넷플|디플|티빙|왓챠|웨이브|쿠플|쿠팡|감독|주연|"
    r"출연|몇|언제|재밌|재미|볼만|개봉|평점|줄거리|관객|시리즈|후속|\(|on\b|streaming|is\b|was\b|"
    r"directed|cast|like|where|available|movie|film|\d{4})",
    re.IGNORECASE,
)
_PREVIOUS_CUES = re.compile(
    r"(?:watch|watched|see|saw|like|about|of|is|was|loved|love|seen|rewatch|movie|film|"
    r"영화|넷플에|넷플에서|에서|에)\s*$",
    re.IGNORECASE,
)
_LEXICON = [p for p, _ in (*GENRE_PATTERNS, *MOOD_PATTERNS, *COUNTRY_PATTERNS)]
FEATURES = (
    "bias", "match", "exact", "fuzzy_reading", "popularity", "films_sharing", "commonness",
    "word_commonness", "chars", "words", "whole_message", "share_of_message", "word_aligned",
    "particle_after", "glued_after", "next_cue", "previous_cue", "title_case", "lower_case",
    "quoted", "hangul", "lexicon_word", "digits_only", "position", "film_intent",
    "excluded", "holds_cue_word", "person_overlap", "number_after", "contained", "recent_film",
    "common_word",
)  # fmt: skip
RECENT_YEAR = 2023  # films people ask about most; their admissions and ratings are still few
# "X 말고", "not X", "besides X", "X는 이미 봤어": a film set aside is not the one asked about.
_EXCLUDED_AFTER = re.compile(
    r"^\s*(?:은|는|이|가|을|를|도)?\s*(?:말고|빼고|제외|이미\s*봄|이미\s*봤|다\s*봤|봤으니|봤는데|"
    r"봤어|봤음|봤어요|는\s*봤|은\s*봤)", re.IGNORECASE)  # fmt: skip
_EXCLUDED_BEFORE = re.compile(
    r"(?:\bnot|\bno|besides|other\s+than|except|skip|aside\s+from|than|apart\s+from|"
    r"\bbut|seen|since|arent|aren't|isn't|isnt)\s*$", re.IGNORECASE)  # fmt: skip
CUE_WORDS = re.compile(
    r"넷플|디플|디즈니|티빙|왓챠|웨이브|쿠플|쿠팡|netflix|disney|tving|watcha|wavve|prime|"
    r"언제|어디|누구|추천|감독|주연|영화|movie|film|where|when|who|recommend|streaming|"
    r"\?|ㅋ|ㅠ", re.IGNORECASE)  # fmt: skip
_NUMBER_AFTER = re.compile(r"^\s*(?:파트|part|편|시즌)?\s*(\d{1,2}|[ⅡⅢⅣ])(?!\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of the message and the film it may name."""

    text: str
    start: int  # -1: a reading the rules rewrote, not a stretch of the message
    end: int
    movie_id: int
    match: float  # 0–100
    exact: bool
    films_sharing: int
    fuzzy_reading: bool


@dataclass(frozen=True, slots=True)
class FoundTitle:
    """The film a message names, as typed, and the scorer's probability."""

    text: str
    movie_id: int
    probability: float


class CommonWords:
    """Zipf frequencies of ordinary Korean and English words (wordfreq's lists)."""

    def __init__(self, path: Path = COMMON_WORDS) -> None:
        self._zipf: dict[str, float] = {}
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    word, _, value = line.rstrip("\n").partition("\t")
                    self._zipf[word] = max(self._zipf.get(word, 0.0), float(value))

    def zipf(self, text: str) -> float:
        """How common ``text`` is as an ordinary word or phrase (0: unknown, 8: "the")."""
        return self._zipf.get(fold(text), 0.0)

    def word_mean(self, text: str) -> float:
        words = fold(text).split()
        return sum(self._zipf.get(w, 0.0) for w in words) / len(words) if words else 0.0


@functools.cache
def common_words() -> CommonWords:
    """The shipped table, loaded once per process (the span scorer and the people reader)."""
    return CommonWords()


class TitleKeys:
    """Every catalogue title by its spaceless key, for exact lookups of any stretch of text.

    Built from the catalogue's columns, not from ``Movie`` objects: the English key reuses the
    build's ``normalize_title`` column, and the fame that breaks ties is one vector operation.
    That takes ~0.3 s instead of ~1.4 s, so the lookup is ready before the bot takes updates
    (issue 24: no message waits for warm-up).
    """

    def __init__(self, catalogue: Catalogue) -> None:
        table = catalogue.table
        fame = np.log1p(table.ratings) + np.log1p(table.votes) + np.log1p(table.audience)
        keys: dict[str, list[int]] = {}
        for position, (title, title_ko, normalized) in enumerate(
            zip(table.titles, table.titles_ko, table.keys, strict=True)
        ):
            if has_hangul(title):
                english = compact(title)
            elif normalized.isascii():  # folded, but "№" became "No" after the lowercasing
                english = normalized.replace(" ", "").lower()
            else:  # folding twice may still change it ("№" → "No" → "no")
                english = compact(normalized)
            if english:
                keys.setdefault(english, []).append(position)
            if title_ko:
                korean = _key(title_ko)
                if korean:
                    keys.setdefault(korean, []).append(position)
        ids = table.ids
        self._best: dict[str, tuple[int, int]] = {}
        for key, positions in keys.items():
            best = positions[0] if len(positions) == 1 else max(positions, key=fame.__getitem__)
            self._best[key] = (int(ids[best]), len(positions))

    def get(self, text: str) -> tuple[int, int] | None:
        """The best-known film whose title is ``text`` (spacing and punctuation aside) and how
        many films share that title."""
        return self._best.get(_key(text))


def _key(text: str) -> str:
    return compact(normalize_title(text)) if not has_hangul(text) else compact(text)


def _fame(catalogue: Catalogue, movie_id: int) -> float:
    movie = catalogue.get(movie_id)
    if movie is None:
        return 0.0
    return math.log1p(movie.ratings) + math.log1p(movie.votes) + math.log1p(movie.kr_audience)


class SpanScorer:
    """Candidates of a message and the trained weights that score them. Thread-safe."""

    def __init__(self, catalogue: Catalogue, weights: dict[str, float], floor: float,
                 common: CommonWords | None = None, version: str = "") -> None:  # fmt: skip
        self.catalogue = catalogue
        self._keys: TitleKeys | None = None  # built by ``warm`` (~0.35 s) or the first message
        self._lock = threading.Lock()
        self.common = common or common_words()
        self._weights = np.array([weights.get(name, 0.0) for name in FEATURES])
        self.floor = floor
        self.version = version

    @property
    def keys(self) -> TitleKeys:
        """The exact-title lookup, built once (by ``warm`` at start-up, or on first use)."""
        if self._keys is None:
            with self._lock:
                if self._keys is None:
                    self._keys = TitleKeys(self.catalogue)
        return self._keys

    def warm(self) -> None:
        """Build the title lookup now."""
        _ = self.keys

    @classmethod
    def load(cls, catalogue: Catalogue, artifact_dir: Path | None = None) -> SpanScorer:
        """The weights ``models/spans/train.py`` wrote (sha256-checked)."""
        import json

        directory = artifact_dir or DEFAULT_DIR
        metadata = verified_metadata(directory, [WEIGHTS], RuntimeError)
        weights = json.loads((directory / WEIGHTS).read_text(encoding="utf-8"))
        return cls(catalogue, weights["weights"], float(weights["floor"]),
                   version=str(metadata["version"]))  # fmt: skip

    # -- candidates --------------------------------------------------------------------------
    def candidates(self, text: str, readings: Iterable[str] = (), *, fuzzy: bool = True,
                   exact: list[Candidate] | None = None) -> list[Candidate]:  # fmt: skip
        """Exact catalogue titles anywhere in ``text`` (with a part number that follows them),
        and — with ``fuzzy`` — the fuzzy matches of ``readings`` and of rare words.  ``exact``:
        the exact titles an earlier ``fuzzy=False`` call found (not looked up again)."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        cores = [_core(text, s, e) for s, e in tokens]
        found = {(c.start, c.end, c.movie_id): c for c in exact or ()}
        if exact is None:
            self._exact_titles(text, cores, found)
        searched = []
        for candidate in list(found.values()):  # "듄2", "인사이드 아웃 2": the part asked for
            number = _NUMBER_AFTER.match(text[candidate.end :])
            if number:
                searched.append(text[candidate.start : candidate.end + number.end()])
        if fuzzy:
            titles = {compact(c.text) for c in found.values()}
            searched += [r for r in list(dict.fromkeys(r for r in readings if r.strip()))
                         [:FUZZY_READINGS] if compact(r) not in titles]  # fmt: skip
            searched += self._rare_words(text, cores, found)
        for reading in list(dict.fromkeys(searched))[:MAX_SEARCHES]:
            self._fuzzy(text, reading, found)
        return list(found.values())

    def _exact_titles(self, text: str, cores: list[tuple[int, int]],
                      found: dict[tuple[int, int, int], Candidate]) -> None:  # fmt: skip
        for i in range(len(cores)):
            for j in range(i, min(len(cores), i + MAX_WORDS)):
                start, end = cores[i][0], cores[j][1]
                if end <= start:
                    continue
                self._exact(text, start, end, found)
        for start, end in cores:  # a title inside a word run typed without spaces
            if end - start > MIN_SYLLABLES and has_hangul(text[start:end]):
                self._inside(text, start, end, found)

    def _rare_words(self, text: str, cores: list[tuple[int, int]],
                    found: dict[tuple[int, int, int], Candidate]) -> list[str]:  # fmt: skip
        """Words no title matched exactly and ordinary text rarely uses: perhaps a title with a
        typo ("oppenhiemer", "intersteller", "오펜하이며")."""
        taken = [(c.start, c.end) for c in found.values()]
        rare = []
        for start, end in cores:
            word = text[start:end]
            korean = has_hangul(word)
            core = _strip_particle(word) if korean else word
            if len(core) < (3 if korean else 5) or self.common.zipf(core) >= 3.0:
                continue
            if any(a <= start and end <= b for a, b in taken) or CUE_WORDS.search(core):
                continue
            rare.append(core)
        return rare[:2]

    def _exact(self, text: str, start: int, end: int,
               found: dict[tuple[int, int, int], Candidate]) -> None:  # fmt: skip
        span = text[start:end]
        hit = self.keys.get(span)
        if hit is not None and len(compact(span)) >= 1:
            found[(start, end, hit[0])] = Candidate(span, start, end, hit[0], 100.0, True,
                                                    hit[1], False)  # fmt: skip

    def _inside(self, text: str, start: int, end: int,
                found: dict[tuple[int, int, int], Candidate]) -> None:  # fmt: skip
        for a in range(start, end):
            for b in range(a + MIN_SYLLABLES, min(end, a + MAX_SYLLABLES) + 1):
                if (a, b) != (start, end):
                    self._exact(text, a, b, found)

    def _fuzzy(self, text: str, reading: str,
               found: dict[tuple[int, int, int], Candidate]) -> None:  # fmt: skip
        matches = self.catalogue.search(reading, 3)
        if not matches:
            return
        best = matches[0]
        at = text.find(reading)
        start, end = (at, at + len(reading)) if at >= 0 else (-1, -1)
        key = (start, end, best.movie.movie_id)
        if key in found:
            return
        found[key] = Candidate(reading, start, end, best.movie.movie_id, float(best.score),
                               best.score >= 100.0, len(matches), True)  # fmt: skip

    # -- features and scores -----------------------------------------------------------------
    def features(self, text: str, candidate: Candidate, film_intent: float,
                 person: tuple[int, int] | None = None,
                 others: list[Candidate] | None = None) -> list[float]:  # fmt: skip
        """The feature vector of ``FEATURES`` for one candidate (``person``: where the people
        reader found a name; ``others``: the message's other candidates)."""
        span = candidate.text
        movie = self.catalogue.get(candidate.movie_id)
        fame = _fame(self.catalogue, candidate.movie_id) if movie else 0.0
        message = _core(text, 0, len(text))
        whole = compact(text[message[0] : message[1]]) == compact(span)
        located = candidate.start >= 0
        before = text[: candidate.start] if located else ""
        after = text[candidate.end :] if located else ""
        glued = re.match(r"[가-힣]+", after)
        glued_text = glued.group(0) if glued else ""
        word_start = not located or candidate.start == 0 or not text[candidate.start - 1].isalnum()
        word_end = not located or not after[:1].isalnum()
        raw_words = span.split()
        inside_person = located and person is not None and (
            candidate.start < person[1] and person[0] < candidate.end
        )
        width = candidate.end - candidate.start
        contained = located and any(
            o.start <= candidate.start and candidate.end <= o.end and o.end - o.start > width
            for o in others or ()
        )
        title_case = bool(raw_words) and all(w[:1].isupper() for w in raw_words if w[:1].isalpha())
        return [
            1.0,
            candidate.match / 100.0,
            float(candidate.exact),
            float(candidate.fuzzy_reading),
            fame / 30.0,
            math.log1p(candidate.films_sharing),
            self.common.zipf(span) / 8.0,
            self.common.word_mean(span) / 8.0,
            math.log1p(len(compact(span))),
            float(len(raw_words)),
            float(whole),
            len(compact(span)) / max(1, len(compact(text))),
            float(word_start and word_end),
            float(glued_text in _PARTICLES or any(glued_text.startswith(p) for p in
                                                  ("같은", "처럼", "이랑", "보다", "에서"))),
            float(bool(glued_text)),
            float(bool(_NEXT_CUES.match(after))),
            float(bool(_PREVIOUS_CUES.search(before))),
            float(title_case and not has_hangul(span) and candidate.start > 0),
            float(span == span.lower() and not has_hangul(span)),
            float(bool(re.search(r"[\"'“”‘’「『]\s*$", before))),
            float(has_hangul(span)),
            float(any(p.fullmatch(span.strip().lower()) for p in _LEXICON)),
            float(compact(span).isdigit()),
            (candidate.start / max(1, len(text))) if located else 0.5,
            film_intent,
            float(bool(_EXCLUDED_AFTER.match(after) or _EXCLUDED_BEFORE.search(before))),
            float(bool(CUE_WORDS.search(span))),
            float(inside_person),
            float(bool(_NUMBER_AFTER.match(after))),
            float(contained),
            float(movie is not None and (movie.year or 0) >= RECENT_YEAR),
            float(self.common.zipf(span) >= 3.5),
        ]

    def probability(self, vector: list[float]) -> float:
        value = float(np.dot(self._weights, np.asarray(vector)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))

    def scored(self, text: str, readings: Iterable[str], film_intent: float,
               person: tuple[int, int] | None = None) -> list[tuple[float, Candidate]]:  # fmt: skip
        """Every candidate with its probability. Fuzzy searches (the slow part, ~2 ms each) run
        only when no exact title is already a confident answer."""
        readings = tuple(readings)
        candidates = self.candidates(text, readings, fuzzy=False)
        scored = [(self.probability(self.features(text, c, film_intent, person, candidates)), c)
                  for c in candidates]  # fmt: skip
        if scored and max(p for p, _ in scored) >= CONFIDENT:
            return scored
        candidates = self.candidates(text, readings, exact=candidates)
        return [(self.probability(self.features(text, c, film_intent, person, candidates)), c)
                for c in candidates]  # fmt: skip

    def best(self, text: str, readings: Iterable[str], film_intent: float,
             person: tuple[int, int] | None = None) -> FoundTitle | None:  # fmt: skip
        """The film the message names, or None when no candidate clears the floor."""
        chosen = choose(self.scored(text, readings, film_intent, person), self.floor)
        if chosen is None:
            return None
        probability, candidate = chosen
        return FoundTitle(candidate.text, candidate.movie_id, probability)


def choose(scored: list[tuple[float, Candidate]], floor: float) -> tuple[float, Candidate] | None:
    """The likeliest candidate over ``floor``; a longer one over the floor that holds it wins
    ("인사이드 아웃 2" over "인사이드 아웃")."""
    kept = [(p, c) for p, c in scored if p >= floor]
    if not kept:
        return None
    probability, best = max(kept, key=lambda item: (item[0], len(item[1].text)))
    if best.start >= 0:
        longer = [(p, c) for p, c in kept if c.start >= 0 and c.start <= best.start
                  and best.end <= c.end and (c.end - c.start) > (best.end - best.start)]
        if longer:
            return max(longer, key=lambda item: (item[1].end - item[1].start, item[0]))
    return probability, best


def _strip_particle(word: str) -> str:
    for particle in sorted(_PARTICLES, key=len, reverse=True):
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without quotes and punctuation at its edges."""
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "!?)"):
        end -= 1
    while end > start and text[end - 1] in "!?":
        end -= 1
    return start, end
