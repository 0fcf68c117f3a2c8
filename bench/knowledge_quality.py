"""Film-knowledge quality: foreign films by Korean title, 2023–26 films, sequel numbers, people.

    python bench/knowledge_quality.py [--split dev|test|all] [--failures] [--catalogue DIR]

Reads ``bench/data/knowledge_queries.csv`` (written once by ``bench/make_knowledge_queries.py``
before the rules were tuned) and asks every film query through ``Catalogue.resolve`` and every
name through ``CreditsTable.resolve``, as the bot does. A row names what it means by an
identity the catalogue's linking does not decide (``ml:``, ``tmdb:``, ``kobis:``, ``person:``);
the expected film is the catalogue film holding that id, TMDB id or KOBIS code. *top-1*: the
film or person meant comes first; *wrong*: a confident answer naming another (any confident
answer, for a part that does not exist). Targets (issue 21): top-1 ≥ 0.95 in every group,
wrong ≤ 1 %; search p95 ≤ 10 ms. Runs on older catalogues too (``--catalogue``, code of the
same commit): KOBIS codes then fall back to the film's Korean title, and people score 0.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.films import DEFAULT_DIR, JUSTWATCH_ID_BASE  # noqa: E402
from inference.catalogue.search import Catalogue  # noqa: E402
from inference.catalogue.titles import compact  # noqa: E402

QUERIES = ROOT / "bench" / "data" / "knowledge_queries.csv"
GROUPS = ("foreign_ko", "new_films", "sequels", "people")
TARGET_TOP1, TARGET_WRONG, TARGET_P95_MS = 0.95, 0.01, 10.0


@dataclass(frozen=True, slots=True)
class Row:
    query: str
    group: str
    split: str
    expected: str
    expected_title: str
    region: str
    expect: str
    note: str


@dataclass(frozen=True, slots=True)
class Result:
    ok: bool
    top1: bool
    wrong: bool
    answer: str


def read_rows(path: Path = QUERIES) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Row(**{k: r[k] for k in Row.__slots__}) for r in csv.DictReader(handle)]


class Films:
    """Expected identities → catalogue film ids."""

    def __init__(self, catalogue: Catalogue, directory: Path) -> None:
        self.catalogue = catalogue
        self.by_code: dict[str, int] = {}
        self.by_korean: dict[str, list[int]] = defaultdict(list)
        self.by_korean_date: dict[tuple[str, str], int] = {}
        with gzip.open(directory / "films.csv.gz", "rt", encoding="utf-8", newline="") as h:
            for r in csv.DictReader(h):
                movie_id = int(r["movie_id"])
                for code in (r.get("kobis_codes") or "").split("|"):
                    if code:
                        self.by_code[code] = movie_id
                for name in [r["title_ko"], *r["ko_aliases"].split("|")]:
                    if name:
                        self.by_korean[compact(name)].append(movie_id)
                        if r["kr_release"]:
                            self.by_korean_date[(compact(name), r["kr_release"])] = movie_id

    def expected(self, row: Row) -> set[int]:
        kind, _, value = row.expected.partition(":")
        if kind == "ml":
            return {int(value)} if self.catalogue.get(int(value)) else set()
        if kind == "tmdb":
            found = self.catalogue.by_tmdb(int(value))
            ids = {found.movie_id} if found else set()
            if self.catalogue.get(JUSTWATCH_ID_BASE + int(value)):
                ids.add(JUSTWATCH_ID_BASE + int(value))
            return ids
        if kind == "kobis":
            if value in self.by_code:
                return {self.by_code[value]}
            title, _, date = value.partition("|")
            if date and (compact(title), date) in self.by_korean_date:
                return {self.by_korean_date[(compact(title), date)]}
            if self.by_code:  # a catalogue that knows KOBIS codes, but not this film
                return set()
            # an older catalogue without codes: the film holding the KOBIS title
            label = row.expected_title.rsplit(" (", 1)[0] if date else row.expected_title
            return set(self.by_korean.get(compact(label), ()))
        return set()


def film_result(films: Films, row: Row) -> Result:
    resolution = films.catalogue.resolve(row.query, region=row.region or None)
    ranked = [m.movie.movie_id for m in resolution.matches]
    answer = resolution.movie.movie_id if resolution.movie else None
    label = resolution.movie.label("ko") if resolution.movie else (
        "buttons: " + ", ".join(m.movie.label("ko") for m in resolution.matches[:3])
        if resolution.matches else "nothing")  # fmt: skip
    if row.expect == "none":
        return Result(answer is None, answer is None, answer is not None, label)
    expected = films.expected(row)
    top1 = bool(ranked) and ranked[0] in expected
    wrong = answer is not None and answer not in expected
    return Result(top1 and answer in (None, *expected), top1, wrong, label)


def person_result(credits: object | None, row: Row) -> Result:
    if credits is None:
        return Result(False, False, False, "no people in this catalogue")
    ko, _, en = row.expected.removeprefix("person:").partition("|")
    resolution = credits.resolve(row.query)  # type: ignore[attr-defined]

    def meant(person: object) -> bool:
        from inference.catalogue.credits import name_key

        names_ko = compact(getattr(person, "name_ko", ""))
        names_en = name_key(getattr(person, "name_en", ""))
        return names_ko == compact(ko) or (bool(names_en) and names_en == name_key(en))

    first = resolution.matches[0].person if resolution.matches else None
    top1 = first is not None and meant(first)
    wrong = resolution.person is not None and not meant(resolution.person)
    label = (f"{first.name_ko} / {first.name_en}" if first else "nothing")
    return Result(top1 and (resolution.person is None or not wrong), top1, wrong, label)


def run(rows: Sequence[Row], directory: Path) -> tuple[list[Result], list[float]]:
    catalogue = Catalogue.load(directory)
    films = Films(catalogue, directory)
    credits = None
    try:
        from inference.catalogue.credits import PEOPLE_INDEX, CreditsTable

        if (directory / PEOPLE_INDEX).is_file():
            credits = CreditsTable.load(directory)
    except ImportError:
        credits = None
    results, timings = [], []
    for row in rows:
        start = time.perf_counter()
        result = person_result(credits, row) if row.group == "people" else film_result(films, row)
        timings.append((time.perf_counter() - start) * 1000)
        results.append(result)
    return results, timings


def report(rows: Sequence[Row], results: Sequence[Result], timings: Sequence[float]) -> None:
    print("| group | n | top-1 | ok | wrong |")
    print("| --- | --- | --- | --- | --- |")
    for group in (*GROUPS, "all"):
        chosen = [r for row, r in zip(rows, results, strict=True) if group in ("all", row.group)]
        if not chosen:
            continue
        n = len(chosen)
        top1 = sum(r.top1 for r in chosen) / n
        ok = sum(r.ok for r in chosen) / n
        wrong = sum(r.wrong for r in chosen) / n
        mark = "✓" if top1 >= TARGET_TOP1 and wrong <= TARGET_WRONG else "✗"
        print(f"| {group} | {n} | {top1:.3f} | {ok:.3f} | {wrong:.3f} {mark} |")
    p50, p95 = np.percentile(timings, [50, 95])
    print(f"\nlookup latency: p50 {p50:.2f} ms, p95 {p95:.2f} ms (target ≤ {TARGET_P95_MS} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    rows = [r for r in read_rows() if args.split in ("all", r.split)]
    results, timings = run(rows, args.catalogue)
    print(f"split: {args.split}, catalogue: {args.catalogue}")
    report(rows, results, timings)
    if args.failures:
        for row, result in zip(rows, results, strict=True):
            if not result.ok:
                print(f"[{row.group}] {row.query!r} → {result.answer}  (meant {row.expected} "
                      f"{row.expected_title}; {row.note})")


if __name__ == "__main__":
    main()
