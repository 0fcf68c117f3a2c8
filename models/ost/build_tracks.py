"""Build the offline song table the bot looks titles up in, and its Korean alias table.

    python -m models.ost.build_tracks --data ../shared/data --out data/ost
    python -m models.ost.build_tracks --out data/ost --index-only   # only track_index.npz

Spotify closed its audio-features endpoint to new apps in November 2024, so a song named in the
chat is looked up here. Inputs (``--data`` holds ``ost/`` and ``songs/``): the soundtrack table
(0–100 scale, with films and their genres), Spotify's 16k table, TidyTuesday's 30k songs,
Billboard Hot 100 songs 1962–2018 (MusicOSet) and about 5k K-pop tracks (0–1 scale), every value
converted to the model's scale by ``inference.ost.features`` — the same code that reads a
user's numbers.

One row per song: copies of a song across tables (same main name and first artist, see
``inference.ost.songs``) are merged — a soundtrack row wins (it names its film; a song used by two
films keeps both), otherwise the copy from the table where it is most popular. ``popularity`` is
the song's percentile within its table (Spotify's popularity is a snapshot of a different year
in each table, so only ranks compare). ``aka`` holds the song's other names: the Hangul and
Latin parts of bilingual K-pop titles ("행복 (Happiness)") and the hand-written Korean titles of
``models/ost/korean_names.csv`` (좋은 날 → IU's "Good day").

``aliases.csv`` is the alias table with its source on every row: Korean artist names (the
hand-written list, and "슬기 (SEULGI)"-style credits found in the titles) that the lookup puts
in place of the Korean name in a query, and the Korean song titles behind ``aka``. Only names the
song table has are kept. Deterministic: same inputs, byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from inference.catalogue.titles import fold, has_hangul
from inference.checksums import sha256_file
from inference.ost.features import REQUIRED, OutOfRange, normalise
from inference.ost.songs import first_artist, main_title, script_names, song_key
from inference.ost.tracks import (
    ALIASES_FILE,
    COLUMNS,
    FEATURES,
    INDEX_FILE,
    TRACKS_FILE,
    TrackIndex,
    tracks_digest,
)
from models.ost import data

SPOTIFY_CSV = "spotify_tracks_audio_features_16k.csv"
SONG_TABLES = {  # source name → file in songs/
    "tidytuesday": "tidytuesday_spotify_songs.csv.gz",
    "billboard": "musicoset_billboard_songs.csv.gz",
    "kpop": "kpop_spotify_tracks.csv.gz",
}
NAMES_CSV = Path(__file__).with_name("korean_names.csv")
# "(Feat. 슬기 (SEULGI) of Red Velvet)": a Korean name with its romanised form in a credit
# (only inside a feat./with clause: "(어쩌란 말이냐 (GD))" is a title and a member's part).
_FEATURE_CLAUSE = re.compile(r"[(\[]\s*(?:feat|ft|with)\b\.?([^()\[\]]*(?:\([^()]*\)[^()\[\]]*)*)",
                             re.IGNORECASE)  # fmt: skip
_CREDIT = re.compile(r"([\uac00-\ud7a3]{2,8})\s*\(([A-Za-z][A-Za-z0-9 .'&-]{1,30})\)")


def _spotify_scale(raw: pd.DataFrame, source: str, title: str, artist: str) -> pd.DataFrame:
    """A table on Spotify's scales (0–1, dB, BPM, ms) → the common columns, model scale."""
    out = pd.DataFrame(
        {
            "title": raw[title],
            "artist": raw[artist].fillna("").astype(str),
            "source": source,
            "film": "",
            "film_genres": "",
            "popularity": raw["track_popularity" if "track_popularity" in raw else "popularity"],
        }
    )
    rows = []
    for record in tqdm(raw.to_dict("records"), desc=f"{source} features", leave=False):
        values = {}
        for name in FEATURES:
            value = record["duration_ms"] / 1000 if name == "duration" else record[name]
            try:
                values[name] = normalise(name, str(value))
            except OutOfRange:  # tempo 0 or key -1: Spotify's "unknown"
                values[name] = float("nan")
        rows.append(values)
    return pd.concat([out.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def _soundtracks(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    out = pd.DataFrame(
        {
            "title": raw["track_title"],
            "artist": raw["recording_artist_credit"].fillna(""),
            "source": "soundtrack",
            "film": raw["film_title"] + " (" + raw["film_year"].astype("Int64").astype(str) + ")",
            "film_genres": raw["film_genres"],
            "popularity": raw["spotify_popularity"],
        }
    )
    return pd.concat([out, data.soundtrack_features(raw)[list(FEATURES)]], axis=1)


def load_tables(data_dir: Path) -> pd.DataFrame:
    """Every input row on the common columns, ``popularity`` as a within-table percentile."""
    frames = [
        _soundtracks(data_dir / "ost" / data.CSV_NAME),
        _spotify_scale(pd.read_csv(data_dir / "ost" / SPOTIFY_CSV), "spotify", "song", "artist"),
    ]
    for source, name in SONG_TABLES.items():
        raw = pd.read_csv(data_dir / "songs" / name)
        frames.append(_spotify_scale(raw, source, "track_name", "track_artist"))
    for frame in frames:
        ranks = frame["popularity"].astype(float).rank(pct=True, method="average")
        frame["popularity"] = (100 * ranks.fillna(0)).round().astype(int)
    table = pd.concat(frames, ignore_index=True)
    table = table.dropna(subset=["title"])
    table["title"] = table["title"].astype(str).str.strip()
    table["artist"] = table["artist"].astype(str).str.strip()
    return table[table["title"] != ""].reset_index(drop=True)


def merge_copies(table: pd.DataFrame) -> pd.DataFrame:
    """One row per song (see the module docstring); ``popularity`` the best of its copies."""
    table = table.copy()
    song = pd.Series([song_key(t, a) for t, a in zip(table["title"], table["artist"],
                                                      strict=True)], index=table.index)  # fmt: skip
    best = table.groupby(song)["popularity"].transform("max")
    soundtrack = table["source"] == "soundtrack"
    has_soundtrack = song.isin(set(song[soundtrack]))
    films = table[soundtrack].assign(_song=song).drop_duplicates(subset=["_song", "film"])
    others = table[~has_soundtrack].assign(_song=song)
    others = others.sort_values(["_song", "popularity"], ascending=[True, False], kind="stable")
    others = others.drop_duplicates(subset="_song", keep="first")
    merged = pd.concat([films, others]).drop(columns="_song")
    merged["popularity"] = best.loc[merged.index]
    return merged


def _hand_names(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def aliases(
    table: pd.DataFrame, names_csv: Path
) -> tuple[list[dict[str, str]], dict[int, list[str]], dict[str, int]]:
    """(alias rows, other names per table row, counts of what was kept and dropped)."""
    artists = {fold(first_artist(a)): first_artist(a) for a in table["artist"] if a}
    artists.update({fold(a): a for a in table["artist"] if a})
    by_song: dict[tuple[str, str], list[int]] = {}
    for row, (title, artist) in enumerate(zip(table["title"], table["artist"], strict=True)):
        by_song.setdefault((fold(main_title(title)), fold(first_artist(artist))), []).append(row)
    rows: list[dict[str, str]] = []
    aka: dict[int, list[str]] = {}
    counts = {"hand_artist_kept": 0, "hand_artist_dropped": 0, "hand_title_kept": 0}
    counts["hand_title_dropped"] = 0

    def add_title(row: int, korean: str, source: str) -> None:
        name = fold(korean)
        own = fold(main_title(str(table["title"].iloc[row])))
        if name and name != own and name not in aka.setdefault(row, []):
            aka[row].append(name)
            if source:
                rows.append(
                    {
                        "kind": "title",
                        "korean": korean,
                        "name": main_title(str(table["title"].iloc[row])),
                        "artist": str(table["artist"].iloc[row]),
                        "source": source,
                    }
                )

    for entry in _hand_names(names_csv):
        if entry["kind"] == "artist":
            found = artists.get(fold(entry["name"]))
            kept = found is not None
            if kept:
                rows.append({**entry, "name": str(found), "artist": "", "source": "hand"})
            counts["hand_artist_kept" if kept else "hand_artist_dropped"] += 1
            continue
        song = (fold(main_title(entry["name"])), fold(entry["artist"]))
        targets = by_song.get(song, [])
        for target in targets:
            add_title(target, entry["korean"], "hand")
        counts["hand_title_kept" if targets else "hand_title_dropped"] += 1
    hand_artists = {fold(r["korean"]) for r in rows if r["kind"] == "artist"}
    credits: dict[str, str] = {}
    for row, title in enumerate(tqdm(table["title"], desc="names in the titles", leave=False)):
        if not has_hangul(title):
            continue
        for name in script_names(title):
            add_title(row, name, "")  # both scripts of one title: an index key, not a row
        if has_hangul(main_title(title)):
            rows.append(
                {
                    "kind": "title",
                    "korean": main_title(title),
                    "name": title,
                    "artist": str(table["artist"].iloc[row]),
                    "source": f"data: {table['source'].iloc[row]} title",
                }
            )
        clauses = " ".join(_FEATURE_CLAUSE.findall(title))
        for korean, roman in _CREDIT.findall(clauses):
            if fold(roman) in artists and fold(korean) not in hand_artists:
                credits.setdefault(korean, artists[fold(roman)])
    for korean, name in sorted(credits.items()):
        rows.append(
            {"kind": "artist", "korean": korean, "name": name, "artist": "", "source": "data"}
        )
    counts["data_artist"] = len(credits)
    counts["titles_with_other_names"] = len(aka)
    return rows, aka, counts


Built = tuple[pd.DataFrame, list[dict[str, str]], dict[str, int]]


def build(data_dir: Path, names_csv: Path = NAMES_CSV) -> Built:
    """(song table, alias rows, counts)."""
    table = merge_copies(load_tables(data_dir))
    table = table.sort_values(["title", "artist", "source", "film"], kind="stable")
    table = table.reset_index(drop=True)
    for name in FEATURES:
        table[name] = table[name].astype(float).round(1)  # finer than any input or split needs
    alias_rows, aka, counts = aliases(table, names_csv)
    table["aka"] = ["|".join(aka.get(row, [])) for row in range(len(table))]
    alias_rows = sorted(
        {tuple(r.values()): r for r in alias_rows}.values(),
        key=lambda r: (r["kind"], r["source"] != "hand", r["korean"], r["name"], r["artist"]),
    )
    return table[list(COLUMNS)], alias_rows, counts


def _write_gzip(path: Path, text: str) -> None:
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--names", type=Path, default=NAMES_CSV)
    parser.add_argument("--out", type=Path, default=Path("data/ost"))
    parser.add_argument(
        "--index-only", action="store_true", help=f"only rebuild {INDEX_FILE} from --out's table"
    )
    args = parser.parse_args(argv)
    if args.index_only:
        write_index(args.out)
        return
    table, alias_rows, counts = build(args.data, args.names)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_gzip(args.out / TRACKS_FILE, table.to_csv(index=False, lineterminator="\n"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["kind", "korean", "name", "artist", "source"],
                            lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(alias_rows)
    (args.out / ALIASES_FILE).write_text(buffer.getvalue(), encoding="utf-8")
    inputs = [Path("ost") / data.CSV_NAME, Path("ost") / SPOTIFY_CSV]
    inputs += [Path("songs") / name for name in SONG_TABLES.values()]
    metadata = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m models.ost.build_tracks --data ../shared/data --out data/ost",
        "inputs": {str(p): sha256_file(args.data / p) for p in inputs},
        "hand_names": {"file": "models/ost/korean_names.csv", "sha256": sha256_file(args.names)},
        "files": {
            TRACKS_FILE: {"sha256": sha256_file(args.out / TRACKS_FILE), "rows": len(table)},
            ALIASES_FILE: {
                "sha256": sha256_file(args.out / ALIASES_FILE),
                "rows": len(alias_rows),
            },
        },
        "rows_by_source": {k: int(v) for k, v in table["source"].value_counts().items()},
        "aliases": counts,
        "songs_with_all_required_features": int(
            np.isfinite(table[list(REQUIRED)].to_numpy(float)).all(axis=1).sum()
        ),
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", "utf-8")
    write_index(args.out)
    print(json.dumps(metadata, indent=1))


def write_index(folder: Path) -> None:
    """The songs' fuzzy index, prebuilt so the bot reads it instead of building it at every
    start (``inference.ost.tracks.INDEX_FILE``); deterministic, so a rebuild gives the same
    bytes."""
    tracks = TrackIndex.load(folder, stored_index=False)
    arrays = tracks.index_arrays()
    with (folder / INDEX_FILE).open("wb") as handle:
        arrays["tracks_sha256"] = np.asarray(tracks_digest(folder))
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
