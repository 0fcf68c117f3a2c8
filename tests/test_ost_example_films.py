"""Example films under an /ost answer (issue 25): chosen for the song's genres and mood.

An upbeat dance track and a sad acoustic ballad both got "Lethal Weapon, Pulp Fiction, Lethal
Weapon 2": the mood was read on the wrong scale and popularity outweighed it. These run on the
committed catalogue, recommender and OST model (no ../shared).
"""

from __future__ import annotations

import itertools
import statistics
import time

import numpy as np
import pytest

from handlers.ost.reply import named
from inference.catalogue import Catalogue
from inference.catalogue.films import Movie
from inference.ost import OstGenreModel
from inference.ost.example_films import ExampleFilms, same_series, song_moods
from inference.recommender import Recommender, UserSignals
from inference.recommender.moods import song_mood

# On the model's scale (0–100, dB, BPM), as the /ost form stores them.
UPBEAT = {"danceability": 80.0, "energy": 90.0, "loudness": -4.0, "acousticness": 5.0,
          "valence": 90.0, "tempo": 125.0}  # fmt: skip
# Roughly Adele's "Someone Like You"; the model names Drama and Comedy for it.
SAD = {"danceability": 35.0, "energy": 30.0, "loudness": -9.0, "acousticness": 90.0,
       "valence": 25.0, "tempo": 70.0}  # fmt: skip
DARK = {"danceability": 45.0, "energy": 90.0, "loudness": -5.0, "acousticness": 2.0,
        "valence": 15.0, "tempo": 140.0}  # fmt: skip
CALM_HAPPY = {"danceability": 55.0, "energy": 30.0, "loudness": -10.0, "acousticness": 80.0,
              "valence": 75.0, "tempo": 100.0}  # fmt: skip
SONGS = (UPBEAT, SAD, DARK, CALM_HAPPY)


class Examples:
    def __init__(self) -> None:
        self.catalogue = Catalogue.load()
        self.recommender = Recommender.load(catalogue=self.catalogue)
        self.model = OstGenreModel.load()
        self.films = ExampleFilms(self.catalogue, self.recommender)

    def pick(self, values: dict[str, float], region: str | None = "KR", k: int = 3,
             **options: object) -> list[Movie]:  # fmt: skip
        prediction = self.model.predict(values)
        genres = [s.genre for s in named(prediction)]
        return self.films.choose(prediction, genres, values, region=region, k=k,
                                 **options)  # type: ignore[arg-type]  # fmt: skip

    def mood_fit(self, mood: str, films: list[Movie]) -> float:
        fit = self.recommender.mood_fit(mood)
        assert fit is not None
        pool = self.recommender.pool_ids
        return float(np.mean([fit[int(np.searchsorted(pool, m.movie_id))] for m in films]))


@pytest.fixture(scope="module")
def examples() -> Examples:
    return Examples()


def test_a_song_is_read_on_the_forms_scale() -> None:
    """The old flow passed 0–100 values to a reader of 0–1 values: every song was
    "killing_time". A sad acoustic song is a rainy day, an upbeat one killing time."""
    assert song_mood(SAD) == "rainy_day"
    assert song_mood(UPBEAT) == "killing_time"
    assert song_mood(CALM_HAPPY) == "cozy"
    sad, upbeat = song_moods(SAD), song_moods(UPBEAT)
    assert abs(sum(sad.values()) - 1.0) < 1e-9
    assert max(sad, key=sad.__getitem__) in {"sad", "rainy_day", "calm"}
    assert max(upbeat, key=upbeat.__getitem__) in {"killing_time", "funny"}
    assert sad.get("killing_time", 0.0) < 0.01 and upbeat.get("sad", 0.0) < 0.01
    assert song_moods({"tempo": 120.0}) == {}


def test_an_upbeat_and_a_sad_song_get_different_films_in_their_moods(
    examples: Examples,
) -> None:
    upbeat, sad = examples.pick(UPBEAT), examples.pick(SAD)
    assert len(upbeat) == len(sad) == 3
    assert not {m.movie_id for m in upbeat} & {m.movie_id for m in sad}
    # The ballad's films: no action, war or horror (what a calm, rainy-day mood avoids) …
    assert not any({"Action", "War", "Horror"} & set(m.genres) for m in sad), sad
    # … and each list fits its own song's mood better than the other song's list does.
    assert examples.mood_fit("rainy_day", sad) > examples.mood_fit("rainy_day", upbeat)
    assert examples.mood_fit("sad", sad) > examples.mood_fit("sad", upbeat)
    assert examples.mood_fit("killing_time", upbeat) > examples.mood_fit("killing_time", sad)
    assert examples.mood_fit("funny", upbeat) > examples.mood_fit("funny", sad)
    assert all("Comedy" in m.genres for m in upbeat)  # the genre the reply names first


