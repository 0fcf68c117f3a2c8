"""Train the served recommender on MovieLens ml-latest-small and write the committed artifact.

    python models/recommender/train.py --data /work/shared/data/movielens/ml-latest-small \
        --out models/recommender/artifact

Seeded and reproducible (same inputs → same artifact bytes).  It uses the preprocessing that
serving uses (inference.recommender.matrix / diversity), checks the full served pipeline on
held-out cold-start users before fitting on everyone, and records parameters, metrics, input
sha256s and artifact sha256s in metadata.json.  The figures that chose these parameters are
printed by bench/recommend_quality.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inference.checksums import sha256_file  # noqa: E402
from inference.recommender import ease  # noqa: E402
from inference.recommender.artifact import (  # noqa: E402
    ARRAYS_FILE,
    write_arrays,
    write_metadata,
)
from inference.recommender.diversity import genre_masks  # noqa: E402
from inference.recommender.matrix import (  # noqa: E402
    LIKED_RATING,
    ItemIndex,
    Weighting,
    interaction_weights,
    user_item_matrix,
)
from inference.recommender.service import Recommender, UserSignals  # noqa: E402

INPUT_FILES = ("ratings.csv", "movies.csv")


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


@dataclass(frozen=True, slots=True)
class Ratings:
    """Ratings as plain arrays (external ids), the input of ``build_arrays``."""

    users: npt.NDArray[np.int64]
    movies: npt.NDArray[np.int64]
    stars: npt.NDArray[np.float32]

    def without_users(self, held_out: npt.NDArray[np.int64]) -> Ratings:
        keep = ~np.isin(self.users, held_out)
        return Ratings(self.users[keep], self.movies[keep], self.stars[keep])


def read_movielens(data_dir: Path) -> tuple[Ratings, npt.NDArray[np.int64], list[str]]:
    """ratings.csv and movies.csv of ml-latest-small: ratings, catalogue ids, genre strings."""
    ratings = pd.read_csv(data_dir / "ratings.csv")
    movies = pd.read_csv(data_dir / "movies.csv").sort_values("movieId")
    return (
        Ratings(
            ratings["userId"].to_numpy(np.int64),
            ratings["movieId"].to_numpy(np.int64),
            ratings["rating"].to_numpy(np.float32),
        ),
        movies["movieId"].to_numpy(np.int64),
        [str(g) for g in movies["genres"]],
    )


def build_arrays(
    ratings: Ratings,
    catalogue: npt.NDArray[np.int64],
    genres: list[str],
    params: Params,
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """Fit the model and return the artifact arrays plus facts for metadata.json.

    The model's items are the catalogue films with at least ``min_ratings`` ratings: rarer films
    are almost never a held-out hit, and the smaller item set keeps the dense weights compact.
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
    ratings: Ratings, catalogue: npt.NDArray[np.int64], genres: list[str], params: Params
) -> Recommender:
    """Fit, write to a temporary artifact and load it back: exactly what the bot loads."""
    arrays, facts = build_arrays(ratings, catalogue, genres, params)
    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), arrays, facts, params)
        return Recommender.load(Path(tmp))


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
) -> dict[str, float]:
    """The served pipeline (``recommend``) on cold-start cases: mean P@k and nDCG@k.

    With ``popularity`` the favourites are only excluded, not used: the pipeline then falls
    back to popularity, the trivial baseline printed beside the model's figure.
    """

    def signals(favourites: frozenset[int]) -> UserSignals:
        if popularity:
            return UserSignals(favourites=frozenset(), excluded=favourites)
        return UserSignals(favourites=favourites)

    scores = [
        precision_ndcg([r.movie_id for r in recommender.recommend(signals(fav), k=k)], rel, k)
        for fav, rel in cases
    ]
    return {
        f"precision@{k}": round(float(np.mean([s[0] for s in scores])), 4),
        f"ndcg@{k}": round(float(np.mean([s[1] for s in scores])), 4),
        "users": len(cases),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the ml-latest-small folder")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "recommender" / "artifact")
    parser.add_argument("--holdout-users", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    params = Params()
    started = time.perf_counter()
    steps = tqdm(total=4, desc="recommender", unit="step")
    steps.set_postfix_str("reading ratings")
    ratings, catalogue, genres = read_movielens(args.data)
    hashes = {name: sha256_file(args.data / name) for name in INPUT_FILES}
    steps.update()
    steps.set_postfix_str("cold-start check on held-out users")
    held = cold_start_users(ratings, args.holdout_users, args.seed)
    cases = list(cold_start_cases(ratings, held, 10, args.seed))
    check = build_recommender(ratings.without_users(held), catalogue, genres, params)
    metrics = evaluate_cold_start(check, cases)
    baseline = evaluate_cold_start(check, cases, popularity=True)
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
            },
            "metrics": {
                "cold_start_served_pipeline": {
                    **metrics,
                    "protocol": (
                        f"{len(cases)} users with >=20 films rated 4-5 stars held out of training "
                        f"(seed {args.seed}); 10 of them given as favourites; "
                        "relevant = their other 4-5 star films"
                    ),
                },
                "cold_start_popularity_baseline": baseline,
            },
            "benchmark": "bench/recommend_quality.py",
        },
    )
    steps.update()
    steps.close()
    size = sum(f["bytes"] for f in metadata["files"].values())
    print(
        f"served={params.served} items={facts['n_items']} artifact={size / 1e6:.2f} MB "
        f"cold-start P@10={metrics['precision@10']} nDCG@10={metrics['ndcg@10']} "
        f"(popularity P@10={baseline['precision@10']} nDCG@10={baseline['ndcg@10']}) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
