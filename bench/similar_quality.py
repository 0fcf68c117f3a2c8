"""Similarity and list quality: "films like X", item-to-item on MovieLens, and personal lists.

    python bench/similar_quality.py [--data-dir ../shared/data/movielens] [--search 300]

E. The judged similarity set (data/recommender/judged/similar.csv, written before any tuning):
   seeds split in two by a seeded shuffle; the block weights (``SimilarParams.seed``) are chosen
   by a seeded random search on the validation half (precision@10), the test half is scored
   once with the served weights.  Beside it: popularity in Korea, genre-only (genre Jaccard,
   popularity breaking ties) and the previous "like X" (the seed as the only favourite).
F. Leave-one-out item-to-item on ml-latest-small: 150 users held out of training (seed 0, the
   cold-start users of models/recommender/train.py); per user five (seed, target) pairs of their
   4–5★ films: hit@10 when the target is among the ten films like the seed.
G. Lists: the issue's 12-favourite Korean profile, 100 Korean profiles and the held-out users'
   favourites — intra-list diversity (1 − mean pairwise similarity of facts and plot), novelty
   (popularity percentile of the picks minus the user's favourites'), personalisation (1 − mean
   overlap of two users' lists), repeat rate over three 🔄 lists, and the share of films of the
   last three years when "요즘" is asked.  The served pipeline against the previous content part.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import itertools
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.judged_sets import load_mood_requests, load_moods, load_similar  # noqa: E402
from inference.catalogue.search import Catalogue  # noqa: E402
from inference.recommender import artifact as store  # noqa: E402
from inference.recommender.diversity import genre_jaccard  # noqa: E402
from inference.recommender.film_content import FilmContent  # noqa: E402
from inference.recommender.filters import (  # noqa: E402
    FilmFilter,
    films_of_years,
    preferred_years,
)
from inference.recommender.service import Recommender, UserSignals  # noqa: E402
from inference.recommender.similarity import MoodWeights, SimilarityWeights  # noqa: E402
from inference.understanding.lexicon import MOODS as LEXICON_MOODS  # noqa: E402
from inference.understanding.slots import SlotReader  # noqa: E402
from models.recommender.train import (  # noqa: E402
    FilmKnowledge,
    Params,
    build_arrays,
    cold_start_cases,
    cold_start_users,
    evaluate_cold_start,
    korean_profiles,
    read_catalogue,
    read_id_map,
    read_movielens,
    save,
)

K = 10
REGION = "KR"
#: The issue's new user: 12 Korean favourites (auteur thrillers and dramas).
AUTEUR = (("기생충", 2019), ("올드보이", 2003), ("살인의 추억", 2003), ("부산행", 2016),
          ("아가씨", 2016), ("괴물", 2006), ("추격자", 2008), ("마더", 2009), ("신세계", 2013),
          ("곡성", 2016), ("타짜", 2006), ("변호인", 2013))  # fmt: skip
SEARCH_SPACE = {
    "facts": (0.0, 0.5, 1.0, 1.5),
    "plot": (0.0, 0.5, 1.0, 1.5, 2.0),
    "keywords": (0.0, 0.25, 0.5, 1.0),
    "people": (0.0, 0.25, 0.5, 1.0, 1.5),
    "collaborative": (0.0, 0.5, 1.0, 1.5, 2.0),
    "missing_z": (-1.0, -0.5, 0.0),
    "prior": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    "renown_gap": (0.2, 0.3, 0.4, 0.5, 1.0),
}
LAMBDAS = (0.7, 0.85, 1.0)


def precision(picked: Iterable[int], relevant: set[int]) -> float:
    return len([m for m in picked if m in relevant]) / K


def split_seeds(judged: dict[int, list[int]], seed: int = 0) -> tuple[list[int], list[int]]:
    """Validation and test halves of the seeds (a seeded shuffle of the sorted ids)."""
    seeds = sorted(judged)
    order = np.random.default_rng(seed).permutation(len(seeds))
    half = len(seeds) // 2
    return [seeds[i] for i in order[:half]], [seeds[i] for i in order[half:]]


def mean_precision(lister: Callable[[int], list[int]], seeds: list[int],
                   judged: dict[int, list[int]]) -> float:  # fmt: skip
    return float(np.mean([precision(lister(s), set(judged[s])) for s in seeds]))


def baselines(rec: Recommender) -> dict[str, Callable[[int], list[int]]]:
    """Popularity in Korea, genre-only, and the previous "like X" (seed as the only favourite)."""
    ids = rec.pool_ids
    prior = rec.pool_prior(REGION)
    genres = rec.pool_genres
    popular = ids[np.argsort(-prior, kind="stable")][: K + 1].tolist()

    def by_popularity(seed: int) -> list[int]:
        return [m for m in popular if m != seed][:K]

    def by_genre(seed: int) -> list[int]:
        where = np.searchsorted(ids, seed)
        if where >= ids.size or ids[where] != seed:
            return by_popularity(seed)
        score = genre_jaccard(genres[where], genres).astype(np.float64) + 1e-3 * prior
        score[where] = -np.inf
        return ids[np.argsort(-score, kind="stable")[:K]].tolist()

    def previous(seed: int) -> list[int]:
        signals = UserSignals(favourites=frozenset({seed}))
        return [r.movie_id for r in rec.rank(signals, K, region=REGION,
                                             blend=dataclasses.replace(rec.blend))]  # fmt: skip

    return {"popularity (Korea)": by_popularity, "genre only": by_genre,
            "previous (seed as the only favourite)": previous}  # fmt: skip


def served(rec: Recommender, weights: SimilarityWeights | None = None,
           lam: float | None = None) -> Callable[[int], list[int]]:  # fmt: skip
    def lister(seed: int) -> list[int]:
        return [r.movie_id for r in rec.similar(seed, K, region=REGION, weights=weights,
                                                mmr_lambda=lam)]  # fmt: skip
    return lister


def choose_weights(rec: Recommender, judged: dict[int, list[int]], seeds: list[int],
                   samples: int) -> tuple[SimilarityWeights, float]:  # fmt: skip
    """Seeded random search on the validation seeds; the served weights are one candidate."""
    rng = np.random.default_rng(0)
    served_params = rec.similar_params
    tried = [(served_params.seed, served_params.mmr_lambda)]
    for _ in range(samples):
        values = {name: float(rng.choice(options)) for name, options in SEARCH_SPACE.items()}
        tried.append((SimilarityWeights(**values), float(rng.choice(LAMBDAS))))
    scored = []
    for weights, lam in tried:
        scored.append((mean_precision(served(rec, weights, lam), seeds, judged), weights, lam))
    scored.sort(key=lambda row: -row[0])
    print(f"   validation ({len(seeds)} seeds): best of {len(tried)} weightings, P@10")
    for value, weights, lam in scored[:5]:
        print(f"     {value:.3f}  {_weights_text(weights)}  λ={lam}")
    print(f"     served: {scored[[w for _, w, _ in scored].index(served_params.seed)][0]:.3f}")
    return scored[0][1], scored[0][2]


def _weights_text(w: SimilarityWeights) -> str:
    return " ".join(f"{f.name}={getattr(w, f.name):g}" for f in dataclasses.fields(w))


def part_e(rec: Recommender, catalogue: Catalogue, samples: int) -> None:
    judged = load_similar(catalogue)
    judged = {s: films for s, films in judged.items() if films}
    validation, test = split_seeds(judged)
    print(f"\nE. Films like X: {len(judged)} judged seeds ({sum(map(len, judged.values()))} "
          f"films), {len(validation)} validation / {len(test)} test")  # fmt: skip
    best, lam = choose_weights(rec, judged, validation, samples)
    if best != rec.similar_params.seed or lam != rec.similar_params.mmr_lambda:
        print("   !! the validation choice differs from the served SimilarParams: update "
              "models/recommender/train.py's Params and retrain")  # fmt: skip
    print(f"   test ({len(test)} seeds, scored once), precision@10 of the served similar()")
    rows = {**baselines(rec), "served similar()": served(rec)}
    for name, lister in rows.items():
        started = time.perf_counter()
        value = mean_precision(lister, test, judged)
        every = mean_precision(lister, sorted(judged), judged)
        took = (time.perf_counter() - started) / (len(test) + len(judged)) * 1000
        print(f"     {name:<42} test {value:.3f}   all seeds {every:.3f}   {took:5.1f} ms/list")
    times = []
    for seed in sorted(judged):
        started = time.perf_counter()
        rec.similar(seed, K, region=REGION)
        times.append((time.perf_counter() - started) * 1000)
    print(f"   similar() top-10: p50 {np.percentile(times, 50):.1f} ms, "
          f"p95 {np.percentile(times, 95):.1f} ms")  # fmt: skip


def part_f(movielens: Path, catalogue_dir: Path, catalogue: Catalogue,
           content: FilmContent) -> None:  # fmt: skip
    ratings, items, genres = read_movielens(movielens, read_id_map(catalogue_dir))
    held = cold_start_users(ratings, 150, seed=0)
    arrays, facts = build_arrays(ratings.without_users(held), items, genres, Params())
    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), arrays, facts, Params())
        metadata, loaded = store.read_verified(Path(tmp))
    rec = Recommender(metadata, loaded, catalogue.table, film_content=content,
                      credits=catalogue.credits.columns())  # fmt: skip
    labelled = frozenset(items.tolist())
    rng = np.random.default_rng(0)
    liked = ratings.stars >= 4.0
    pairs = []
    for user in held.tolist():
        films = np.sort(ratings.movies[liked & (ratings.users == user)])
        for _ in range(5):
            seed, target = rng.choice(films, size=2, replace=False).tolist()
            pairs.append((seed, target))
    print(f"\nF. Item-to-item on ml-latest-small: {len(pairs)} (seed, co-liked target) pairs of "
          f"{held.size} held-out users, hit@10 among the {len(labelled):,} rated films")
    popular = baselines(rec)["popularity (Korea)"]
    listers = {
        "popularity": lambda s: popular(s),
        "previous (seed as the only favourite)": lambda s: [
            r.movie_id for r in rec.rank(UserSignals(favourites=frozenset({s})), K, labelled)],
        "served similar()": lambda s: [r.movie_id for r in rec.similar(s, K, labelled)],
    }
    for name, lister in listers.items():
        hits = np.mean([target in lister(seed) for seed, target in pairs])
        print(f"     {name:<42} hit@10 {hits:.3f}")


def list_metrics(rec: Recommender, profiles: list[frozenset[int]], previous: bool
                 ) -> dict[str, float]:  # fmt: skip
    """Diversity, novelty, personalisation, 🔄 repeats and recency share over these profiles."""
    prior = rec.pool_prior(REGION)
    percentile = np.argsort(np.argsort(prior)) / max(prior.size - 1, 1)
    where = dict(zip(rec.pool_ids.tolist(), range(rec.pool_ids.size), strict=True))
    blend = None if not previous else dataclasses.replace(rec.blend)
    lists, diversity, novelty, repeats, recent = [], [], [], [], []
    window = preferred_years("recent", date.today().year)
    table = Catalogue.load().table if window else None
    recent_ids = films_of_years(table, window, None) if window and table else frozenset()
    for favourites in profiles:
        signals = UserSignals(favourites=favourites)
        ranked = rec.rank(signals, K, region=REGION, blend=blend,
                          space=not previous)  # fmt: skip
        ids = [r.movie_id for r in ranked]
        lists.append(set(ids))
        positions = np.asarray([where[m] for m in ids], dtype=np.int64)
        if positions.size > 1:
            pair = rec.pairwise(positions)
            off = pair[~np.eye(positions.size, dtype=bool)]
            diversity.append(1.0 - float(off.mean()))
        own = [where[m] for m in favourites if m in where]
        if own and positions.size:
            novelty.append(float(percentile[positions].mean() - percentile[own].mean()))
        shown = set(ids)
        repeated = 0
        for variation in (1, 2, 3):
            again = rec.rank(dataclasses.replace(signals, variation=variation,
                                                 excluded=frozenset(shown)), K, region=REGION,
                             blend=blend, space=not previous)  # fmt: skip
            repeated += len([r for r in again if r.movie_id in shown])
            shown |= {r.movie_id for r in again}
        repeats.append(repeated / (3 * K))
        if recent_ids:
            asked = rec.rank(signals, K, recent_ids, region=REGION, blend=blend,
                             space=not previous)  # fmt: skip
            recent.append(len([r for r in asked if r.movie_id in recent_ids]) / K)
    overlaps = [len(a & b) / K for i, a in enumerate(lists) for b in lists[i + 1 :]]
    return {"diversity": float(np.mean(diversity)), "novelty": float(np.mean(novelty)),
            "personalisation": 1.0 - float(np.mean(overlaps)) if overlaps else 0.0,
            "repeat rate": float(np.mean(repeats)),
            "recent share": float(np.mean(recent))}  # fmt: skip


def part_g(rec: Recommender, catalogue: Catalogue) -> None:
    auteur = frozenset(m.movie_id for m in (catalogue.find(t, y) for t, y in AUTEUR) if m)
    movies = [m for m in map(catalogue.get, rec.pool_ids.tolist()) if m is not None]
    korean = korean_profiles(movies, 100, part=1)
    print(f"\nG. Lists (top-{K}, region KR): the 12-favourite profile and {len(korean)} Korean "
          "profiles")
    for name, previous in (("served", False), ("previous content part", True)):
        m = list_metrics(rec, [auteur, *korean], previous)
        print(f"     {name:<24}" + "  ".join(f"{k} {v:.3f}" for k, v in m.items()))
    for name, previous in (("served", False), ("previous content part", True)):
        picks = rec.rank(UserSignals(favourites=auteur), K, region=REGION, space=not previous)
        titles = [catalogue.get(r.movie_id) for r in picks]
        print(f"     12 favourites, {name}: " + ", ".join(
            f"{m.name('ko')} ({m.year})" for m in titles if m))  # fmt: skip


#: The judged mood ids that the understanding step names otherwise (same mood, older id).
MOOD_IDS = {"healing": "feel_good", "tearjerker": "sad", "flutter": "romantic",
            "lingering": "thoughtful"}  # fmt: skip
MOOD_GRID = tuple(itertools.product((0.5, 1.0), (0.0, 0.5, 1.0), (-1.0, -0.5),
                                    (0.0, 0.5, 1.0, 2.0), (0, 300, 1000, 3000)))  # fmt: skip


def mood_halves(judged: dict[str, list[int]]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Each mood's judged films split in two by a seeded shuffle: one half chooses, the other
    scores once."""
    rng = np.random.default_rng(0)
    first, second = {}, {}
    for mood, films in sorted(judged.items()):
        order = rng.permutation(len(films))
        half = len(films) // 2
        first[mood] = {films[i] for i in order[:half]}
        second[mood] = {films[i] for i in order[half:]}
    return first, second


