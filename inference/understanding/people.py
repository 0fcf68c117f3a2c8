"""The person a message asks about: "봉준호 감독 영화", "송강호 나오는 영화", "movies by Christopher
Nolan", "films with Tom Hanks", "마동석 최신작".

A phrase around a name marks a question about a person — 감독 / 나오는 / 출연한 / 최신작 / 필모,
"by", "with", "starring", "'s movies" — and the name is then looked up in the catalogue's people
(``inference.catalogue.credits``: both scripts, spacing and typos forgiven). A phrase that could
also be a film ("마녀 영화") names a person only when the people index knows the name and no film
is called exactly that; the role asked (directed, acted) and "newest first" come with it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from inference.catalogue.credits import CreditsTable, Person
from inference.catalogue.titles import compact, fold, has_hangul
from inference.understanding.spans import common_words

# (pattern, role, explicit): a name, then what the sentence asks of it. ``explicit`` patterns
# say "person" in so many words (감독, 배우, directed by, starring); the others ("X 영화",
# "X movies") also fit a film's title and need the name to be a person's and not a film's.
_KO: list[tuple[re.Pattern[str], str | None, bool]] = [
    (re.compile(r"^(?:영화\s*)?감독\s+(?P<p>[^\s,?!.]+(?:\s[^\s,?!.]+)?)(?:\s|$|의|이|가)"),
     "director", True),
    (re.compile(r"^(?:영화\s*)?배우\s+(?P<p>[^\s,?!.]+(?:\s[^\s,?!.]+)?)(?:\s|$|의|이|가)"),
     "actor", True),
    (re.compile(r"^(?P<p>.+?)\s*(?:감독님?|연출)(?:의|이|가|이랑|하고)?\s*(?:영화|작품|신작|최신작|필모|"
                r"연출작|만든|찍은|다른|영화들|거|뭐|추천|전부|다|목록|리스트)"), "director", True),
    (re.compile(r"^(?P<p>.+?)\s*(?:배우)?(?:이|가|님이)?\s*(?:나오는|나온|출연한|출연하는|"
                r"출연작|주연한|주연의?|주연작|출연|연기한|나왔던|나오던)\s*(?:영화|작품|거|것|드라마)?"),
     "actor", True),
    (re.compile(r"^(?P<p>.+?)\s*(?:의\s*)?(?:최신작|신작|필모그래피|필모|대표작|작품들?|영화들)"),
     None, False),
    (re.compile(r"^(?P<p>.+?)\s*(?:의\s*)?영화\s*(?:추천|뭐|있어|알려|리스트|목록|다|전부|좀)"),
     None, False),
    (re.compile(r"^(?P<p>.+?)\s*(?:의\s*)?영화들?\s*[?!.~]*$"), None, False),
]
_EN: list[tuple[re.Pattern[str], str | None, bool]] = [
    (re.compile(r"\b(?:directed|made|helmed)\s+by\s+(?P<p>.+?)(?:\s+(?:on|in|from|that|with)\b.*)?"
                r"[?!.]*$", re.I), "director", True),
    (re.compile(r"\b(?:movies?|films?|works?|stuff)\s+(?:by|from)\s+(?:director\s+)?(?P<p>.+?)"
                r"(?:\s+(?:on|in|from|that|with)\b.*)?[?!.]*$", re.I), "director", True),
    (re.compile(r"\b(?:movies?|films?|stuff)\s+(?:with|starring|featuring)\s+(?:actor\s+|actress\s+)?"
                r"(?P<p>.+?)(?:\s+(?:on|in|from|that)\b.*)?[?!.]*$", re.I), "actor", True),
    (re.compile(r"^(?:what|which)\s+(?:movies?|films?)\s+(?:has|did|is|was)\s+(?P<p>.+?)\s+"
                r"(?:directed|direct|made|make)\b", re.I), "director", True),
    (re.compile(r"^what\s+(?:has|did)\s+(?P<p>.+?)\s+(?:directed|direct|made|make)\b", re.I),
     "director", True),
    (re.compile(r"^what\s+(?:has|did|was)\s+(?P<p>.+?)\s+(?:been\s+in|starred\s+in|star\s+in|"
                r"acted\s+in|in)\b", re.I), "actor", True),
    (re.compile(r"^(?:what|which)\s+(?:movies?|films?)\s+(?:has|did|is|was)\s+(?P<p>.+?)\s+"
                r"(?:been\s+in|starred\s+in|star\s+in|acted\s+in|in)\b", re.I), "actor", True),
    (re.compile(r"^(?:the\s+)?(?:latest|newest|new|recent|best)\s+(?P<p>.+?)\s+(?:movies?|films?)"
                r"[?!.]*$", re.I), None, False),
    (re.compile(r"^(?P<p>[^'?]+?)(?:'s|s'|’s)\s+(?:movies?|films?|filmography|latest|newest|"
                r"best|work|new\s+(?:movie|film))", re.I), None, True),
    (re.compile(r"^(?:(?:recommend|suggest|show|list)\s+(?:me\s+)?)?(?:some\s+)?(?P<p>.+?)\s+"
                r"(?:movies?|films?|filmography)[?!.]*$", re.I), None, False),
]
_NEWEST = re.compile(r"최신작|신작|최근\s*(?:작품|영화)|요즘\s*(?:작품|영화)|latest|newest|"
                     r"new\s+(?:movie|film)|most\s+recent", re.IGNORECASE)
_ROLE_CUE = re.compile(r"감독|연출|direct|made\s+by", re.IGNORECASE)
_ACTOR_CUE = re.compile(r"나오는|나온|출연|주연|연기|배우|starring|with|acted|actor|actress|star",
                        re.IGNORECASE)  # fmt: skip
# Words that end up in a span but are not part of a name.
_TRAILING = re.compile(r"\s*(?:감독님?|배우님?|씨|님|이|가|의|은|는|이랑|하고|director|actor|"
                       r"actress)$", re.IGNORECASE)  # fmt: skip
_LEADING = re.compile(r"^(?:혹시|그|the\s+director|director|actor|actress|the\s+actor)\s+",
                      re.IGNORECASE)  # fmt: skip
# A span that is a genre, a mood or a generic word is never a person ("horror movies").
_NOT_A_NAME = re.compile(
    r"^(?:한국|미국|일본|중국|공포|호러|액션|코미디|로맨스|스릴러|범죄|애니|애니메이션|무서운|웃긴|슬픈|"
    r"좋은|재밌는|재미있는|최신|요즘|옛날|인기|유명한|추천|korean|japanese|american|horror|action|"
    r"comedy|romance|romantic|thriller|crime|scary|funny|sad|good|great|best|new|old|classic|"
    r"popular|animated|kids?|family|the|some|any|all|christmas|marvel|disney|pixar|netflix|"
    r"\d{2,4}s?)(?:\s+(?:movies?|films?|영화))?$",
    re.IGNORECASE,
)
MAX_SPAN = 40
# A service or place first ("넷플릭스에 있는 …", "왓챠에서 볼 수 있는 …"): read what follows.
_WHERE_FIRST = re.compile(r"^.{1,20}?(?:에|에서)\s*(?:있는|볼\s*수\s*있는|하는|나오는|볼만한)\s+")


@dataclass(frozen=True, slots=True)
class PersonAsked:
    """A person a message asks about, what as, and whether newest films first."""

    person: Person
    typed: str  # the name as the user wrote it
    role: str | None  # "director", "actor", or None (both)
    newest: bool


class PersonReader:
    """Finds the person a message asks about (``read``). Thread-safe."""

    def __init__(self, people: CreditsTable, is_exact_title: object = None) -> None:
        self._people = people
        # Every name by its key (~0.4 s): built by ``warm`` at start-up, or on first use.
        self._names: NameKeys | None = None
        self._lock = threading.Lock()
        # A callable telling whether a span is exactly a film's title (then "X 영화" is a
        # film); None: never.
        self._is_title = is_exact_title

    def names(self) -> NameKeys:
        """The name lookup, built once."""
        if self._names is None:
            with self._lock:
                if self._names is None:
                    self._names = NameKeys(self._people)
        return self._names

    def warm(self) -> None:
        """Build the name lookup now."""
        self.names()

    def read(self, text: str) -> PersonAsked | None:
        """The person asked about, or None when the message asks about no one we know."""
        if not text or len(self._people) == 0:
            return None
        found = self._read(text)
        if found is None and _WHERE_FIRST.match(text):  # "넷플릭스에 있는 송강호 영화"
            found = self._read(_WHERE_FIRST.sub("", text))
        if found is None:
            found = self._anywhere(text)
        return found

    def _anywhere(self, text: str) -> PersonAsked | None:
        """A known name anywhere in the message, whatever the phrase around it ("파묘에 김고은
        나옴?", "톰크루즈 영화 중에", "the shining 감독 큐브릭 맞지?")."""
        found = self.names().find(text)
        if found is None:
            return None
        person, typed = found
        return PersonAsked(person, typed, _role(text), bool(_NEWEST.search(text)))

    def _read(self, text: str) -> PersonAsked | None:
        patterns = _KO if re.search(r"[가-힣]", text) else []
        for pattern, role, explicit in (*patterns, *_EN):
            found = pattern.search(text)
            if not found:
                continue
            span = self._span(found.group("p"))
            if not span or _NOT_A_NAME.match(span):
                continue
            resolution = self._people.resolve(span, role=role or _role(text))
            person = resolution.person
            if person is None:
                continue
            if not explicit and callable(self._is_title) and self._is_title(span):
                continue
            newest = bool(_NEWEST.search(text))
            return PersonAsked(person, span, role or _role(text), newest)
        return None

    @staticmethod
    def _span(raw: str) -> str:
        span = " ".join(raw.split())[:MAX_SPAN]
        previous = None
        while previous != span:
            previous = span
            span = _LEADING.sub("", _TRAILING.sub("", span)).strip(" ,'\"“”‘’")
        return span


def _role(text: str) -> str | None:
    """The role a sentence implies when its pattern did not say."""
    if _ROLE_CUE.search(text):
        return "director"
    if _ACTOR_CUE.search(text):
        return "actor"
    return None


FAMOUS = 8  # films credited: enough to be known by one name ("놀란", "큐브릭", "chalamet")
MAX_NAME_WORDS = 3
_NAME_TOKEN = re.compile(r"[^\s,?!.~()\[\]\"'“”]+")


class NameKeys:
    """Every person by the spaceless key of each name, and the well known by one word of a
    foreign name (a surname: "놀란", "Kubrick"; or a family name written first: "고레에다")."""

    def __init__(self, people: CreditsTable) -> None:
        self.full: dict[str, Person] = {}
        self.part: dict[str, Person] = {}
        for person in people.everyone():
            for name in (person.name_ko, person.name_en):
                if not name:
                    continue
                _keep(self.full, _name_key(name), person)
                words = name.replace("-", " ").split()
                foreign = " " in person.name_ko or not person.name_ko
                if person.films >= FAMOUS and foreign and len(words) >= 2:
                    for word in (words[0], words[-1]):
                        key = _name_key(word)
                        if len(key) >= (2 if has_hangul(key) else 4):
                            _keep(self.part, key, person)

    def find(self, text: str) -> tuple[Person, str] | None:
        """The longest name in ``text`` (a full name anywhere, glued to a particle or to 감독;
        one word of a well-known foreign name when it stands as a word)."""
        common = common_words()
        best: tuple[int, int, Person, str] | None = None
        tokens = [(m.start(), m.end()) for m in _NAME_TOKEN.finditer(text)]
        for i in range(len(tokens)):
            for j in range(i, min(len(tokens), i + MAX_NAME_WORDS)):
                span = text[tokens[i][0] : tokens[j][1]]
                for typed, person, whole in self._lookups(span):
                    if common.zipf(typed) >= (3.5 if whole else 3.0):
                        continue  # "lion", "will", "the": a common word is no name
                    rank = (len(_name_key(typed)) + (100 if whole else 0), person.films)
                    if best is None or rank > best[:2]:
                        best = (rank[0], rank[1], person, typed)
        return (best[2], best[3]) if best else None

    def _lookups(self, span: str) -> list[tuple[str, Person, bool]]:
        found = []
        key = _name_key(span)
        if key in self.full and (len(key) >= 3 or (has_hangul(key) and len(key) >= 2)):
            found.append((span, self.full[key], True))
        elif key in self.part:
            found.append((span, self.part[key], False))
        if has_hangul(span) and " " not in span:  # "봉준호감독", "김고은이", "톰크루즈"
            for end in range(len(span) - 1, 1, -1):
                head = span[:end]
                head_key = _name_key(head)
                if head_key in self.full and len(head_key) >= 2:
                    found.append((head, self.full[head_key], True))
                    break
                if head_key in self.part:
                    found.append((head, self.part[head_key], False))
                    break
        return found


def _name_key(name: str) -> str:
    return compact(fold(name.replace("-", " ").replace(".", " ")))


def _keep(table: dict[str, Person], key: str, person: Person) -> None:
    if key and (key not in table or table[key].films < person.films):
        table[key] = person

