"""Recommendation quality: which model the bot serves, and the figures behind that choice.

    python bench/recommend_quality.py [--data-dir /work/shared/data/movielens] [--skip-ncf]

A. ML-100k, the microsoft/recommenders protocol: ``python_stratified_split(ratio=0.75,
   seed=42)`` (stratified by *user*, its default ``filter_by``: per user a seeded random 75 % of
   ratings train, 25 % test, reproduced here exactly: np.random.seed(42), rand over u.data's row
   order, rank within user).  Every held-out rating is relevant; training items are removed from
   the rankings; k = 10; MAP as in their published table (precision at each hit in the top-k,
   divided by the user's number of relevant items), nDCG@10 (binary), P@10, R@10.
   Hyper-parameters (λ, NeuMF epochs, iALS λ/α₀, blend weight) are chosen on a validation split
   carved from the training part with the same splitter (seed 7), with a paired bootstrap over
   users against EASE; every test row is refit on the whole training part and scored once.
B. ml-latest-small cold start: 150 users with >= 20 films rated 4-5★ held out of training
   (seed 0); 10 of those films are the favourites, everything else is ranked, P@10 and nDCG@10
   against their other 4-5★ films.  The served row is the bot's full pipeline (Recommender.load
   of a freshly written artifact, item cut, MMR).  Served parameters were chosen on 120 other
   held-out users (seed 1), whose grid is printed first, followed by the EASE + iALS blend that
   wins part A, checked on the same validation users before any thought of serving it.
C. ML-100k, the seed's Jaccard-neighbour recommender with and without its demographic filter
   (same gender, age ±5) on the cold-start protocol of B.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.recommender import ease, ials, ncf  # noqa: E402
from inference.recommender.matrix import LIKED_RATING  # noqa: E402
from inference.recommender.neighbours import (  # noqa: E402
    UserSets,
    demographic_mask,
    neighbour_scores,
)
from inference.recommender.service import UserSignals  # noqa: E402
from models.recommender.train import (  # noqa: E402
    Params,
    Ratings,
    build_recommender,
    cold_start_cases,
    cold_start_users,
    evaluate_cold_start,
    precision_ndcg,
    read_movielens,
)

K = 10
PUBLISHED = [  # recommenders' ML-100k table (MAP, nDCG@10, P@10, R@10)
    ("BiVAE (published)", 0.146126, 0.475077, 0.411771, 0.219145),
    ("BPR (published)", 0.132478, 0.441997, 0.388229, 0.212522),
    ("LightGCN (published)", 0.088526, 0.419846, 0.379626, 0.144336),
    ("NCF (published)", 0.107720, 0.396118, 0.347296, 0.180775),
    ("SAR (published)", 0.110591, 0.382461, 0.330753, 0.176385),
]
EASE_GRID = (100.0, 200.0, 300.0, 500.0, 800.0)
EDLAE_GRID = tuple((p, lam) for p in (0.25, 0.5, 0.75, 0.85) for lam in (100.0, 200.0, 300.0))
RP3_GRID = (0.5, 1.0, 2.0)  # weight of RP3β next to EASE, in units of mean |B| / mean |W|
# iALS at 128 factors (64 and 200 were within ±0.002 on validation at the same λ, α₀).
IALS_GRID = tuple((reg, a0) for reg in (0.01, 0.03, 0.1) for a0 in (0.03, 0.1, 0.3))
BLEND_GRID = (0.5, 0.7, 0.8, 0.9, 0.95)  # weight of z-scored iALS next to z-scored EASE
Cases = list[tuple[frozenset[int], frozenset[int]]]


# --------------------------------------------------------------------------- ML-100k helpers
def load_100k(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    data = pd.read_csv(
        folder / "u.data", sep="\t", names=["userID", "itemID", "rating", "timestamp"]
    )
    users = pd.read_csv(
        folder / "u.user", sep="|", names=["userID", "age", "gender", "occupation", "zip"]
    )
    items = pd.read_csv(folder / "u.item", sep="|", header=None, encoding="latin-1")
    names = [line.split("|")[0] for line in (folder / "u.genre").read_text().split("\n") if line]
    flags = items.iloc[:, 5:].to_numpy()
    genres = ["|".join(n for n, f in zip(names, row, strict=True) if f) for row in flags]
    order = np.argsort(items[0].to_numpy())
    return data, users, [genres[i] for i in order]


def stratified_split(data: pd.DataFrame, ratio: float, seed: int) -> tuple[pd.DataFrame, ...]:
    """microsoft/recommenders python_stratified_split semantics (filter_by='user')."""
    frame = data.copy()
    np.random.seed(seed)
    frame["random"] = np.random.rand(frame.shape[0])
    frame = frame.sort_values(["userID", "random"])
    groups = frame.groupby("userID")
    frame["rank"] = (groups.cumcount() + 1) / groups["userID"].transform("count")
    train = frame[frame["rank"] <= ratio].drop(columns=["random", "rank"])
    test = frame[frame["rank"] > ratio].drop(columns=["random", "rank"])
    return train, test


@dataclasses.dataclass
class Split:
    """A train/test pair as positions: users and items indexed over the whole data set."""

    train: pd.DataFrame
    test: pd.DataFrame
    users: npt.NDArray[np.int64]
    items: npt.NDArray[np.int64]

    def positions(self, frame: pd.DataFrame) -> tuple[npt.NDArray[np.int64], ...]:
        u = np.searchsorted(self.users, frame["userID"].to_numpy())
        i = np.searchsorted(self.items, frame["itemID"].to_numpy())
        return u, i

    def matrix(self, weights: npt.NDArray[np.float64] | None = None) -> sparse.csr_matrix:
        u, i = self.positions(self.train)
        w = np.ones(u.size) if weights is None else weights
        return sparse.csr_matrix((w, (u, i)), shape=(self.users.size, self.items.size))

    def truth(self) -> list[set[int]]:
        u, i = self.positions(self.test)
        out: list[set[int]] = [set() for _ in range(self.users.size)]
        for a, b in zip(u.tolist(), i.tolist(), strict=True):
            out[a].add(b)
        return out


def ranking_metrics(top: npt.NDArray[np.int64], truth: list[set[int]]) -> dict[str, float]:
    """MAP / nDCG@k / P@k / R@k over users with at least one relevant item."""
    values = np.mean(per_user_metrics(top, truth), axis=0)
    return dict(zip(("map", "ndcg", "p", "r"), values.tolist(), strict=True))


def per_user_metrics(top: npt.NDArray[np.int64], truth: list[set[int]]) -> npt.NDArray[np.float64]:
    """(AP, nDCG@k, P@k, R@k) for each user with at least one relevant item."""
    rows = []
    discount = 1.0 / np.log2(np.arange(2, K + 2))
    for user, relevant in enumerate(truth):
        if not relevant:
            continue
        hits = np.array([i in relevant for i in top[user, :K].tolist()], dtype=np.float64)
        precision_at = np.cumsum(hits) / np.arange(1, K + 1)
        ideal = discount[: min(K, len(relevant))].sum()
        rows.append(
            (
                (precision_at * hits).sum() / len(relevant),
                (hits * discount).sum() / ideal,
                hits.sum() / K,
                hits.sum() / len(relevant),
            )
        )
    return np.array(rows)


def paired_bootstrap(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], truth: list[set[int]], draws: int = 2000
) -> tuple[float, float, float]:
    """Mean nDCG@10 difference a − b and its 95 % interval, resampling users (seed 0)."""
    diff = per_user_metrics(a, truth)[:, 1] - per_user_metrics(b, truth)[:, 1]
    idx = np.random.default_rng(0).integers(0, diff.size, (draws, diff.size))
    means = diff[idx].mean(axis=1)
    return float(diff.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def top_k(scores: npt.NDArray[np.float32], seen: sparse.csr_matrix) -> npt.NDArray[np.int64]:
    s = np.array(scores, dtype=np.float32, copy=True)
    s[seen.nonzero()] = -np.inf
    part = np.argpartition(-s, K, axis=1)[:, :K]
    order = np.argsort(-np.take_along_axis(s, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def popularity_scores(split: Split) -> npt.NDArray[np.float32]:
    pop = np.asarray(split.matrix().sum(axis=0)).ravel().astype(np.float32)
    return np.tile(pop, (split.users.size, 1))


def ease_weights(
    split: Split, lam: float, stars: bool, dropout: float = 0.0
) -> npt.NDArray[np.float32]:
    weights = split.train["rating"].to_numpy() / 5.0 if stars else None
    return ease.fit(split.matrix(weights), lam, dropout)


def ease_scores(
    split: Split, lam: float, stars: bool, dropout: float = 0.0
) -> npt.NDArray[np.float32]:
    return ease.to_dense_scores(ease_weights(split, lam, stars, dropout), split.matrix())


def rp3beta(
    split: Split, alpha: float = 1.0, beta: float = 0.5, keep: int = 200
) -> npt.NDArray[np.float32]:
    """RP3β (Paudel et al. 2017): 3-step random-walk item-item weights / popularity^β, top-keep.

    α = 1, β = 0.5, 200 neighbours were the best of a small grid on the validation split.
    """
    x = split.matrix()
    user_deg = np.maximum(np.asarray(x.sum(axis=1)).ravel(), 1.0)
    item_deg = np.maximum(np.asarray(x.sum(axis=0)).ravel(), 1.0)
    p_ui = (sparse.diags(1.0 / user_deg) @ x).power(alpha)
    p_iu = (sparse.diags(1.0 / item_deg) @ x.T).power(alpha)
    w = np.asarray((p_iu @ p_ui).toarray()) * ((item_deg + 1.0) ** -beta)[None, :]
    np.fill_diagonal(w, 0.0)
    threshold = -np.partition(-w, keep, axis=1)[:, keep][:, None]
    w[w < threshold] = 0.0
    return w.astype(np.float32)


def ease_rp3_scores(split: Split, lam: float, weight: float) -> npt.NDArray[np.float32]:
    """EASE (stars/5) + weight·RP3β as one linear item-item matrix (servable like EASE)."""
    b = ease_weights(split, lam, True)
    w = rp3beta(split)
    scale = float(np.abs(b).mean() / np.abs(w).mean())
    return ease.to_dense_scores(b + weight * scale * w, split.matrix())


def ials_scores(split: Split, config: ials.IALSConfig) -> npt.NDArray[np.float32]:
    users, item_factors = ials.fit(split.matrix(), config)
    return np.asarray(users @ item_factors.T, dtype=np.float32)


def blend_scores(
    split: Split, lam: float, config: ials.IALSConfig, weight: float
) -> npt.NDArray[np.float32]:
    """(1 − w)·z(EASE stars/5) + w·z(iALS), z-scored per user over the unseen items."""
    seen = split.matrix()
    z_ease = ials.zscore(ease_scores(split, lam, True), seen)
    z_ials = ials.zscore(ials_scores(split, config), seen)
    return np.asarray((1.0 - weight) * z_ease + weight * z_ials, dtype=np.float32)


def neumf_top(
    split: Split, config: ncf.NeuMFConfig, eval_every: Split | None = None
) -> tuple[npt.NDArray[np.int64], list[float]]:
    """Train NeuMF; with ``eval_every`` also return validation nDCG after each epoch."""
    import keras

    keras.utils.set_random_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    u, i = split.positions(split.train)
    model = ncf.build_neumf(split.users.size, split.items.size, config)
    curve: list[float] = []
    seen = split.matrix()
    for _ in range(config.epochs):
        su, si, y = ncf.sample_negatives(u, i, split.items.size, config.negatives, rng)
        model.fit(
            {"user": su.astype(np.int32), "item": si.astype(np.int32)},
            y,
            batch_size=config.batch_size,
            epochs=1,
            verbose=0,
            shuffle=False,
        )
        if eval_every is not None:
            scores = ncf.score_users(model, np.arange(split.users.size), split.items.size)
            curve.append(ranking_metrics(top_k(scores, seen), eval_every.truth())["ndcg"])
    scores = ncf.score_users(model, np.arange(split.users.size), split.items.size)
    return top_k(scores, seen), curve


def served_top(split: Split, genres: list[str], params: Params) -> npt.NDArray[np.int64]:
    """The bot's full pipeline on ML-100k: artifact written, loaded, recommend() per user."""
    ratings = Ratings(
        split.train["userID"].to_numpy(np.int64),
        split.train["itemID"].to_numpy(np.int64),
        split.train["rating"].to_numpy(np.float32),
    )
    rec = build_recommender(ratings, split.items, genres, params)
    seen = split.train.groupby("userID")["itemID"].apply(lambda s: frozenset(s.tolist()))
    top = np.full((split.users.size, K), -1, dtype=np.int64)
    for row, user in enumerate(split.users.tolist()):
        ids = [r.movie_id for r in rec.recommend(UserSignals(favourites=seen[user]), k=K)]
        top[row, : len(ids)] = np.searchsorted(split.items, ids)
    return top


