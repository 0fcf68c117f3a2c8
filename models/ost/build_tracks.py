"""Build the offline song table the bot looks titles up in (data/ost/tracks.csv.gz).

    python -m models.ost.build_tracks --data /work/shared/data/ost --out data/ost

Spotify closed its audio-features endpoint to new apps in November 2024, so a song named in the
chat is looked up here: the 16,730 Spotify tracks (0–1 scale) and the 4,348 soundtrack tracks
(0–100 scale), every value converted to the model's scale by ``inference.ost.features`` — the
same code that reads a user's numbers. Deterministic: same inputs, byte-identical gzip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from inference.checksums import sha256_file
from inference.ost.features import OutOfRange, normalise
from inference.ost.tracks import COLUMNS, FEATURES, TRACKS_FILE
from models.ost import data

SPOTIFY_CSV = "spotify_tracks_audio_features_16k.csv"


def _spotify(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    out = pd.DataFrame({"title": raw["song"], "artist": raw["artist"], "source": "spotify"})
    out["film"], out["film_genres"] = "", ""
    rows = []
    for record in tqdm(raw.to_dict("records"), desc="spotify tracks"):
        values = {}
        for name in FEATURES:
            column = "duration_ms" if name == "duration" else name
            value = record[column] / 1000 if name == "duration" else record[column]
            try:
                values[name] = normalise(name, str(value))
            except OutOfRange:  # tempo 0 or key -1: Spotify's "unknown"
                values[name] = float("nan")
        rows.append(values)
    return pd.concat([out, pd.DataFrame(rows)], axis=1)


def _soundtracks(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    out = pd.DataFrame(
        {
            "title": raw["track_title"],
            "artist": raw["recording_artist_credit"].fillna(""),
            "source": "soundtrack",
            "film": raw["film_title"] + " (" + raw["film_year"].astype("Int64").astype(str) + ")",
            "film_genres": raw["film_genres"],
        }
    )
    return pd.concat([out, data.soundtrack_features(raw)[list(FEATURES)]], axis=1)


def build(data_dir: Path) -> pd.DataFrame:
    table = pd.concat([_soundtracks(data_dir / data.CSV_NAME), _spotify(data_dir / SPOTIFY_CSV)])
    table = table.dropna(subset=["title"])
    table["title"] = table["title"].astype(str).str.strip()
    table = table[table["title"] != ""]
    # The same recording listed twice (Spotify re-releases): keep its first row.
    table = table.drop_duplicates(subset=["title", "artist", "source", "film"], keep="first")
    table = table.sort_values(["title", "artist", "source", "film"], kind="stable")
    for name in FEATURES:
        table[name] = table[name].round(1)  # finer than any chat input or tree split needs
    return table[list(COLUMNS)].reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/ost"))
    parser.add_argument("--out", type=Path, default=Path("data/ost"))
    args = parser.parse_args(argv)
    table = build(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / TRACKS_FILE
    text = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text)
    metadata = {
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": {
            name: sha256_file(args.data / name) for name in (data.CSV_NAME, SPOTIFY_CSV)
        },
        "files": {TRACKS_FILE: {"sha256": sha256_file(target), "rows": len(table)}},
        "rows_by_source": {k: int(v) for k, v in table["source"].value_counts().items()},
    }
    (args.out / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", "utf-8")
    print(json.dumps(metadata, indent=1))


if __name__ == "__main__":
    main()
