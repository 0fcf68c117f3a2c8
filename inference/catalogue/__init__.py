"""The film catalogue every capability shares: films, Korean and English titles, search,
regions and their platforms, where each film can be watched (offline lists and TMDB live)."""

from inference.catalogue.films import Movie
from inference.catalogue.search import Catalogue, Resolution, TitleMatch

__all__ = ["Catalogue", "Movie", "Resolution", "TitleMatch"]
