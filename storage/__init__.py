"""Persistence for CineMate: the only package that speaks SQL.

Handlers use :class:`storage.repository.Repository` (which returns plain dataclasses) and the
PTB persistence in :mod:`storage.persistence`; nothing outside this package touches SQLAlchemy.
"""