def row(name: str, m: dict[str, float] | tuple[float, ...]) -> str:
    values = tuple(m.values()) if isinstance(m, dict) else m
    return f"  {name:<60}" + "".join(f"{v:>9.3f}" for v in values)


def part_a(folder: Path, skip_ncf: bool) -> None:
    data, _, genres = load_100k(folder)
    items = np.sort(data["itemID"].unique())
    users = np.sort(data["userID"].unique())
    train, test = stratified_split(data, 0.75, 42)
    fit, val = stratified_split(train, 0.75, 7)
    test_split = Split(train, test, users, items)
    val_split = Split(fit, val, users, items)
    served_params = Params()

    print("\nA. ML-100k, stratified 75/25 by user (seed 42), k=10, seen items removed")
    print(f"   train {len(train):,} ratings, test {len(test):,}; validation carved from train")
    val_seen = val_split.matrix()
    grid = {
        (stars, lam): ranking_metrics(
            top_k(ease_scores(val_split, lam, stars), val_seen), val_split.truth()
        )["ndcg"]
        for stars in (False, True)
        for lam in EASE_GRID
    }
    print("   validation nDCG@10 of EASE:  λ = " + "  ".join(f"{lam:>6.0f}" for lam in EASE_GRID))
    for stars in (False, True):
        label = "stars/5 input" if stars else "binary input "
        print(
            f"     {label}               "
            + "  ".join(f"{grid[(stars, lam)]:>6.4f}" for lam in EASE_GRID)
        )
    lam_bin = max(EASE_GRID, key=lambda lam: grid[(False, lam)])
    lam_star = max(EASE_GRID, key=lambda lam: grid[(True, lam)])
    served_params = dataclasses.replace(served_params, lam=lam_star)
    val_truth = val_split.truth()
    edlae_grid = {
        (p, lam): ranking_metrics(top_k(ease_scores(val_split, lam, True, p), val_seen), val_truth)[
            "ndcg"
        ]
        for p, lam in EDLAE_GRID
    }
    print("   validation nDCG@10 of EDLAE (stars/5), dropout p by λ:")
    for p in sorted({p for p, _ in EDLAE_GRID}):
        print(
            f"     p={p:<4}  "
            + "  ".join(f"λ={lam:.0f} {v:.4f}" for (q, lam), v in edlae_grid.items() if q == p)
        )
    p_edlae, lam_edlae = max(edlae_grid, key=lambda key: edlae_grid[key])
    rp3_grid = {
        w: ranking_metrics(top_k(ease_rp3_scores(val_split, lam_star, w), val_seen), val_truth)[
            "ndcg"
        ]
        for w in RP3_GRID
    }
    print(
        f"   validation nDCG@10 of EASE stars λ={lam_star:.0f} + w·RP3β:  "
        + "  ".join(f"w={w} {v:.4f}" for w, v in rp3_grid.items())
        + f"  (w=0: {grid[(True, lam_star)]:.4f})"
    )
    w_rp3 = max(RP3_GRID, key=lambda w: rp3_grid[w])
    ials_grid = {}
    for reg, a0 in IALS_GRID:
        config = ials.IALSConfig(reg=reg, unobserved=a0)
        ials_grid[(reg, a0)] = ranking_metrics(
            top_k(ials_scores(val_split, config), val_seen), val_truth
        )["ndcg"]
    print("   validation nDCG@10 of iALS (128 factors, 10 sweeps), λ by unobserved weight α₀:")
    for reg in sorted({r for r, _ in IALS_GRID}):
        print(
            f"     λ={reg:<5} "
            + "  ".join(f"α₀={a0} {v:.4f}" for (r, a0), v in ials_grid.items() if r == reg)
        )
    reg_ials, a0_ials = max(ials_grid, key=lambda key: ials_grid[key])
    ials_config = ials.IALSConfig(reg=reg_ials, unobserved=a0_ials)
    val_ease = ials.zscore(ease_scores(val_split, lam_star, True), val_seen)
    val_ials_raw = ials_scores(val_split, ials_config)
    val_ials = ials.zscore(val_ials_raw, val_seen)
    blend_tops = {
        w: top_k(np.asarray((1 - w) * val_ease + w * val_ials, dtype=np.float32), val_seen)
        for w in BLEND_GRID
    }
    blend_grid = {w: ranking_metrics(t, val_truth)["ndcg"] for w, t in blend_tops.items()}
    print(
        f"   validation nDCG@10 of (1-w)·z(EASE stars λ={lam_star:.0f}) + w·z(iALS):  "
        + "  ".join(f"w={w} {v:.4f}" for w, v in blend_grid.items())
    )
    w_blend = max(BLEND_GRID, key=lambda w: blend_grid[w])
    val_ease_top = top_k(ease_scores(val_split, lam_star, True), val_seen)
    for label, candidate in (
        (f"blend w={w_blend}", blend_tops[w_blend]),
        ("iALS alone", top_k(val_ials_raw, val_seen)),
    ):
        mean, low, high = paired_bootstrap(candidate, val_ease_top, val_truth)
        print(
            f"   validation paired bootstrap over users, {label} − EASE stars: "
            f"{mean:+.4f} nDCG@10 (95 % {low:+.4f} … {high:+.4f})"
        )
    truth = test_split.truth()
    seen = test_split.matrix()
    print(f"   {'':<60}{'MAP':>9}{'nDCG@10':>9}{'P@10':>9}{'R@10':>9}")
    for published in PUBLISHED:
        print(row(published[0], published[1:]))
    print(
        row(
            "popularity (trivial baseline)",
            ranking_metrics(top_k(popularity_scores(test_split), seen), truth),
        )
    )
    if not skip_ncf:
        config = ncf.NeuMFConfig(epochs=10)
        _, curve = neumf_top(val_split, config, eval_every=val_split)
        best = int(np.argmax(curve)) + 1
        started = time.perf_counter()
        ncf_top, _ = neumf_top(test_split, dataclasses.replace(config, epochs=best))
        print(
            row(
                f"Keras NeuMF, {best} epochs (val-chosen) [{time.perf_counter() - started:.0f}s]",
                ranking_metrics(ncf_top, truth),
            )
        )
    print(
        row(
            f"EASE binary, λ={lam_bin:.0f} (val-chosen)",
            ranking_metrics(top_k(ease_scores(test_split, lam_bin, False), seen), truth),
        )
    )
    print(
        row(
            f"EASE stars/5, λ={lam_star:.0f} (val-chosen)",
            ranking_metrics(top_k(ease_scores(test_split, lam_star, True), seen), truth),
        )
    )
    print(
        row(
            f"EDLAE stars/5, p={p_edlae}, λ={lam_edlae:.0f} (val-chosen)",
            ranking_metrics(top_k(ease_scores(test_split, lam_edlae, True, p_edlae), seen), truth),
        )
    )
    print(
        row(
            f"EASE stars/5 λ={lam_star:.0f} + {w_rp3}·RP3β (val-chosen)",
            ranking_metrics(top_k(ease_rp3_scores(test_split, lam_star, w_rp3), seen), truth),
        )
    )
    print(
        row(
            f"iALS 128 factors, λ={reg_ials}, α₀={a0_ials} (val-chosen)",
            ranking_metrics(top_k(ials_scores(test_split, ials_config), seen), truth),
        )
    )
    print(
        row(
            f"{1 - w_blend:.2g}·z(EASE stars λ={lam_star:.0f}) + {w_blend}·z(iALS) (val-chosen)",
            ranking_metrics(
                top_k(blend_scores(test_split, lam_star, ials_config, w_blend), seen), truth
            ),
        )
    )
    print(
        row(
            f"served pipeline (≥{served_params.min_ratings} ratings, "
            f"MMR {served_params.mmr_lambda})",
            ranking_metrics(served_top(test_split, genres, served_params), truth),
        )
    )


