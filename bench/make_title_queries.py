"""Write the fixed title-search query set ``bench/data/title_queries.csv`` (run once, seeded).

    python bench/make_title_queries.py [--data /work/shared/data] [--seed 15]
                                       [--out bench/data/title_queries.csv]

Every query names the film it means (``expected_movie_id``, a committed catalogue id) or no
film at all (group ``unknown``). Groups:

* ``korean``: Hangul titles people ask about — ``kr-catalogue/kr_titles.csv`` (JustWatch Korea
  and KMRD names) and KOBIS box-office titles of films in the catalogue, sampled with weights
  ∝ √(Korean popularity) — as written, without spaces, with a space added, or with one Hangul
  letter (jamo) substituted, dropped or added.
* ``english``: English titles of films well known to MovieLens users (weights ∝ √ratings):
  lowercase, one-character typos (keyboard neighbour, deletion, insertion, transposition),
  "(1999)" or " 1999", "Matrix, The" and article-less forms.
* ``recent``: films of 2019–2023, in English or Korean, exact or perturbed as above.
* ``ambiguous``: titles that two or more catalogue films share (remakes, namesakes); see
  ``expected_by_popularity`` for which film a user means and when buttons are the answer.
* ``unknown``: titles in no catalogue — invented ones and real films newer than the data —
  each checked to be absent (and not one typo away from a catalogue title).

Films of one group are not used in another (except namesakes), no query keeps a typo that is as
close to another catalogue title as to its own, and the dev/test split is by film (every form of
one film in the same split), ~40 % dev per group. Expectations, per row:

* ``expect=film``: the expected film should come first (a confident answer must name it);
* ``expect=choice``: near-equal namesakes — buttons that include the expected film;
* ``expect=none``: no confident answer (nothing, or buttons).

Popularity counts used for sampling and for the namesake rule (people-equivalents, documented in
each ambiguous row's ``why``): in Korea ``max(KOBIS admissions, 100 × MovieLens ratings,
5,000,000 / JustWatch-KR rank)`` — 100 admissions a rating puts the most-rated MovieLens film
(~122k) next to the Korean admissions record (17.6M); elsewhere MovieLens ratings.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

import jamo
from rapidfuzz import process
from rapidfuzz.distance import OSA

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.films import FilmRecord, Movie, read_films  # noqa: E402
from inference.catalogue.titles import compact, korean_key, normalize_title  # noqa: E402

OUT = ROOT / "bench" / "data" / "title_queries.csv"
COLUMNS = (
    "query",
    "group",
    "split",
    "expected_movie_id",
    "expected_title",
    "region",
    "expect",
    "note",
    "why",
)
DEV_SHARE = 0.4
GROUP_SIZES = {"recent": 90, "korean": 200, "english": 180}  # queries; films = size / 2
FORMS_PER_FILM = 2
RECENT_YEARS = range(2019, 2024)
US_SHARE = 0.4  # English queries asked from a US account; the rest from a Korean one
MIN_KR_COUNT = 100_000  # people-equivalents: a film people in Korea actually ask about
MIN_RATINGS = 2_000  # MovieLens ratings: a film people ask about in English
MIN_RECENT_RATINGS = 300
MIN_RECENT_KR_COUNT = 50_000
MIN_NAMESAKE_KR_COUNT = 300_000
MIN_NAMESAKE_RATINGS = 3_000
OVERSHADOW = 10.0  # a longer-titled film this many times better known makes a title ambiguous
CLEAR_RATIO = 3.0  # a namesake this many times better known is the film meant
MIN_TYPO_SYLLABLES = 2  # "마션" → "마셩" is a typo people make; one syllable is too short
MIN_TYPO_CHARS = 4  # normalised English title: "heat" → "heta"
TYPO_TRIES = 3  # typos drawn until one is nearer its film than any other title
RATINGS_TO_ADMISSIONS = 100
JW_TOP = 5_000_000
KOBIS_MIN_AUDIENCE = 200_000

# Dubeolsik (2-set) keyboard rows, and letters Koreans confuse by sound.
_CONSONANT_ROWS = ("ㅂㅈㄷㄱㅅ", "ㅁㄴㅇㄹㅎ", "ㅋㅌㅊㅍ")
_VOWEL_ROWS = ("ㅛㅕㅑㅐㅔ", "ㅗㅓㅏㅣ", "ㅠㅜㅡ")
_SOUND_ALIKE = (
    "ㄱㄲㅋ",
    "ㄷㄸㅌ",
    "ㅂㅃㅍ",
    "ㅅㅆ",
    "ㅈㅉㅊ",
    "ㅇㅎ",
    "ㅐㅔ",
    "ㅒㅖ",
    "ㅚㅙㅞ",
    "ㅢㅣ",
    "ㅓㅗ",
    "ㅕㅛ",
    "ㅜㅡ",
    "ㅠㅜ",
)
_LEADS = set("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
_TAILS = set("ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
_COMMON_TAILS = "ㄱㄴㄹㅁㅂㅇ"
_QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_ARTICLE = re.compile(r"^(The|A|An) (.+)$")

# Titles in no catalogue. Invented ones, then real films newer than the data (second half of
# 2023 on), as (English, Korean, year); every one is checked against the catalogue below.
INVENTED_EN = (
    "The Lighthouse Keeper's Daughter",
    "Midnight in Saskatoon",
    "The Glass Orchard",
    "Echoes of the Silent Valley",
    "A Winter in Busan",
    "The Last Cartographer",
    "Beneath the Copper Sky",
    "The Paper Astronaut",
    "Seven Lanterns of Jeju",
    "The Quiet Mechanic",
    "Harbor of Lost Names",
    "Velvet Monsoon",
    "The Ninth Tenant",
    "Salt and Thunder",
    "The Orchid Heist",
    "Summer of the Iron Kite",
    "The Clockmaker's Rebellion",
    "Lullaby for a Ghost Ship",
    "Operation Blue Heron",
    "The Marble Detective",
    "Kingdom of Ash and Honey",
    "Wolves of Gangnam",
    "The Moth Collector",
    "Ferryman's Gambit",
    "Tangerine Protocol",
    "The Submarine Gardener",
)
INVENTED_KO = (
    "푸른 등대의 밤",
    "마지막 우체부",
    "별빛 정거장",
    "서울 탐정 사무소",
    "한강의 늑대들",
    "기억을 파는 가게",
    "종로 3가의 유령",
    "은하수 택시",
    "바다로 간 고양이",
    "열두 번째 손님",
    "강철 나비",
    "새벽 세시의 편의점",
    "달빛 수사대",
    "모래시계 도둑",
    "겨울 이발소",
    "검은 우산의 여자",
    "제주 살인 노트",
    "구름 위의 식당",
    "사라진 여름 방학",
    "철가면 형사",
    "북한산 호랑이",
    "두 번째 월요일",
    "낙원 세탁소",
    "고래를 삼킨 소년",
    "부산행 막차의 비밀",
)
NEWER = (
    ("Exhuma", "파묘", 2024),
    ("Dune: Part Two", "듄: 파트2", 2024),
    ("12.12: The Day", "서울의 봄", 2023),
    ("Deadpool & Wolverine", "데드풀과 울버린", 2024),
    ("Furiosa: A Mad Max Saga", "퓨리오사: 매드맥스 사가", 2024),
    ("Gladiator II", "글래디에이터 2", 2024),
    ("Joker: Folie à Deux", "조커: 폴리 아 되", 2024),
    ("Kingdom of the Planet of the Apes", "혹성탈출: 새로운 시대", 2024),
    ("Godzilla x Kong: The New Empire", "고질라 X 콩: 뉴 엠파이어", 2024),
    ("The Zone of Interest", "존 오브 인터레스트", 2023),
    ("Anatomy of a Fall", "추락의 해부", 2023),
    ("Wonka", "웡카", 2023),
    ("The Holdovers", "바튼 아카데미", 2023),
    ("Godzilla Minus One", "고질라 마이너스 원", 2023),
    ("The Boy and the Heron", "그대들은 어떻게 살 것인가", 2023),
    ("Concrete Utopia", "콘크리트 유토피아", 2023),
    ("Smugglers", "밀수", 2023),
    ("The Roundup: Punishment", "범죄도시4", 2024),
    ("Noryang: Deadly Sea", "노량: 죽음의 바다", 2023),
    ("Road to Boston", "1947 보스톤", 2023),
    ("The Marvels", "더 마블스", 2023),
    ("Aquaman and the Lost Kingdom", "아쿠아맨과 로스트 킹덤", 2023),
    ("Kung Fu Panda 4", "쿵푸팬더 4", 2024),
    ("Despicable Me 4", "슈퍼배드 4", 2024),
    ("Alien: Romulus", "에이리언: 로물루스", 2024),
    ("Twisters", "트위스터스", 2024),
    ("Beetlejuice Beetlejuice", "비틀쥬스 비틀쥬스", 2024),
    ("Moana 2", "모아나 2", 2024),
    ("Mufasa: The Lion King", "무파사: 라이온 킹", 2024),
    ("The Wild Robot", "와일드 로봇", 2024),
    ("Longlegs", "롱레그스", 2024),
    ("The Substance", "서브스턴스", 2024),
    ("The Brutalist", "브루탈리스트", 2024),
    ("Emilia Pérez", "에밀리아 페레즈", 2024),
    ("I, the Executioner", "베테랑2", 2024),
    ("Handsome Guys", "핸섬가이즈", 2024),
    ("Hijack 1971", "하이재킹", 2024),
    ("Troll Factory", "댓글부대", 2024),
    ("Citizen of a Kind", "시민덕희", 2024),
    ("Alienoid: Return to the Future", "외계+인 2부", 2024),
    ("Badland Hunters", "황야", 2024),
    ("Devils Stay", "사흘", 2024),
    ("A Normal Family", "보통의 가족", 2023),
    ("Uprising", "전,란", 2024),
    ("Harbin", "하얼빈", 2024),
    ("About Family", "대가족", 2024),
    ("Firefighters", "소방관", 2024),
    ("Project Silence", "탈출: 프로젝트 사일런스", 2024),
    ("Dr. Cheon and the Lost Talisman", "천박사 퇴마 연구소: 설경의 비밀", 2023),
    ("Ransomed", "비공식작전", 2023),
    ("The Childe", "귀공자", 2023),
    ("Inside Out 2", "인사이드 아웃 2", 2024),
    ("Wicked", "위키드", 2024),
    ("Napoleon", "나폴레옹", 2023),
    ("Civil War", "시빌 워: 분열의 시대", 2024),
    ("Challengers", "챌린저스", 2024),
    ("Zootopia 2", "주토피아 2", 2025),
    ("Mickey 17", "미키 17", 2025),
    ("Thunderbolts*", "썬더볼츠", 2025),
    ("Captain America: Brave New World", "캡틴 아메리카: 브레이브 뉴 월드", 2025),
    ("Sinners", "씨너스: 죄인들", 2025),
    ("KPop Demon Hunters", "케이팝 데몬 헌터스", 2025),
    ("Jurassic World Rebirth", "쥬라기 월드: 새로운 시작", 2025),
    ("Hi-Five", "하이파이브", 2025),
)
INVENTED_EACH = 16  # invented titles per language
BOTH_LANGUAGES = 3  # the first NEWER films (the issue's) are asked in both languages


@dataclass
class Query:
    query: str
    group: str
    expected: int | None
    region: str
    note: str
    expect: str = "film"
    why: str = ""
    split_key: str = ""
    split: str = ""


@dataclass
class World:
    """The catalogue and the title keys the generator checks queries against."""

    films: dict[int, Movie]
    en_owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    ko_owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    jamo_owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    en_keys: list[str] = field(default_factory=list)
    jamo_keys: list[str] = field(default_factory=list)
    ko_sorted: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, records: Iterable[FilmRecord]) -> World:
        world = cls({})
        for record in records:
            movie = record.movie
            world.films[movie.movie_id] = movie
            for name in record.names():
                if key := normalize_title(name):
                    world.en_owners[key].add(movie.movie_id)
            for name in record.korean_names():
                if key := compact(name):
                    world.ko_owners[key].add(movie.movie_id)
                    world.jamo_owners[korean_key(name)].add(movie.movie_id)
        world.en_keys = sorted(world.en_owners)
        world.jamo_keys = sorted(world.jamo_owners)
        world.ko_sorted = sorted(world.ko_owners)
        return world

    def near_owners(self, text: str, korean: bool, distance: int) -> set[int]:
        """Films with a title within ``distance`` edits (OSA; Hangul letters for Korean)."""
        key = korean_key(text) if korean else normalize_title(text)
        keys, owners = (
            (self.jamo_keys, self.jamo_owners) if korean else (self.en_keys, self.en_owners)
        )
        found = process.extract(key, keys, scorer=OSA.distance, score_cutoff=distance, limit=None)
        return {film for name, _, _ in found for film in owners[name]}

    def overshadowed(self, film: int, korean: bool) -> bool:
        """Whether a film whose title starts with this film's title is ``OVERSHADOW`` times
        better known: "The Lord of the Rings" (1978) means the 2001 film to most people."""
        movie = self.films[film]
        count = kr_count if korean else us_count
        keys = self.ko_sorted if korean else self.en_keys
        names = (
            {compact(movie.title_ko)}
            if korean and movie.title_ko
            else {normalize_title(movie.title)}
        )
        for name in names:
            stem = name if korean else name + " "
            at = bisect.bisect_left(keys, stem)
            while at < len(keys) and keys[at].startswith(stem):
                owners = (self.ko_owners if korean else self.en_owners)[keys[at]]
                if any(
                    count(self.films[o]) >= OVERSHADOW * count(movie) for o in owners if o != film
                ):
                    return True
                at += 1
        return False

    def owners(self, text: str, korean: bool) -> set[int]:
        if korean:
            return set(self.ko_owners.get(compact(text), ()))
        return set(self.en_owners.get(normalize_title(text), ()))


def kr_count(movie: Movie) -> float:
    """People-equivalents in Korea (see the module docstring)."""
    listed = JW_TOP / movie.jw_rank if movie.jw_rank else 0.0
    return float(max(movie.kr_audience, RATINGS_TO_ADMISSIONS * movie.ratings, listed))


def us_count(movie: Movie) -> float:
    return float(movie.ratings)


def label(movie: Movie) -> str:
    name = f"{movie.title} / {movie.title_ko}" if movie.title_ko else movie.title
    return f"{name} ({movie.year})" if movie.year else name


# --- perturbations -------------------------------------------------------------------------


def _neighbours(letter: str, rows: Sequence[str]) -> list[str]:
    found: list[str] = []
    for row in rows:
        at = row.find(letter)
        if at >= 0:
            found += [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)]
    return found


def _alikes(letter: str) -> list[str]:
    return [c for group in _SOUND_ALIKE if letter in group for c in group if c != letter]


def jamo_typo(title: str, rng: Random) -> tuple[str, str] | None:
    """One Hangul letter substituted (keyboard neighbour or sound-alike), a final consonant
    dropped or added; None when the title offers no place for one."""
    places = [i for i, c in enumerate(title) if _SYLLABLE.match(c)]
    if not places:
        return None
    for _ in range(20):
        at = rng.choice(places)
        letters = list(jamo.j2hcj(jamo.h2j(title[at])))
        lead, vowel, tail = letters[0], letters[1], letters[2] if len(letters) > 2 else ""
        kind = rng.choice(("lead", "vowel", "vowel", "tail"))
        if kind == "lead":
            options = [c for c in _alikes(lead) + _neighbours(lead, _CONSONANT_ROWS) if c in _LEADS]
            if not options:
                continue
            lead = rng.choice(options)
        elif kind == "vowel":
            options = _alikes(vowel) + _neighbours(vowel, _VOWEL_ROWS)
            if not options:
                continue
            vowel = rng.choice(options)
        elif tail:
            options = [c for c in _alikes(tail) + _neighbours(tail, _CONSONANT_ROWS) if c in _TAILS]
            if options and rng.random() < 0.5:
                tail, kind = rng.choice(options), "tail"
            else:
                tail, kind = "", "drop-tail"
        else:
            tail, kind = rng.choice(_COMMON_TAILS), "add-tail"
        syllable = jamo.j2h(lead, vowel, tail) if tail else jamo.j2h(lead, vowel)
        typo = title[:at] + syllable + title[at + 1 :]
        if OSA.distance(korean_key(typo), korean_key(title)) == 1:
            return typo, kind
    return None


def english_typo(title: str, rng: Random) -> tuple[str, str] | None:
    """One character wrong in a word after any leading article, never the first letter."""
    match = _ARTICLE.match(title)
    start = len(match.group(1)) + 1 if match else 0
    places = [i for i in range(start + 1, len(title)) if title[i].isalpha() and title[i - 1] != " "]
    for _ in range(20):
        if not places:
            return None
        at = rng.choice(places)
        letter = title[at].lower()
        kind = rng.choice(("sub", "sub", "delete", "insert", "transpose"))
        if kind == "sub":
            options = _neighbours(letter, _QWERTY)
            if not options:
                continue
            typo = title[:at] + rng.choice(options) + title[at + 1 :]
        elif kind == "delete":
            typo = title[:at] + title[at + 1 :]
        elif kind == "insert":
            options = [*_neighbours(letter, _QWERTY), letter]
            typo = title[:at] + rng.choice(options) + title[at:]
        else:
            if at + 1 >= len(title) or not title[at + 1].isalpha() or title[at + 1] == letter:
                continue
            typo = title[:at] + title[at + 1] + title[at] + title[at + 2 :]
        if OSA.distance(normalize_title(typo), normalize_title(title)) == 1:
            return typo, kind
    return None


def extra_space(title: str, rng: Random) -> str | None:
    places = [
        i
        for i in range(1, len(title))
        if _SYLLABLE.match(title[i - 1]) and _SYLLABLE.match(title[i])
    ]
    if not places:
        return None
    at = rng.choice(places)
    return title[:at] + " " + title[at:]


def unique_typo(world: World, typo: str, film: int, korean: bool) -> bool:
    """Whether the typo is nearer its own film than any other: no other film's title is
    within one edit of it (a typo that makes another real title is ambiguous)."""
    return world.near_owners(typo, korean, 1) <= {film}


def korean_forms(world: World, film: int, title: str, rng: Random) -> list[tuple[str, str]]:
    """Candidate (query, note) forms of a Korean title, in a seeded random order."""
    forms: list[tuple[str, str]] = [(title, "exact")]
    if " " in title:
        forms.append((title.replace(" ", ""), "no-space"))
    if spaced := extra_space(title, rng):
        forms.append((spaced, "extra-space"))
    if len(_SYLLABLE.findall(title)) >= MIN_TYPO_SYLLABLES:
        bases = [(title, "jamo-typo")]
        if " " in title:
            bases.append((title.replace(" ", ""), "no-space+jamo-typo"))
        if spaced:
            bases.append((spaced, "extra-space+jamo-typo"))
        for _ in range(TYPO_TRIES):
            base, note = rng.choice(bases)
            made = jamo_typo(base, rng)
            if made and unique_typo(world, made[0], film, korean=True):
                forms += [(made[0], f"{note}({made[1]})")] * 2  # typos weigh double
                break
    rng.shuffle(forms)
    return forms


def english_forms(world: World, movie: Movie, rng: Random) -> list[tuple[str, str]]:
    title = movie.title
    forms: list[tuple[str, str]] = [(title.lower(), "lowercase"), (title, "exact")]
    if movie.year:
        forms.append((f"{title} ({movie.year})", "with-year"))
        forms.append((f"{title.lower()} {movie.year}", "with-year"))
    if match := _ARTICLE.match(title):
        forms.append((f"{match.group(2)}, {match.group(1)}", "the-form"))
        forms.append((match.group(2).lower(), "no-article"))
    if len(normalize_title(title)) >= MIN_TYPO_CHARS:
        for _ in range(TYPO_TRIES):
            made = english_typo(title, rng)
            if not made or not unique_typo(world, made[0], movie.movie_id, korean=False):
                continue
            typo = made[0].lower() if rng.random() < 0.7 else made[0]
            forms += [(typo, f"english-typo({made[1]})")] * 2
            if movie.year and rng.random() < 0.5:
                forms.append((f"{typo} {movie.year}", f"english-typo({made[1]})+with-year"))
            break
    rng.shuffle(forms)
    return forms


def pick_forms(forms: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """The first ``count`` distinct queries, at most one per kind of form."""
    chosen: list[tuple[str, str]] = []
    for query, note in forms:
        kind = note.split("(")[0]
        if all(query != q and kind != n.split("(")[0] for q, n in chosen):
            chosen.append((query, note))
        if len(chosen) == count:
            break
    return chosen


# --- film pools ----------------------------------------------------------------------------


def korean_titles(world: World, data: Path) -> list[tuple[int, str, str]]:
    """(film, Hangul title, source) for every Hangul title of a catalogue film in
    kr_titles.csv and the KOBIS release list, deduplicated by (film, title without spaces)."""
    found: dict[tuple[int, str], tuple[int, str, str]] = {}
    with (data / "kr-catalogue" / "kr_titles.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["title_ko_is_hangul"] != "True":
                continue
            if row["movieId"]:
                film = int(row["movieId"])
            elif row["source"] == "omytt" and row["tmdb_id"]:
                film = 900_000_000 + int(row["tmdb_id"])
            else:
                continue
            if film in world.films and film in world.owners(row["title_ko"], korean=True):
                found.setdefault(
                    (film, compact(row["title_ko"])), (film, row["title_ko"], row["source"])
                )
    kobis = data / "kobis" / "KOBIS_release_list_2023-03-20.csv"
    with kobis.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            audience = int(row["전국 관객수"] or 0)
            title, opened = row["영화명"].strip(), row["개봉일"][:4]
            if audience < KOBIS_MIN_AUDIENCE or not opened.isdigit():
                continue
            owners = [
                f
                for f in world.owners(title, korean=True)
                if abs((world.films[f].year or 0) - int(opened)) <= 1
            ]
            if len(owners) == 1:
                found.setdefault((owners[0], compact(title)), (owners[0], title, "kobis"))
    return sorted(found.values())


def weighted_sample(items: list[int], weights: list[float], count: int, rng: Random) -> list[int]:
    """``count`` items without replacement, chance ∝ weight (Efraimidis–Spirakis)."""
    keyed = sorted(
        ((rng.random() ** (1.0 / w), i) for i, w in zip(items, weights, strict=True)), reverse=True
    )
    return [i for _, i in keyed[:count]]


def region_for(rng: Random) -> str:
    return "US" if rng.random() < US_SHARE else "KR"


def build_film_groups(world: World, data: Path, rng: Random) -> list[Query]:
    """The recent, korean and english groups (films never shared between them)."""
    by_film: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for film, title, source in korean_titles(world, data):
        if world.owners(title, korean=True) == {film} and not world.overshadowed(film, True):
            by_film[film].append((title, source))  # namesakes are the ambiguous group's
    used: set[int] = set()
    queries: list[Query] = []
    why: dict[int, str] = {}

    def english_ok(movie: Movie, least: int) -> bool:
        return (
            movie.origin == "ml-latest"
            and movie.ratings >= least
            and world.owners(movie.title, korean=False) == {movie.movie_id}
            and not world.overshadowed(movie.movie_id, False)
        )

    def take(
        group: str,
        pool: list[int],
        weight: Callable[[Movie], float],
        size: int,
        forms: Callable[[Movie], list[tuple[str, str]]],
        region: Callable[[], str],
    ) -> None:
        ordered = weighted_sample(
            pool, [weight(world.films[f]) ** 0.5 for f in pool], len(pool), rng
        )
        made = 0
        for film in ordered:
            if made >= size:
                break
            if film in used:
                continue
            movie = world.films[film]
            chosen = pick_forms(forms(movie), FORMS_PER_FILM)
            if not chosen:
                continue
            used.add(film)
            where = region()
            for query, note in chosen:
                queries.append(
                    Query(
                        query,
                        group,
                        film,
                        where,
                        note,
                        why=why.get(film, ""),
                        split_key=f"film:{film}",
                    )
                )
                made += 1

    def korean_of(movie: Movie) -> list[tuple[str, str]]:
        title, source = rng.choice(sorted(by_film[movie.movie_id]))
        why[movie.movie_id] = f"title from {source}; KR people-equiv {kr_count(movie):,.0f}"
        return korean_forms(world, movie.movie_id, title, rng)

    def english_of(movie: Movie) -> list[tuple[str, str]]:
        why[movie.movie_id] = f"ML ratings {movie.ratings:,}"
        return english_forms(world, movie, rng)

    recent = [f for f, m in world.films.items() if m.year in RECENT_YEARS]
    recent_ko = [
        f for f in recent if f in by_film and kr_count(world.films[f]) >= MIN_RECENT_KR_COUNT
    ]
    recent_en = [f for f in recent if english_ok(world.films[f], MIN_RECENT_RATINGS)]
    half = GROUP_SIZES["recent"] // 2
    take("recent", recent_ko, kr_count, half, korean_of, lambda: "KR")
    take(
        "recent",
        recent_en,
        us_count,
        GROUP_SIZES["recent"] - half,
        english_of,
        lambda: region_for(rng),
    )
    older = [f for f, m in world.films.items() if m.year not in RECENT_YEARS]
    korean = [f for f in older if f in by_film and kr_count(world.films[f]) >= MIN_KR_COUNT]
    take("korean", korean, kr_count, GROUP_SIZES["korean"], korean_of, lambda: "KR")
    english = [f for f in older if english_ok(world.films[f], MIN_RATINGS)]
    take("english", english, us_count, GROUP_SIZES["english"], english_of, lambda: region_for(rng))
    return queries


# --- namesakes -----------------------------------------------------------------------------


def expected_by_popularity(
    films: list[Movie], region: str, english_query: bool
) -> tuple[Movie, str, str]:
    """The namesake a user of ``region`` most likely means, the expectation and why.

    The better known film (Korea: people-equivalents, see ``kr_count``; else MovieLens
    ratings) is the film meant when it is at least ``CLEAR_RATIO`` times better known than the
    next (``film``: it should come first); otherwise the user should choose (``choice``). A
    Korean user typing an English title may mean the film known by that English title
    elsewhere, so when the two measures name different films the user should choose too.
    """
    count = kr_count if region == "KR" else us_count
    ranked = sorted(films, key=lambda m: (-count(m), m.movie_id))
    first, second = ranked[0], ranked[1]
    ratio = count(first) / max(count(second), 1.0)
    basis = "KR people-equiv" if region == "KR" else "ML ratings"
    why = f"{basis} {count(first):,.0f} vs {count(second):,.0f} ({label(second)})"
    expect = "film" if ratio >= CLEAR_RATIO else "choice"
    if region == "KR" and english_query:
        elsewhere = max(films, key=lambda m: (us_count(m), -m.movie_id))
        if elsewhere is not first:
            expect = "choice"
            why += f"; by ML ratings {label(elsewhere)}"
    return first, expect, why


def build_ambiguous(world: World, rng: Random) -> list[Query]:
    """Titles shared by two or more films: the bare title per region, and some with the year
    of one namesake (which then is the film meant, however little known)."""
    queries: list[Query] = []
    groups: list[tuple[str, bool, list[Movie]]] = []
    for key, owners in world.ko_owners.items():
        films = [world.films[f] for f in sorted(owners)]
        if len(films) >= 2 and max(kr_count(m) for m in films) >= MIN_NAMESAKE_KR_COUNT:
            groups.append((key, True, films))
    for key, owners in world.en_owners.items():
        films = [world.films[f] for f in sorted(owners)]
        if len(films) >= 2 and max(m.ratings for m in films) >= MIN_NAMESAKE_RATINGS:
            groups.append((key, False, films))
    groups.sort(key=lambda g: (g[1], g[0]))
    for key, korean, films in groups:
        years = [m.year for m in films]
        if None in years or len(set(years)) < len(years):
            continue  # duplicates or an undated namesake: no year can single one out
        count = kr_count if korean else us_count
        if korean:
            named = [m for m in films if m.title_ko and compact(m.title_ko) == key]
            title = max(named, key=count).title_ko if named else None
        else:
            named = [m for m in films if normalize_title(m.title) == key and m.title.isascii()]
            title = max(named, key=count).title if named else None
        if not title:
            continue  # the shared name is only an alias: nobody types it
        groups_key = f"amb:{'ko' if korean else 'en'}:{key}"
        regions = ("KR",) if korean else ("KR", "US")
        for region in regions:
            meant, expect, why = expected_by_popularity(films, region, not korean)
            text = title if korean else title.lower()
            queries.append(
                Query(
                    text,
                    "ambiguous",
                    meant.movie_id,
                    region,
                    "namesake" if korean else "namesake-english",
                    expect,
                    why,
                    groups_key,
                )
            )
        if rng.random() < 0.5:
            other = rng.choice(films)
            region = "KR" if korean else region_for(rng)
            text = f"{title} {other.year}" if rng.random() < 0.5 else f"{title} ({other.year})"
            queries.append(
                Query(
                    text if korean else text.lower(),
                    "ambiguous",
                    other.movie_id,
                    region,
                    "namesake+with-year",
                    "film",
                    f"the year names it among {len(films)} namesakes",
                    groups_key,
                )
            )
    return queries


def sample_ambiguous(queries: list[Query], size: int, rng: Random) -> list[Query]:
    """About ``size`` queries from the namesake groups, weighted so well-known titles and both
    languages come up, keeping every query of a chosen group."""
    by_group: dict[str, list[Query]] = defaultdict(list)
    for q in queries:
        by_group[q.split_key].append(q)
    keys = sorted(by_group)
    korean = [k for k in keys if k.startswith("amb:ko:")]
    english = [k for k in keys if k.startswith("amb:en:")]
    chosen: list[Query] = []
    for pool, share in ((korean, 0.45), (english, 0.55)):
        picked = rng.sample(pool, len(pool))
        made = 0
        for key in picked:
            if made >= size * share:
                break
            chosen += by_group[key]
            made += len(by_group[key])
    return chosen


# --- unknown titles ------------------------------------------------------------------------


def build_unknown(world: World, rng: Random, log: list[str]) -> list[Query]:
    """Invented titles, kept only if no catalogue title is within one edit (one Hangul letter
    for Korean), and real films newer than the data, kept when neither name is on a catalogue
    film of that year; a newer film whose title an older film has is asked with its year."""
    queries: list[Query] = []

    def absent(text: str, korean: bool) -> bool:
        near = world.near_owners(text, korean, 1)
        if not near:
            return True
        log.append(f"unknown: dropped {text!r} (near {sorted(near)[:3]})")
        return False

    for text in rng.sample(INVENTED_EN, INVENTED_EACH):
        if absent(text, False):
            queries.append(
                Query(
                    text if rng.random() < 0.5 else text.lower(),
                    "unknown",
                    None,
                    region_for(rng),
                    "invented",
                    "none",
                    split_key=f"unk:{text}",
                )
            )
    for text in rng.sample(INVENTED_KO, INVENTED_EACH):
        if absent(text, True):
            queries.append(
                Query(text, "unknown", None, "KR", "invented", "none", split_key=f"unk:{text}")
            )
    for at, (english, korean, year) in enumerate(NEWER):
        key = f"unk:{english}"
        # the film itself must be absent: no catalogue film of that year (or undated) by
        # either name
        same = {
            f
            for f in world.owners(english, False) | world.owners(korean, True)
            if world.films[f].year in (None, year, year - 1)
        }
        if same:
            log.append(f"unknown: {english} / {korean} is in the catalogue: {sorted(same)}")
            continue
        # one language per film (both for the films the issue names), seeded
        languages = ("en", "ko") if at < BOTH_LANGUAGES else (rng.choice(("en", "ko")),)
        for language in languages:
            korean_side = language == "ko"
            name = korean if korean_side else english
            region = "KR" if korean_side else region_for(rng)
            if world.owners(name, korean_side):  # an older namesake: asked with the year
                text = f"{name} {year}" if rng.random() < 0.5 else f"{name} ({year})"
                note = "newer-namesake+year"
            else:  # typed right, so kept even when a catalogue title is one edit away
                text = name if korean_side or rng.random() < 0.5 else name.lower()
                near = world.near_owners(name, korean_side, 1)
                note = "newer-film+near-title" if near else "newer-film"
            queries.append(Query(text, "unknown", None, region, note, "none", split_key=key))
    return queries


# --- split and output ----------------------------------------------------------------------


def _hash(text: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()


def assign_splits(queries: list[Query], seed: int) -> None:
    """dev/test by ``split_key`` (one film's forms together), ~``DEV_SHARE`` of each group's
    rows in dev: keys in hash order go to dev while the group's dev share is below target."""
    decided: dict[str, str] = {}
    for group in dict.fromkeys(q.group for q in queries):
        rows: dict[str, int] = defaultdict(int)
        for q in queries:
            if q.group == group:
                rows[q.split_key] += 1
        dev = placed = 0
        for key in sorted(rows, key=lambda k: _hash(k, seed)):
            if key not in decided:
                decided[key] = "dev" if dev < DEV_SHARE * (placed + rows[key]) else "test"
            dev += rows[key] if decided[key] == "dev" else 0
            placed += rows[key]
    for q in queries:
        q.split = decided[q.split_key]


def dedupe(queries: list[Query]) -> list[Query]:
    seen: set[tuple[str, str]] = set()
    kept: list[Query] = []
    for q in queries:
        key = (q.query.casefold(), q.region)
        if key not in seen:
            seen.add(key)
            kept.append(q)
    return kept


def write(queries: list[Query], world: World, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for q in queries:
            movie = world.films[q.expected] if q.expected is not None else None
            writer.writerow(
                [
                    q.query,
                    q.group,
                    q.split,
                    q.expected if movie else "",
                    label(movie) if movie else "",
                    q.region,
                    q.expect,
                    q.note,
                    q.why,
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--catalogue", type=Path, default=None, help="default data/catalogue")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--ambiguous", type=int, default=90, help="about this many queries")
    args = parser.parse_args()
    rng = Random(args.seed)
    world = World.load(read_films(args.catalogue))
    log: list[str] = []
    queries = build_film_groups(world, args.data, rng)
    queries += sample_ambiguous(build_ambiguous(world, rng), args.ambiguous, rng)
    queries += build_unknown(world, rng, log)
    queries = dedupe(queries)
    assign_splits(queries, args.seed)
    write(queries, world, args.out)
    for line in log:
        print(line)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for q in queries:
        counts[(q.group, q.split)] += 1
    for group in dict.fromkeys(q.group for q in queries):
        print(f"{group:10} dev {counts[(group, 'dev')]:4}  test {counts[(group, 'test')]:4}")
    print(f"{len(queries)} queries → {args.out}")


if __name__ == "__main__":
    main()
