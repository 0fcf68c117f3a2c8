"""The known Hangul ↔ Latin pairs of people's names and film titles, and their split.

    python -m models.transliteration.pairs --data ../shared/data   # prints counts and a sample

Every source lists a Korean name or title beside an English (or romanised, or original) one.
People's names are nearly always transliterations; titles are often translations (겨울왕국 ↔
Frozen) or a mix, which training handles (a "not a transliteration" mixture component), so no
pair is dropped here for being a translation. Dropped: a Latin side written in another script
(kmrd's 黒澤明), a side with no usable symbol, and sides longer than ``MAX_SYMBOLS`` (long
titles are nearly never transliterations and would only make the training slower).

The split is by the Hangul string AND the Latin string: pairs that share either side are one
connected component, and each component goes to train / validation / test by a hash of its
first key, so no name or title is on two sides of the split. Reading is deterministic (files
in sorted order, pairs deduplicated and sorted).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inference.catalogue.titles import fold, has_hangul
from inference.catalogue.transliteration import hangul_symbols, latin_letters, latin_words

MAX_SYMBOLS = 60
SPLIT_PERCENT = {"train": 80, "val": 10, "test": 10}
DEFAULT_NAMES = Path(__file__).resolve().parents[2] / "data" / "people" / "english_names.csv"

VENENO = (
    "film-knowledge/Veneno06__MyMovieProject/docs/data/movies/kobis_movie_details_2021_2025.jsonl"
)
PEOPLE_LIST = "film-knowledge/j25ng__movdata/data/people/peopleList.json"
KMRD_PEOPLE = "kr-catalogue/raw/kmrd/kmrd-small/peoples.txt"
HAHAHELLOOO = "film-knowledge/hahahellooo__movdata/data/movies"
KOBIS_DAILY = "kobis-2026/daily_top10_2020_2024-07_kobis_movie_details.csv"
KMRD_MOVIES = "kr-catalogue/raw/kmrd/kmrd-small/movies.txt"
KR_TITLES = "kr-catalogue/kr_titles.csv"
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class Pair:
    """One known pair: the Hangul and Latin strings as the source writes them."""

    hangul: str
    latin: str
    kind: str  # "people" or "titles"
    source: str


def input_files(data: Path, names: Path) -> list[Path]:
    """Every file read, in reading order (their sha256 go into the metadata)."""
    yearly = sorted((data / HAHAHELLOOO).glob("year=*/data.json"))
    fixed = [VENENO, PEOPLE_LIST, KMRD_PEOPLE, KOBIS_DAILY, KMRD_MOVIES, KR_TITLES]
    return [*(data / p for p in fixed), *yearly, names]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def is_latin(text: str) -> bool:
    """Every letter is a Latin letter once accents are folded (so "Amélie" is, "黒澤明" not)."""
    folded = fold(text)
    return any(c.isalpha() for c in folded) and all("a" <= c <= "z" for c in folded if c.isalpha())


def _veneno(path: Path) -> Iterator[Pair]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            info = json.loads(line)["movieInfoResult"]["movieInfo"]
            for person in [*info.get("directors", []), *info.get("actors", [])]:
                yield Pair(person.get("peopleNm", ""), person.get("peopleNmEn", ""), "people",
                           "veneno")  # fmt: skip
            for field in ("movieNmEn", "movieNmOg"):
                yield Pair(info.get("movieNm", ""), info.get(field, ""), "titles", "veneno")


def _people_list(path: Path) -> Iterator[Pair]:
    for person in json.loads(path.read_text(encoding="utf-8")):
        yield Pair(person.get("peopleNm", ""), person.get("peopleNmEn", ""), "people", "j25ng")


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _kmrd_movies(path: Path) -> Iterator[Pair]:
    """``title_eng`` is "English , 1985" or "Original , English , 1954": every part but the
    year is a name of the film."""
    for row in _tsv(path):
        for part in (row.get("title_eng") or "").split(" , "):
            if not _YEAR.match(part.strip()):
                yield Pair(row.get("title") or "", part, "titles", "kmrd")


def read_pairs(data: Path, names: Path = DEFAULT_NAMES) -> list[Pair]:
    """All usable pairs from the sources, deduplicated on (kind, Hangul, Latin letters)."""
    files = input_files(data, names)
    raw: list[Pair] = [*_veneno(files[0]), *_people_list(files[1])]
    raw += [Pair(r["korean"], r["original"], "people", "kmrd") for r in _tsv(files[2])]
    raw += [Pair(r["movieNm"], r["movieNmEn"], "titles", "kobis") for r in _csv(files[3])]
    raw += _kmrd_movies(files[4])
    raw += [
        Pair(r["title_ko"], r["title_en"], "titles", "kr_titles")
        for r in _csv(files[5])
        if r.get("title_ko_is_hangul") == "True"
    ]
    for path in files[6:-1]:
        for film in json.loads(path.read_text(encoding="utf-8")):
            raw.append(Pair(film.get("movieNm", ""), film.get("movieNmEn", ""), "titles", "kobis"))
    raw += [Pair(r["korean"], r["english"], "people", "names_csv") for r in _csv(files[-1])]
    seen: dict[tuple[str, str, str], Pair] = {}
    for pair in raw:
        hangul, latin = _clean(pair.hangul), _clean(pair.latin)
        if not has_hangul(hangul) or not is_latin(latin):
            continue
        x, letters = hangul_symbols(hangul), latin_letters(latin)
        if not x or len(letters) < 2 or len(x) > MAX_SYMBOLS or len(letters) > MAX_SYMBOLS:
            continue
        key = (pair.kind, hangul, " ".join(latin_words(latin)))
        seen.setdefault(key, Pair(hangul, latin, pair.kind, pair.source))
    return [seen[key] for key in sorted(seen)]


def hangul_key(text: str) -> str:
    """The Hangul side as compared for the split: its symbols, spacing ignored."""
    return "h:" + ",".join(map(str, hangul_symbols(text)))


def latin_key(text: str) -> str:
    """The Latin side as compared for the split: its letters, case and spacing ignored."""
    return "l:" + latin_letters(text)


def split(pairs: list[Pair]) -> dict[str, list[Pair]]:
    """train / val / test by connected component of shared Hangul or Latin strings."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        a, b = find(hangul_key(pair.hangul)), find(latin_key(pair.latin))
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for node in sorted(parent):
        members.setdefault(find(node), []).append(node)
    bucket_of = {root: _bucket(min(nodes)) for root, nodes in members.items()}
    parts: dict[str, list[Pair]] = {name: [] for name in SPLIT_PERCENT}
    for pair in pairs:
        parts[bucket_of[find(hangul_key(pair.hangul))]].append(pair)
    return parts


def _bucket(key: str) -> str:
    value = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % 100
    bound = 0
    for name, percent in SPLIT_PERCENT.items():
        bound += percent
        if value < bound:
            return name
    return "test"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--names", type=Path, default=DEFAULT_NAMES)
    args = parser.parse_args()
    pairs = read_pairs(args.data, args.names)
    parts = split(pairs)
    for name, part in parts.items():
        print(name, dict(Counter(p.kind for p in part)))
    print(dict(Counter((p.kind, p.source) for p in pairs)))
    for pair in random.Random(0).sample(pairs, 20):
        print(pair)


if __name__ == "__main__":
    main()
