"""Write the labelled utterance set ``data/intents/utterances.csv`` from the phrase modules.

Every template of ``phrases_ko`` / ``phrases_en`` is filled a few times with film titles from
the catalogue, genres, moods, countries, services, periods and counts; hand-written lines are
taken as they are. Each template and each hand-written line is one *group*, and whole groups are
assigned to train (60 %), validation (20 %) or test (20 %) per language and intent, so a
held-out sentence never shares its wording with a training one. Film titles are split the same
way (a test template is filled with test titles only), so the test also measures titles the
model never saw.

Usage: ``python -m models.intent.make_utterances --catalogue data/catalogue --out data/intents``
(deterministic: the same inputs give the same bytes).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from tqdm import tqdm

from inference.understanding.korean import particle
from models.intent import phrases_en, phrases_ko

SEED = 16
SPLITS = (("train", 0.6), ("val", 0.2), ("test", 0.2))
FILLS_PER_TEMPLATE = 10
TITLES_PER_LANGUAGE = 900
COLUMNS = ("id", "language", "intent", "text", "slots", "source", "group", "split")
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^}]+))?\}")
# Korean request endings people swap freely: a few variants of a template's ending.
_KO_ENDINGS = [("해줘", ("해 줘", "해주세요", "해 줄래?", "해줘요", "해줘!")),
               ("알려줘", ("알려 줘", "알려주세요", "알려줄래")),
               ("있어?", ("있어요?", "있나요?", "있음?", "있니")),
               ("볼 수 있어", ("볼수있어", "볼 수 있나", "볼 수 있을까")),
               ("봐?", ("봐요?", "봐", "보면 돼?"))]  # fmt: skip


def _split_of(key: str, language: str, intent: str) -> str:
    """train / val / test for a group, decided by a hash (stable as groups are added)."""
    digest = hashlib.sha256(f"{SEED}|{language}|{intent}|{key}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    cumulative = 0.0
    for name, share in SPLITS:
        cumulative += share
        if draw < cumulative:
            return name
    return SPLITS[-1][0]


def load_titles(catalogue_dir: Path) -> dict[str, list[str]]:
    """Korean titles of the films best known in Korea and English titles of the most-rated."""
    with gzip.open(catalogue_dir / "films.csv.gz", "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    korean = sorted(
        (r for r in rows if r["title_ko"]),
        key=lambda r: (-int(r["kr_audience"] or 0), int(r["jw_rank"] or 10**6), r["movie_id"]),
    )
    english = sorted(
        (r for r in rows if r["title"] and r["title"].isascii()),
        key=lambda r: (-int(r["ratings"] or 0), r["movie_id"]),
    )
    ko = list(dict.fromkeys(r["title_ko"] for r in korean))[:TITLES_PER_LANGUAGE]
    en = list(dict.fromkeys(r["title"] for r in english))[:TITLES_PER_LANGUAGE]
    return {"ko": ko, "en": en}


def _title_pools(titles: list[str], language: str) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {name: [] for name, _ in SPLITS}
    for title in titles:
        pools[_split_of(title, language, "title")].append(title)
    return pools


class _Filler:
    """Fills one template's placeholders and collects the slots they carry."""

    def __init__(self, phrases: ModuleType, titles: dict[str, list[str]], rng: random.Random,
                 language: str, split: str) -> None:  # fmt: skip
        self.phrases = phrases
        self.titles = titles
        self.rng = rng
        self.language = language
        # Songs are split like films: a held-out sentence names a song training never saw.
        self.songs = [s for s in phrases.SONGS if _split_of(s, language, "song") == split] or list(
            phrases.SONGS
        )

    def title(self) -> str:
        # Korean users type English titles too ("Inception 어디서 봐?"); English users rarely
        # type Hangul. English titles are often typed in lower case.
        other = "en" if self.language == "ko" else "ko"
        pool = self.titles[other] if self.rng.random() < (0.25 if self.language == "ko" else 0.05) \
            else self.titles[self.language]  # fmt: skip
        title = self.rng.choice(pool)
        if title.isascii() and self.rng.random() < 0.4:
            title = title.lower()
        return title

    def fill(self, template: str, fixed: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        slots: dict[str, Any] = dict(fixed)
        values: dict[str, str] = {}
        p = self.phrases

        def value(name: str) -> str:
            if name in values:
                return values[name]
            if name in ("title", "seed"):
                text = self.title()
                slots[name] = text
            elif name == "svc":
                text, slots["service"] = self.rng.choice(p.SERVICES)
            elif name == "genre":
                text, genres = self.rng.choice(p.GENRES)
                slots["genres"] = sorted(set(slots.get("genres", [])) | set(genres))
            elif name == "mood":
                text, slots["mood"] = self.rng.choice(p.MOODS)
            elif name == "country":
                text, slots["country"] = self.rng.choice(p.COUNTRIES)
            elif name == "decade":
                text, slots["years"] = self.rng.choice(p.DECADES)
            elif name == "year":
                text, slots["years"] = self.rng.choice(p.YEARS)
            elif name == "count":
                text, slots["count"] = self.rng.choice(p.COUNTS)
            elif name == "n":
                number = self.rng.choice(p.TOPS)
                text, slots["count"] = str(number), number
            elif name == "mine":
                text = self.rng.choice(p.MINE)
                slots["mine"] = True
            elif name == "song":
                text = self.rng.choice(self.songs)
                slots["title"] = text
            else:
                raise KeyError(name)
            values[name] = text
            return text

        def replace(found: re.Match[str]) -> str:
            text = value(found.group(1))
            pair = found.group(2)
            return text + particle(text, pair) if pair else text

        return _PLACEHOLDER.sub(replace, template), slots


def _korean_variant(text: str, rng: random.Random) -> str | None:
    """The same request with another common ending ("추천해줘" → "추천해주세요")."""
    for ending, variants in _KO_ENDINGS:
        if ending in text:
            return text.replace(ending, rng.choice(variants), 1)
    return None


def _rows(
    language: str, phrases: ModuleType, titles: dict[str, list[str]]
) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{SEED}-{language}")
    pools = {lang: _title_pools(found, lang) for lang, found in titles.items()}
    for number, (intent, template, fixed) in enumerate(phrases.TEMPLATES):
        group = f"{language}-t{number:03d}"
        split = _split_of(template, language, intent)
        filler = _Filler(
            phrases, {lang: pools[lang][split] for lang in pools}, rng, language, split
        )
        seen: set[str] = set()
        fills = FILLS_PER_TEMPLATE if _PLACEHOLDER.search(template) else 1
        for _ in range(fills):
            text, slots = filler.fill(template, fixed)
            candidates = [text]
            if language == "ko" and (variant := _korean_variant(text, rng)):
                candidates.append(variant)
            for candidate in candidates:
                if candidate in seen:
                    continue
                seen.add(candidate)
                yield _row(language, intent, candidate, slots, "template", group, split)
    for number, (intent, text, slots) in enumerate(phrases.LINES):
        group = f"{language}-h{number:03d}"
        split = _split_of(text, language, intent)
        yield _row(language, intent, text, slots, "hand", group, split)


def _row(language: str, intent: str, text: str, slots: dict[str, Any], source: str, group: str,
         split: str) -> dict[str, Any]:  # fmt: skip
    # A bare value carries no slots: what it means depends on the question a flow asked.
    kept = {} if intent == "bare" else slots
    return {"language": language, "intent": intent, "text": text,
            "slots": json.dumps(kept, ensure_ascii=False, sort_keys=True), "source": source,
            "group": group, "split": split}  # fmt: skip


def build(catalogue_dir: Path) -> list[dict[str, Any]]:
    """Every utterance, numbered."""
    titles = load_titles(catalogue_dir)
    rows: list[dict[str, Any]] = []
    for language, phrases in tqdm((("ko", phrases_ko), ("en", phrases_en)), desc="languages"):
        rows.extend(_rows(language, phrases, titles))
    for number, row in enumerate(rows, start=1):
        row["id"] = number
    return rows


def write(rows: list[dict[str, Any]], out_dir: Path) -> Path:
    """``utterances.csv`` (UTF-8, LF line ends)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = out_dir / "utterances.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=Path("data/catalogue"))
    parser.add_argument("--out", type=Path, default=Path("data/intents"))
    args = parser.parse_args()
    rows = build(args.catalogue)
    path = write(rows, args.out)
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row["language"], row["split"])] = counts.get((row["language"], row["split"]), 0) + 1
    print(f"{path}: {len(rows)} utterances", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
