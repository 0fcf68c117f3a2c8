"""The offline song table and its lookup: issue 17's songs, Korean names, typos, forms."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import numpy as np
import pytest

from inference.catalogue.index import TitleIndex
from inference.ost import TrackIndex, missing
from inference.ost.songs import first_artist, main_title, script_names, song_key
from inference.ost.tracks import KoreanNames, postings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def tracks() -> TrackIndex:
    index = TrackIndex.load()
    index.warm()
    return index


def answer(tracks: TrackIndex, query: str) -> tuple[str, str] | None:
    track = tracks.confident(query, tracks.search(query))
    return None if track is None else (main_title(track.title), first_artist(track.artist))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Dynamite BTS", ("Dynamite", "BTS")),
        ("좋은 날 아이유", ("Good day", "IU")),
        ("방탄소년단 다이너마이트", ("Dynamite", "BTS")),
        ("아이유 좋은날", ("Good day", "IU")),  # spacing
        ("아이유좋은날", ("Good day", "IU")),  # the name run into the title
        ("방탄소년당 다이너마이트", ("Dynamite", "BTS")),  # a Hangul typo in the artist
        ("bts dynamte", ("Dynamite", "BTS")),  # a typo
        ("Someone Lkie You - Adele", ("Someone Like You", "Adele")),
        ("Adele - Someone Like You", ("Someone Like You", "Adele")),  # artist first
        ("someone like you by adele", ("Someone Like You", "Adele")),
        ("블랙핑크 뚜두뚜두", ("DDU-DU DDU-DU", "BLACKPINK")),
        ("행복 레드벨벳", ("행복", "Red Velvet")),  # a Hangul title of the K-pop table
        ("Happiness Red Velvet", ("행복", "Red Velvet")),  # its English part
        ("태연 Fine", ("Fine", "TAEYEON")),
        ("봄날", ("Spring Day", "BTS")),  # two Hangul syllables are six letters: answered
        ("10,000 Hours", ("10,000 Hours", "Dan + Shay")),  # "(with Justin Bieber)" not needed
    ],
)
def test_issue_songs_korean_names_typos_and_forms_answer_at_once(
    tracks: TrackIndex, query: str, expected: tuple[str, str]
) -> None:
    assert answer(tracks, query) == expected


def test_songs_sharing_a_name_come_back_as_choices_best_known_first(tracks: TrackIndex) -> None:
    heart = tracks.search("My Heart Will Go On")
    assert heart[0].track.artist == "Céline Dion" and "Titanic" in heart[0].track.title
    assert tracks.confident("My Heart Will Go On", heart) is None  # a cover shares the name
    dynamite = tracks.search("Dynamite")
    assert dynamite[0].track.artist == "BTS" and tracks.confident("Dynamite", dynamite) is None
    assert len({m.track.artist for m in dynamite}) >= 3
    several = tracks.search("Hallelujah")
    assert tracks.confident("Hallelujah", several) is None
    assert len({m.track.artist for m in several}) >= 3
    for match in heart[:1] + dynamite[:1]:
        assert missing(match.track.features) == []


def test_a_fragment_of_a_longer_name_is_a_choice(tracks: TrackIndex) -> None:
    fragment = tracks.search("They Were")
    assert fragment and fragment[0].track.title == "They Were Starting to Like Me"
    assert tracks.confident("They Were", fragment) is None
    whole = "They Were Startng to Like Me"
    assert tracks.confident(whole, tracks.search(whole)) == fragment[0].track


def test_nonsense_and_bad_rows(tracks: TrackIndex) -> None:
    assert tracks.search("!!! ???") == [] and tracks.search("qqzzxxvv blorp") == []
    assert tracks.search("") == [] and tracks.confident("x", []) is None
    assert tracks.track(-1) is None and tracks.track(len(tracks)) is None
    assert tracks.search("Dynamite", limit=0) == []
    zero = tracks.search("-0")  # a hostile input that is also a title (god's "0%")
    assert zero and tracks.confident("-0", zero) is None


def test_a_soundtrack_track_names_its_film(tracks: TrackIndex) -> None:
    found = [m.track for m in tracks.search("Forging the Beast") if m.track.source == "soundtrack"]
    assert found and found[0].film == "Mandy (2018)" and "Horror" in found[0].film_genres


def test_korean_artist_names_are_rewritten_only_where_they_stand() -> None:
    names = KoreanNames([("방탄소년단", "BTS"), ("아이유", "IU"), ("비비", "BIBI"), ("진", "JIN")])
    assert names.rewrite("방탄소년단 다이너마이트") == "BTS 다이너마이트"
    assert names.rewrite("아이유의 좋은 날") == "IU 좋은 날"  # a particle after the name
    assert names.rewrite("방탄 소년단 봄날") == "BTS 봄날"  # spacing inside the name
    assert names.rewrite("방탄소년당 봄날") == "BTS 봄날"  # one letter wrong, long name
    assert names.rewrite("아이유좋은날") == "IU 좋은날"
    assert names.rewrite("진심") == "진심"  # a one-syllable name is never part of a word
    assert names.rewrite("dynamite bts") == "dynamite bts"


def test_song_names_and_merge_keys() -> None:
    assert main_title('My Heart Will Go On - Love Theme from "Titanic"') == "My Heart Will Go On"
    assert main_title("(I Can't Get No) Satisfaction") == "Satisfaction"
    assert main_title("What do you want (어쩌란 말이냐 (GD))") == "What do you want"
    assert first_artist("Marvin Gaye, Diana Ross") == "Marvin Gaye"
    assert first_artist("AC/DC") == "AC/DC"
    assert song_key("Dynamite (Acoustic Remix)", "BTS") == song_key("DYNAMITE", "BTS")
    assert script_names("I'm Busy (난 바빠)") == ["난 바빠"]
    assert script_names("행복 (Happiness)") == ["happiness"]
    assert script_names("OH YEAH (feat.박봄)") == []
    assert script_names("Dynamite") == []


def test_vectorised_postings_search_like_the_catalogue_index(tracks: TrackIndex) -> None:
    keys = tracks._index.titles[:5000]
    owners = tracks._index.owner_of_titles()[:5000]
    loop, fast = TitleIndex(keys, owners), TitleIndex(keys, owners, arrays=postings(keys))
    for query in ("dynamite bts", "hallelujah", "좋은 날 iu", "x", "bananarama", "the"):
        (a, sa), (b, sb) = loop.search(query), fast.search(query)
        assert np.array_equal(a, b) and np.allclose(sa, sb)
    assert postings([])["offsets"].tolist() == [0]


def test_the_song_table_is_compact_merged_and_its_aliases_resolve(tracks: TrackIndex) -> None:
    folder = ROOT / "data" / "ost"
    assert (folder / "tracks.csv.gz").stat().st_size < 4_000_000
    assert 55_000 <= len(tracks) <= 65_000
    rows = [tracks.track(i) for i in range(len(tracks))]
    merged = {}
    for track in rows:
        assert track is not None
        if track.source != "soundtrack":  # a soundtrack song keeps one row per film
            key = song_key(track.title, track.artist)
            assert key not in merged, (track, merged.get(key))
            merged[key] = track
    artists = {first_artist(t.artist) for t in rows if t is not None} | {
        t.artist for t in rows if t is not None
    }
    with (folder / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        aliases = list(csv.DictReader(handle))
    assert {"hand", "data"} <= {a["source"].split(":")[0] for a in aliases}
    for alias in aliases:
        if alias["kind"] == "artist":
            assert alias["name"] in artists, alias
    assert len(tracks.names) >= 150


def test_the_song_index_is_built_once_whether_warmed_or_searched_first() -> None:
    """Without the prebuilt file the index is built by ``warm`` or the first search: a search
    arriving while ``warm`` runs in another thread waits for the same index instead of building
    a second one."""
    tracks = TrackIndex.load(stored_index=False)
    warming = threading.Thread(target=tracks.warm)
    warming.start()
    found = tracks.search("Hallelujah")
    warming.join()
    assert found and all("hallelujah" in m.track.title.casefold() for m in found[:2])
    index = tracks._index
    tracks.warm()
    assert tracks._index is index


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (the song tables)")
def test_song_table_rebuild_is_byte_identical(tmp_path: Path) -> None:
    from inference.checksums import sha256_file
    from models.ost import build_tracks

    build_tracks.main(["--data", str(SHARED), "--out", str(tmp_path)])
    for name in ("tracks.csv.gz", "aliases.csv", "track_index.npz"):
        assert sha256_file(tmp_path / name) == sha256_file(ROOT / "data" / "ost" / name), name


def test_the_prebuilt_song_index_is_the_one_the_table_gives(tmp_path: Path) -> None:
    """The bot reads ``track_index.npz`` instead of building the index at every start: it must
    be exactly what building gives (rebuilt in place: the same bytes), searches must answer
    alike, and an index built from another table is ignored, not trusted."""
    from inference.checksums import sha256_file
    from inference.ost.tracks import INDEX_FILE
    from models.ost import build_tracks

    folder = tmp_path / "ost"
    folder.mkdir()
    for name in ("tracks.csv.gz", "aliases.csv", "metadata.json"):
        (folder / name).write_bytes((ROOT / "data" / "ost" / name).read_bytes())
    build_tracks.main(["--out", str(folder), "--index-only"])
    assert sha256_file(folder / INDEX_FILE) == sha256_file(ROOT / "data" / "ost" / INDEX_FILE)

    stored, built = TrackIndex.load(folder), TrackIndex.load(folder, stored_index=False)
    assert stored._built is not None and built._built is None  # read, not built
    for query in ("Dynamite BTS", "아이유 좋은날", "halelujah", "쇼생크 탈출 ost"):
        assert [(m.track.index, m.score) for m in stored.search(query)] == [
            (m.track.index, m.score) for m in built.search(query)
        ], query

    # Another table (one song fewer) under the same index: the index is not used.
    import gzip

    lines = gzip.decompress((folder / "tracks.csv.gz").read_bytes()).split(b"\n")
    (folder / "tracks.csv.gz").write_bytes(gzip.compress(b"\n".join([*lines[:-2], b""])))
    fresh = TrackIndex.load(folder)
    assert fresh._built is None and len(fresh) == len(stored) - 1
    assert fresh.search("Dynamite BTS")


def test_an_artist_is_shown_by_the_fullest_korean_name(tracks: TrackIndex) -> None:
    """Issue 25: "— 방탄 (BTS)" for 방탄소년단. The nickname still finds the song; the reply
    shows the artist's full Korean name."""
    found = tracks.confident("방탄 다이너마이트", tracks.search("방탄 다이너마이트"))
    assert found is not None and found.artist == "BTS"
    assert found.korean_artist == "방탄소년단" and found.korean_title == "다이너마이트"
    assert tracks.korean.artist("IU") == "아이유"
