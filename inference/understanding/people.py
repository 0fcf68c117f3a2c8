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
from dataclasses import dataclass

from inference.catalogue.credits import CreditsTable, Person

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
        # A callable telling whether a span is exactly a film's title (then "X 영화" is a
        # film); None: never.
        self._is_title = is_exact_title

    def read(self, text: str) -> PersonAsked | None:
        """The person asked about, or None when the message asks about no one we know."""
        if not text or len(self._people) == 0:
            return None
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