def part_h(rec: Recommender, catalogue: Catalogue) -> None:
    judged = {MOOD_IDS.get(m, m): films for m, films in load_moods(catalogue).items()}
    validation, test = mood_halves(judged)
    newcomer = UserSignals(favourites=frozenset())
    print(f"\nH. Moods: {len(judged)} moods, {sum(map(len, judged.values()))} judged films "
          "(split in halves); a newcomer's list (popularity in Korea + the mood), P@10")

    def served_list(mood: str, weights: MoodWeights | None = None) -> list[int]:
        return [r.movie_id for r in rec.rank(newcomer, K, region=REGION, mood=mood,
                                             mood_weights=weights)]  # fmt: skip

    def mean_p(lister: Callable[[str], list[int]], relevant: dict[str, set[int]]) -> float:
        return float(np.mean([len(set(lister(m)) & relevant[m]) / K for m in relevant]))

    tried = []
    for plot, keywords, missing, strength, top in MOOD_GRID:
        weights = MoodWeights(plot, keywords, missing, strength, top)
        tried.append((mean_p(lambda m, w=weights: served_list(m, w), validation), weights))
    tried.sort(key=lambda row: -row[0])
    served_weights = rec.similar_params.mood
    print(f"   validation half: best of {len(tried)}")
    for value, weights in tried[:3]:
        print(f"     {value:.3f}  {weights}")
    if tried[0][1] != served_weights:
        print("   !! the validation choice differs from the served MoodWeights")
    table = catalogue.table

    def genre_only(mood: str) -> list[int]:
        required, some = LEXICON_MOODS.get(mood, ((), ()))
        allowed = FilmFilter(all_genres=frozenset(required), any_genres=frozenset(some),
                             mood_genres=frozenset(required)).allowed(table, None)  # fmt: skip
        return [r.movie_id for r in rec.rank(newcomer, K, allowed, region=REGION)]

    popular = [r.movie_id for r in rec.rank(newcomer, K, region=REGION)]
    print("   test half (scored once)")
    for name, lister in (("popularity (Korea)", lambda m: popular),
                         ("genre filter (previous)", genre_only),
                         ("served (content)", served_list)):  # fmt: skip
        per = {m: len(set(lister(m)) & test[m]) / K for m in test}
        print(f"     {name:<26} P@10 {np.mean(list(per.values())):.3f}   "
              + " ".join(f"{m} {v:.1f}" for m, v in per.items()))


