"""The judged evaluation sets for "films like X" and for moods, resolved to catalogue ids.

    python bench/judged_sets.py [--all]

Three hand-written files under ``data/recommender/judged/`` (see its README.md) name films by
title and year, written from film knowledge before the recommender was tuned, never from its
output:

* ``similar.csv`` (``seed_title,seed_year,film_title,film_year``): for each seed film, the films
  a knowledgeable fan would name as "films like this";
* ``moods.csv`` (``mood,film_title,film_year``): films a fan would clearly name for a mood;
* ``mood_requests.csv`` (``message,language,mood``): chat messages as users type them, each
  labelled with its mood id or ``none``.

A (title, year) becomes a catalogue id through ``Catalogue.find``: the title exactly (any of the
film's indexed names, normalised as the title search does), the year given first, then a year
either side (release years differ between countries). Several films with that exact title and
the same year make the entry *ambiguous*: the most-rated one is kept and the entry is listed.
Nothing here loads or runs the recommender.

``__main__`` prints how many rows resolved per file and every unresolved or ambiguous entry
(``--all`` also lists the entries resolved only with a year either side).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.films import Movie  # noqa: E402
from inference.catalogue.search import Catalogue  # noqa: E402

JUDGED_DIR = ROOT / "data" / "recommender" / "judged"
SIMILAR_FILE = JUDGED_DIR / "similar.csv"
MOODS_FILE = JUDGED_DIR / "moods.csv"
REQUESTS_FILE = JUDGED_DIR / "mood_requests.csv"

MOODS = (
    "calm",
    "healing",
    "lingering",
    "twist",
    "killing_time",
    "flutter",
    "scary",
    "rainy_day",
    "cozy",
    "mind_bending",
    "tearjerker",
)
NO_MOOD = "none"
LANGUAGES = ("ko", "en")
YEAR_SLACK = 1  # a year either side still counts: release years differ between countries


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one (title, year) of a judged file comes to."""

    title: str
    year: int
    movie_id: int | None  # None: the catalogue has no film of this title near this year
    status: str  # "exact", "near" (a year off), "ambiguous" (namesakes), "missing"
    note: str = ""  # the namesakes, or the nearest titles the search finds

    @property
    def ok(self) -> bool:
        return self.movie_id is not None


@cache
def default_catalogue() -> Catalogue:
    """The bot's catalogue (``data/catalogue``), loaded once."""
    return Catalogue.load()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def resolve(catalogue: Catalogue, title: str, year: int) -> Resolved:
    """The catalogue film named ``title`` (exactly) of ``year``, or of a year either side."""
    for gap in range(YEAR_SLACK + 1):
        years = (year,) if gap == 0 else (year - gap, year + gap)
        found = [m for y in years if (m := catalogue.find(title, y)) is not None]
        if not found:
            continue
        movie = max(found, key=lambda m: m.ratings)
        namesakes = _namesakes(catalogue, title, movie)
        if namesakes:
            note = f"kept {movie.label()} #{movie.movie_id}; also {namesakes}"
            return Resolved(title, year, movie.movie_id, "ambiguous", note)
        status = "exact" if gap == 0 else "near"
        return Resolved(title, year, movie.movie_id, status, f"→ {movie.label()}")
    nearest = ", ".join(m.movie.label() for m in catalogue.search(f"{title} ({year})", limit=3))
    return Resolved(title, year, None, "missing", f"search: {nearest or '-'}")


def _namesakes(catalogue: Catalogue, title: str, kept: Movie) -> str:
    """Other films of the kept one's year whose title is this one too: what makes an entry
    ambiguous. When the kept film bears the title letter for letter, only namesakes that do as
    well count ("Contact" is not made ambiguous by "The Contact", which the search equates)."""
    others = [
        m.movie
        for m in catalogue.search(title, limit=50)
        if m.score >= 100.0 and m.movie.year == kept.year and m.movie.movie_id != kept.movie_id
    ]
    given = title.casefold()
    if given in _names(kept):
        others = [m for m in others if given in _names(m)]
    return ", ".join(f"{m.label()} #{m.movie_id}" for m in others)


def _names(movie: Movie) -> set[str]:
    return {name.casefold() for name in (movie.title, movie.title_ko) if name}


@cache
def _resolve_cached(title: str, year: int) -> Resolved:
    return resolve(default_catalogue(), title, year)


