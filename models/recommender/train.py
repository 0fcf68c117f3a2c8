"""Train the served recommender on MovieLens ml-latest-small and write the committed artifact.

    python models/recommender/train.py --data ../shared/data/movielens/ml-latest-small \
        --catalogue data/catalogue --out models/recommender/artifact

Seeded and reproducible (same inputs → same artifact bytes).  The ratings' movieIds are first
mapped to the catalogue's ids (``id_map.csv``: 12 ml-latest-small films that ml-latest
renumbered).  Only the collaborative part (EASE) is fitted; the content part is computed from
the catalogue when the bot loads, with the block weights and blend stored here.  It uses the
preprocessing that serving uses (inference.recommender.matrix / diversity / content), checks the
full served pipeline on held-out cold-start users before fitting on everyone, and records
parameters, metrics (with the popularity baseline), input sha256s and artifact sha256s in
metadata.json.  The figures that chose these parameters are printed by
bench/recommend_quality.py.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inference.catalogue.credits import CreditsTable  # noqa: E402
from inference.catalogue.films import FILMS_FILE, Movie, read_films  # noqa: E402
from inference.checksums import sha256_file, write_arrays  # noqa: E402
from inference.recommender import ease  # noqa: E402
from inference.recommender.artifact import ARRAYS_FILE, write_metadata  # noqa: E402
from inference.recommender.content import ContentParams  # noqa: E402
from inference.recommender.diversity import genre_masks  # noqa: E402
from inference.recommender.film_content import FilmContent  # noqa: E402
from inference.recommender.matrix import (  # noqa: E402
    LIKED_RATING,
    ItemIndex,
    Weighting,
    interaction_weights,
    user_item_matrix,
)
from inference.recommender.service import BlendParams, Recommender, UserSignals  # noqa: E402
from inference.recommender.similarity import CreditColumns, SimilarParams  # noqa: E402

INPUT_FILES = ("ratings.csv", "movies.csv")
CATALOGUE_FILES = (FILMS_FILE, "id_map.csv")
ID_MAP_FILE = "id_map.csv"
#: Korean films "popular in Korea" for the synthetic Korean-favourite profiles.
KOREAN_AUDIENCE = 1_000_000
KOREAN_RANK = 300


@dataclass(frozen=True, slots=True)
class Params:
    """The served configuration (chosen on validation users, see bench/recommend_quality.py)."""

    served: str = "ease"
    weighting: Weighting = "stars"
    lam: float = 700.0
    min_ratings: int = 12
    mmr_lambda: float = 0.95
    dislike_weight: float = 0.5
    neighbours: int = 30
    content: ContentParams = field(default_factory=ContentParams)
    blend: BlendParams = field(default_factory=BlendParams)
    similar: SimilarParams = field(default_factory=SimilarParams)


@dataclass(frozen=True, slots=True)
class Ratings:
    """Ratings as plain arrays (external ids), the input of ``build_arrays``."""

    users: npt.NDArray[np.int64]
    movies: npt.NDArray[np.int64]
    stars: npt.NDArray[np.float32]

    def without_users(self, held_out: npt.NDArray[np.int64]) -> Ratings:
        keep = ~np.isin(self.users, held_out)
        return Ratings(self.users[keep], self.movies[keep], self.stars[keep])


def read_id_map(catalogue_dir: Path) -> dict[int, int]:
    """ml-latest-small movieId → catalogue id, for the films ml-latest renumbered."""
    path = catalogue_dir / ID_MAP_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["old_id"]): int(row["new_id"]) for row in csv.DictReader(handle)}


def read_movielens(
    data_dir: Path, id_map: dict[int, int] | None = None
) -> tuple[Ratings, npt.NDArray[np.int64], list[str]]:
    """ratings.csv and movies.csv of ml-latest-small: ratings, film ids, genre strings.

    With ``id_map`` the movieIds become catalogue ids (films sorted by the new id).
    """
    ratings = pd.read_csv(data_dir / "ratings.csv")
    movies = pd.read_csv(data_dir / "movies.csv")
    if id_map:
        ratings["movieId"] = ratings["movieId"].map(lambda m: id_map.get(m, m))
        movies["movieId"] = movies["movieId"].map(lambda m: id_map.get(m, m))
    movies = movies.sort_values("movieId")
    if movies["movieId"].duplicated().any():
        raise ValueError("the id map sends two ml-latest-small films to one catalogue id")
    return (
        Ratings(
            ratings["userId"].to_numpy(np.int64),
            ratings["movieId"].to_numpy(np.int64),
            ratings["rating"].to_numpy(np.float32),
        ),
        movies["movieId"].to_numpy(np.int64),
        [str(g) for g in movies["genres"]],
    )


def read_catalogue(catalogue_dir: Path) -> list[Movie]:
    """Every catalogue film (the content part's films)."""
    return [record.movie for record in read_films(catalogue_dir)]


@dataclass(frozen=True, slots=True)
class FilmKnowledge:
    """What the bot knows of the films besides the catalogue rows: plots and keywords
    (data/film_content) and credits (data/catalogue/people.npz)."""

    plots: FilmContent
    credits: CreditColumns

    @classmethod
    def load(cls, catalogue_dir: Path, content_dir: Path | None = None) -> FilmKnowledge:
        return cls(FilmContent.load(content_dir), CreditsTable.load(catalogue_dir).columns())


def build_arrays(
    ratings: Ratings,
    catalogue: npt.NDArray[np.int64],
    genres: list[str],
    params: Params,
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """Fit the model and return the artifact arrays plus facts for metadata.json.

    The model's items are the rated films with at least ``min_ratings`` ratings: rarer films
    are almost never a held-out hit, and the smaller item set keeps the dense weights compact.
    (The catalogue's other films are the content part's, computed at load.)
    """
    counts = pd.Series(ratings.movies).value_counts()
    frequent = set(counts[counts >= params.min_ratings].index.tolist())
    keep = np.array([m in frequent for m in catalogue.tolist()], dtype=np.bool_)
    index = ItemIndex(catalogue[keep])
    masks, vocabulary = genre_masks(genres)
    user_ids, user_pos = np.unique(ratings.users, return_inverse=True)
    known = np.isin(ratings.movies, index.ids)
    item_pos = np.searchsorted(index.ids, ratings.movies[known])
    users = user_pos[known]
    stars = ratings.stars[known]
    matrix = user_item_matrix(
        users,
        item_pos,
        interaction_weights(stars, params.weighting),
        (user_ids.size, len(index)),
    )
    weights = ease.fit(matrix, params.lam)
    liked = stars >= LIKED_RATING
    popularity = np.bincount(item_pos[liked], minlength=len(index)).astype(np.float32)
    arrays: dict[str, npt.NDArray[Any]] = {
        "item_ids": index.ids.astype(np.int64),
        "genres": masks[keep],
        "popularity": popularity,
        "ease_weights": weights.astype(np.float16),
        "positive_users": users[liked].astype(np.int32),
        "positive_items": item_pos[liked].astype(np.int32),
    }
    facts = {
        "n_users": int(user_ids.size),
        "n_items": len(index),
        "n_catalogue": int(catalogue.size),
        "n_ratings": int(ratings.stars.size),
        "genre_vocabulary": vocabulary,
    }
    return arrays, facts


def save(
    out_dir: Path,
    arrays: dict[str, npt.NDArray[Any]],
    facts: dict[str, Any],
    params: Params,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the npz and metadata.json (with sha256s) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_arrays(out_dir / ARRAYS_FILE, arrays)
    metadata = {
        "served": params.served,
        "parameters": {**asdict(params), "n_users": facts["n_users"]},
        "items": {k: v for k, v in facts.items() if k != "n_users"},
        **(extra or {}),
    }
    return write_metadata(out_dir, metadata)


def build_recommender(
    ratings: Ratings,
    catalogue: npt.NDArray[np.int64],
    genres: list[str],
    params: Params,
    movies: Iterable[Movie],
    content: FilmKnowledge | None = None,
) -> Recommender:
    """Fit, write to a temporary artifact and load it back with ``movies`` as the catalogue
    (and ``content``, the films' plots, keywords and credits): exactly what the bot loads."""
    arrays, facts = build_arrays(ratings, catalogue, genres, params)
    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), arrays, facts, params)
        if content is None:
            return Recommender.load(Path(tmp), movies)
        return Recommender.load(Path(tmp), movies, content.plots, content.credits)


def cold_start_users(
    ratings: Ratings, n_users: int, seed: int, min_liked: int = 20
) -> npt.NDArray[np.int64]:
    """``n_users`` random users (seeded) with at least ``min_liked`` films rated 4–5★."""
    liked = ratings.stars >= LIKED_RATING
    ids, counts = np.unique(ratings.users[liked], return_counts=True)
    eligible = ids[counts >= min_liked]
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(eligible, size=min(n_users, eligible.size), replace=False))