def test_the_songs_feeling_moves_the_picks_within_the_same_genres(examples: Examples) -> None:
    """One genre verdict, two feelings: the brighter, livelier reading gets other films, and
    livelier ones."""
    prediction = examples.model.predict(SAD)
    genres = [s.genre for s in named(prediction)]
    bright = {**SAD, "valence": 85.0, "energy": 85.0, "acousticness": 10.0}
    calm = examples.films.choose(prediction, genres, SAD, region="KR")
    lively = examples.films.choose(prediction, genres, bright, region="KR")
    assert calm != lively
    assert examples.mood_fit("killing_time", lively) > examples.mood_fit("killing_time", calm)
    assert examples.mood_fit("rainy_day", calm) > examples.mood_fit("rainy_day", lively)


def test_lists_are_three_distinct_films_never_two_of_one_series(examples: Examples) -> None:
    for values, region in itertools.product(SONGS, ("KR", None)):
        films = examples.pick(values, region)
        assert len(films) == 3 and len({m.movie_id for m in films}) == 3
        assert len({m.title for m in films}) == 3
        # A long list shows the rule at work: series are common among well-known films.
        many = examples.pick(values, region, k=25)
        assert len(many) == 25
        for a, b in itertools.combinations(many, 2):
            assert not same_series(a, b), (a.label(), b.label())


def test_series_and_namesakes_are_recognised() -> None:
    def film(title: str, title_ko: str | None = None, year: int = 2000) -> Movie:
        return Movie(1, title, year, ("Action",), None, None, 0, title_ko=title_ko)

    assert same_series(film("Lethal Weapon"), film("Lethal Weapon 2"))
    assert same_series(film("The Dark Knight"), film("The Dark Knight Rises"))
    assert same_series(film("Star Wars: Episode IV - A New Hope"),
                       film("Star Wars: Episode V - The Empire Strikes Back"))  # fmt: skip
    assert same_series(film("Harry Potter and the Philosopher's Stone"),
                       film("Harry Potter and the Chamber of Secrets"))  # fmt: skip
    assert same_series(film("The Roundup", "범죄도시2"), film("The Outlaws", "범죄도시"))
    assert same_series(film("Along with the Gods: The Two Worlds", "신과함께-죄와 벌"),
                       film("Along with the Gods: The Last 49 Days", "신과함께-인과 연"))
    assert not same_series(film("Parasite", "기생충"), film("Burning", "버닝"))
    assert not same_series(film("About Time"), film("Lost in Translation"))


def test_the_soundtracks_film_and_the_users_films_are_left_out(examples: Examples) -> None:
    first = examples.pick(SAD)
    own = first[0]
    again = examples.pick(SAD, exclude=frozenset({own.movie_id}))
    assert own not in again and len(again) == 3
    assert not any(same_series(own, m) for m in again)
    seen = examples.pick(SAD, signals=UserSignals(frozenset(), watched=frozenset(
        m.movie_id for m in first)))  # fmt: skip
    assert not {m.movie_id for m in seen} & {m.movie_id for m in first}


def test_a_users_favourites_move_the_picks(examples: Examples) -> None:
    catalogue = examples.catalogue
    korean = [catalogue.find(t, y) for t, y in (("Parasite", 2019), ("Burning", 2018),
                                                 ("Oldboy", 2003))]  # fmt: skip
    favourites = frozenset(m.movie_id for m in korean if m is not None)
    assert len(favourites) == 3
    plain = examples.pick(SAD)
    personal = examples.pick(SAD, signals=UserSignals(favourites))
    assert personal != plain and not {m.movie_id for m in personal} & favourites


def test_picks_are_deterministic_and_fast(examples: Examples) -> None:
    assert examples.pick(UPBEAT) == examples.pick(UPBEAT)
    times = []
    for values in SONGS * 5:
        start = time.perf_counter()
        examples.pick(values)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.05  # per request, on the event loop's worker thread
