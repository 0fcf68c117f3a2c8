"""Film recommendations for a new user over the whole catalogue.

EASE, trained on MovieLens, scores the films it has ratings for; a content + popularity part
(inference.recommender.content) covers every other catalogue film, Korean films included, and
the two are blended by how many of the user's films EASE knows.  The serving API is
``Recommender``, ``UserSignals`` and ``Recommendation``; training lives in
models/recommender/train.py and the figures that chose the served model in
bench/recommend_quality.py.
"""

from inference.recommender.artifact import ArtifactError
from inference.recommender.service import Recommendation, Recommender, UserSignals

__all__ = ["ArtifactError", "Recommendation", "Recommender", "UserSignals"]
