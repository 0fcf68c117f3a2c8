"""taste_match: does a poster "look like" what a user likes (seed 003's personalised poster idea).

The user's favourite films come with MovieLens genres; they are mapped to IMDb names, counted,
and compared with the poster's genre probabilities by cosine similarity over the genres both
sides know (a Biography or Sport probability has no MovieLens counterpart and is left out).
Probabilities and counts are non-negative, so the result lies in 0..1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from inference.poster.prediction import PosterPrediction

#: MovieLens → IMDb genre names; None = no IMDb counterpart (IMAX is a format, not a genre).
MOVIELENS_TO_IMDB: dict[str, str | None] = {
    "Action": "Action",
    "Adventure": "Adventure",
    "Animation": "Animation",
    "Children": "Family",
    "Comedy": "Comedy",
    "Crime": "Crime",
    "Documentary": "Documentary",
    "Drama": "Drama",
    "Fantasy": "Fantasy",
    "Film-Noir": "Crime",
    "Horror": "Horror",
    "IMAX": None,
    "Musical": "Musical",
    "Mystery": "Mystery",
    "Romance": "Romance",
    "Sci-Fi": "Sci-Fi",
    "Thriller": "Thriller",
    "War": "War",
    "Western": "Western",
}


def taste_match(
    prediction: PosterPrediction, favourite_genres: Sequence[Sequence[str]]
) -> float | None:
    """Cosine similarity in 0..1; None when no favourite genre maps to a genre the model knows."""
    mappable = {g for g in MOVIELENS_TO_IMDB.values() if g is not None}
    known = {s.genre: s.probability for s in prediction.scores if s.genre in mappable}
    counts: Counter[str] = Counter()
    for film in favourite_genres:
        mapped = {MOVIELENS_TO_IMDB.get(g) for g in film}  # a film counts once per genre
        counts.update(g for g in mapped if g is not None and g in known)
    if not counts:
        return None
    dot = sum(known[g] * n for g, n in counts.items())
    user_norm = math.sqrt(sum(n * n for n in counts.values()))
    poster_norm = math.sqrt(sum(p * p for p in known.values()))
    if poster_norm == 0.0:
        return 0.0
    return max(0.0, min(1.0, dot / (user_norm * poster_norm)))
