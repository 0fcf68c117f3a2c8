"""Film recommendations for a new user, folded into a model trained on MovieLens.

The serving API is ``Recommender``, ``UserSignals`` and ``Recommendation``; training lives in
models/recommender/train.py and the figures that chose the served model in
bench/recommend_quality.py.
"""

from inference.recommender.artifact import ArtifactError
from inference.recommender.service import Recommendation, Recommender, UserSignals

__all__ = ["ArtifactError", "Recommendation", "Recommender", "UserSignals"]
