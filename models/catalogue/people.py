"""Who made each film and who is in it: one person per human, with Korean and English names.

Credits come from several sources, each in its own script:

* KOBIS (``kobis_films.py``) — directors and actors in Hangul, and for 2021 … 2025 films also in
  Latin letters (``peopleNmEn``: "BONG Joon-ho", "Don LEE");
* the English tables (``film_facts.py``) — TMDB's director and top-5 cast, IMDB 5000's director
  and three actors, Wikipedia's cast ("Bong Joon-ho", "Ma Dong-seok");
* KMRD (``kr-catalogue/raw/kmrd``) — the cast of ~1,000 films with Korean and original names;
* name tables — KOBIS's 10,000 people with English names (j25ng), and CineMate's hand-checked
  ``data/people/english_names.csv``.

A person is a cluster of names: two names are one person when a source pairs them (KOBIS's
Korean and Latin spelling, KMRD, the name tables) or when one film credits them in its two
scripts and the transliteration model says they are the same name (크리스토퍼 놀란 and
Christopher Nolan on Oppenheimer). The Korean name shown is the one KOBIS writes most; the
English one is the hand-checked name, else the spelling the English tables use most, else
KOBIS's own romanisation.

Last, two people whose English names are the same words in another order ("Chan-wook Park",
"Park Chan-wook 박찬욱") are merged when something says they are one human (``one_person``):
IMDB 5000 writes East Asian names given name first, a name's letters in that order are a name
node of their own, and a film pairs each Hangul name with one Latin spelling only, so Oldboy
was directed by two people.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from inference.catalogue.people import english_name
from inference.catalogue.titles import has_hangul, romanise, to_jamo
from models.catalogue.film_facts import FilmFacts
from models.catalogue.kobis_films import KobisFilm

KMRD = "kr-catalogue/raw/kmrd/kmrd-small"
KMRD_FILES = ("movies.txt", "castings.csv", "peoples.txt")
KOBIS_PEOPLE = "film-knowledge/j25ng__movdata/data/people/peopleList.json"
ENGLISH_NAMES = Path(__file__).resolve().parents[2] / "data" / "people" / "english_names.csv"

DIRECTOR, ACTOR = "director", "actor"
MAX_ACTORS = {"kobis": 8, "tmdb_us": 5, "tmdb_kr": 5, "imdb5000": 3, "wikipedia": 6, "nrw": 5,
              "kmrd": 6}  # fmt: skip
# Two names of one film's credits, one in each script, are one person from this probability on
# (the transliteration model's, calibrated on held-out name pairs).
SAME_NAME = 0.5
PERSON_ID_SPAN = 100_000_000
VARIANT_SCORE = 85.0  # jamo ratio of two Hangul spellings of one foreign name (데이빗/데이비드)
# The letters two romanisations of one Korean given name write differently (Hye-jeong /
# Hye-jung, Ah-sung / A-sung, Min-yeob / Minyeop, Ji-hun / Jee-hoon), each pair to one form.
ROMANISATIONS = (("eo", "u"), ("oo", "u"), ("ee", "i"), ("ah", "a"), ("b", "p"), ("g", "k"),
                 ("d", "t"), ("j", "ch"))  # fmt: skip

Similarity = Callable[[str, Sequence[str]], "Sequence[float] | npt.NDArray[np.float64]"]


@dataclass(frozen=True, slots=True)
class Credit:
    """One source's credit of one person on one film."""

    movie_id: int
    role: str
    order: int
    ko: str = ""  # Hangul name
    en: str = ""  # Latin-letter name
    source: str = ""


@dataclass(slots=True)
class Person:
    """One person: every name the sources use for them."""

    person_id: int
    name_ko: str
    name_en: str
    aliases: tuple[str, ...]  # other spellings, both scripts
    films: int  # how many catalogue films credit them
    merged_ids: tuple[int, ...] = ()  # ids of the people merged into this one (``one_person``)


