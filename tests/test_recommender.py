"""The recommender: serving API contract, artifact integrity, and the model pieces on tiny data.

Tests marked ``shared_data`` retrain on ../shared/data (MovieLens) and check reproducibility and
the cold-start figure; the others use the committed artifact with the committed catalogue
(data/catalogue), or synthetic data.
"""

from __future__ import annotations

import functools
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from inference.catalogue.availability import OfflineAvailability
from inference.catalogue.films import Movie, read_films
from inference.recommender import ArtifactError, Recommendation, Recommender, UserSignals, ials
from inference.recommender import artifact as store
from inference.recommender.content import ContentParams, build_index
from inference.recommender.diversity import genre_masks, mmr
from inference.recommender.ease import fit, prune, score_rows
from inference.recommender.matrix import ItemIndex, interaction_weights, user_item_matrix
from inference.recommender.neighbours import UserSets, demographic_mask, jaccard, neighbour_scores
from inference.recommender.service import BlendParams, content_weight
from models.recommender.train import Params, Ratings, build_arrays, build_recommender, main, save

ROOT = Path(__file__).resolve().parents[1]
ARTIFACT = ROOT / "models" / "recommender" / "artifact"
MOVIELENS = ROOT.parent / "shared" / "data" / "movielens" / "ml-latest-small"
CATALOGUE = ROOT / "data" / "catalogue"
TOY_STORY, TOY_STORY_2, MATRIX, SHAWSHANK = 1, 3114, 2571, 318
# Parasite, Train to Busan, The Host, Oldboy, Memories of Murder, A Taxi Driver, Extreme Job,
# The Admiral: Roaring Currents, Veteran (known only to KOBIS), Assassination.
KOREAN_FAVOURITES = frozenset(
    {202439, 162082, 51709, 27773, 31364, 179779, 199992, 132381, 839588125, 141538}
)


@functools.cache
def served_catalogue() -> list[Movie]:
    return [record.movie for record in read_films(CATALOGUE)]


@pytest.fixture(scope="module")
def served() -> Recommender:
    return Recommender.load(None, served_catalogue())


def _ids(recs: list[Recommendation]) -> list[int]:
    return [r.movie_id for r in recs]


# ---------------------------------------------------------------- the committed artifact
def test_committed_artifact_loads_and_matches_its_metadata(served: Recommender) -> None:
    metadata = json.loads((ARTIFACT / "metadata.json").read_text())
    assert served.model_name == metadata["served"] == "ease"
    assert set(metadata["training_data"]["sha256"]) == {"ratings.csv", "movies.csv"}
    assert set(metadata["training_data"]["catalogue_sha256"]) == {"films.csv.gz", "id_map.csv"}
    metrics = metadata["metrics"]
    assert metrics["cold_start_served_pipeline"]["precision@10"] >= 0.48
    assert (
        metrics["cold_start_served_pipeline"]["precision@10"]
        > metrics["cold_start_popularity_baseline"]["precision@10"]
    )
    assert metrics["korean_profiles"]["korean_share@10"] >= 0.30
    assert metrics["coverage"]["share"] >= 0.3
    total = sum(f["bytes"] for f in metadata["files"].values())
    assert total <= 10_000_000
    assert served.knows(TOY_STORY) and served.knows(MATRIX)
    assert not served.knows(-1) and not served.knows(10**9)


def test_recommend_never_returns_what_the_user_named(served: Recommender) -> None:
    signals = UserSignals(
        favourites=frozenset({TOY_STORY, 2355, 4886}),  # Toy Story, A Bug's Life, Monsters, Inc.
        liked=frozenset({6377}),  # Finding Nemo
        disliked=frozenset({MATRIX}),
        watched=frozenset({TOY_STORY_2}),
        excluded=frozenset({8961}),  # The Incredibles
    )
    recs = served.recommend(signals, k=20)
    assert len(recs) == 20
    never = signals.favourites | signals.liked | signals.disliked | signals.watched
    assert not set(_ids(recs)) & (never | signals.excluded)
    unfiltered = served.recommend(UserSignals(favourites=signals.favourites), k=20)
    assert {TOY_STORY_2, 8961} & set(_ids(unfiltered))  # the filters removed something real
    assert len(set(_ids(recs))) == 20


def test_similar_favourites_give_similar_films(served: Recommender) -> None:
    pixar = served.recommend(UserSignals(favourites=frozenset({TOY_STORY, 2355, 4886})), k=10)
    assert TOY_STORY_2 in _ids(pixar)  # the sequel is the obvious hit
    scores = [r.score for r in pixar]
    assert all(np.isfinite(scores))


