"""Poster genre: a photo or image file in, genres out (mirrors ``inference.poster``)."""
