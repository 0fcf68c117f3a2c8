"""Recommendations, where to watch and the watchlist (mirrors ``inference.recommender`` and
``inference.catalogue``).
"""