def test_allowed_restricts_to_those_ids(served: Recommender) -> None:
    allowed = frozenset({TOY_STORY, TOY_STORY_2, MATRIX, SHAWSHANK, 999_999})
    recs = served.recommend(UserSignals(favourites=frozenset({TOY_STORY})), k=10, allowed=allowed)
    assert set(_ids(recs)) == {TOY_STORY_2, MATRIX, SHAWSHANK}
    assert served.recommend(UserSignals(favourites=frozenset()), allowed=frozenset()) == []


def test_no_known_favourite_falls_back_to_popular_films(served: Recommender) -> None:
    cold = served.recommend(UserSignals(favourites=frozenset({-5, 10**9})), k=10)
    assert len(cold) == 10
    assert SHAWSHANK in _ids(cold)  # the most liked film of ml-latest-small
    assert served.recommend(UserSignals(favourites=frozenset()), k=0) == []


def test_a_dislike_pushes_similar_films_down(served: Recommender) -> None:
    favourites = frozenset({TOY_STORY, 260, 1196})  # Toy Story, Star Wars IV, V
    base = served.scores(UserSignals(favourites=favourites))
    after = served.scores(UserSignals(favourites=favourites, disliked=frozenset({1210})))
    assert after.shape == base.shape
    episode_one = [m for m in range(200_000) if served.knows(m)].index(2628)  # Episode I
    assert after[episode_one] < base[episode_one]


def test_recommend_is_thread_safe_and_deterministic(served: Recommender) -> None:
    rng = np.random.default_rng(3)
    known = [m for m in range(1, 200_000) if served.knows(m)]
    users = [
        UserSignals(favourites=frozenset(rng.choice(known, 10, replace=False).tolist()))
        for _ in range(40)
    ]
    sequential = [_ids(served.recommend(u)) for u in users]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda u: _ids(served.recommend(u)), users))
    assert concurrent == sequential
    assert len({tuple(s) for s in sequential}) > 30  # personalised, not one list for everyone


def test_a_modified_artifact_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(ARTIFACT, copy)
    data = bytearray((copy / store.ARRAYS_FILE).read_bytes())
    data[-100] ^= 0xFF
    (copy / store.ARRAYS_FILE).write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="sha256 mismatch"):
        Recommender.load(copy, [])
    (copy / store.ARRAYS_FILE).unlink()
    with pytest.raises(ArtifactError, match="missing"):
        Recommender.load(copy, [])
    with pytest.raises(ArtifactError, match=r"no metadata\.json"):
        Recommender.load(tmp_path / "nothing-here", [])


def test_korean_favourites_get_korean_films_with_cards(served: Recommender) -> None:
    """Catalogue 2.0: EASE knows two of these ten films; the content part knows them all."""
    assert sum(served.knows(m) for m in KOREAN_FAVOURITES) <= 3
    by_id = {m.movie_id: m for m in served_catalogue()}
    for region in ("KR", None):
        recs = served.recommend(UserSignals(favourites=KOREAN_FAVOURITES), k=10, region=region)
        assert len(recs) == 10 and not set(_ids(recs)) & KOREAN_FAVOURITES
        korean = [m for m in _ids(recs) if served.is_korean(m)]
        assert len(korean) >= 3, (region, korean)
        assert any(not served.knows(m) for m in korean)  # beyond what EASE can recommend
        for movie_id in _ids(recs):
            assert by_id[movie_id].year and by_id[movie_id].genres  # every card has both


def test_only_my_korean_services_keeps_films_on_them(served: Recommender) -> None:
    allowed = OfflineAvailability.load(CATALOGUE).movies_on(["netflix"], "KR")
    assert len(allowed) > 500
    for favourites in (KOREAN_FAVOURITES, frozenset({TOY_STORY, 2355, 4886})):
        recs = served.recommend(UserSignals(favourites=favourites), 10, allowed, region="KR")
        assert len(recs) == 10 and set(_ids(recs)) <= allowed
    korean_recs = served.recommend(UserSignals(favourites=KOREAN_FAVOURITES), 10, allowed,
                                   region="KR")  # fmt: skip
    assert sum(served.is_korean(m) for m in _ids(korean_recs)) >= 3