@dataclass(slots=True)
class PeopleStats:
    """Counts for metadata.json."""

    credits_by_source: dict[str, int] = field(default_factory=dict)
    pairs_by_source: dict[str, int] = field(default_factory=dict)
    aligned_in_films: int = 0
    alignments_refused: int = 0
    pairs_refused: int = 0
    people: int = 0
    with_both_scripts: int = 0
    credit_rows: int = 0
    films_with_director: int = 0
    films_with_cast: int = 0
    # People merged into another of the same name in another word order (``one_person``): on
    # a film they share, as the Western-order twin of a Korean name, or on a shared film with
    # the given name romanised another way; and merges refused because they would put two
    # people with Hangul names together through a third.
    merged_sharing_a_film: int = 0
    merged_western_order: int = 0
    merged_romanised: int = 0
    merges_refused: int = 0


def latin_key(name: str) -> str:
    """A Latin name's identity: letters only, accents folded ("Bong Joon-ho" = "BONG Joon Ho")."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if c.isascii() and c.isalpha())


def hangul_key(name: str) -> str:
    """A Hangul name's identity: spaces and punctuation dropped ("봉 준호" = "봉준호")."""
    return "".join(c for c in name if c.isalnum())


_KOBIS_FAMILY_FIRST = re.compile(r"^([A-Z]{2,})\s+(.+)$")


def display_latin(name: str) -> str:
    """KOBIS writes Korean names family-name-first in capitals ("KIM Sang-pai"): as people
    read them, "Kim Sang-pai"; other names as written."""
    name = " ".join(name.split())
    found = _KOBIS_FAMILY_FIRST.match(name)
    if found and not found.group(2).isupper():
        return f"{found.group(1).capitalize()} {found.group(2)}"
    if name.isupper() and len(name) > 3:
        return " ".join(part.capitalize() for part in name.split())
    return name


def kobis_credits(movie_id: int, films: Iterable[KobisFilm]) -> list[Credit]:
    """The directors and first actors of the KOBIS films placed on this film."""
    credits: list[Credit] = []
    for kobis in films:
        for order, person in enumerate(kobis.directors):
            credits.append(Credit(movie_id, DIRECTOR, order, person.ko, person.en, "kobis"))
        for order, person in enumerate(kobis.actors[: MAX_ACTORS["kobis"]]):
            credits.append(Credit(movie_id, ACTOR, order, person.ko, person.en, "kobis"))
    return credits


def table_credits(movie_id: int, facts: Iterable[FilmFacts]) -> list[Credit]:
    """The directors and cast the English tables give this film."""
    credits: list[Credit] = []
    for fact in facts:
        for order, name in enumerate(fact.directors):
            credits.append(Credit(movie_id, DIRECTOR, order, en=name, source=fact.source))
        for order, name in enumerate(fact.cast[: MAX_ACTORS.get(fact.source, 5)]):
            if has_hangul(name):
                credits.append(Credit(movie_id, ACTOR, order, ko=name, source=fact.source))
            else:
                credits.append(Credit(movie_id, ACTOR, order, en=name, source=fact.source))
    return credits


