"""The daily refresh's merge: new releases from TMDB and KOBIS become catalogue films.

What the two APIs returned today (``releases.py``) is compared with the catalogue (the build and
the films earlier refreshes added) so that one film stays one film:

* **KOBIS ↔ TMDB, same run.** A KOBIS film is the TMDB film of this run with the same English
  (or original) title, or the same Korean title, and a year at most one apart. The film then
  carries both: TMDB's ids, poster and English names, KOBIS's Korean release, admissions and
  the Hangul names of its people.
* **A TMDB film the catalogue has** (by TMDB id) is that film: a built film is left alone (the
  overlay never changes the build), an added one is updated with today's facts.
* **A KOBIS film the catalogue has**: the same KOBIS code as an added film, or the same Korean
  title (``titles.compact``) and a release year at most one apart.
* **Anything else is new**: a TMDB film gets ``JUSTWATCH_ID_BASE + tmdb_id`` — the id a live
  TMDB search gives the same film, so buttons and watchlists made from either agree; a film only
  KOBIS has gets ``films.kobis_id(title, first release)`` — the id the next catalogue build will
  give it (a different film already holding that id moves this one on, as the build does).

A TMDB film matching, by Korean title and year, a film KOBIS alone gave an earlier run takes
that film's place (its TMDB id is added; its id stays, so nothing saved under it breaks).
Updating never loses what an earlier run knew: a fact missing today keeps yesterday's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from inference.catalogue.additions import Addition
from inference.catalogue.credits import name_key
from inference.catalogue.films import JUSTWATCH_ID_BASE, FilmRecord, Movie, kobis_id
from inference.catalogue.releases import DIRECTOR, Credit, Release
from inference.catalogue.search import Catalogue
from inference.catalogue.titles import compact, has_hangul, normalize_title, romanise

YEAR_SLACK = 1  # release years differ between countries and sources
SEARCH_CANDIDATES = 10  # catalogue films compared per Korean title
VOTES_CHANGE = 0.2  # a TMDB vote count is rewritten when it moved by more than this share


@dataclass(slots=True)
class MergeOutcome:
    """The additions after a run and what changed."""

    additions: dict[int, Addition]  # every added film, by id (earlier runs' and today's)
    changed: list[Addition] = field(default_factory=list)  # new or updated: to be stored
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    known: int = 0  # films the build already has


def close_years(first: Iterable[int], second: Iterable[int]) -> bool:
    """Whether some year of one is at most ``YEAR_SLACK`` from some year of the other."""
    return any(abs(a - b) <= YEAR_SLACK for a in first for b in second)


def film_years(movie: Movie) -> set[int]:
    """The years a catalogue film may be listed under (its year, its Korean release)."""
    found = {movie.year, movie.kr_release.year if movie.kr_release else None}
    return {y for y in found if y is not None}


def _english_keys(release: Release) -> set[str]:
    return {normalize_title(n) for n in release.english_names()} - {""}


def same_film(tmdb: Release, kobis: Release) -> bool:
    """Whether a KOBIS film is this TMDB film: a shared English or Korean title, close years."""
    korean = bool(tmdb.title_ko and kobis.title_ko
                  and compact(tmdb.title_ko) == compact(kobis.title_ko))  # fmt: skip
    shared = korean or bool(_english_keys(tmdb) & _english_keys(kobis))
    return shared and close_years(tmdb.years(), kobis.years())


def pair_releases(
    tmdb: list[Release], kobis: list[Release]
) -> list[tuple[Release | None, Release | None]]:
    """Each TMDB film with the KOBIS film that is the same film (if any), then the KOBIS films
    no TMDB film is; duplicates of one id or code in the input count once."""
    tmdb = list({r.tmdb_id: r for r in tmdb if r.tmdb_id is not None}.values())
    kobis = list({r.kobis_code: r for r in kobis if r.kobis_code}.values())
    paired: dict[int, Release] = {}
    unpaired: list[Release] = []
    for k in kobis:
        match = next((t for t in tmdb if t.tmdb_id not in paired and same_film(t, k)), None)
        if match is None:
            unpaired.append(k)
        else:
            assert match.tmdb_id is not None
            paired[match.tmdb_id] = k
    groups: list[tuple[Release | None, Release | None]] = [
        (t, paired.get(t.tmdb_id or 0)) for t in tmdb
    ]
    return groups + [(None, k) for k in unpaired]


def _romanised(title: str, title_ko: str | None) -> bool:
    """Whether a title is only the Korean title in Latin letters (or Hangul itself)."""
    return has_hangul(title) or bool(title_ko and title == romanise(title_ko))


def merge_people(tmdb: tuple[Credit, ...], kobis: tuple[Credit, ...]) -> tuple[Credit, ...]:
    """TMDB's people (its billing) with KOBIS's Hangul names added: matched by the Latin name,
    or a director by position when both list as many directors. With one source, its list."""
    if not tmdb or not kobis:
        return tmdb or kobis
    by_latin = {(p.role, name_key(p.name_en)): p for p in kobis if p.name_en}
    directors = [p for p in kobis if p.role == DIRECTOR]
    tmdb_directors = [p for p in tmdb if p.role == DIRECTOR]
    merged: list[Credit] = []
    for person in tmdb:
        other = by_latin.get((person.role, name_key(person.name_en))) if person.name_en else None
        if other is None and person.role == DIRECTOR and len(directors) == len(tmdb_directors):
            candidate = directors[tmdb_directors.index(person)]
            if not candidate.name_en:  # a Hangul-only credit: the same place, the same person
                other = candidate
        if other is None:
            merged.append(person)
        else:
            merged.append(Credit(person.role, person.name_ko or other.name_ko,
                                 person.name_en or other.name_en))  # fmt: skip
    return tuple(dict.fromkeys(merged))


def build_addition(movie_id: int, tmdb: Release | None, kobis: Release | None) -> Addition:
    """The film a TMDB and/or KOBIS release describe (``movie_id`` already chosen)."""
    parts = [r for r in (tmdb, kobis) if r is not None]
    if not parts:
        raise ValueError("an addition needs a release")
    title_ko = (kobis.title_ko if kobis else None) or (tmdb.title_ko if tmdb else None)
    title = next((r.title for r in parts if not _romanised(r.title, r.title_ko)), parts[0].title)
    aliases = [n for r in parts for n in (r.title, *r.aliases) if not has_hangul(n)]
    ko_aliases = [r.title_ko for r in parts if r.title_ko]
    movie = Movie(
        movie_id=movie_id,
        title=title,
        year=next((r.year for r in parts if r.year), None),
        genres=next((r.genres for r in parts if r.genres), ()),
        imdb_id=tmdb.imdb_id if tmdb else None,
        tmdb_id=tmdb.tmdb_id if tmdb else None,
        ratings=0,
        title_ko=title_ko,
        country=(kobis.country if kobis else None) or (tmdb.country if tmdb else None),
        kr_release=(kobis.released if kobis else None) or (tmdb.released if tmdb else None),
        kr_audience=kobis.audience if kobis else 0,
        origin="tmdb" if tmdb else "kobis",
        poster_url=tmdb.poster_url if tmdb else None,
        votes=tmdb.votes if tmdb else 0,
    )
    others_ko = _others(ko_aliases, title_ko or "", compact)
    record = FilmRecord(movie, _others(aliases, title, normalize_title), others_ko)
    return Addition(
        record,
        merge_people(tmdb.people if tmdb else (), kobis.people if kobis else ()),
        kobis.kobis_code if kobis else None,
        "+".join(r.source for r in parts),
    )


def _others(names: Iterable[str], main: str, key: Callable[[str], str]) -> str:
    """``|``-joined names other than ``main`` (compared by ``key``), each once, in order."""
    seen = {key(main)}
    kept: list[str] = []
    for name in names:
        k = key(name)
        if name and k and k not in seen:
            seen.add(k)
            kept.append(name.replace("|", " "))
    return "|".join(kept)


def fill(new: Addition, old: Addition) -> Addition:
    """Today's facts over an earlier run's, keeping what today's sources did not say.

    What is only noise stays as it was, so an unchanged film is not rewritten every day: the
    title (unless the old one was only romanised Korean), the order of other names (new ones
    go last), and TMDB's vote count unless it moved by more than ``VOTES_CHANGE``.
    """
    n, o = new.movie, old.movie
    better = _romanised(o.title, o.title_ko) and not _romanised(n.title, n.title_ko)
    title = n.title if better else o.title
    title_ko = o.title_ko or n.title_ko
    votes = n.votes if abs(n.votes - o.votes) > VOTES_CHANGE * max(o.votes, 1) else o.votes
    movie = replace(
        o,
        title=title,
        title_ko=title_ko,
        year=o.year or n.year,
        genres=o.genres or n.genres,
        imdb_id=n.imdb_id or o.imdb_id,
        tmdb_id=o.tmdb_id or n.tmdb_id,
        country=o.country or n.country,
        kr_release=n.kr_release or o.kr_release,
        kr_audience=max(n.kr_audience, o.kr_audience),
        origin="tmdb" if n.tmdb_id or o.tmdb_id else o.origin,
        poster_url=n.poster_url or o.poster_url,
        votes=votes or o.votes,
    )
    names = [*old.record.names(), *new.record.names()]
    korean = [*old.record.korean_names(), *new.record.korean_names()]
    sources = {s for a in (new, old) for s in a.source.split("+")}
    record = FilmRecord(
        movie, _others(names, title, normalize_title), _others(korean, title_ko or "", compact)
    )
    return Addition(
        record,
        new.people or old.people,
        old.kobis_code or new.kobis_code,
        "+".join(s for s in ("tmdb", "kobis") if s in sources),
    )


class _Merger:
    """One run's merge against the catalogue and the stored additions."""

    def __init__(self, catalogue: Catalogue, stored: Mapping[int, Addition]) -> None:
        self.catalogue = catalogue
        self.stored = dict(stored)
        self.outcome = MergeOutcome(dict(stored))
        self.created: set[int] = set()
        self._by_tmdb = {a.movie.tmdb_id: i for i, a in stored.items() if a.movie.tmdb_id}
        self._by_code = {a.kobis_code: i for i, a in stored.items() if a.kobis_code}

    def merge(self, tmdb: Release | None, kobis: Release | None) -> None:
        """Place one group (a TMDB film, its KOBIS film, or either alone)."""
        target, known = self._locate(tmdb, kobis)
        if known:
            self.outcome.known += 1
            return
        if target is None:
            target = self._new_id(tmdb, kobis)
            if target is None:  # the build has this KOBIS film under its derived id
                self.outcome.known += 1
                return
        fresh = build_addition(target, tmdb, kobis)
        before = self.outcome.additions.get(target)
        merged = fresh if before is None else fill(fresh, before)
        if before is not None and merged == before:
            if target not in self.created:
                self.outcome.unchanged += 1
            return
        self.outcome.additions[target] = merged
        self._by_tmdb.update({merged.movie.tmdb_id: target} if merged.movie.tmdb_id else {})
        self._by_code.update({merged.kobis_code: target} if merged.kobis_code else {})
        if before is None:
            self.outcome.new += 1
            self.created.add(target)
        elif target not in self.created:
            self.outcome.updated += 1
            self.created.add(target)  # counted once, however many groups touch it

    def _locate(self, tmdb: Release | None, kobis: Release | None) -> tuple[int | None, bool]:
        """(an added film's id, whether the build has the film); (None, False) when new."""
        additions = self.outcome.additions
        if tmdb is not None and tmdb.tmdb_id is not None:
            if tmdb.tmdb_id in self._by_tmdb:
                return self._by_tmdb[tmdb.tmdb_id], False
            built = self.catalogue.by_tmdb(tmdb.tmdb_id)
            if built is not None and self._built(built.movie_id):
                return None, True
        if kobis is not None and kobis.kobis_code in self._by_code:
            return self._by_code[kobis.kobis_code or ""], False
        korean = (kobis.title_ko if kobis else None) or (tmdb.title_ko if tmdb else None)
        if not korean:
            return None, False
        years = set().union(*(r.years() for r in (tmdb, kobis) if r is not None))
        tmdb_id = tmdb.tmdb_id if tmdb else None
        for movie_id, addition in additions.items():
            other = addition.movie.tmdb_id
            if (tmdb_id is None or other in (None, tmdb_id)) and self._same_korean(
                korean, years, addition.movie, addition.record.korean_names()
            ):
                return movie_id, False
        for match in self.catalogue.search(korean, SEARCH_CANDIDATES, "KR"):
            movie = match.movie
            other_film = tmdb_id is not None and movie.tmdb_id not in (None, tmdb_id)
            if other_film or not self._built(movie.movie_id):
                continue
            names = (movie.title_ko,) if movie.title_ko else ()
            if (match.score >= 100.0 or self._same_korean(korean, years, movie, names)) and \
                    close_years(years, film_years(movie)):  # fmt: skip
                return None, True
        return None, False

    def _built(self, movie_id: int) -> bool:
        """Whether the build has this id (not the overlay of earlier additions)."""
        try:
            self.catalogue.position(movie_id)
        except KeyError:
            return False
        return True

    @staticmethod
    def _same_korean(korean: str, years: set[int], movie: Movie, names: Iterable[str]) -> bool:
        key = compact(korean)
        return any(compact(n) == key for n in names) and close_years(years, film_years(movie))

    def _new_id(self, tmdb: Release | None, kobis: Release | None) -> int | None:
        """A new film's id; None when a KOBIS film's derived id is the build's same film."""
        if tmdb is not None and tmdb.tmdb_id is not None:
            return JUSTWATCH_ID_BASE + tmdb.tmdb_id
        assert kobis is not None and kobis.title_ko
        first = kobis.released.isoformat() if kobis.released else ""
        own, attempt = kobis_id(kobis.title_ko, first), 1
        while True:
            occupant = self.catalogue.get(own) if self._built(own) else None
            if own in self.outcome.additions:
                occupant = self.outcome.additions[own].movie
            if occupant is None:
                return own
            if occupant.title_ko and compact(occupant.title_ko) == compact(kobis.title_ko):
                return None if own not in self.outcome.additions else own
            attempt += 1
            own = kobis_id(f"{kobis.title_ko}|{attempt}", first)


def merge(
    catalogue: Catalogue,
    stored: Mapping[int, Addition],
    tmdb: list[Release],
    kobis: list[Release],
) -> MergeOutcome:
    """Merge today's releases into the additions (see the module's rules). CPU work (title
    searches): call it in a worker thread."""
    merger = _Merger(catalogue, stored)
    for tmdb_release, kobis_release in pair_releases(tmdb, kobis):
        merger.merge(tmdb_release, kobis_release)
    outcome = merger.outcome
    outcome.changed = [outcome.additions[i] for i in sorted(merger.created)
                       if outcome.additions.get(i) != stored.get(i)]  # fmt: skip
    return outcome