def test_recommendations_always_have_a_year_and_genres(served: Recommender) -> None:
    movies = served_catalogue()
    by_id = {m.movie_id: m for m in movies}
    rng = np.random.default_rng(5)
    korean = [m.movie_id for m in movies if m.korean]
    anything = [m.movie_id for m in movies]
    for _ in range(20):
        favourites = frozenset(rng.choice(korean, 5).tolist() + rng.choice(anything, 5).tolist())
        for region in ("KR", None):
            for rec in served.recommend(UserSignals(favourites=favourites), k=10, region=region):
                movie = by_id[rec.movie_id]
                assert movie.year and movie.genres and served.recommendable(rec.movie_id)
    assert served.pool_size < served.catalogue_size


def test_a_new_user_in_korea_gets_what_korea_watches(served: Recommender) -> None:
    nobody = UserSignals(favourites=frozenset())
    in_korea = _ids(served.recommend(nobody, k=10, region="KR"))
    elsewhere = _ids(served.recommend(nobody, k=10))
    assert sum(served.is_korean(m) for m in in_korea) >= 1
    assert not any(served.is_korean(m) for m in elsewhere) and SHAWSHANK in elsewhere


# ---------------------------------------------------------------- model pieces, synthetic data
def _toy_ratings() -> Ratings:
    """Users 1-40 like films 10+20 together, users 41-80 like 30+40 together; 50 is for all."""
    users, movies, stars = [], [], []
    for user in range(1, 81):
        pair = (10, 20) if user <= 40 else (30, 40)
        for movie in (*pair, 50):
            users.append(user)
            movies.append(movie)
            stars.append(5.0 if movie != 50 else 3.0)
    return Ratings(np.array(users), np.array(movies), np.array(stars, dtype=np.float32))


TOY_GENRES = ["Comedy", "Comedy|Drama", "Horror", "Horror|Thriller", "Drama", "Western"]


def _film(movie_id: int, genres: str, year: int | None = 2000, ratings: int = 80,
          **more: object) -> Movie:  # fmt: skip
    return Movie(
        movie_id=movie_id,
        title=str(more.pop("title", f"Film {movie_id}")),
        year=year,
        genres=tuple(g for g in genres.split("|") if g),
        imdb_id=None,
        tmdb_id=None,
        ratings=ratings,
        **more,  # type: ignore[arg-type]
    )


def _toy_movies() -> list[Movie]:
    films = [_film(m, g) for m, g in zip((10, 20, 30, 40, 50, 60), TOY_GENRES, strict=True)]
    return [
        *films,
        _film(70, "Horror", country="KR", kr_audience=2_000_000, ratings=0),  # no ratings
        _film(75, "Horror|Thriller", country="KR", kr_audience=1_500_000, ratings=0),
        _film(80, "Horror", year=None),  # no year: never recommended
        _film(90, "", ratings=500),  # no genres: never recommended
        _film(100, "Comedy", ratings=1),  # nobody knows it: never recommended
    ]


def test_training_on_toy_data_learns_the_pairs_and_is_byte_reproducible(tmp_path: Path) -> None:
    catalogue = np.array([10, 20, 30, 40, 50, 60])
    params = Params(lam=1.0, min_ratings=1)
    outputs = []
    for name in ("a", "b"):
        arrays, facts = build_arrays(_toy_ratings(), catalogue, TOY_GENRES, params)
        outputs.append(save(tmp_path / name, arrays, facts, params))
    assert outputs[0]["files"] == outputs[1]["files"]
    rec = Recommender.load(tmp_path / "a", _toy_movies())
    assert not rec.knows(60) and not rec.knows(70)  # never rated: outside EASE
    assert rec.recommendable(60) and rec.recommendable(70)  # ... but content can recommend them
    assert not rec.recommendable(80) and not rec.recommendable(90) and not rec.recommendable(100)
    assert rec.pool_size == 8 and rec.catalogue_size == 11
    assert _ids(rec.recommend(UserSignals(favourites=frozenset({10})), k=1)) == [20]
    assert _ids(rec.recommend(UserSignals(favourites=frozenset({30})), k=1)) == [40]
    everything = _ids(rec.recommend(UserSignals(favourites=frozenset({10})), k=20))
    assert sorted(everything) == [
        20,
        30,
        40,
        50,
        60,
        70,
        75,
    ]  # never 80, 90, 100 (or the favourite)
    rec_via_helper = build_recommender(_toy_ratings(), catalogue, TOY_GENRES, params, _toy_movies())
    assert _ids(rec_via_helper.recommend(UserSignals(favourites=frozenset({40})), k=1)) == [30]