def cold_start_cases(
    ratings: Ratings, users: npt.NDArray[np.int64], n_favourites: int, seed: int
) -> Iterator[tuple[frozenset[int], frozenset[int]]]:
    """(favourites, relevant) per user: 10 random 4–5★ films given, the other 4–5★ held out."""
    rng = np.random.default_rng(seed)
    liked = ratings.stars >= LIKED_RATING
    for user in users.tolist():
        films = np.sort(ratings.movies[liked & (ratings.users == user)])
        favourites = rng.choice(films, size=n_favourites, replace=False)
        yield frozenset(favourites.tolist()), frozenset(films.tolist()) - set(favourites.tolist())


def precision_ndcg(ranked: list[int], relevant: frozenset[int], k: int) -> tuple[float, float]:
    """P@k and binary nDCG@k (log2 discount, ideal = min(k, |relevant|) hits)."""
    hits = np.array([movie in relevant for movie in ranked[:k]], dtype=np.float64)
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = discount[: min(k, len(relevant))].sum()
    return float(hits.sum() / k), float((hits * discount[: hits.size]).sum() / ideal)


def evaluate_cold_start(
    recommender: Recommender,
    cases: list[tuple[frozenset[int], frozenset[int]]],
    k: int = 10,
    *,
    popularity: bool = False,
    allowed: frozenset[int] | None = None,
    hidden_share: float = 0.0,
    blend: BlendParams | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """The served pipeline on cold-start cases: mean P@k and nDCG@k.

    ``allowed`` restricts the ranking to films whose relevance is labelled (the ml-latest-small
    films), so that films outside the rating data are not counted as misses.  With
    ``popularity`` the favourites are only excluded, not used: the pipeline then ranks by
    popularity, the trivial baseline printed beside the model's figure.  ``hidden_share`` of
    each user's favourites (seeded) are withheld from EASE but still used by the content part,
    as a Korean user's favourites are.
    """
    rng = np.random.default_rng(seed)
    scores = []
    for favourites, relevant in cases:
        ordered = sorted(favourites)
        n_hidden = round(hidden_share * len(ordered))
        hidden = frozenset(rng.choice(ordered, size=n_hidden, replace=False).tolist())
        if popularity:
            signals = UserSignals(favourites=frozenset(), excluded=favourites)
        else:
            signals = UserSignals(favourites=favourites)
        ranked = recommender.rank(signals, k, allowed, hidden=hidden, blend=blend)
        scores.append(precision_ndcg([r.movie_id for r in ranked], relevant, k))
    return {
        f"precision@{k}": round(float(np.mean([s[0] for s in scores])), 4),
        f"ndcg@{k}": round(float(np.mean([s[1] for s in scores])), 4),
        "users": len(cases),
    }


def korean_profiles(
    movies: Iterable[Movie], n_profiles: int, part: int, seed: int = 0
) -> list[frozenset[int]]:
    """Synthetic favourites of users who mostly love Korean films.

    The Korean films popular in Korea (≥ 1M admissions or in the top 300 of a JustWatch Korea
    list, with a year and genres) and the 1,000 most-rated other films are each split in two
    halves by a seeded shuffle; ``part`` 0 draws from the first halves (validation), 1 from the
    second (test), so no film is shared.  Each profile has 10 favourites, 6–10 of them Korean.
    """
    films = [m for m in movies if m.year and m.genres]

    def popular_in_korea(movie: Movie) -> bool:
        listed = movie.jw_rank is not None and movie.jw_rank <= KOREAN_RANK
        return movie.kr_audience >= KOREAN_AUDIENCE or listed

    korean = sorted(m.movie_id for m in films if m.korean and popular_in_korea(m))
    by_ratings = sorted((m for m in films if not m.korean), key=lambda m: (-m.ratings, m.movie_id))
    others = [m.movie_id for m in by_ratings[:1000]]
    split = np.random.default_rng(seed)
    korean_half = np.array_split(split.permutation(np.array(korean)), 2)[part]
    other_half = np.array_split(split.permutation(np.array(sorted(others))), 2)[part]
    rng = np.random.default_rng(seed + 1 + part)
    profiles = []
    for _ in range(n_profiles):
        n_korean = int(rng.integers(6, 11))
        chosen = rng.choice(korean_half, n_korean, replace=False).tolist()
        chosen += rng.choice(other_half, 10 - n_korean, replace=False).tolist()
        profiles.append(frozenset(int(m) for m in chosen))
    return profiles


def korean_share(
    recommender: Recommender,
    profiles: list[frozenset[int]],
    k: int = 10,
    *,
    region: str | None = "KR",
    popularity: bool = False,
    blend: BlendParams | None = None,
    content_only: bool = False,
) -> float:
    """Mean share of Korean films in the top-k of these profiles (popularity: favourites
    unused; content_only: all favourites hidden from EASE)."""
    shares = []
    for favourites in profiles:
        signals = (
            UserSignals(favourites=frozenset(), excluded=favourites)
            if popularity
            else UserSignals(favourites=favourites)
        )
        hidden = favourites if content_only else frozenset()
        ranked = recommender.rank(signals, k, region=region, blend=blend, hidden=hidden)
        shares.append(sum(recommender.is_korean(r.movie_id) for r in ranked) / k)
    return round(float(np.mean(shares)), 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the ml-latest-small folder")
    parser.add_argument(
        "--catalogue", type=Path, default=ROOT / "data" / "catalogue", help="films.csv.gz, id_map"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "recommender" / "artifact")
    parser.add_argument("--holdout-users", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    params = Params()
    started = time.perf_counter()
    steps = tqdm(total=4, desc="recommender", unit="step")
    steps.set_postfix_str("reading ratings and catalogue")
    ratings, catalogue, genres = read_movielens(args.data, read_id_map(args.catalogue))
    movies = read_catalogue(args.catalogue)
    knowledge = FilmKnowledge.load(args.catalogue)
    hashes = {name: sha256_file(args.data / name) for name in INPUT_FILES}
    catalogue_hashes = {name: sha256_file(args.catalogue / name) for name in CATALOGUE_FILES}
    steps.update()
    steps.set_postfix_str("cold-start check on held-out users")
    held = cold_start_users(ratings, args.holdout_users, args.seed)
    cases = list(cold_start_cases(ratings, held, 10, args.seed))
    check = build_recommender(ratings.without_users(held), catalogue, genres, params, movies,
                              knowledge)  # fmt: skip
    labelled = frozenset(catalogue.tolist())
    metrics = evaluate_cold_start(check, cases, allowed=labelled)
    baseline = evaluate_cold_start(check, cases, allowed=labelled, popularity=True)
    profiles = korean_profiles(movies, 100, part=1)
    share = korean_share(check, profiles)
    share_baseline = korean_share(check, profiles, popularity=True)
    steps.update()
    steps.set_postfix_str("fitting on all users")
    arrays, facts = build_arrays(ratings, catalogue, genres, params)
    steps.update()
    steps.set_postfix_str("writing artifact")
    for stale in args.out.glob("*"):
        if stale.is_file():
            stale.unlink()
    metadata = save(
        args.out,
        arrays,
        facts,
        params,
        {
            "trained_at": dt.date.today().isoformat(),
            "training_data": {
                "dataset": "MovieLens ml-latest-small (GroupLens, 2018-09)",
                "sha256": hashes,
                "catalogue_sha256": catalogue_hashes,
            },
            "metrics": {
                "cold_start_served_pipeline": {
                    **metrics,
                    "protocol": (
                        f"{len(cases)} users with >=20 films rated 4-5 stars held out of training "
                        f"(seed {args.seed}); 10 of them given as favourites; "
                        "relevant = their other 4-5 star films; ranking restricted to the "
                        "ml-latest-small films (relevance labelled)"
                    ),
                },
                "cold_start_popularity_baseline": baseline,
                "korean_profiles": {
                    "korean_share@10": share,
                    "popularity_baseline_korean_share@10": share_baseline,
                    "region": "KR",
                    "profiles": len(profiles),
                    "protocol": (
                        "10 favourites, 6-10 of them Korean films popular in Korea, from the "
                        "test half of the films (korean_profiles part 1)"
                    ),
                },
                "coverage": {
                    "recommendable_films": check.pool_size,
                    "catalogue_films": check.catalogue_size,
                    "share": round(check.pool_size / max(check.catalogue_size, 1), 4),
                    "collaborative_items": facts["n_items"],
                },
            },
            "benchmark": "bench/recommend_quality.py",
        },
    )
    steps.update()
    steps.close()
    size = sum(f["bytes"] for f in metadata["files"].values())
    print(
        f"served={params.served}+content items={facts['n_items']} "
        f"pool={check.pool_size}/{check.catalogue_size} artifact={size / 1e6:.2f} MB "
        f"cold-start P@10={metrics['precision@10']} nDCG@10={metrics['ndcg@10']} "
        f"(popularity P@10={baseline['precision@10']} nDCG@10={baseline['ndcg@10']}) "
        f"Korean share {share} (popularity {share_baseline}) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