# --------------------------------------------------------------------------- cold start
def popularity_cold(train: Ratings, cases: Cases) -> dict[str, float]:
    liked = train.stars >= LIKED_RATING
    ids, counts = np.unique(train.movies[liked], return_counts=True)
    ranked = ids[np.argsort(-counts, kind="stable")].tolist()
    scores = [precision_ndcg([m for m in ranked if m not in fav][:K], rel, K) for fav, rel in cases]
    return {
        "p": float(np.mean([s[0] for s in scores])),
        "ndcg": float(np.mean([s[1] for s in scores])),
    }


def model_cold(
    train: Ratings, cases: Cases, score: Any, items: npt.NDArray[np.int64]
) -> dict[str, float]:
    """Rank all ``items`` by ``score(positions) -> scores`` for each case's favourites."""
    results = []
    for fav, rel in cases:
        positions = np.searchsorted(items, np.array(sorted(fav)))
        s = np.array(score(positions), dtype=np.float64)
        s[positions] = -np.inf
        top = np.argsort(-s, kind="stable")[:K]
        results.append(precision_ndcg(items[top].tolist(), rel, K))
    return {
        "p": float(np.mean([r[0] for r in results])),
        "ndcg": float(np.mean([r[1] for r in results])),
    }


def ease_cold(
    train: Ratings, cases: Cases, items: npt.NDArray[np.int64], lam: float
) -> dict[str, float]:
    users = np.unique(train.users, return_inverse=True)[1]
    x = sparse.csr_matrix(
        (np.ones(users.size), (users, np.searchsorted(items, train.movies))),
        shape=(users.max() + 1, items.size),
    )
    x.data[:] = 1.0
    b = ease.fit(x, lam)
    return model_cold(train, cases, lambda p: b[p].sum(axis=0), items)