def kmrd_credits(data: Path, movie_of_kmrd: dict[int, int]) -> list[Credit]:
    """KMRD's cast of the films kr_titles.csv ties to a catalogue film (``naver:<id>``)."""
    folder = data / KMRD
    names: dict[int, tuple[str, str]] = {}
    with (folder / "peoples.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            original = (row.get("original") or "").strip()
            names[int(row["people"])] = ((row.get("korean") or "").strip(),
                                         original if _latin(original) else "")  # fmt: skip
    credits: list[Credit] = []
    with (folder / "castings.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            movie_id = movie_of_kmrd.get(int(row["movie"]))
            order = int(row["order"])
            if movie_id is None or order > MAX_ACTORS["kmrd"]:
                continue
            ko, en = names.get(int(row["people"]), ("", ""))
            if ko or en:
                credits.append(Credit(movie_id, ACTOR, order - 1, ko, en, "kmrd"))
    return credits


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def name_pairs(data: Path) -> list[tuple[str, str, str]]:
    """(Hangul, Latin, source) pairs from the name tables: KOBIS's people list and CineMate's
    hand-checked English names (the role-specific ones only where the role is unambiguous)."""
    pairs: list[tuple[str, str, str]] = []
    for entry in json.loads((data / KOBIS_PEOPLE).read_text(encoding="utf-8")):
        ko, en = str(entry.get("peopleNm") or "").strip(), str(entry.get("peopleNmEn") or "")
        if ko and _latin(en.strip()):
            pairs.append((ko, en.strip(), "kobis_people"))
    with ENGLISH_NAMES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    roles = Counter(row["korean"] for row in rows)
    for row in rows:
        if roles[row["korean"]] == 1:
            pairs.append((row["korean"], row["english"], "cinemate"))
    return pairs


class _Clusters:
    """Union-find over name nodes ("ko:봉준호", "en:bongjoonho") that never puts two different
    Korean names in one person: an English name shared by two people (or a wrong pairing) would
    otherwise chain 조진웅, 이선균 and 정진영 into one. Spelling variants of one name
    (데이빗 핀처, 데이비드 핀처) are allowed together."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.korean: dict[str, set[str]] = {}

    def find(self, node: str) -> str:
        if node not in self.parent:
            self.parent[node] = node
            self.korean[node] = {node[3:].split("#")[0]} if node.startswith("ko:") else set()
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, first: str, second: str) -> bool:
        """Merge the two names' people; False (nothing merged) when their Korean names
        differ."""
        a, b = self.find(first), self.find(second)
        if a == b:
            return True
        if self.korean[a] and self.korean[b] and not _variants(self.korean[a], self.korean[b]):
            return False
        keep, drop = min(a, b), max(a, b)
        self.parent[drop] = keep
        self.korean[keep] |= self.korean.pop(drop)
        return True


def _variants(first: set[str], second: set[str]) -> bool:
    """Whether two sets of Hangul names share a spelling variant (one letter apart)."""
    return any(fuzz.ratio(to_jamo(a), to_jamo(b)) >= VARIANT_SCORE for a in first for b in second)


def _role_split() -> frozenset[str]:
    """Korean names that belong to two people told apart by role (이병헌 the director of
    극한직업, 이병헌 the actor): the hand-checked table lists each with its role."""
    with ENGLISH_NAMES.open(encoding="utf-8", newline="") as handle:
        roles = Counter(row["korean"] for row in csv.DictReader(handle) if row["role"])
    return frozenset(hangul_key(name) for name, count in roles.items() if count > 1)


ROLE_SPLIT = _role_split()


def _ko_node(name: str, role: str) -> str:
    key = hangul_key(name)
    return f"ko:{key}#{role}" if key in ROLE_SPLIT else f"ko:{key}"


def _nodes(credit: Credit) -> list[str]:
    nodes = []
    if credit.ko and hangul_key(credit.ko):
        nodes.append(_ko_node(credit.ko, credit.role))
    if credit.en and latin_key(credit.en):
        nodes.append(f"en:{latin_key(credit.en)}")
    return nodes


def align_film(credits: list[Credit], similarity: Similarity) -> list[tuple[str, str, str]]:
    """Pairs (Hangul name, Latin name) that one film credits in its two scripts for the same
    role and the transliteration model calls the same name, best first, each name once."""
    pairs: list[tuple[str, str, str]] = []
    for role in (DIRECTOR, ACTOR):
        korean = list(dict.fromkeys(c.ko for c in credits if c.role == role and c.ko and not c.en))
        latin = list(dict.fromkeys(c.en for c in credits if c.role == role and c.en and not c.ko))
        if not korean or not latin:
            continue
        scored = []
        for ko in korean:
            for en, score in zip(latin, similarity(ko, latin), strict=True):
                if score >= SAME_NAME:
                    scored.append((float(score), ko, en))
        used_ko: set[str] = set()
        used_en: set[str] = set()
        for _, ko, en in sorted(scored, reverse=True):
            if ko not in used_ko and en not in used_en:
                pairs.append((ko, en, role))
                used_ko.add(ko)
                used_en.add(en)
    return pairs


def build_people(
    credits: list[Credit],
    pairs: list[tuple[str, str, str]],
    similarity: Similarity,
    stats: PeopleStats,
) -> tuple[list[Person], list[tuple[int, int, str, int]]]:
    """People and credit rows ``(movie_id, person_id, role, order)`` from every credit."""
    clusters = _Clusters()
    seen_ko = {hangul_key(c.ko) for c in credits if c.ko}
    for credit in credits:
        stats.credits_by_source[credit.source] = stats.credits_by_source.get(credit.source, 0) + 1
        nodes = _nodes(credit)
        for node in nodes:
            clusters.find(node)
        if len(nodes) == 2:
            clusters.join(*nodes)
    for ko, en, source in pairs:
        key = hangul_key(ko)
        if key in seen_ko and key not in ROLE_SPLIT and latin_key(en):
            if clusters.join(f"ko:{key}", f"en:{latin_key(en)}"):
                stats.pairs_by_source[source] = stats.pairs_by_source.get(source, 0) + 1
            else:
                stats.pairs_refused += 1
    by_film: dict[int, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_film[credit.movie_id].append(credit)
    for movie_id in sorted(by_film):
        for ko, en, role in align_film(by_film[movie_id], similarity):
            if clusters.join(_ko_node(ko, role), f"en:{latin_key(en)}"):
                stats.aligned_in_films += 1
            else:
                stats.alignments_refused += 1
    return _people(credits, clusters, stats)


def _people(
    credits: list[Credit], clusters: _Clusters, stats: PeopleStats
) -> tuple[list[Person], list[tuple[int, int, str, int]]]:
    hand = _hand_checked()
    by_role = _hand_checked_by_role()
    spellings_ko: dict[str, Counter[str]] = defaultdict(Counter)
    spellings_en: dict[str, Counter[str]] = defaultdict(Counter)
    kobis_en: dict[str, Counter[str]] = defaultdict(Counter)
    films: dict[str, set[int]] = defaultdict(set)
    kobis_ko: Counter[str] = Counter()  # KOBIS's credits in Hangul, by person
    for credit in credits:
        nodes = _nodes(credit)
        if not nodes:
            continue
        root = clusters.find(nodes[0])
        films[root].add(credit.movie_id)
        if credit.ko:
            spellings_ko[root][" ".join(credit.ko.split())] += 1
            kobis_ko[root] += credit.source == "kobis"
        if credit.en:
            target = kobis_en if credit.source == "kobis" else spellings_en
            target[root][display_latin(credit.en)] += 1
    people: dict[str, Person] = {}
    taken: set[int] = set()
    checked: set[str] = set()  # roots whose English name is the hand-checked one
    for root in sorted(films):
        name_ko = _most_common(spellings_ko[root])
        name_en = hand.get(hangul_key(name_ko), "") if name_ko else ""
        if "#" in root:  # a name two people share: the one of this role
            name_en = by_role.get((hangul_key(name_ko), root.rsplit("#", 1)[1]), name_en)
        if name_en:
            checked.add(root)
        name_en = name_en or _most_common(spellings_en[root]) or _most_common(kobis_en[root])
        aliases = [n for n in (*spellings_ko[root], *spellings_en[root], *kobis_en[root])
                   if n not in (name_ko, name_en)]  # fmt: skip
        people[root] = Person(_person_id(root, taken), name_ko, name_en, tuple(sorted(aliases)),
                              len(films[root]))  # fmt: skip
    # Every root's id is drawn above, merged or not, so that no one else's id moves.
    rank = {root: (root in checked, kobis_ko[root], spellings_ko[root].total(), len(films[root]))
            for root in people}  # fmt: skip
    into = merge_reordered(people, films, checked, rank, stats)
    for root in into:
        del people[root]
    rows: dict[tuple[int, int, str], int] = {}
    for credit in credits:
        nodes = _nodes(credit)
        if not nodes:
            continue
        root = clusters.find(nodes[0])
        person = people[into.get(root, root)]
        key = (credit.movie_id, person.person_id, credit.role)
        rows[key] = min(credit.order, rows.get(key, credit.order))
    stats.people = len(people)
    stats.with_both_scripts = sum(bool(p.name_ko and p.name_en) for p in people.values())
    stats.credit_rows = len(rows)
    stats.films_with_director = len({m for m, _, r in rows if r == DIRECTOR})
    stats.films_with_cast = len({m for m, _, r in rows if r == ACTOR})
    ordered = sorted(people.values(), key=lambda p: p.person_id)
    return ordered, sorted((m, p, r, o) for (m, p, r), o in rows.items())


def latin_names(person: Person) -> list[str]:
    """A person's English name and Latin-letter aliases."""
    return [n for n in (person.name_en, *person.aliases) if n and _latin(n)]


def name_orders(name: str) -> frozenset[str]:
    """A Latin name's keys as written and with its family name at the other end — last word
    first, first word last, and after a Western first name the same with the rest ("Tony
    Chiu Wai Leung" = "Tony Leung Chiu Wai") — hyphens, spaces inside a given name, case and
    accents ignored: "Chan-wook Park", "Park Chan-wook" and "Park Chanwook" share
    "parkchanwook". A given name's syllables never change places: "Jun Hee Lee" (이준희) is
    not "Lee Hee-jun" (이희준)."""
    words = name.split()
    orders = [words, words[-1:] + words[:-1], words[1:] + words[:1]]
    if len(words) >= 3:
        orders += [words[:1] + words[-1:] + words[1:-1], words[:1] + words[2:] + words[1:2]]
    return frozenset(k for order in orders if (k := latin_key(" ".join(order))))


def one_person(first: Person, second: Person, share_a_film: bool) -> bool:
    """Whether two people of the build are one human credited under two spellings.

    Why: IMDB 5000 (and a few TMDB rows) write East Asian names given name first and without
    Hangul ("Chan-wook Park", "Li Gong"); KOBIS, KMRD and the other tables family name first
    ("Park Chan-wook" 박찬욱). A Latin name is a name node by its letters in order, and
    ``align_film`` pairs each Hangul name of a film with one Latin spelling only (two
    different people of near names on one film must stay two), so the second spelling stayed
    a person of its own — Oldboy "directed by Chan-wook Park, Park Chan-wook" — and a few
    foreign names became two people through two Hangul spellings (장예모 / 장이머우, 존 사베지
    / 존 세비지). The same words are not enough on their own: Keith David and David
    Keith are two actors, and so are 우현 (Woo Hyun) and 현우 (Hyun Woo). So the names must
    be the same words with the family name moved (``name_orders``) and

    * the two share a film — one film crediting two humans of one name in two spellings does
      not happen, while one human credited twice by two sources does on every such film; or
    * without a shared film, only the unambiguous twin of a Korean name: one has no Hangul
      name and is credited as "<hyphenated given name> <family name>" ("Dal-su Oh"), the
      other has a Korean name (2–4 syllables) and that English name family first ("Oh
      Dal-su" 오달수). A hyphenated given name cannot be read as a family name, so the
      reversed name is no one else's; it is then only another spelling of a name the build
      already treats as one person wherever it is credited.

    One more spelling is the same human on a shared film: a person without Hangul whose name,
    family name moved to the other end, is a Korean-named person's with the same family name
    and the given name romanised another way ("Hye-jeong Kang" and 강혜정 "Kang Hye-jung" on
    Oldboy; ``_romanised_twin``: the romanisations differ in known letters only, eo/u,
    oo/u, b/p …, so 김지원 "Kim Ji-won" is never "Ji-woo Kim").

    Two people of one Hangul name are never merged: the build keeps them apart on purpose
    (이병헌 the director, 이병헌 the actor)."""
    if first.name_ko and hangul_key(first.name_ko) == hangul_key(second.name_ko):
        return False
    if _same_words(first, second):
        return share_a_film or _western_twin(first, second) or _western_twin(second, first)
    return share_a_film and (_romanised_twin(first, second) or _romanised_twin(second, first))


def _same_words(first: Person, second: Person) -> bool:
    """Whether two people share a Latin name, the family name at either end (``name_orders``)."""
    first_orders = frozenset().union(*map(name_orders, latin_names(first)))
    return bool(first_orders & {latin_key(n) for n in latin_names(second)})


def _western_twin(latin_only: Person, korean: Person) -> bool:
    """"Dal-su Oh" without Hangul, and 오달수 "Oh Dal-su" (see ``one_person``)."""
    if latin_only.name_ko or not _korean_name(korean.name_ko):
        return False
    words = latin_only.name_en.split()
    if len(words) != 2 or "-" not in words[0].strip("-"):
        return False
    return latin_key(f"{words[1]} {words[0]}") in {latin_key(n) for n in latin_names(korean)}


def _romanised_twin(latin_only: Person, korean: Person) -> bool:
    """"Hye-jeong Kang" without Hangul, and 강혜정 "Kang Hye-jung": one family name at the
    two ends of the names, the given names another romanisation of one another (see
    ``one_person``)."""
    if latin_only.name_ko or not _korean_name(korean.name_ko):
        return False
    return any(family == other_family and end != other_end
               and _romanised(given) == _romanised(other_given)
               for family, given, end in _ends(latin_only.name_en)
               for name in latin_names(korean)
               for other_family, other_given, other_end in _ends(name))  # fmt: skip


def _romanised(given: str) -> str:
    """A Korean given name's letters as one romanisation ("hyejeong", "hyejung" → "hyechung")."""
    for written, common in ROMANISATIONS:
        given = given.replace(written, common)
    return given


def _ends(name: str) -> list[tuple[str, str, int]]:
    """(family, given name, which end) for the family name at either end of a name."""
    words = name.split()
    if len(words) < 2:
        return []
    return [(latin_key(words[0]), latin_key(" ".join(words[1:])), 0),
            (latin_key(words[-1]), latin_key(" ".join(words[:-1])), -1)]  # fmt: skip


def _korean_name(name: str) -> bool:
    """One word of two to four Hangul syllables: a Korean name, or a Chinese one read in
    Korean (장예모) — written family name first."""
    return 2 <= len(name) <= 4 and all("가" <= c <= "힣" for c in name)


def merge_reordered(
    people: dict[str, Person],
    films: dict[str, set[int]],
    checked: set[str],
    rank: dict[str, tuple[bool, int, int, int]],
    stats: PeopleStats,
) -> dict[str, str]:
    """Merge the people ``one_person`` calls one (in place, into the survivor's ``Person``)
    and return root → the root it was merged into, for the merged-away ones.

    The survivor — whose id stays; the others' ids are kept in its ``merged_ids`` — is the
    one with a Hangul name, and of two Hangul names the hand-checked one, else the one KOBIS
    writes most (``rank``: checked, KOBIS's Hangul credits, all Hangul credits, films): 장예모,
    not KMRD's 장이머우; 스칼릿 조핸슨, not 스칼렛 요한슨. Its English name is the
    hand-checked one, else for a one-word Hangul name (Korean, or Chinese read in Korean) the
    spelling family name first, as the bot shows Korean names (``korean_order``), else its
    own. Every other spelling becomes an alias ("Chan-wook Park" still finds 박찬욱)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for root, person in people.items():
        for key in {latin_key(n) for n in latin_names(person)} - {""}:
            by_key[key].append(root)
    candidates: set[tuple[str, str]] = set()
    for root, person in people.items():
        for name in latin_names(person):
            for key in name_orders(name):
                candidates.update((min(root, other), max(root, other))
                                  for other in by_key.get(key, ()) if other != root)  # fmt: skip
    on_film: dict[int, list[str]] = defaultdict(list)
    for root, person in people.items():
        if not person.name_ko or _korean_name(person.name_ko):
            for movie_id in films[root]:
                on_film[movie_id].append(root)
    for roots in on_film.values():  # a film's Latin-only × Korean-named people (_romanised_twin)
        latin_only = [r for r in roots if not people[r].name_ko]
        korean = [r for r in roots if people[r].name_ko]
        candidates.update((min(a, b), max(a, b)) for a in latin_only for b in korean)
    group = {root: root for pair in candidates for root in pair}
    members: dict[str, list[str]] = {root: [root] for root in group}
    for first, second in sorted(candidates):
        a, b = group[first], group[second]
        if a == b:
            continue
        shared = bool(films[first] & films[second])
        if not one_person(people[first], people[second], shared):
            continue
        hangul_a = [r for r in members[a] if people[r].name_ko]
        hangul_b = [r for r in members[b] if people[r].name_ko]
        if hangul_a and hangul_b and (hangul_a, hangul_b) != ([first], [second]):
            stats.merges_refused += 1  # two Hangul names joined only through a third
            continue
        if not shared:
            stats.merged_western_order += 1
        elif _same_words(people[first], people[second]):
            stats.merged_sharing_a_film += 1
        else:
            stats.merged_romanised += 1
        keep, drop = min(a, b), max(a, b)
        for root in members.pop(drop):
            group[root] = keep
            members[keep].append(root)
    into: dict[str, str] = {}
    for roots in members.values():
        if len(roots) > 1:
            survivor = max(roots, key=lambda r: (bool(people[r].name_ko), rank[r],
                                                 -people[r].person_id))  # fmt: skip
            _merge_into(survivor, roots, people, films, checked)
            into.update({r: survivor for r in roots if r != survivor})
    return into


def _merge_into(
    survivor: str,
    roots: list[str],
    people: dict[str, Person],
    films: dict[str, set[int]],
    checked: set[str],
) -> None:
    person = people[survivor]
    others = [people[r] for r in sorted(roots) if r != survivor]
    spellings = {n for p in (person, *others) for n in (p.name_ko, p.name_en, *p.aliases)}
    if survivor not in checked and _korean_name(person.name_ko):
        person.name_en = korean_order(person.name_ko, [person.name_en,
                                                       *(p.name_en for p in others)])  # fmt: skip
    person.aliases = tuple(sorted(spellings - {"", person.name_ko, person.name_en}))
    person.films = len(set().union(*(films[r] for r in roots)))
    person.merged_ids = tuple(sorted(p.person_id for p in others))


def korean_order(name_ko: str, spellings: Sequence[str]) -> str:
    """Of a Korean (or Korean-read Chinese) name's English spellings, the one family name
    first — "Park Chan-wook", "Gong Li", "Zhang Yimou" — told by which is closest to the
    name's own romanisation in Hangul order (``english_name``: 최민식 → "Choi Min-sik"); ties
    go to the first spelling."""
    reading = latin_key(english_name(name_ko) or romanise(name_ko))
    scores = [fuzz.ratio(latin_key(s), reading) for s in spellings]
    return spellings[scores.index(max(scores))]


def _most_common(counter: Counter[str]) -> str:
    """The most used spelling; ties go to the alphabetically first, for a stable build."""
    if not counter:
        return ""
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _person_id(root: str, taken: set[int]) -> int:
    """A stable id from the cluster's first name node (collisions move on)."""
    attempt = 0
    while True:
        value = 1 + zlib.crc32(f"{root}|{attempt}".encode()) % (PERSON_ID_SPAN - 1)
        if value not in taken:
            taken.add(value)
            return value
        attempt += 1


def _hand_checked() -> dict[str, str]:
    """Hangul name → the English name CineMate checked by hand (names with one role only)."""
    with ENGLISH_NAMES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    roles = Counter(row["korean"] for row in rows)
    return {hangul_key(r["korean"]): r["english"] for r in rows if roles[r["korean"]] == 1}


def kmrd_films(titles: Iterable[tuple[str, int | None]]) -> dict[int, int]:
    """KMRD film id → catalogue film, from kr_titles.csv's (source_id, movieId) of KMRD rows
    ("naver:10001")."""
    found: dict[int, int] = {}
    for source_id, movie_id in titles:
        prefix, _, number = str(source_id).partition(":")
        if prefix == "naver" and number.isdigit() and movie_id is not None and movie_id == movie_id:
            found[int(number)] = int(movie_id)
    return found


def _hand_checked_by_role() -> dict[tuple[str, str], str]:
    """(Hangul name, role) → English name, for the names two people share."""
    with ENGLISH_NAMES.open(encoding="utf-8", newline="") as handle:
        return {(hangul_key(r["korean"]), r["role"]): r["english"]
                for r in csv.DictReader(handle) if r["role"]}  # fmt: skip


def input_files(data: Path) -> list[Path]:
    """Every file this module reads from ../shared/data."""
    return [data / KMRD / name for name in KMRD_FILES] + [data / KOBIS_PEOPLE]