def test_films_ease_never_saw_are_reached_through_their_content(tmp_path: Path) -> None:
    """Films 70 and 75 are Korean horror films without ratings: EASE cannot know them."""
    params = Params(lam=1.0, min_ratings=1)
    arrays, facts = build_arrays(_toy_ratings(), np.array([10, 20, 30, 40, 50, 60]), TOY_GENRES,
                                 params)  # fmt: skip
    save(tmp_path, arrays, facts, params)
    rec = Recommender.load(tmp_path, _toy_movies())
    korean_fan = UserSignals(favourites=frozenset({70}))  # unknown to EASE: content only
    for region in ("KR", None):
        assert _ids(rec.recommend(korean_fan, k=1, region=region)) == [75]
    # A fan of 30 whom EASE knows: EASE's partner 40 first, the unrated films after.
    horror_fan = UserSignals(favourites=frozenset({30}))
    assert _ids(rec.recommend(horror_fan, k=1)) == [40]
    content_only = _ids(rec.rank(horror_fan, 7, hidden=frozenset({30}), region="KR"))
    assert content_only.index(75) < content_only.index(10)  # horror beats comedy by content


def test_content_weight_grows_as_ease_knows_fewer_favourites() -> None:
    blend = BlendParams(content_full=0.2, content_shape=1.0)
    weights = [content_weight(share, blend) for share in (1.0, 0.8, 0.5, 0.2, 0.0)]
    assert weights[0] == pytest.approx(0.2) and weights[-1] == pytest.approx(1.0)
    assert weights == sorted(weights)


def test_content_features_compare_films_by_genre_country_and_decade() -> None:
    films = [
        _film(1, "Action|Thriller", 2016, country="KR", kr_audience=10_000_000),
        _film(2, "Action|Thriller", 2014, country="KR", kr_audience=5_000_000),
        _film(3, "Action|Thriller", 2015, ratings=20_000),  # country unknown
        _film(4, "Action|Thriller", 1955, ratings=20_000),
        _film(5, "Romance|Musical", 2016, country="KR", kr_audience=3_000_000),
        _film(6, "Documentary", 2016, ratings=2),  # too obscure for the pool
        _film(7, "Documentary", 2016, ratings=0, kr_audience=5_000),  # seen in Korean cinemas
        _film(8, "Drama", 2010, title="Twin"),
        _film(9, "Drama", 2010, title="Twin", ratings=7),
    ]
    index = build_index(films, ContentParams(), ["Action", "Drama"])
    assert np.allclose(np.linalg.norm(index.features, axis=1), 1.0, atol=1e-5)
    assert index.pool.tolist() == [True, True, True, True, True, False, True, True, True]
    profile = index.profile(index.positions([1]), index.positions([]), 0.5)
    assert profile is not None
    sim = index.similarity(profile, np.arange(len(index)))
    assert sim[1] > sim[2] > sim[3]  # same country beats unknown; the same decade beats 1955
    assert sim[1] > sim[4]  # the same genres beat the same country
    assert index.korean.tolist()[:5] == [True, True, False, False, True]
    assert index.twins[7] == index.twins[8] >= 0 and index.twins[0] == -1
    assert index.profile(index.positions([]), index.positions([]), 0.5) is None


def test_twins_never_share_a_list_and_a_favourites_twin_is_excluded(tmp_path: Path) -> None:
    params = Params(lam=1.0, min_ratings=1)
    arrays, facts = build_arrays(_toy_ratings(), np.array([10, 20, 30, 40, 50, 60]), TOY_GENRES,
                                 params)  # fmt: skip
    save(tmp_path, arrays, facts, params)
    movies = [*_toy_movies(), _film(110, "Comedy|Drama", title="Film 20")]  # 20's twin
    rec = Recommender.load(tmp_path, movies)
    everything = _ids(rec.recommend(UserSignals(favourites=frozenset({30})), k=20))
    assert len({20, 110} & set(everything)) == 1
    assert not {20, 110} & set(_ids(rec.recommend(UserSignals(frozenset({110})), k=20)))


def test_ease_weights_have_zero_diagonal_and_favour_co_occurrence() -> None:
    x = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1], [1, 1, 0]], dtype=float))
    b = fit(x, lam=0.5)
    assert np.allclose(np.diag(b), 0)
    assert b[0, 1] > b[0, 2]
    rows = prune(b, keep=1)
    assert np.diff(rows.indptr).max() <= 1
    dense = score_rows(prune(b, keep=2), np.array([0, 2]))
    assert np.allclose(dense, b[[0, 2]].sum(axis=0), atol=1e-6)