def neighbour_sets(
    train: Ratings, items: npt.NDArray[np.int64]
) -> tuple[UserSets, npt.NDArray[np.int64]]:
    liked = train.stars >= LIKED_RATING
    user_ids, users = np.unique(train.users[liked], return_inverse=True)
    sets = UserSets.from_pairs(
        users, np.searchsorted(items, train.movies[liked]), user_ids.size, items.size
    )
    return sets, user_ids


def ncf_fold_in(
    train: Ratings, cases: Cases, items: npt.NDArray[np.int64]
) -> tuple[dict[str, float], dict[str, float]]:
    """The seed's serving path: Jaccard neighbours → their NCF-predicted ratings, averaged.

    Returned twice from one trained model: ranking every item (the seed's path, which favours
    obscure films with few, high ratings) and ranking only films the 30 neighbours liked.
    """
    sets, user_ids = neighbour_sets(train, items)
    all_users = np.searchsorted(user_ids, train.users)
    rated = np.isin(train.users, user_ids)
    model = ncf.fit_rating_mlp(
        all_users[rated],
        np.searchsorted(items, train.movies[rated]),
        train.stars[rated],
        user_ids.size,
        items.size,
        ncf.RatingMLPConfig(),
    )
    from inference.recommender.neighbours import jaccard

    def score(positions: npt.NDArray[np.int64], restrict: bool) -> npt.NDArray[np.float32]:
        sim = jaccard(sets, positions)
        chosen = np.argsort(-sim, kind="stable")[:30]
        predicted = ncf.score_users(model, chosen, items.size)
        w = sim[chosen] / max(float(sim[chosen].sum()), 1e-9)
        out = np.asarray((w[:, None] * predicted).sum(axis=0), dtype=np.float32)
        if restrict:
            liked = np.zeros(items.size, dtype=np.bool_)
            for user in chosen.tolist():
                liked[sets.user_items[sets.user_indptr[user] : sets.user_indptr[user + 1]]] = True
            out = np.where(liked, out, -np.inf).astype(np.float32)
        return out

    return (
        model_cold(train, cases, lambda p: score(p, False), items),
        model_cold(train, cases, lambda p: score(p, True), items),
    )


