"""The understanding step without Telegram: the labelled utterances, the trained classifier as
served, the slot rules, Korean numbers and particles, and the film filters."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from inference.catalogue import Catalogue
from inference.understanding.classifier import IntentArtifactError, IntentClassifier
from inference.understanding.korean import korean_number, particle
from inference.understanding.labels import INTENTS
from inference.understanding.lexicon import count_in, years_in
from inference.understanding.service import Understanding
from inference.understanding.text import features, masked
from models.intent.train import Candidate, export, pipeline

ROOT = Path(__file__).resolve().parents[1]
UTTERANCES = ROOT / "data" / "intents" / "utterances.csv"
ARTIFACT = ROOT / "models" / "intent" / "artifact"


@pytest.fixture(scope="module")
def understanding() -> Understanding:
    return Understanding.load()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with UTTERANCES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_utterance_set_is_large_labelled_and_split_by_group(rows: list[dict[str, str]]) -> None:
    per_language = Counter(r["language"] for r in rows)
    assert per_language["ko"] >= 800 and per_language["en"] >= 800
    assert {r["intent"] for r in rows} == set(INTENTS)
    splits_of_group: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        splits_of_group[row["group"]].add(row["split"])
        json.loads(row["slots"])
    assert all(len(s) == 1 for s in splits_of_group.values()), "a group spans two splits"
    held_out = Counter((r["language"], r["split"]) for r in rows)
    assert held_out[("ko", "test")] >= 150 and held_out[("en", "test")] >= 150
    # both kinds of paraphrase, in every split
    assert {(r["source"], r["split"]) for r in rows} >= {
        (source, split) for source in ("hand", "template") for split in ("train", "val", "test")
    }


def test_test_titles_never_appear_in_training(rows: list[dict[str, str]]) -> None:
    def titles(split: str) -> set[str]:
        found = set()
        for row in rows:
            slots = json.loads(row["slots"])
            if row["split"] == split and row["source"] == "template":
                found |= {slots[k].lower() for k in ("title", "seed") if k in slots}
        return found

    assert not titles("test") & titles("train")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hi", "greet"),
        ("안녕", "greet"),
        ("thanks!", "thanks"),
        ("고마워요", "thanks"),
        ("what can you do?", "help"),
        ("where can I watch?", "where_to_watch"),
        ("is the matrix on netflix?", "where_to_watch"),
        ("기생충 넷플릭스에 있어?", "where_to_watch"),
        ("recommend me something like Inception", "recommend"),
        ("영화 추천해줘", "recommend"),
        ("무서운 영화 추천해줘", "recommend"),
        ("넷플릭스에 있는 한국 스릴러 추천해줘", "recommend"),
        ("a funny movie from the 90s", "recommend"),
        ("who directed Parasite?", "film_info"),
        ("올드보이 몇 년도 영화야", "film_info"),
        ("what genre is this poster?", "poster"),
        ("이 노래 어떤 영화에 어울려?", "song"),
        ("관객 수 예측해줘", "box_office"),
        ("날씨 어때?", "out_of_scope"),
        ("what's the weather like?", "out_of_scope"),
    ],
)
def test_the_issues_examples_are_understood(
    understanding: Understanding, text: str, intent: str
) -> None:
    assert understanding.read(text).intent == intent


def test_slots_of_the_issues_examples(understanding: Understanding) -> None:
    korean = understanding.read("넷플릭스에 있는 한국 스릴러 추천해줘").slots
    assert (korean.service, korean.country, korean.genres) == ("netflix", "KR", ("Thriller",))
    funny = understanding.read("a funny movie from the 90s").slots
    assert (funny.mood, funny.years) == ("funny", (1990, 1999))
    scary = understanding.read("무서운 영화 추천해줘").slots
    assert scary.mood == "scary"
    like = understanding.read("recommend me something like Inception").slots
    assert like.seed == ("Inception",)
    korean_like = understanding.read("기생충이랑 비슷한 영화 5개 추천해줘").slots
    assert korean_like.seed[0] == "기생충" and korean_like.count == 5
    matrix = understanding.read("is the matrix on netflix?")
    assert matrix.slots.title == "the matrix" and matrix.slots.service == "netflix"
    info = understanding.read("기생충 감독 누구야?").slots
    assert (info.title, info.field) == ("기생충", "director")
    year = understanding.read("when did Inception come out?").slots
    assert (year.title, year.field) == ("Inception", "year")
    mine = understanding.read("내 구독 서비스에서 볼 수 있는 코미디 추천해줘").slots
    assert mine.mine and mine.genres == ("Comedy",)
    # a genre word inside the seed's title is not a filter
    seed_only = understanding.read("Scary Movie 같은 영화 추천해줘").slots
    assert seed_only.seed[0] == "Scary Movie" and seed_only.mood is None


def test_a_particle_that_ends_a_title_survives(understanding: Understanding) -> None:
    # kiwipiepy reads 이 in 올드보이 as part of the noun, and 을 after 기생충 as a particle
    assert understanding.read("올드보이 어디서 볼 수 있어?").slots.title == "올드보이"
    assert "기생충" in understanding.read("기생충을 어디서 볼 수 있어요?").slots.titles


def test_served_probabilities_equal_scikit_learns(
    tmp_path: Path, rows: list[dict[str, str]]
) -> None:
    """Training and serving share the feature code; the numpy model is the same function."""
    sample = [r for r in rows if r["split"] == "train"][::3]
    model = pipeline(Candidate(10.0, "balanced", 1)).fit(
        [r["text"] for r in sample], [r["intent"] for r in sample]
    )
    export(model, tmp_path)
    from inference.checksums import sha256_file

    (tmp_path / "metadata.json").write_text(
        json.dumps(
            {
                "version": "test",
                "files": {"model.npz": {"sha256": sha256_file(tmp_path / "model.npz")}},
                "parameters": {"sublinear_tf": True},
            }
        )
    )
    served = IntentClassifier.load(tmp_path)
    texts = ["기생충 어디서 봐?", "recommend a scary movie", "hello", "무서운 영화", "xyz"]
    expected = model.predict_proba(texts)
    order = [list(model.classes_).index(label) for label in served.labels]
    for text, row in zip(texts, expected, strict=True):
        got = served.classify(text).probabilities
        assert np.allclose([got[label] for label in served.labels], row[order], atol=1e-5)


def test_a_tampered_artifact_is_refused(tmp_path: Path) -> None:
    shutil.copytree(ARTIFACT, tmp_path / "artifact")
    (tmp_path / "artifact" / "model.npz").write_bytes(b"not the model")
    with pytest.raises(IntentArtifactError):
        IntentClassifier.load(tmp_path / "artifact")


def test_the_artifact_records_what_it_was_trained_on() -> None:
    metadata = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))
    from inference.checksums import sha256_file

    assert metadata["data_sha256"] == sha256_file(UTTERANCES)
    assert metadata["parameters"]["c"] > 0 and metadata["metrics"]["validation"]


def test_features_mask_the_lexicon_words() -> None:
    assert masked("넷플릭스에 있는 한국 스릴러") == "⟨svc⟩에 있는 ⟨country⟩ ⟨genre⟩"
    assert "w:⟨genre⟩" in features("a thriller from 1994") and "w:⟨period⟩" in features(
        "a thriller from 1994"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("스물여덟", 28),
        ("서른", 30),
        ("스무", 20),
        ("열다섯", 15),
        ("이십팔", 28),
        ("천이백", 1200),
        ("스물 여덟", 28),
        ("사과", None),
        ("", None),
    ],
)
def test_numbers_said_in_korean(text: str, value: int | None) -> None:
    assert korean_number(text) == value


def test_particle_pairs_for_the_copula() -> None:
    assert particle("봉준호", "이에요/예요") == "예요"
    assert particle("박찬욱", "이에요/예요") == "이에요"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("5개 추천", 5),
        ("세 편만", 3),
        ("top 10 movies", 10),
        ("three comedies", 3),
        ("5 horror movies", 5),
        ("영화 추천", None),
        ("2019년 영화", None),
    ],
)
def test_counts(text: str, count: int | None) -> None:
    assert count_in(text) == count


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("90년대 영화", (1990, 1999)),
        ("the 80s", (1980, 1989)),
        ("2000년대", (2000, 2009)),
        ("2019년 영화", (2019, 2019)),
        ("the nineties", (1990, 1999)),
        ("영화 추천", None),
        ("최근 한국 영화 추천", (2021, 2023)),  # the catalogue's last three years
        ("최근에 나온 코미디", (2021, 2023)),
        ("최근에 본 영화랑 비슷한 거", None),  # watched lately: no period
        ("요즘 볼만한 영화", None),
    ],
)
def test_periods(text: str, years: tuple[int, int] | None) -> None:
    assert years_in(text) == years


def test_film_filters_obey_every_condition() -> None:
    from inference.recommender.filters import FilmFilter

    catalogue = Catalogue.load()
    table = catalogue.table
    korean_thrillers = FilmFilter(all_genres=frozenset({"Thriller"}), country="KR")
    ids = korean_thrillers.allowed(table)
    assert len(ids) > 50
    for movie_id in list(ids)[:200]:
        movie = catalogue.get(movie_id)
        assert movie is not None and movie.country == "KR" and "Thriller" in movie.genres
    nineties = FilmFilter(all_genres=frozenset({"Comedy"}), years=(1990, 1999)).allowed(table)
    years = [catalogue.get(i).year for i in list(nineties)[:200]]  # type: ignore[union-attr]
    assert all(1990 <= (year or 0) <= 1999 for year in years)
    widened = FilmFilter(
        all_genres=frozenset({"Horror"}), mood_genres=frozenset({"Horror"}), country="KR"
    ).without_mood()
    assert widened.all_genres == frozenset() and widened.country == "KR"