def test_ials_learns_co_occurrence_and_folds_in_a_new_user() -> None:
    """Benchmark-only iALS: two item blocks; a user of block A is scored higher on A's items."""
    rows = [(u, i) for u in range(20) for i in range(4)] + [
        (u, i) for u in range(20, 40) for i in range(4, 8)
    ]
    x = sparse.csr_matrix((np.ones(len(rows)), tuple(zip(*rows, strict=True))), shape=(40, 8))
    config = ials.IALSConfig(dim=4, reg=0.01, unobserved=0.1, epochs=8)
    users, items = ials.fit(x, config)
    assert users.shape == (40, 4) and items.shape == (8, 4)
    new = items @ ials.fold_in(items, np.array([0, 1]), config)
    assert new[2] > new[5] and new[3] > new[6]
    z = ials.zscore(np.arange(16, dtype=np.float64).reshape(2, 8), x[:2])
    assert np.allclose(z[0, 4:].mean(), 0.0) and np.all(z[0, :4] == 0.0)


def test_item_index_and_interaction_matrix() -> None:
    index = ItemIndex([3, 7, 11])
    assert 7 in index and 8 not in index and "7" not in index
    assert index.positions([11, 3, 99, 3]).tolist() == [0, 2]
    with pytest.raises(ValueError):
        ItemIndex([3, 3])
    m = user_item_matrix([0, 0, 1], [1, 1, 2], [0.5, 1.0, 0.0], (2, 3))
    assert m.toarray().tolist() == [[0, 1.0, 0], [0, 0, 0]]  # duplicates keep the max, 0 dropped
    assert interaction_weights([5, 3, 4], "liked").tolist() == [1, 0, 1]
    assert interaction_weights([5, 2.5], "stars").tolist() == [1.0, 0.5]


def test_jaccard_neighbours_and_the_demographic_filter() -> None:
    sets = UserSets.from_pairs([0, 0, 1, 1, 1, 2], [0, 1, 0, 2, 3, 4], n_users=3, n_items=5)
    sim = jaccard(sets, np.array([0, 1]))
    assert np.allclose(sim, [1.0, 0.25, 0.0])
    scores = neighbour_scores(sets, np.array([0, 1]), n_neighbours=1)
    assert np.allclose(scores, [1.0, 1.0, 0.0, 0.0, 0.0])
    only_second = np.array([False, True, True])
    filtered = neighbour_scores(sets, np.array([0, 1]), 1, allowed_users=only_second)
    assert np.allclose(filtered, [0.25, 0.0, 0.25, 0.25, 0.0])
    mask = demographic_mask(
        np.array([20, 31, 24]), np.array(["male", "male", "female"]), 25, "male"
    )
    assert mask.tolist() == [True, False, False]
    assert demographic_mask(np.array([20]), np.array(["female"]), None, None).tolist() == [True]


def test_mmr_trades_a_little_relevance_for_another_genre() -> None:
    masks, vocabulary = genre_masks(["Animation", "Animation", "Animation", "Drama", "Western"])
    assert vocabulary == ["Animation", "Drama", "Western"]
    candidates = np.array([0, 1, 2, 3, 4])
    scores = np.array([1.0, 0.95, 0.94, 0.93, 0.0], dtype=np.float32)
    assert mmr(candidates, scores, masks, 2, lam=1.0).tolist() == [0, 1]
    assert mmr(candidates, scores, masks, 2, lam=0.8).tolist() == [0, 3]


# ---------------------------------------------------------------- with the MovieLens data
@pytest.mark.shared_data
def test_training_reproduces_the_committed_artifact(tmp_path: Path) -> None:
    if not MOVIELENS.is_dir():
        pytest.skip(f"needs MovieLens ml-latest-small in {MOVIELENS} (../shared/data absent)")
    args = ["--data", str(MOVIELENS), "--catalogue", str(CATALOGUE), "--out", str(tmp_path)]
    assert main(args) == 0
    fresh = json.loads((tmp_path / "metadata.json").read_text())
    committed = json.loads((ARTIFACT / "metadata.json").read_text())
    assert fresh["files"] == committed["files"]
    assert fresh["training_data"] == committed["training_data"]
    assert fresh["parameters"] == committed["parameters"]
    assert fresh["metrics"]["cold_start_served_pipeline"]["precision@10"] >= 0.48
    assert fresh["metrics"]["korean_profiles"]["korean_share@10"] >= 0.30