def blend_cold_validation(
    train: Ratings, cases: Cases, catalogue: npt.NDArray[np.int64], params: Params
) -> None:
    """Part A's winner in the served setting: EASE vs z(EASE)/z(iALS fold-in) blends, no MMR.

    Same items (≥ min_ratings) and EASE as the served model; iALS at part A's λ, α₀ and two
    neighbouring α₀; each cold user is folded into the iALS item factors by one solve.
    """
    counts = pd.Series(train.movies).value_counts()
    ids = np.array([m for m in catalogue.tolist() if counts.get(m, 0) >= params.min_ratings])
    kept = frozenset(ids.tolist())
    cases = [(fav & kept, rel) for fav, rel in cases]  # favourites the model knows, as served
    known = np.isin(train.movies, ids)
    user_ids, users = np.unique(train.users[known], return_inverse=True)
    x = sparse.csr_matrix(
        (train.stars[known] / 5.0, (users, np.searchsorted(ids, train.movies[known]))),
        shape=(user_ids.size, ids.size),
    )
    b = ease.fit(x, params.lam)

    def z(s: npt.NDArray[np.floating], positions: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
        rest = np.delete(np.asarray(s, dtype=np.float64), positions)
        return (np.asarray(s, dtype=np.float64) - rest.mean()) / rest.std()

    line = f"     EASE λ={params.lam:.0f}, no MMR: " + "P@10 {p:.3f} nDCG@10 {ndcg:.3f}".format(
        **model_cold(train, cases, lambda p: b[p].sum(axis=0), ids)
    )
    print(line)
    for a0 in (0.1, 0.3):
        config = ials.IALSConfig(reg=0.03, unobserved=a0)
        _, factors = ials.fit(x, config)

        def fold(
            p: npt.NDArray[np.int64],
            v: npt.NDArray[np.float64] = factors,
            c: ials.IALSConfig = config,
        ) -> npt.NDArray[Any]:
            return np.asarray(v @ ials.fold_in(v, p, c))

        parts = [f"iALS alone P@10 {model_cold(train, cases, fold, ids)['p']:.3f}"]
        for w in (0.5, 0.9):
            m = model_cold(
                train,
                cases,
                lambda p, w=w: (1 - w) * z(b[p].sum(axis=0), p) + w * z(fold(p), p),
                ids,
            )
            parts.append(f"w={w} P@10 {m['p']:.3f} nDCG@10 {m['ndcg']:.3f}")
        print(f"     + iALS λ=0.03 α₀={a0}: " + "  ".join(parts))


def part_b(folder: Path, skip_ncf: bool) -> None:
    ratings, catalogue, genres = read_movielens(folder)
    items = catalogue
    params = Params()
    print("\nB. ml-latest-small cold start (10 favourites → top-10), P@10 / nDCG@10")
    test_users = cold_start_users(ratings, 150, seed=0)
    others = ratings.without_users(test_users)
    val_users = cold_start_users(others, 120, seed=1)
    val_cases = list(cold_start_cases(others, val_users, 10, seed=1))
    val_train = others.without_users(val_users)
    print(f"   validation ({len(val_cases)} users, seed 1): served pipeline by λ and item cut")
    for lam in (300.0, 700.0, 1500.0):
        for cut in (3, 12):
            p = dataclasses.replace(params, lam=lam, min_ratings=cut)
            m = evaluate_cold_start(build_recommender(val_train, catalogue, genres, p), val_cases)
            print(
                f"     λ={lam:>6.0f} items ≥{cut:>2} ratings    P@10 {m['precision@10']:.3f}"
                f"  nDCG@10 {m['ndcg@10']:.3f}"
            )
    print("   validation: EASE vs (1-w)·z(EASE) + w·z(iALS fold-in), same items, no MMR")
    blend_cold_validation(val_train, val_cases, catalogue, params)
    cases = list(cold_start_cases(ratings, test_users, 10, seed=0))
    train = ratings.without_users(test_users)
    print(
        f"   test: {len(cases)} held-out users (seed 0)" + " " * 26 + f"{'P@10':>9}{'nDCG@10':>9}"
    )
    pop = popularity_cold(train, cases)
    print(row("popularity of 4-5★ (trivial baseline)", pop))
    sets, _ = neighbour_sets(train, items)
    print(
        row(
            "seed: Jaccard neighbours (30 users)",
            model_cold(train, cases, lambda p: neighbour_scores(sets, p, 30), items),
        )
    )
    if not skip_ncf:
        every_item, neighbours_liked = ncf_fold_in(train, cases, items)
        print(row("seed: Jaccard neighbours → Keras rating-NCF", every_item))
        print(row("  same, only films the 30 neighbours liked", neighbours_liked))
    print(row("EASE fold-in, binary, λ=300, all items", ease_cold(train, cases, items, 300.0)))
    started = time.perf_counter()
    served = build_recommender(train, catalogue, genres, params)
    m = evaluate_cold_start(served, cases)
    print(
        row(
            f"served pipeline (EASE stars λ={params.lam:.0f}, ≥{params.min_ratings} ratings, "
            f"MMR {params.mmr_lambda})",
            (m["precision@10"], m["ndcg@10"]),
        )
    )
    no_mmr = build_recommender(
        train, catalogue, genres, dataclasses.replace(params, mmr_lambda=1.0)
    )
    m = evaluate_cold_start(no_mmr, cases)
    print(row("  same without MMR (cost of diversity)", (m["precision@10"], m["ndcg@10"])))
    full = build_recommender(train, catalogue, genres, dataclasses.replace(params, min_ratings=1))
    m = evaluate_cold_start(full, cases)
    print(
        row("  same on all rated items (cost of the item cut)", (m["precision@10"], m["ndcg@10"]))
    )
    print(f"   (fits + {3 * len(cases)} recommend() calls: {time.perf_counter() - started:.1f}s)")


def part_c(folder: Path) -> None:
    data, people, _ = load_100k(folder)
    ratings = Ratings(
        data["userID"].to_numpy(np.int64),
        data["itemID"].to_numpy(np.int64),
        data["rating"].to_numpy(np.float32),
    )
    items = np.sort(data["itemID"].unique())
    test_users = cold_start_users(ratings, 150, seed=0)
    cases = list(cold_start_cases(ratings, test_users, 10, seed=0))
    train = ratings.without_users(test_users)
    sets, user_ids = neighbour_sets(train, items)
    people = people.set_index("userID")
    ages = people.loc[user_ids, "age"].to_numpy(np.int64)
    genders = np.where(people.loc[user_ids, "gender"].to_numpy() == "M", "male", "female")
    print("\nC. ML-100k, seed's Jaccard neighbours (30) with/without its demographic filter")
    print(
        f"   {len(cases)} held-out users (≥20 films 4-5★, seed 0), 10 favourites{'P@10':>29}"
        f"{'nDCG@10':>9}"
    )
    print(row("popularity of 4-5★ (trivial baseline)", popularity_cold(train, cases)))
    print(
        row(
            "Jaccard neighbours, no filter",
            model_cold(train, cases, lambda p: neighbour_scores(sets, p, 30), items),
        )
    )
    for label, use_age, use_gender in (
        ("same gender + age ±5 (the seed)", True, True),
        ("same gender only", False, True),
        ("age ±5 only", True, False),
    ):
        results = []
        pool = []
        for (fav, rel), user in zip(cases, test_users.tolist(), strict=True):
            person = people.loc[user]
            mask = demographic_mask(
                ages,
                genders,
                int(person["age"]) if use_age else None,
                ("male" if person["gender"] == "M" else "female") if use_gender else None,
            )
            pool.append(int(mask.sum()))
            positions = np.searchsorted(items, np.array(sorted(fav)))
            s = neighbour_scores(sets, positions, 30, allowed_users=mask).astype(np.float64)
            s[positions] = -np.inf
            results.append(
                precision_ndcg(items[np.argsort(-s, kind="stable")[:K]].tolist(), rel, K)
            )
        print(
            row(
                f"Jaccard, {label}",
                (float(np.mean([r[0] for r in results])), float(np.mean([r[1] for r in results]))),
            ),
            f"  (median pool {int(np.median(pool))} users)",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "movielens"
    )
    parser.add_argument("--skip-ncf", action="store_true", help="leave out the Keras models")
    args = parser.parse_args()
    started = time.perf_counter()
    part_a(args.data_dir / "ml-100k", args.skip_ncf)
    part_b(args.data_dir / "ml-latest-small", args.skip_ncf)
    part_c(args.data_dir / "ml-100k")
    print(f"\ntotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
