"""Poster → genre guesses: training (train.py), its split, metrics and the artifact writer."""