def _resolver(catalogue: Catalogue | None) -> Callable[[str, int], Resolved]:
    """Resolution with the bot's catalogue (cached), or with the one given."""
    if catalogue is None:
        return _resolve_cached
    return lambda title, year: resolve(catalogue, title, year)


def _unique(ids: Iterable[int | None]) -> list[int]:
    seen: dict[int, None] = {}
    for movie_id in ids:
        if movie_id is not None:
            seen.setdefault(movie_id, None)
    return list(seen)


def similar_rows(catalogue: Catalogue | None = None) -> list[tuple[Resolved, Resolved]]:
    """Every row of ``similar.csv`` as (seed, similar film), resolved."""
    find = _resolver(catalogue)
    return [
        (find(r["seed_title"], int(r["seed_year"])), find(r["film_title"], int(r["film_year"])))
        for r in _read(SIMILAR_FILE)
    ]


def mood_rows(catalogue: Catalogue | None = None) -> list[tuple[str, Resolved]]:
    """Every row of ``moods.csv`` as (mood, film), resolved."""
    find = _resolver(catalogue)
    return [(r["mood"], find(r["film_title"], int(r["film_year"]))) for r in _read(MOODS_FILE)]


def load_similar(catalogue: Catalogue | None = None) -> dict[int, list[int]]:
    """Seed id → the judged similar ids, in file order; rows that do not resolve are left out
    (as is a film that resolves to its own seed)."""
    grouped: dict[int, list[int | None]] = {}
    for seed, film in similar_rows(catalogue):
        if seed.movie_id is None:
            continue
        neighbour = film.movie_id if film.movie_id != seed.movie_id else None
        grouped.setdefault(seed.movie_id, []).append(neighbour)
    return {seed: _unique(films) for seed, films in grouped.items()}


def load_moods(catalogue: Catalogue | None = None) -> dict[str, list[int]]:
    """Mood id → the judged film ids, in file order; rows that do not resolve are left out."""
    grouped: dict[str, list[int | None]] = {mood: [] for mood in MOODS}
    for mood, film in mood_rows(catalogue):
        grouped.setdefault(mood, []).append(film.movie_id)
    return {mood: _unique(films) for mood, films in grouped.items()}


def load_mood_requests() -> list[tuple[str, str, str]]:
    """(message, language, mood id or ``none``) for every labelled request."""
    return [(r["message"], r["language"], r["mood"]) for r in _read(REQUESTS_FILE)]


def _report(name: str, resolved: list[Resolved], *, show_near: bool) -> int:
    """Print the file's resolution rate and its problem entries; the number unresolved."""
    missing = [r for r in resolved if not r.ok]
    share = (len(resolved) - len(missing)) / len(resolved) if resolved else 0.0
    counts = {s: sum(r.status == s for r in resolved) for s in ("exact", "near", "ambiguous")}
    print(f"{name}: {len(resolved) - len(missing)}/{len(resolved)} rows resolved ({share:.1%});"
          f" exact {counts['exact']}, a year off {counts['near']},"
          f" ambiguous {counts['ambiguous']}, unresolved {len(missing)}")  # fmt: skip
    shown = {"missing", "ambiguous"} | ({"near"} if show_near else set())
    listed: set[tuple[str, int]] = set()
    for r in resolved:
        if r.status in shown and (r.title, r.year) not in listed:
            listed.add((r.title, r.year))
            print(f"  {r.status:9} {r.title} ({r.year})  {r.note}")
    return len(missing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="list entries a year off too")
    args = parser.parse_args(argv)
    pairs = similar_rows()
    seeds = list({(s.title, s.year): s for s, _ in pairs}.values())
    films = [f for _, f in pairs]
    _report("similar.csv seeds", seeds, show_near=args.all)
    _report("similar.csv rows", films, show_near=args.all)
    moods = [f for _, f in mood_rows()]
    _report("moods.csv rows", moods, show_near=args.all)
    similar, by_mood = load_similar(), load_moods()
    sizes = sorted(len(v) for v in similar.values())
    print(f"load_similar: {len(similar)} seeds, {sizes[0]}–{sizes[-1]} judged films each")
    print("load_moods: " + ", ".join(f"{m} {len(v)}" for m, v in by_mood.items()))
    requests = load_mood_requests()
    per_mood = {m: sum(r[2] == m for r in requests) for m in (*MOODS, NO_MOOD)}
    per_language = {lang: sum(r[1] == lang for r in requests) for lang in LANGUAGES}
    print(f"load_mood_requests: {len(requests)} messages {per_language}; {per_mood}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
