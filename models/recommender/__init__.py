"""Training of the served recommender (see train.py) and its committed artifact."""
