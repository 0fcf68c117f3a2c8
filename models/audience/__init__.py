"""Offline training of the box-office audience model (see train.py) and its runtime tables."""
