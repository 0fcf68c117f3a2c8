"""Write the fixed song-lookup query set ``bench/data/song_queries.csv`` (run once, seeded).

    python -m bench.song_queries [--data ../shared/data] [--seed 17] [--force]

Every query names the song it means by its merge key (``inference.ost.songs.song_key``: main
name | first artist), drawn from the source tables themselves, not from the built song table.
Groups, per source table (soundtrack, spotify 16k, TidyTuesday, Billboard, K-pop) where it
applies, among each table's 300 most popular songs (Spotify popularity, a different year in
each table; the soundtrack table's ``spotify_popularity``):

* ``title``: the main name alone ("Someone Like You") — only for a song that is the best known
  of all the tables' songs with that name (by within-table popularity percentile), since a
  title alone names nothing else;
* ``title - artist``: "Someone Like You - Adele";
* ``artist title``: "Adele Someone Like You";
* ``typo``: one or two letters of the name changed (a neighbouring key, a letter dropped,
  doubled or swapped with the next), alone (best-known songs only, as above) or with the artist;
* ``korean``: K-pop songs by Korean names — a Hangul title of the K-pop table as written or
  without spaces, alone or with the artist; and popular songs of 24 artists written in Hangul
  (this script's own list below, with spelling variants — "블랙 핑크", "스트레이키즈" — and six
  artists that ``models/ost/korean_names.csv`` does not list, so the group also measures what
  romanisation alone does), as "<Korean artist> <title>" or "<title> <Korean artist>";
* ``issue``: the four queries of issue 17 ("Dynamite BTS", "좋은 날 아이유", "My Heart Will Go
  On", "방탄소년단 다이너마이트").

The dev/test split is by song (every form of one song on the same side), half each. The file is
written once; ``--force`` overwrites it (never after test has been scored).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from random import Random

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.catalogue.titles import fold, has_hangul  # noqa: E402
from inference.ost.songs import first_artist, main_title, song_key  # noqa: E402

OUT = ROOT / "bench" / "data" / "song_queries.csv"
TOP = 300
PER_TABLE = {"title": 20, "title - artist": 20, "artist title": 12, "typo": 12}
# Korean names written here, independently of models/ost/korean_names.csv: spelling variants
# of listed names, and six artists that list does not have (marked False).
KOREAN_ARTISTS: tuple[tuple[str, str, bool], ...] = (
    ("방탄소년단", "BTS", True),
    ("방탄", "BTS", True),
    ("아이유", "IU", True),
    ("블랙 핑크", "BLACKPINK", True),
    ("트와이스", "TWICE", True),
    ("레드 벨벳", "Red Velvet", True),
    ("스트레이키즈", "Stray Kids", True),
    ("뉴 진스", "NewJeans", True),
    ("빅뱅", "BIGBANG", True),
    ("태연", "TAEYEON", True),
    ("마마무", "MAMAMOO", True),
    ("있지", "ITZY", True),
    ("세븐틴", "SEVENTEEN", True),
    ("르세라핌", "LE SSERAFIM", True),
    ("에스파", "aespa", True),
    ("헤이즈", "HEIZE", True),
    ("악동뮤지션", "AKMU", True),
    ("소녀시대", "Girls' Generation", True),
    ("로켓펀치", "Rocket Punch", False),
    ("씨엘씨", "CLC", False),
    ("에이비식스", "AB6IX", False),
    ("골든차일드", "Golden Child", False),
    ("카드", "KARD", False),
    ("네이처", "NATURE", False),
)
ISSUE = (
    ("Dynamite BTS", "Dynamite", "BTS"),
    ("좋은 날 아이유", "Good day", "IU"),
    ("My Heart Will Go On", 'My Heart Will Go On - Love Theme from "Titanic"', "Céline Dion"),
    ("방탄소년단 다이너마이트", "Dynamite", "BTS"),
)
_NEIGHBOURS = {
    c: n
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, c in enumerate(row)
    for n in [row[max(0, i - 1)] if i else row[i + 1]]
}


def _table(path: Path, source: str, title: str, artist: str, popularity: str) -> pd.DataFrame:
    raw = pd.read_csv(path)
    frame = pd.DataFrame(
        {
            "title": raw[title].astype("string"),
            "artist": raw[artist].fillna("").astype("string"),
            "popularity": raw[popularity].astype(float),
        }
    ).dropna(subset=["title"])
    frame["percentile"] = frame["popularity"].rank(pct=True).fillna(0)
    frame["source"] = source
    frame["key"] = [song_key(t, a) for t, a in zip(frame["title"], frame["artist"], strict=True)]
    return frame.sort_values("popularity", ascending=False, kind="stable").drop_duplicates("key")


def tables(data: Path) -> list[pd.DataFrame]:
    songs = data / "songs"
    return [
        _table(data / "ost" / "soundtrack_tracks_audio_features_film_genres.csv", "soundtrack",
               "track_title", "recording_artist_credit", "spotify_popularity"),
        _table(data / "ost" / "spotify_tracks_audio_features_16k.csv", "spotify", "song",
               "artist", "popularity"),
        _table(songs / "tidytuesday_spotify_songs.csv.gz", "tidytuesday", "track_name",
               "track_artist", "track_popularity"),
        _table(songs / "musicoset_billboard_songs.csv.gz", "billboard", "track_name",
               "track_artist", "track_popularity"),
        _table(songs / "kpop_spotify_tracks.csv.gz", "kpop", "track_name", "track_artist",
               "track_popularity"),
    ]  # fmt: skip


def _typo(text: str, rng: Random) -> str:
    """One edit per word of 5+ letters chosen (two for a long name)."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.isascii()]
    if not long:
        return text
    for i in rng.sample(long, min(len(long), 2 if len(text) > 16 else 1)):
        word, at = words[i], rng.randrange(1, len(words[i]) - 1)
        kind = rng.choice(("neighbour", "drop", "double", "swap"))
        if kind == "neighbour":
            letter = word[at].lower()
            word = word[:at] + _NEIGHBOURS.get(letter, letter) + word[at + 1 :]
        elif kind == "drop":
            word = word[:at] + word[at + 1 :]
        elif kind == "double":
            word = word[:at] + word[at] + word[at:]
        else:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        words[i] = word
    return " ".join(words)


