"""What films are about: the committed plots and keywords, "films like X", moods and 🔄 lists.

These run on the committed catalogue, film content and recommender artifact (no ../shared),
except the rebuild check, which needs ../shared/data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from inference.catalogue.search import Catalogue
from inference.recommender import Recommender, UserSignals
from inference.recommender.diversity import mmr_pairwise
from inference.recommender.film_content import ARRAYS_FILE, DEFAULT_DIR, FilmContent
from inference.recommender.moods import MOOD_PROFILES
from inference.recommender.similarity import SimilarityWeights
from inference.understanding.lexicon import MOODS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.fixture(scope="module")
def content() -> FilmContent:
    return FilmContent.load()


@pytest.fixture(scope="module")
def recommender(catalogue: Catalogue, content: FilmContent) -> Recommender:
    return Recommender.load(catalogue=catalogue, film_content=content)


def film(catalogue: Catalogue, title: str, year: int) -> int:
    movie = catalogue.find(title, year)
    assert movie is not None, title
    return movie.movie_id


def names(catalogue: Catalogue, ids: list[int]) -> list[str]:
    return [catalogue.get(m).name("ko") for m in ids]  # type: ignore[union-attr]


def test_every_mood_the_understanding_names_has_a_content_profile_and_a_vector(
    content: FilmContent,
) -> None:
    assert set(MOOD_PROFILES) == set(MOODS)
    assert set(content.moods) == set(MOOD_PROFILES)
    for vector in content.moods.values():
        assert vector.shape == (512,)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


def test_plot_and_keyword_vectors_are_unit_rows_aligned_with_the_asked_ids(
    content: FilmContent, catalogue: Catalogue
) -> None:
    parasite = film(catalogue, "기생충", 2019)
    ids = np.asarray([1, parasite, 999_999_999], dtype=np.int64)  # Toy Story, 기생충, unknown
    blocks = content.blocks(ids, content.keyword_idf(content.ids))
    assert blocks.plot_rows.tolist() == [0, 1]
    assert np.allclose(np.linalg.norm(blocks.plot, axis=1), 1.0, atol=1e-4)
    norms = np.sqrt(np.asarray(blocks.keywords.multiply(blocks.keywords).sum(axis=1)).ravel())
    assert np.allclose(norms[:2], 1.0, atol=1e-4) and norms[2] == 0.0
    assert blocks.has_keywords.tolist() == [True, True, False]


def test_films_like_parasite_are_bong_joon_ho_and_class_thrillers_not_blockbusters(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    parasite = film(catalogue, "기생충", 2019)
    picks = [r.movie_id for r in recommender.similar(parasite, 10, region="KR")]
    fans_would_name = {film(catalogue, t, y) for t, y in (
        ("살인의 추억", 2003), ("마더", 2009), ("괴물", 2006), ("설국열차", 2013), ("옥자", 2017),
        ("버닝", 2018), ("하녀", 2010))}  # fmt: skip
    blockbusters = {film(catalogue, t, y) for t, y in (
        ("7번방의 선물", 2013), ("국제시장", 2014), ("극한직업", 2019),
        ("해운대", 2009))}  # fmt: skip
    assert len(set(picks) & fans_would_name) >= 4, names(catalogue, picks)
    assert not set(picks) & blockbusters
    assert parasite not in picks and len(set(picks)) == 10


def test_a_foreign_film_and_a_2025_film_get_their_own_kind(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    heat = film(catalogue, "Heat", 1995)
    picks = [r.movie_id for r in recommender.similar(heat, 10, region="KR")]
    crime = {film(catalogue, t, y) for t, y in (
        ("Collateral", 2004), ("Thief", 1981), ("Miami Vice", 2006), ("The Insider", 1999),
        ("The Town", 2010), ("The Departed", 2006))}  # fmt: skip
    assert len(set(picks) & crime) >= 2, names(catalogue, picks)
    mickey = film(catalogue, "미키 17", 2025)
    later = recommender.similar(mickey, 10, region="KR")
    assert len(later) == 10 and mickey not in {r.movie_id for r in later}


def test_a_like_list_leaves_out_what_the_user_has_seen_or_disliked_and_far_less_known_films(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    parasite = film(catalogue, "기생충", 2019)
    first = [r.movie_id for r in recommender.similar(parasite, 10, region="KR")]
    signals = UserSignals(favourites=frozenset(), disliked=frozenset(first[:2]),
                          watched=frozenset(first[2:4]))  # fmt: skip
    again = [r.movie_id for r in recommender.similar(parasite, 10, signals=signals, region="KR")]
    assert not set(again) & set(first[:4])
    known = recommender.pool_prior("KR")
    position = {int(m): i for i, m in enumerate(recommender.pool_ids)}
    gap = recommender.similar_params.seed.renown_gap
    assert all(known[position[m]] >= known[position[parasite]] - gap for m in again)


def test_a_renewed_list_explores_and_repeats_nothing_of_the_earlier_lists(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    favourites = frozenset(film(catalogue, t, y) for t, y in (
        ("올드보이", 2003), ("추격자", 2008), ("곡성", 2016), ("아가씨", 2016)))  # fmt: skip
    signals = UserSignals(favourites=favourites)
    first = [r.movie_id for r in recommender.recommend(signals, 10, region="KR")]
    assert first == [r.movie_id for r in recommender.recommend(signals, 10, region="KR")]
    shown = set(first)
    for variation in (1, 2, 3):
        renewed = UserSignals(favourites=favourites, excluded=frozenset(shown),
                              variation=variation)  # fmt: skip
        picks = [r.movie_id for r in recommender.recommend(renewed, 10, region="KR")]
        assert len(picks) == 10 and not set(picks) & shown
        shown |= set(picks)


def test_a_mood_reranks_by_content_and_keeps_genres_that_break_it_out(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    newcomer = UserSignals(favourites=frozenset())
    calm = [r.movie_id for r in recommender.recommend(newcomer, 10, region="KR", mood="calm")]
    popular = [r.movie_id for r in recommender.recommend(newcomer, 10, region="KR")]
    assert len(set(calm) & set(popular)) <= 3
    for movie_id in calm:
        movie = catalogue.get(movie_id)
        assert movie is not None and not {"Horror", "Action", "War"} & set(movie.genres)
    twist = [r.movie_id for r in recommender.recommend(newcomer, 10, region="KR", mood="twist")]
    known_twists = {film(catalogue, t, y) for t, y in (
        ("The Sixth Sense", 1999), ("Shutter Island", 2010), ("The Usual Suspects", 1995),
        ("Memento", 2000), ("Fight Club", 1999), ("The Others", 2001))}  # fmt: skip
    assert set(twist) & known_twists, names(catalogue, twist)


def test_weights_that_ignore_content_are_a_different_ranking(
    recommender: Recommender, catalogue: Catalogue
) -> None:
    """The blocks matter: with plot, keywords and people off, "like 올드보이" changes."""
    oldboy = film(catalogue, "올드보이", 2003)
    served = [r.movie_id for r in recommender.similar(oldboy, 10, region="KR")]
    facts_only = SimilarityWeights(plot=0.0, keywords=0.0, people=0.0, collaborative=0.0)
    flat = [r.movie_id for r in recommender.similar(oldboy, 10, region="KR", weights=facts_only)]
    assert served != flat
    park = {film(catalogue, t, y) for t, y in (("친절한 금자씨", 2005), ("복수는 나의 것", 2002),
                                               ("아가씨", 2016), ("박쥐", 2009))}  # fmt: skip
    assert len(set(served) & park) >= 2, names(catalogue, served)


def test_mmr_over_a_pairwise_similarity_spreads_the_picks() -> None:
    candidates = np.arange(4, dtype=np.int64)
    scores = np.asarray([1.0, 0.99, 0.98, 0.5], dtype=np.float32)
    alike = np.eye(4)
    alike[0, 1] = alike[1, 0] = 0.95  # 0 and 1 are the same kind of film
    assert mmr_pairwise(candidates, scores, alike, 2, 1.0).tolist() == [0, 1]
    assert mmr_pairwise(candidates, scores, alike, 2, 0.5).tolist() == [0, 2]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data (film-knowledge)")
def test_rebuilding_the_film_content_from_shared_data_gives_the_committed_file(
    tmp_path: Path,
) -> None:
    from models.film_content.build import build

    build(SHARED, DEFAULT_DIR.parent / "catalogue", tmp_path)
    digest = hashlib.sha256((tmp_path / ARRAYS_FILE).read_bytes()).hexdigest()
    assert digest == hashlib.sha256((DEFAULT_DIR / ARRAYS_FILE).read_bytes()).hexdigest()
