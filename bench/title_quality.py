"""Title search quality and latency on the fixed query set, beside a plain rapidfuzz baseline.

    python bench/title_quality.py [--split test|dev|all] [--queries PATH] [--failures]

The queries (``bench/data/title_queries.csv``, written once by ``bench/make_title_queries.py``)
each name the film they mean, or none (group ``unknown``). Every query goes through
``Catalogue.resolve(query, limit=6, region)`` — what the bot does with a typed title — and is
scored per group:

* top-1: the first match is the expected film; top-3: it is among the first three;
* confident: the search answers with one film (``Resolution.movie``) rather than buttons;
* wrong-film: a confident answer naming another film (for ``unknown``, any confident answer);
* ok: what the row expects happened — ``film``: the expected film first (and any confident
  answer is it); ``choice`` (near-equal namesakes): buttons that include it among the first
  three; ``none``: no confident answer;
* for ``unknown``, the share answered with nothing and with buttons.

Baseline: ``process.extractOne(query, english_titles, scorer=fuzz.WRatio)`` with rapidfuzz's
``default_process`` (lowercase, punctuation dropped) over the display title of every catalogue
film — it always answers, so its wrong-film rate is 1 − top-1 (1.0 for unknown titles), and it
knows no Korean titles. Latency: p50/p95 of ``Catalogue.search`` over every query of the file
(median of 3 passes) and the time ``Catalogue.load`` takes. Targets (issue 15): top-1 ≥ 0.90
Korean, ≥ 0.95 English, wrong-film ≤ 2 %, search p95 ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.films import Movie  # noqa: E402
from inference.catalogue.search import Catalogue, Resolution  # noqa: E402

QUERIES = ROOT / "bench" / "data" / "title_queries.csv"
GROUPS = ("korean", "english", "recent", "ambiguous", "unknown")
EXPECTS = ("film", "choice", "none")
LIMIT = 6
TOP = 3
PASSES = 3
TARGET_TOP1 = {"korean": 0.90, "english": 0.95}
TARGET_WRONG = 0.02
TARGET_P95_MS = 10.0
BASELINE_CHUNK = 64


@dataclass(frozen=True, slots=True)
class QueryRow:
    """One line of the query file."""

    query: str
    group: str
    split: str
    expected: int | None  # the film meant; None for a title no catalogue has
    region: str | None  # "KR", "US" (None: no region)
    expect: str = "film"  # film / choice / none, see the module docstring
    note: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a search made of one query: candidate ids best first, and the film it answers
    with directly (None when it shows buttons or nothing)."""

    ranked: tuple[int, ...]
    answer: int | None


@dataclass(frozen=True, slots=True)
class Score:
    """Rates over one group; top-1/top-3 only over queries that name a film (None if none)."""

    n: int
    top1: float | None
    top3: float | None
    confident: float
    wrong: float
    ok: float
    nothing: float
    buttons: float


ID_MAP = ROOT / "data" / "catalogue" / "id_map.csv"
# Films the query set (written for issue 15) named as unknown because they were newer than the
# catalogue: issue 21 added them, so they are no longer scored as unknown (the film-knowledge
# bench, bench/knowledge_quality.py, measures them).
NEWER_FILM = "newer-"  # "newer-film", "newer-namesake"