def _split(key: str, seed: int) -> str:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def build(data: Path, seed: int) -> list[dict[str, str]]:
    rng = Random(seed)
    frames = tables(data)
    everything = pd.concat(frames, ignore_index=True)
    everything["name"] = [fold(main_title(t)) for t in everything["title"]]
    best_known = everything.sort_values("percentile", ascending=False, kind="stable")
    best_known = set(best_known.drop_duplicates("name")["key"])
    rows: list[dict[str, str]] = []
    used: set[str] = set()

    def add(group: str, query: str, title: str, artist: str, source: str, note: str) -> None:
        key = song_key(title, artist)
        rows.append(
            {"group": group, "query": query, "expected_key": key, "expected_title": title,
             "expected_artist": artist, "source": source, "note": note,
             "split": _split(key, seed)}
        )  # fmt: skip
        used.add(key)

    forms: dict[str, Callable[[str, str], str]] = {
        "title": lambda t, a: t,
        "title - artist": lambda t, a: f"{t} - {a}",
        "artist title": lambda t, a: f"{a} {t}",
    }
    for frame in frames:
        source = str(frame["source"].iloc[0])
        top = frame.head(TOP)
        top = top[[bool(a) and not has_hangul(t) for t, a in zip(top["title"], top["artist"],
                                                                 strict=True)]]  # fmt: skip
        order = list(range(len(top)))
        rng.shuffle(order)
        picks = iter(order)
        for group, count in PER_TABLE.items():
            taken = 0
            for place in picks:
                row = top.iloc[place]
                title, artist = str(row["title"]), str(row["artist"])
                if row["key"] in used:
                    continue
                name, who = main_title(title), first_artist(artist)
                alone = row["key"] in best_known
                if group == "title" and not alone:
                    continue
                if group == "typo":
                    with_artist = not alone or rng.random() < 0.5
                    query = _typo(name, rng)
                    if fold(query) == fold(name):
                        continue
                    query = f"{query} - {who}" if with_artist else query
                else:
                    query = forms[group](name, who)
                add(group, query, title, artist, source, "")
                taken += 1
                if taken == count:
                    break
    kpop = frames[-1]
    hangul = kpop[[has_hangul(main_title(str(t))) for t in kpop["title"]]].head(120)
    for place in rng.sample(range(len(hangul)), min(30, len(hangul))):
        row = hangul.iloc[place]
        title, artist = str(row["title"]), str(row["artist"])
        if row["key"] in used:
            continue
        name = main_title(title)
        variant = rng.choice(("as written", "no spaces", "with artist"))
        query = {"as written": name, "no spaces": name.replace(" ", ""),
                 "with artist": f"{name} {first_artist(artist)}"}[variant]  # fmt: skip
        add("korean", query, title, artist, "kpop", f"hangul title, {variant}")
    by_artist = kpop.groupby("artist", sort=False)
    for korean, english, listed in KOREAN_ARTISTS:
        if english not in by_artist.groups:
            continue
        songs = by_artist.get_group(english).head(10)
        songs = songs[[not has_hangul(str(t)) and k not in used
                       for t, k in zip(songs["title"], songs["key"], strict=True)]]  # fmt: skip
        for place in rng.sample(range(len(songs)), min(2, len(songs))):
            row = songs.iloc[place]
            name = main_title(str(row["title"]))
            query = f"{korean} {name}" if rng.random() < 0.5 else f"{name} {korean}"
            note = "korean artist" + ("" if listed else ", not in the hand list")
            add("korean", query, str(row["title"]), english, "kpop", note)
    for query, title, artist in ISSUE:
        add("issue", query, title, artist, "issue 17", "")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.force:
        sys.exit(f"{args.out} exists: the query set is written once (--force to overwrite)")
    rows = build(args.data, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    groups = pd.Series([r["group"] for r in rows]).value_counts()
    splits = pd.Series([r["split"] for r in rows]).value_counts()
    print(f"{len(rows)} queries → {args.out}\n{groups.to_string()}\n{splits.to_string()}")


if __name__ == "__main__":
    main()