def part_i() -> None:
    """How the understanding step reads the labelled mood requests."""
    reader = SlotReader(None)
    rows = load_mood_requests()
    right = 0
    confusions: dict[tuple[str, str], int] = {}
    for message, _language, label in rows:
        read = reader.read(message.lower(), "recommend").mood or "none"
        wanted = MOOD_IDS.get(label, label)
        right += read == wanted
        if read != wanted:
            confusions[(wanted, read)] = confusions.get((wanted, read), 0) + 1
    print(f"\nI. Mood requests read ({len(rows)} labelled messages): accuracy "
          f"{right / len(rows):.3f}")
    worst = sorted(confusions.items(), key=lambda item: -item[1])[:8]
    print("   most confused (wanted → read): " + ", ".join(
        f"{a}→{b} ×{n}" for (a, b), n in worst))  # fmt: skip


PERSONAL_GRID = tuple(itertools.product((0.0, 0.25, 0.5), (0.0, 0.25), (0.0, 0.25, 0.5),
                                        (1.0, 2.0, 3.0)))  # fmt: skip


def part_p(movielens: Path, catalogue_dir: Path, knowledge: FilmKnowledge) -> None:
    """What plots, keywords and people add to a personal list, chosen on the validation users
    of recommend_quality's part B (seed 1), all favourites known to EASE and 80 % hidden from
    it (as a Korean user's are)."""
    ratings, items, genres = read_movielens(movielens, read_id_map(catalogue_dir))
    held = cold_start_users(ratings, 150, seed=0)
    others = ratings.without_users(held)
    users = cold_start_users(others, 120, seed=1)
    cases = list(cold_start_cases(others, users, 10, seed=1))
    arrays, facts = build_arrays(others.without_users(users), items, genres, Params())
    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), arrays, facts, Params())
        metadata, loaded = store.read_verified(Path(tmp))
    movies = read_catalogue(catalogue_dir)
    labelled = frozenset(items.tolist())
    print(f"\nP. Personal lists: plot / keywords / people weights on {len(cases)} validation "
          "users (P@10 with EASE knowing all / 20 % of the favourites)")
    rows = []
    for plot, keywords, people, cap in PERSONAL_GRID:
        personal = SimilarityWeights(facts=0.0, plot=plot, keywords=keywords, people=people,
                                     collaborative=0.0, prior=0.0, z_cap=cap)  # fmt: skip
        variant = copy.deepcopy(metadata)
        variant["parameters"]["similar"]["personal"] = dataclasses.asdict(personal)
        rec = Recommender(variant, loaded, movies, film_content=knowledge.plots,
                          credits=knowledge.credits)  # fmt: skip
        known = evaluate_cold_start(rec, cases, allowed=labelled)["precision@10"]
        hidden = evaluate_cold_start(rec, cases, allowed=labelled,
                                     hidden_share=0.8)["precision@10"]  # fmt: skip
        rows.append((hidden, known, plot, keywords, people, cap))
    baseline = next(r for r in rows if r[2:5] == (0.0, 0.0, 0.0))
    best = sorted(rows, key=lambda r: (-r[1], -r[0]))[:12]
    for hidden, known, plot, keywords, people, cap in best:
        print(f"     plot={plot:g} keywords={keywords:g} people={people:g} cap={cap:g}:  all "
              f"known {known:.3f}  80 % hidden {hidden:.3f}")
    print(f"     without (facts only):          all known {baseline[1]:.3f}  "
          f"80 % hidden {baseline[0]:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path,
                        default=ROOT.parent / "shared" / "data" / "movielens")  # fmt: skip
    parser.add_argument("--catalogue", type=Path, default=ROOT / "data" / "catalogue")
    parser.add_argument("--search", type=int, default=300, help="random weightings tried")
    parser.add_argument("--parts", default="efghi")
    args = parser.parse_args()
    started = time.perf_counter()
    catalogue = Catalogue.load()
    content = FilmContent.load()
    rec = Recommender.load(catalogue=catalogue, film_content=content)
    if "e" in args.parts:
        part_e(rec, catalogue, args.search)
    if "f" in args.parts:
        part_f(args.data_dir / "ml-latest-small", args.catalogue, catalogue, content)
    if "g" in args.parts:
        part_g(rec, catalogue)
    if "p" in args.parts:
        part_p(args.data_dir / "ml-latest-small", args.catalogue,
               FilmKnowledge(content, catalogue.credits.columns()))
    if "h" in args.parts:
        part_h(rec, catalogue)
    if "i" in args.parts:
        part_i()
    print(f"\ntotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