def moved_ids(path: Path = ID_MAP) -> dict[int, int]:
    """Ids the catalogue moved since the query set was written (a KOBIS-only entry that is a
    MovieLens film now): the film a row meant is where its id went."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(r["old_id"]): int(r["new_id"]) for r in csv.DictReader(handle)}


def read_queries(path: Path = QUERIES) -> list[QueryRow]:
    """The rows of the query file, in file order, expected ids following the catalogue's moves."""
    moved = moved_ids()
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            QueryRow(
                query=row["query"],
                group=row["group"],
                split=row["split"],
                expected=moved.get(int(row["expected_movie_id"]), int(row["expected_movie_id"]))
                if row["expected_movie_id"] else None,
                region=row["region"] or None,
                expect=row["expect"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        ]


def is_ok(row: QueryRow, outcome: Outcome) -> bool:
    """Whether the outcome is what the row expects (see the module docstring)."""
    if row.expect == "none" or row.expected is None:
        return outcome.answer is None
    if row.expect == "choice":
        return outcome.answer is None and row.expected in outcome.ranked[:TOP]
    first = outcome.ranked[0] if outcome.ranked else None
    return first == row.expected and outcome.answer in (None, row.expected)


def is_wrong(row: QueryRow, outcome: Outcome) -> bool:
    """A confident answer naming another film than the one meant (any, for no film)."""
    return outcome.answer is not None and outcome.answer != row.expected


def score_rows(rows: Sequence[QueryRow], outcomes: Sequence[Outcome]) -> Score:
    """The rates of ``Score`` over these rows."""
    if len(rows) != len(outcomes):
        raise ValueError("one outcome per row")
    n = len(rows)
    if n == 0:
        return Score(0, None, None, 0.0, 0.0, 0.0, 0.0, 0.0)
    known = [(r, o) for r, o in zip(rows, outcomes, strict=True) if r.expected is not None]
    top1 = top3 = None
    if known:
        top1 = sum(bool(o.ranked) and o.ranked[0] == r.expected for r, o in known) / len(known)
        top3 = sum(r.expected in o.ranked[:TOP] for r, o in known) / len(known)
    pairs = list(zip(rows, outcomes, strict=True))
    return Score(
        n=n,
        top1=top1,
        top3=top3,
        confident=sum(o.answer is not None for o in outcomes) / n,
        wrong=sum(is_wrong(r, o) for r, o in pairs) / n,
        ok=sum(is_ok(r, o) for r, o in pairs) / n,
        nothing=sum(not o.ranked for o in outcomes) / n,
        buttons=sum(bool(o.ranked) and o.answer is None for o in outcomes) / n,
    )


def score(rows: Sequence[QueryRow], outcomes: Sequence[Outcome]) -> dict[str, Score]:
    """``Score`` per group (in ``GROUPS`` order, then any other) and over ``"all"`` rows."""
    if len(rows) != len(outcomes):
        raise ValueError("one outcome per row")
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_group[row.group].append(i)
    order = [g for g in GROUPS if g in by_group] + sorted(set(by_group) - set(GROUPS))
    scores = {
        g: score_rows([rows[i] for i in by_group[g]], [outcomes[i] for i in by_group[g]])
        for g in order
    }
    scores["all"] = score_rows(rows, outcomes)
    return scores


def outcome_of(resolution: Resolution) -> Outcome:
    answer = resolution.movie.movie_id if resolution.movie is not None else None
    return Outcome(tuple(m.movie.movie_id for m in resolution.matches), answer)


def search_outcomes(catalogue: Catalogue, rows: Sequence[QueryRow]) -> list[Outcome]:
    """What the bot makes of every query (``Catalogue.resolve``)."""
    return [outcome_of(catalogue.resolve(r.query, LIMIT, r.region)) for r in rows]


def baseline_outcomes(films: Sequence[tuple[int, str]], rows: Sequence[QueryRow]) -> list[Outcome]:
    """Plain rapidfuzz: WRatio of the query against every film's English display title
    (``films``: (id, title) in catalogue order); the best is the answer (ties: the first, as
    ``extractOne``), the best three the ranking."""
    ids = [movie_id for movie_id, _ in films]
    titles = [utils.default_process(title) for _, title in films]
    queries = [utils.default_process(r.query) for r in rows]
    outcomes: list[Outcome] = []
    for start in range(0, len(queries), BASELINE_CHUNK):
        chunk = queries[start : start + BASELINE_CHUNK]
        scores = process.cdist(chunk, titles, scorer=fuzz.WRatio, workers=-1)
        for line in scores:
            best = np.argsort(-line, kind="stable")[:TOP]
            ranked = tuple(ids[int(i)] for i in best)
            outcomes.append(Outcome(ranked, ranked[0]))
    return outcomes


def latency_ms(
    catalogue: Catalogue, rows: Sequence[QueryRow], passes: int = PASSES
) -> tuple[float, float]:
    """(p50, p95) milliseconds of one ``Catalogue.search``, each the median over passes."""
    p50s: list[float] = []
    p95s: list[float] = []
    for _ in range(passes):
        times: list[float] = []
        for row in rows:
            started = time.perf_counter()
            catalogue.search(row.query, LIMIT, row.region)
            times.append((time.perf_counter() - started) * 1000.0)
        p50s.append(float(np.percentile(times, 50)))
        p95s.append(float(np.percentile(times, 95)))
    return statistics.median(p50s), statistics.median(p95s)


def _rate(value: float | None) -> str:
    return "    —" if value is None else f"{value:5.3f}"


def _form(note: str) -> str:
    """The kind of a query's form: ``jamo-typo(vowel)`` → ``jamo-typo``."""
    return "+".join(part.split("(")[0] for part in note.split("+"))


def print_table(ours: dict[str, Score], base: dict[str, Score]) -> None:
    print(
        f"{'group':10} {'n':>4} | {'top-1':>5} {'top-3':>5} {'conf':>5} {'wrong':>5} "
        f"{'ok':>5} {'none':>5} {'btns':>5} | baseline {'top-1':>5} {'top-3':>5} {'wrong':>5}"
    )
    for group, s in ours.items():
        b = base[group]
        print(
            f"{group:10} {s.n:4} | {_rate(s.top1)} {_rate(s.top3)} {_rate(s.confident)} "
            f"{_rate(s.wrong)} {_rate(s.ok)} {_rate(s.nothing)} {_rate(s.buttons)} | "
            f"{'':8} {_rate(b.top1)} {_rate(b.top3)} {_rate(b.wrong)}"
        )


def print_forms(rows: Sequence[QueryRow], outcomes: Sequence[Outcome]) -> None:
    """The rates per kind of form, over the queries that name a film."""
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.expected is not None:
            by_form[f"{row.group}/{_form(row.note)}"].append(i)
    print(f"\n{'group/form':36} {'n':>4} {'top-1':>5} {'top-3':>5} {'conf':>5} {'wrong':>5}")
    for form in sorted(by_form):
        s = score_rows([rows[i] for i in by_form[form]], [outcomes[i] for i in by_form[form]])
        print(
            f"{form:36} {s.n:4} {_rate(s.top1)} {_rate(s.top3)} {_rate(s.confident)} "
            f"{_rate(s.wrong)}"
        )


def print_targets(ours: dict[str, Score], p95: float) -> None:
    checks: list[tuple[str, bool]] = []
    for group, target in TARGET_TOP1.items():
        top1 = ours[group].top1 if group in ours else None
        if top1 is not None:
            checks.append((f"top-1 {group} {top1:.3f} ≥ {target:.2f}", top1 >= target))
    for group, s in ours.items():
        checks.append(
            (f"wrong-film {group} {s.wrong:.3f} ≤ {TARGET_WRONG:.2f}", s.wrong <= TARGET_WRONG)
        )
    checks.append((f"search p95 {p95:.2f} ms ≤ {TARGET_P95_MS:.0f} ms", p95 <= TARGET_P95_MS))
    print("\ntargets (issue 15):")
    for text, met in checks:
        print(f"  {'met   ' if met else 'MISSED'} {text}")


def _label(catalogue: Catalogue, movie_id: int | None) -> str:
    movie: Movie | None = catalogue.get(movie_id) if movie_id is not None else None
    if movie is None:
        return "—"
    name = f"{movie.title} / {movie.title_ko}" if movie.title_ko else movie.title
    return f"{name} ({movie.year}) #{movie.movie_id}"


def print_failures(
    catalogue: Catalogue,
    rows: Sequence[QueryRow],
    outcomes: Sequence[Outcome],
    hesitant: bool = False,
) -> None:
    """Every query whose outcome is not ok, with what the search answered; with ``hesitant``,
    instead the ok ``film`` queries answered with buttons although the film came first."""
    if hesitant:
        print("\nbuttons although the expected film came first (expect=film):")
    else:
        print("\nfailures (not ok; WRONG = a confident answer naming another film):")
    for row, outcome in zip(rows, outcomes, strict=True):
        asked = row.expect == "film" and outcome.answer is None and is_ok(row, outcome)
        if (not asked) if hesitant else is_ok(row, outcome):
            continue
        verdict = "WRONG" if is_wrong(row, outcome) else "answer" if outcome.answer else "btns"
        if not outcome.ranked:
            verdict = "nothing"
        print(
            f"- [{row.group}/{row.note}/{row.region}/{row.expect}] {row.query!r}\n"
            f"    expected {_label(catalogue, row.expected)}\n"
            f"    {verdict}: {_label(catalogue, outcome.answer) if outcome.answer else ''}"
        )
        for movie_id in outcome.ranked[:TOP]:
            print(f"      · {_label(catalogue, movie_id)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--failures", action="store_true", help="list the failing queries")
    parser.add_argument(
        "--hesitant", action="store_true", help="list right first films shown as buttons"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the slow baseline")
    args = parser.parse_args()
    every = read_queries(args.queries)
    newer = [r for r in every if r.note.startswith(NEWER_FILM)]
    every = [r for r in every if not r.note.startswith(NEWER_FILM)]
    print(f"{len(newer)} 'unknown' rows name films newer than the catalogue of issue 15, which "
          "issue 21 added: not scored here (see bench/knowledge_quality.py)")
    rows = [r for r in every if args.split == "all" or r.split == args.split]
    started = time.perf_counter()
    catalogue = Catalogue.load()
    load_s = time.perf_counter() - started
    print(
        f"title search, split {args.split}: {len(rows)} of {len(every)} queries; "
        f"catalogue of {len(catalogue):,} films loaded in {load_s:.2f} s"
    )
    outcomes = search_outcomes(catalogue, rows)
    ours = score(rows, outcomes)
    if args.no_baseline:
        base = {g: Score(s.n, None, None, 0.0, 0.0, 0.0, 0.0, 0.0) for g, s in ours.items()}
    else:
        films = [(m.movie_id, m.title) for m in catalogue]
        base = score(rows, baseline_outcomes(films, rows))
    print_table(ours, base)
    print_forms(rows, outcomes)
    p50, p95 = latency_ms(catalogue, every)
    print(
        f"\nlatency of Catalogue.search over all {len(every)} queries (median of {PASSES} "
        f"passes): p50 {p50:.2f} ms, p95 {p95:.2f} ms; Catalogue.load {load_s * 1000:.0f} ms"
    )
    print_targets(ours, p95)
    if args.failures:
        print_failures(catalogue, rows, outcomes)
    if args.hesitant:
        print_failures(catalogue, rows, outcomes, hesitant=True)


if __name__ == "__main__":
    main()
